// One layer in the list: its toggle, swatch, kind and title, quick access to its attribute table,
// and on request its styling, export and version history.

import { useState } from 'react';
import type { ReactNode } from 'react';
import type { LayerItem } from '../api/layers.ts';
import { useI18n } from '../i18n.tsx';
import { kindColour } from '../map/colours.ts';
import { kindGeometry, kindLabel } from '../kinds.ts';
import type { LayerStyle } from '../map/thematic.ts';
import type { LegendState } from '../state/use-legends.ts';
import { Icon } from './Icon.tsx';
import { ProvenanceSummary, VersionHistory } from './Provenance.tsx';
import { StylePicker } from './StylePicker.tsx';
import { LayerSummary } from './LayerSummary.tsx';
import { LayerComments } from './LayerComments.tsx';

/** The swatch shows the geometry the kind is drawn with: a square for areas, a bar for lines, a dot for points. */
export function Swatch({ kind, colour }: { kind: string; colour?: string }): ReactNode {
  const family = kindGeometry(kind);
  const shape = family === 'polygon' ? 'area' : family;
  return <span className={`swatch swatch-${shape}`} style={{ ['--c' as string]: colour ?? kindColour(kind) }} aria-hidden="true" />;
}

export function LayerRow({ ws, layer, on, legend, tableOpen, onToggle, onStyle, onTable, onExport }: {
  ws: string;
  layer: LayerItem;
  on: boolean;
  legend: LegendState | undefined;
  tableOpen: boolean;
  onToggle(on: boolean): void;
  onStyle(style: LayerStyle | null): void;
  onTable(): void;
  onExport(): void;
}): ReactNode {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const id = `layer-${layer.layer_id}`;
  const themed = legend?.legend?.type === 'categorical' ? legend.legend.classes[0]?.colour : legend?.legend?.classes[legend.legend.classes.length - 1]?.colour;
  return (
    <li className={`layer${on ? '' : ' layer-off'}${open ? ' layer-open' : ''}`} data-layer={layer.layer_id}>
      <div className="layer-head">
        <input id={id} type="checkbox" checked={on && !layer.summary_only} disabled={layer.summary_only} onChange={(e) => onToggle(e.target.checked)} aria-label={t('layer.toggle', { title: layer.title })} />
        <Swatch kind={layer.kind} {...(themed ? { colour: themed } : {})} />
        <label htmlFor={id} className="layer-title">
          <span className="layer-kind">{kindLabel(layer.kind, lang)}</span>
          <span className="layer-name">{layer.title}</span>
        </label>
        <button type="button" className={`row-button${tableOpen ? ' on' : ''}`} onClick={onTable} aria-pressed={tableOpen} disabled={layer.summary_only}
          aria-label={t('layer.table', { title: layer.title })} title={t('layer.table', { title: layer.title })}>
          <Icon name="table" />
        </button>
        <button type="button" className={`row-button expander${open ? ' on' : ''}`} aria-expanded={open} aria-controls={`${id}-details`}
          onClick={() => setOpen(!open)} aria-label={t('layer.more', { title: layer.title })} title={t('layer.more', { title: layer.title })}>
          <Icon name="chevron" />
        </button>
      </div>
      <ProvenanceSummary layer={layer} />
      {open && (
        <div id={`${id}-details`} className="layer-details">
          {layer.summary_only ? <p className="note">{t('summary.personal_only')}</p> : (
            <>
              <StylePicker layer={layer} state={legend} onStyle={onStyle} />
              <div className="layer-actions">
                <button type="button" className="button small" onClick={onTable}>
                  <Icon name="table" /> {t('layer.open_table')}
                </button>
                <button type="button" className="button small" onClick={onExport}>
                  <Icon name="download" /> {t('layer.export')}
                </button>
              </div>
            </>
          )}
          <LayerSummary ws={ws} layer={layer} />
          <VersionHistory ws={ws} layer={layer} />
          <LayerComments ws={ws} layer={layer} />
        </div>
      )}
    </li>
  );
}
