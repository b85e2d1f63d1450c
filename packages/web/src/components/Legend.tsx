// The legend on the map: for every visible layer coloured by an attribute, its classes with the
// colours they show on the map and how many features each holds.

import type { ReactNode } from 'react';
import type { LayerItem } from '../api/layers.ts';
import { useI18n } from '../i18n.tsx';
import type { I18n } from '../i18n.tsx';
import { kindAttributes, kindGeometry } from '../kinds.ts';
import { isWordUnit, unitLabel } from '../messages.ts';
import { blendOverBackground } from '../map/colours.ts';
import { THEMATIC_FILL_OPACITY } from '../map/thematic.ts';
import type { Legend as LegendData, RangeClass } from '../map/thematic.ts';
import type { LegendState } from '../state/use-legends.ts';

/** The colour a class shows on the map: areas are drawn translucent over the background. */
export function shownColour(kind: string, colour: string): string {
  if (kindGeometry(kind) !== 'polygon') return colour;
  const [r, g, b] = blendOverBackground(colour, THEMATIC_FILL_OPACITY);
  return `rgb(${r}, ${g}, ${b})`;
}

function rangeLabel(c: RangeClass, last: boolean, integer: boolean, i18n: I18n): string {
  // Integer classes hold whole numbers from `from` up to the next class's bound, excluded.
  const top = integer && !last ? c.to - 1 : c.to;
  return top <= c.from ? i18n.number(c.from) : `${i18n.number(c.from)} – ${i18n.number(top)}`;
}

function categoryLabel(value: string, i18n: I18n): string {
  if (value === 'true') return i18n.t('inspect.yes');
  if (value === 'false') return i18n.t('inspect.no');
  return value;
}

interface Row {
  label: string;
  colour: string;
  count: number;
  /** What the row stands for, unformatted, for scripts and tests reading the legend. */
  value: string;
}

function rows(legend: LegendData, i18n: I18n): Row[] {
  if (legend.type === 'categorical') {
    const out = legend.classes.map((c) => ({ label: categoryLabel(c.value, i18n), colour: c.colour, count: c.count, value: c.value }));
    if (legend.rest) out.push({ label: i18n.t('legend.other_none'), colour: legend.rest.colour, count: legend.rest.count, value: '' });
    return out;
  }
  const last = legend.classes.length - 1;
  const out = legend.classes.map((c, i) => ({
    label: rangeLabel(c, i === last, legend.integer, i18n), colour: c.colour, count: c.count, value: `${c.from}${i === last ? '..=' : '..'}${c.to}`,
  }));
  if (legend.rest.count > 0) out.push({ label: i18n.t('legend.no_value'), colour: legend.rest.colour, count: legend.rest.count, value: '' });
  return out;
}

function LayerLegend({ layer, legend }: { layer: LayerItem; legend: LegendData }): ReactNode {
  const i18n = useI18n();
  const attr = kindAttributes(layer.kind).find((a) => a.name === legend.attr);
  // Symbols (m, m², %) say what the numbers are; a word unit (floors) only repeats the label.
  const unit = isWordUnit(attr?.unit) ? '' : unitLabel(i18n.lang, attr?.unit);
  const shape = kindGeometry(layer.kind) === 'polygon' ? 'area' : kindGeometry(layer.kind);
  return (
    <section className="legend-layer" data-layer={layer.layer_id}>
      <h3>
        <span className="legend-attr">{attr ? i18n.pick(attr) : legend.attr}{unit ? ` (${unit})` : ''}</span>
        <span className="muted">{layer.title}</span>
      </h3>
      {legend.classes.length === 0 && legend.type === 'numeric' && <p className="muted">{i18n.t('legend.empty')}</p>}
      <ul>
        {rows(legend, i18n).map((r) => (
          <li key={`${r.label}-${r.colour}`} data-value={r.value} data-count={r.count}>
            <span className={`swatch swatch-${shape}`} style={{ ['--c' as string]: r.colour, ['--fill' as string]: shownColour(layer.kind, r.colour) }}
              data-colour={r.colour} aria-hidden="true" />
            <span className="legend-label">{r.label}</span>
            <span className="legend-count">{legend.sample !== null && legend.type === 'numeric' ? '≈ ' : ''}{i18n.number(r.count)}</span>
          </li>
        ))}
      </ul>
      {legend.sample !== null && (
        <p className="legend-note muted">
          {i18n.t(legend.type === 'categorical' ? 'legend.sampled_categories' : 'legend.sampled_classes', { n: i18n.number(legend.sample), total: i18n.number(legend.total) })}
        </p>
      )}
    </section>
  );
}

export function Legend({ layers, visible, legends }: {
  layers: readonly LayerItem[];
  visible: ReadonlySet<string>;
  legends: ReadonlyMap<string, LegendState>;
}): ReactNode {
  const { t } = useI18n();
  const shown = layers.flatMap((l) => {
    const legend = legends.get(l.layer_id)?.legend;
    return visible.has(l.layer_id) && legend ? [{ layer: l, legend }] : [];
  });
  if (shown.length === 0) return null;
  return (
    <aside className="legend" aria-label={t('map.legend')}>
      <h2 className="legend-title">{t('legend.title')}</h2>
      {shown.map(({ layer, legend }) => <LayerLegend key={layer.layer_id} layer={layer} legend={legend} />)}
    </aside>
  );
}
