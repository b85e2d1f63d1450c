// Colouring a layer by one of its attributes: the attribute (the kind's own, as its tiles carry
// them) and, for numbers, how the five classes are cut.

import { useId } from 'react';
import type { ReactNode } from 'react';
import type { LayerItem } from '../api/layers.ts';
import { useI18n } from '../i18n.tsx';
import { isNumeric, styleableAttributes } from '../kinds.ts';
import type { LayerStyle } from '../map/thematic.ts';
import type { LegendState } from '../state/use-legends.ts';
import { ErrorNote } from './ErrorNote.tsx';

export function StylePicker({ layer, state, onStyle }: {
  layer: LayerItem;
  state: LegendState | undefined;
  onStyle(style: LayerStyle | null): void;
}): ReactNode {
  const { t, pick } = useI18n();
  const id = useId();
  const attrs = styleableAttributes(layer.kind);
  if (attrs.length === 0) return null;
  const style = state?.style;
  const attr = attrs.find((a) => a.name === style?.attr);
  return (
    <div className="style-picker">
      <label className="field-inline" htmlFor={`${id}-attr`}>{t('style.label')}</label>
      <select id={`${id}-attr`} value={style?.attr ?? ''} data-testid="style-attr"
        onChange={(e) => onStyle(e.target.value ? { attr: e.target.value, method: style?.method ?? 'quantile' } : null)}>
        <option value="">{t('style.none')}</option>
        {attrs.map((a) => <option key={a.name} value={a.name}>{pick(a)}</option>)}
      </select>
      {attr && isNumeric(attr) && style && (
        <>
          <label className="field-inline" htmlFor={`${id}-method`}>{t('style.method')}</label>
          <select id={`${id}-method`} value={style.method} onChange={(e) => onStyle({ attr: style.attr, method: e.target.value === 'equal' ? 'equal' : 'quantile' })}>
            <option value="quantile">{t('style.quantile')}</option>
            <option value="equal">{t('style.equal')}</option>
          </select>
        </>
      )}
      {state && !state.legend && !state.error && <p className="muted style-status" role="status">{t('style.computing')}</p>}
      {state?.error && <ErrorNote error={state.error} />}
    </div>
  );
}
