// Styling a layer by one of its attributes: categories get distinct colours (the most frequent
// ones, the rest as "other"), numbers five classes by quantiles or equal intervals. This module
// is pure: the classes come from attribute-stats.ts, and this turns them into MapLibre colour
// expressions and legend rows. The browser test reads the palettes too.

import type { ExpressionSpecification } from 'maplibre-gl';

export type ClassMethod = 'quantile' | 'equal';

/** What a planner chose for a layer; kept in the URL. */
export interface LayerStyle {
  attr: string;
  method: ClassMethod;
}

export interface CategoryClass {
  value: string;
  colour: string;
  count: number;
}

export interface RangeClass {
  /** Lower bound, included. */
  from: number;
  /** Upper bound: excluded, except for the last class, which ends at the largest value. */
  to: number;
  colour: string;
  count: number;
}

/** `sample` is how many features the classes were taken from, when fewer than the layer's `total`. */
export type Legend =
  | { type: 'categorical'; attr: string; total: number; sample: number | null; classes: CategoryClass[]; rest: { colour: string; count: number } | null }
  | {
    type: 'numeric'; attr: string; total: number; sample: number | null; method: ClassMethod; integer: boolean;
    classes: RangeClass[]; rest: { colour: string; count: number };
  };

/** Tableau 10 without its grey, which is kept for "other": distinct for the common colour-vision deficiencies. */
export const CATEGORY_COLOURS: readonly string[] = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#9c755f'];
export const OTHER_COLOUR = '#a9a9a9';
/** Viridis in five steps, light to dark: ordered, and readable without colour vision. */
export const RAMP_COLOURS: readonly string[] = ['#fde725', '#5ec962', '#21918c', '#3b528b', '#440154'];
export const NO_VALUE_COLOUR = '#d4d2cc';
export const CLASS_COUNT = 5;
/** Styled areas are drawn more opaque than plain ones, so the classes can be told apart. */
export const THEMATIC_FILL_OPACITY = 0.8;

export function colourExpression(legend: Legend): ExpressionSpecification {
  const value: ExpressionSpecification = ['get', legend.attr];
  if (legend.type === 'categorical') {
    if (legend.classes.length === 0) return ['to-color', legend.rest?.colour ?? OTHER_COLOUR];
    const pairs = legend.classes.flatMap((c) => [c.value, c.colour]);
    return ['match', ['to-string', value], ...pairs, legend.rest?.colour ?? OTHER_COLOUR] as ExpressionSpecification;
  }
  const [first, ...others] = legend.classes;
  if (!first) return ['to-color', legend.rest.colour];
  const stops = others.flatMap((c) => [c.from, c.colour]);
  const ramp: ExpressionSpecification = stops.length ? (['step', value, first.colour, ...stops] as ExpressionSpecification) : ['to-color', first.colour];
  return ['case', ['==', ['typeof', value], 'number'], ramp, legend.rest.colour];
}

/**
 * Class bounds from the smallest and largest value and the values at each fifth of the sorted values
 * (quantiles) or at equal steps; equal bounds merge, so ties make fewer classes, never empty ones.
 */
export function classBounds(method: ClassMethod, min: number, max: number, quantileValues: readonly number[], integer: boolean): number[] {
  const raw = method === 'quantile'
    ? quantileValues
    : Array.from({ length: CLASS_COUNT - 1 }, (_, i) => min + ((max - min) * (i + 1)) / CLASS_COUNT);
  // An integer attribute's bound 2.6 and 3 select the same values; rounding up keeps labels whole.
  const bounds = raw.map((b) => (integer ? Math.ceil(b) : b));
  const out = [min];
  for (const b of bounds) if (b > (out[out.length - 1] as number) && b <= max) out.push(b);
  return out;
}

/** Colours spread over the ramp, so three classes are light, middle and dark rather than the first three. */
export function rampColours(n: number): string[] {
  if (n <= 1) return [RAMP_COLOURS[2] as string];
  return Array.from({ length: n }, (_, i) => RAMP_COLOURS[Math.round((i * (RAMP_COLOURS.length - 1)) / (n - 1))] as string);
}
