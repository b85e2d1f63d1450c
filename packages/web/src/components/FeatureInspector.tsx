// The attributes of the clicked feature: first those its layer kind defines, with labels and units
// in the current language (personal data marked), then everything else the source carried.

import type { ReactNode } from 'react';
import type { AttrDef } from '@dothi/engine/layers/kinds';
import type { LayerItem } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import type { I18n } from '../i18n.tsx';
import { kindAttributes, kindLabel } from '../kinds.ts';
import { unitLabel } from '../messages.ts';
import { kindColour } from '../map/colours.ts';
import type { Selection } from '../map/MapView.tsx';

/** Measures get the language's digit grouping; codes, ids and years (1.042.804.517, 2.015) must not. */
function show(v: unknown, i18n: I18n, attr?: AttrDef): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? i18n.t('inspect.yes') : i18n.t('inspect.no');
  if (typeof v === 'number' && attr && (attr.type === 'number' || attr.unit)) return i18n.number(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function FeatureInspector({ selection, layer, onClose }: {
  selection: Selection;
  layer: LayerItem | undefined;
  onClose(): void;
}): ReactNode {
  const i18n = useI18n();
  const { t, lang, pick } = i18n;
  const props = selection.feature.properties ?? {};
  const kind = layer?.kind ?? 'generic';
  const defined = kindAttributes(kind).filter((a) => props[a.name] !== undefined && props[a.name] !== null && props[a.name] !== '');
  const definedNames = new Set(kindAttributes(kind).map((a) => a.name));
  const others = Object.keys(props).filter((k) => !definedNames.has(k)).sort();
  return (
    <aside className="inspector" aria-labelledby="inspector-title">
      <header className="inspector-head">
        <span className="swatch swatch-area" style={{ ['--c' as string]: kindColour(kind) }} aria-hidden="true" />
        <div>
          <h2 id="inspector-title">{typeof props.name === 'string' && props.name ? props.name : kindLabel(kind, lang)}</h2>
          <div className="muted">{layer?.title ?? selection.layer_id} · {t('inspect.id')} {String(selection.feature.id ?? selection.index + 1)}</div>
        </div>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('inspect.close')} title={t('inspect.close')}>×</button>
      </header>
      <div className="inspector-body">
        {defined.length === 0 && others.length === 0 && <p className="muted">{t('inspect.none')}</p>}
        {defined.length > 0 && (
          <table className="attrs">
            <tbody>
              {defined.map((a) => (
                <tr key={a.name}>
                  <th scope="row">
                    {pick(a)}
                    {a.personal && <span className="badge" title={t('inspect.personal')}>{t('inspect.personal')}</span>}
                  </th>
                  <td>{show(props[a.name], i18n, a)}{unitLabel(lang, a.unit) ? ` ${unitLabel(lang, a.unit)}` : ''}</td>
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
                {others.map((k) => (
                  <tr key={k}>
                    <th scope="row" className="mono">{k}</th>
                    <td>{show(props[k], i18n)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </div>
    </aside>
  );
}
