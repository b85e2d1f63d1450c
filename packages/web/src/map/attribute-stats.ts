// The classes of a styled layer, from the features endpoint (there is no statistics route). A layer
// of up to FULL features is read whole, so its classes and counts are exact; a larger one is read
// as a sample of SAMPLE features in CHUNKS spread over the import order, because 22,599 buildings
// with their geometry would be 10 MB for a legend, and the server's sort (which could find exact
// quantiles by offset) costs a full sort per read on the embedded store.
// - numbers: five classes by quantiles or equal intervals of the values read; the counts are exact
//   for a whole layer and estimates (scaled from the sample) otherwise, and the legend says so.
// - categories: the values met are the candidates, and each one's count is exact whatever the
//   layer's size (numberMatched of an equality filter); "other" is everything else.

import { fetchFeaturePage } from '../api/features.ts';
import type { FeatureQuery } from '../api/features.ts';
import { CATEGORY_COLOURS, CLASS_COUNT, classBounds, NO_VALUE_COLOUR, OTHER_COLOUR, rampColours } from './thematic.ts';
import type { Legend, LayerStyle, RangeClass } from './thematic.ts';

/** Read whole up to this many features. */
export const FULL = 2000;
/** Otherwise this many, in CHUNKS pages spread over the layer. */
export const SAMPLE = 2000;
const CHUNKS = 4;

export interface StatsTarget {
  ws: string;
  layer: string;
  version: number;
  /** integer attributes get whole-number bounds. */
  integer: boolean;
  numeric: boolean;
}

type Read = (q: Omit<FeatureQuery, 'version'>) => Promise<{ matched: number; values: unknown[] }>;

function reader(t: StatsTarget, attr: string, signal: AbortSignal): Read {
  return async (q) => {
    const page = await fetchFeaturePage(t.ws, t.layer, { ...q, version: t.version }, signal);
    return { matched: page.numberMatched, values: page.features.map((f) => (f.properties ?? {})[attr]) };
  };
}

interface Values {
  total: number;
  values: unknown[];
  /** Features read when fewer than total; null when the whole layer was read. */
  sample: number | null;
}

async function readValues(read: Read, total: number): Promise<Values> {
  if (total <= FULL) {
    const r = await read({ limit: FULL });
    return { total: r.matched, values: r.values, sample: null };
  }
  const size = Math.floor(SAMPLE / CHUNKS);
  const pages = await Promise.all(Array.from({ length: CHUNKS }, (_, i) => read({ limit: size, offset: Math.floor((total * i) / CHUNKS) })));
  const values = pages.flatMap((p) => p.values);
  return { total, values, sample: values.length };
}

function numericLegend(t: StatsTarget, style: LayerStyle, v: Values): Legend {
  const nums = v.values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  const scale = v.sample === null ? 1 : v.total / v.sample;
  const base = { type: 'numeric' as const, attr: style.attr, total: v.total, method: style.method, integer: t.integer, sample: v.sample };
  const withValue = Math.round(nums.length * scale);
  const rest = { colour: NO_VALUE_COLOUR, count: v.total - withValue };
  const min = nums[0];
  const max = nums[nums.length - 1];
  if (min === undefined || max === undefined) return { ...base, classes: [], rest };
  const quantiles = Array.from({ length: CLASS_COUNT - 1 }, (_, i) => nums[Math.floor((nums.length * (i + 1)) / CLASS_COUNT)] as number);
  const bounds = classBounds(style.method, min, max, quantiles, t.integer);
  const colours = rampColours(bounds.length);
  // Sorted values: each class runs from the first value at or above its bound to the next class's start.
  const starts = bounds.map((b) => nums.findIndex((x) => x >= b));
  const classes: RangeClass[] = bounds.map((from, i) => ({
    from,
    to: i + 1 < bounds.length ? (bounds[i + 1] as number) : max,
    colour: colours[i] as string,
    count: Math.round(((i + 1 < starts.length ? (starts[i + 1] as number) : nums.length) - (starts[i] as number)) * scale),
  }));
  return { ...base, classes, rest };
}

function categoryValue(v: unknown): string | null {
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

async function categoricalLegend(style: LayerStyle, v: Values, read: Read): Promise<Legend> {
  const seen = new Map<string, number>();
  for (const x of v.values) {
    const c = categoryValue(x);
    if (c !== null) seen.set(c, (seen.get(c) ?? 0) + 1);
  }
  const candidates = [...seen.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, CATEGORY_COLOURS.length + 4);
  const exact = await Promise.all(candidates.map(async ([value]) => ({ value, count: (await read({ limit: 1, where: { [style.attr]: value } })).matched })));
  exact.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  const shown = exact.slice(0, CATEGORY_COLOURS.length).map((c, i) => ({ ...c, colour: CATEGORY_COLOURS[i] as string }));
  const restCount = v.total - shown.reduce((n, c) => n + c.count, 0);
  return {
    type: 'categorical', attr: style.attr, total: v.total, classes: shown,
    rest: restCount > 0 ? { colour: OTHER_COLOUR, count: restCount } : null,
    sample: v.sample,
  };
}

export async function computeLegend(t: StatsTarget, style: LayerStyle, featureCount: number, signal: AbortSignal): Promise<Legend> {
  const read = reader(t, style.attr, signal);
  const values = await readValues(read, featureCount);
  return t.numeric ? numericLegend(t, style, values) : categoricalLegend(style, values, read);
}
