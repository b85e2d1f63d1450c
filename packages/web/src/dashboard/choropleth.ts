// An indicator's values by unit as map classes: five quantile classes of the units' values on the
// viridis ramp (fewer when values tie), units without a value in the no-value grey, and the MapLibre
// colour expression over the `value` property the page puts on each unit. Pure; the browser test reads it.

import type { ExpressionSpecification } from 'maplibre-gl';
import type { GeoFeature } from '../api/features.ts';
import { classBounds, NO_VALUE_COLOUR, rampColours } from '../map/thematic.ts';

export interface ChoroClass {
  from: number;
  to: number;
  colour: string;
  count: number;
}

/** Value at quantile q of sorted values (type 7, as R and spreadsheets compute it). */
function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

/** Share of units at the minimum from which the other classes are cut from the remaining values. */
const TIED_MIN_SHARE = 0.2;

export function choroClasses(values: readonly number[]): ChoroClass[] {
  if (values.length === 0) return [];
  const sorted = [...values].sort((a, b) => a - b);
  const min = sorted[0] as number;
  const max = sorted[sorted.length - 1] as number;
  // Many units at the minimum (cells with no green space at all) would swallow most quantiles and
  // leave one or two classes; the classes above the minimum are then cut from the other values.
  const above = sorted.filter((v) => v > min);
  const base = above.length >= 5 && (sorted.length - above.length) / sorted.length >= TIED_MIN_SHARE ? above : sorted;
  const bounds = classBounds('quantile', min, max, [0.2, 0.4, 0.6, 0.8].map((q) => quantile(base, q)), false);
  const colours = rampColours(bounds.length);
  return bounds.map((from, i) => {
    const to = i + 1 < bounds.length ? (bounds[i + 1] as number) : max;
    const last = i + 1 === bounds.length;
    return { from, to, colour: colours[i] as string, count: sorted.filter((v) => v >= from && (last ? v <= to : v < to)).length };
  });
}

export function choroExpression(classes: readonly ChoroClass[]): ExpressionSpecification {
  const value: ExpressionSpecification = ['get', 'value'];
  const [first, ...rest] = classes;
  if (!first) return ['to-color', NO_VALUE_COLOUR];
  const ramp = rest.length ? (['step', value, first.colour, ...rest.flatMap((c) => [c.from, c.colour])] as ExpressionSpecification) : (['to-color', first.colour] as ExpressionSpecification);
  return ['case', ['==', ['typeof', value], 'number'], ramp, NO_VALUE_COLOUR];
}

/**
 * The unit code of a feature as the calculators named it: the `code` attribute when every unit has one
 * (the compute default), else the feature's id (its source id).
 */
export function unitCodes(features: readonly GeoFeature[]): string[] {
  const allCoded = features.length > 0 && features.every((f) => f.properties?.code !== undefined && f.properties.code !== null);
  return features.map((f) => String(allCoded ? f.properties!.code : f.id));
}

/** Units with their value joined on, ready for a GeoJSON source. */
export function joinValues(features: readonly GeoFeature[], values: ReadonlyMap<string, number | null>): GeoFeature[] {
  const codes = unitCodes(features);
  return features.map((f, i) => ({ ...f, properties: { code: codes[i], value: values.get(codes[i] as string) ?? null } }));
}
