// The selected feature's attributes: first those its layer kind defines, with labels and units in
// the current language (personal data marked), then everything else the source carried, nested
// records (OSM tags) as tables of their own.

import type { ReactNode } from 'react';
import type { AttrDef } from '@dothi/engine/layers/kinds';
import { geometryBbox } from '../api/features.ts';
import type { Bbox, LayerItem } from '../api/layers.ts';
import { useI18n } from '../i18n.tsx';
import type { I18n } from '../i18n.tsx';
import { kindAttributes, kindLabel } from '../kinds.ts';
import { unitLabel } from '../messages.ts';
import type { Selected } from '../state/use-selection.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { Icon } from './Icon.tsx';
import { Swatch } from './LayerRow.tsx';

/** Measures get the language's digit grouping; codes, ids and years (1.042.804.517, 2.015) must not. */
export function showValue(v: unknown, i18n: I18n, attr?: AttrDef): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? i18n.t('inspect.yes') : i18n.t('inspect.no');
  if (typeof v === 'number' && attr && (attr.type === 'number' || attr.unit)) return i18n.number(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** The tile's bookkeeping properties are not attributes of the feature. */
const TILE_ONLY = new Set(['fid', 'source_id']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function FeatureInspector({ selected, layer, onClose, onZoom }: {
  selected: Selected;
  layer: LayerItem | undefined;
  onClose(): void;
  onZoom(bbox: Bbox): void;
}): ReactNode {
  const i18n = useI18n();
  const { t, lang, pick } = i18n;
  const props = selected.record?.properties ?? selected.preview ?? {};
  const kind = layer?.kind ?? 'generic';
  const known = kindAttributes(kind);
  const defined = known.filter((a) => props[a.name] !== undefined && props[a.name] !== null && props[a.name] !== '');
  const definedNames = new Set(known.map((a) => a.name));
  const others = Object.keys(props).filter((k) => !definedNames.has(k) && !TILE_ONLY.has(k) && props[k] !== null).sort();
  const bbox = selected.record ? geometryBbox(selected.record.geometry) : null;
  const name = typeof props.name === 'string' && props.name ? props.name : kindLabel(kind, lang);
  return (
    <aside className="inspector" aria-labelledby="inspector-title" data-status={selected.status}>
      <header className="inspector-head">
        <Swatch kind={kind} />
        <div>
          <h2 id="inspector-title">{name}</h2>
          <div className="muted inspector-id">{layer?.title ?? selected.ref.layer_id} · {t('inspect.id')} {selected.ref.key}</div>
        </div>
        {bbox && (
          <button type="button" className="icon-button" onClick={() => onZoom(bbox)} aria-label={t('inspect.zoom')} title={t('inspect.zoom')}>
            <Icon name="zoom" />
          </button>
        )}
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('inspect.close')} title={t('inspect.close')}>
          <Icon name="close" />
        </button>
      </header>
      <div className="inspector-body">
        {(selected.status === 'loading' || selected.status === 'locating') && <p className="muted" role="status">{t('inspect.loading')}</p>}
        {selected.status === 'missing' && <p className="muted">{t('inspect.not_found')}</p>}
        {selected.error && <ErrorNote error={selected.error} />}
        {selected.status === 'ready' && defined.length === 0 && others.length === 0 && <p className="muted">{t('inspect.none')}</p>}
        {defined.length > 0 && (
          <table className="attrs">
            <tbody>
              {defined.map((a) => (
                <tr key={a.name}>
                  <th scope="row">
                    {pick(a)}
                    {a.personal && <span className="badge" title={t('inspect.personal')}>{t('inspect.personal')}</span>}
                  </th>
                  <td>{showValue(props[a.name], i18n, a)}{unitLabel(lang, a.unit) ? ` ${unitLabel(lang, a.unit)}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {others.length > 0 && (
          <>
            <h3>{t('inspect.other')}</h3>
            <table className="attrs attrs-raw">
              <tbody>
                {others.flatMap((k) => {
                  const v = props[k];
                  if (!isRecord(v)) return [<tr key={k}><th scope="row" className="mono">{k}</th><td>{showValue(v, i18n)}</td></tr>];
                  return [
                    <tr key={k} className="attrs-group"><th scope="rowgroup" colSpan={2} className="mono">{k}</th></tr>,
                    ...Object.keys(v).sort().map((sub) => (
                      <tr key={`${k}.${sub}`} className="attrs-nested"><th scope="row" className="mono">{sub}</th><td>{showValue(v[sub], i18n)}</td></tr>
                    )),
                  ];
                })}
              </tbody>
            </table>
          </>
        )}
      </div>
    </aside>
  );
}
