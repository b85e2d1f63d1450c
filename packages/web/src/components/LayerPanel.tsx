// The layer list: layers grouped by sector, each with its toggle, provenance, styling and actions.

import type { ReactNode } from 'react';
import type { LayerList } from '../api/layers.ts';
import { useI18n } from '../i18n.tsx';
import { sectorLabel } from '../messages.ts';
import type { LayerStyle } from '../map/thematic.ts';
import type { LegendState } from '../state/use-legends.ts';
import { Icon } from './Icon.tsx';
import { LayerRow } from './LayerRow.tsx';

interface Props {
  list: LayerList;
  visible: ReadonlySet<string>;
  legends: ReadonlyMap<string, LegendState>;
  tableLayer: string | null;
  onToggle(layer: string, on: boolean): void;
  onAll(on: boolean): void;
  onStyle(layer: string, style: LayerStyle | null): void;
  onTable(layer: string): void;
  onExport(layer: string): void;
  /** In the tablet drawer: closes it. */
  onClose: (() => void) | undefined;
}

export function LayerPanel({ list, visible, legends, tableLayer, onToggle, onAll, onStyle, onTable, onExport, onClose }: Props): ReactNode {
  const { t, lang } = useI18n();
  const byId = new Map(list.layers.map((l) => [l.layer_id, l]));
  const allOn = list.layers.length > 0 && list.layers.every((l) => visible.has(l.layer_id));
  return (
    <section className="panel" aria-labelledby="layers-title">
      <header className="panel-head">
        <h2 id="layers-title">{t('layers.title')}</h2>
        <span className="muted">{t('layers.count', { n: list.layers.length })}</span>
        {list.layers.length > 0 && (
          <button type="button" className="link-button" onClick={() => onAll(!allOn)}>
            {allOn ? t('layers.hide_all') : t('layers.show_all')}
          </button>
        )}
        {onClose && (
          <button type="button" className="icon-button" onClick={onClose} aria-label={t('layers.close')} title={t('layers.close')}>
            <Icon name="close" />
          </button>
        )}
      </header>
      {list.layers.length === 0 && <p className="empty">{t('layers.empty')}</p>}
      {list.sectors.map((s) => (
        <section key={s.sector} className="sector" aria-label={sectorLabel(lang, s.sector)}>
          <h3>{sectorLabel(lang, s.sector)}</h3>
          <ul>
            {s.layers.map((id) => {
              const layer = byId.get(id);
              return layer ? (
                <LayerRow key={id} ws={list.workspace.workspace_id} layer={layer} on={visible.has(id)} legend={legends.get(id)}
                  tableOpen={tableLayer === id} onToggle={(on) => onToggle(id, on)} onStyle={(st) => onStyle(id, st)}
                  onTable={() => onTable(id)} onExport={() => onExport(id)} />
              ) : null;
            })}
          </ul>
        </section>
      ))}
    </section>
  );
}
