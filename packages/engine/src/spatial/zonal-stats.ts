// Zonal statistics of points by zone: count, sum, by class, with mean and share derived from them.
// A point counts in every zone that contains it (the ST_Contains join); sums are exact until the
// final rounding (exact-sum.ts), so ranges computed apart merge bit for bit.

import { DothiError } from '../errors.ts';
import type { FeatureTable, StringColumn, Float64Column } from '../columnar/table.ts';
import { addExact, cloneExact, exactSums, mergeExact, roundAll } from './exact-sum.ts';
import type { ExactSums } from './exact-sum.ts';
import { checkRange, locateInZone, pointInPolygonIndex, requireKind } from './point-in-polygon.ts';
import type { ZoneIndex } from './point-in-polygon.ts';

export interface ZonalStats {
  count: Float64Array;
  sum: Float64Array;
  classes?: string[];
  /** zones × classes, row-major: counts, or sums of `value` when a value column was given. */
  byClass?: Float64Array;
  /** Intersected area per zone (zonalStatsPolygons only). */
  area?: Float64Array;
  /** The unrounded sums that make merging exact; kept so partial results can be merged. */
  exact?: { sum: ExactSums; byClass?: ExactSums; count?: ExactSums; area?: ExactSums };
}

function mergeField(a: Float64Array, b: Float64Array, ea: ExactSums | undefined, eb: ExactSums | undefined): { v: Float64Array; x?: ExactSums } {
  if (ea && eb) {
    const x = cloneExact(ea);
    mergeExact(x, eb);
    return { v: roundAll(x), x };
  }
  const v = new Float64Array(a.length);
  for (let i = 0; i < v.length; i++) v[i] = (a[i] as number) + (b[i] as number);
  return { v };
}

export interface ZonalOptions {
  value?: string;
  classBy?: string;
  start?: number;
  end?: number;
  index?: ZoneIndex;
}

export function floatColumn(t: FeatureTable, name: string): Float64Column {
  const c = t.columns[name];
  // An empty layer (no features, so no attributes seen) is fine: nothing to sum.
  if (!c && t.length === 0) return { type: 'float64', values: new Float64Array(0) };
  if (!c || c.type !== 'float64') throw new DothiError('DOTHI_ENGINE_COLUMN_INVALID', { column: name, expected: 'numbers' });
  return c;
}

export function classColumn(t: FeatureTable, name: string): StringColumn {
  const c = t.columns[name];
  if (!c && t.length === 0) return { type: 'string', dictionary: [], codes: new Int32Array(0) };
  if (!c || c.type !== 'string') throw new DothiError('DOTHI_ENGINE_COLUMN_INVALID', { column: name, expected: 'text (classes)' });
  return c;
}

export function zonalStats(points: FeatureTable, zones: FeatureTable, opts: ZonalOptions = {}): ZonalStats {
  requireKind(points, 'point', 'points');
  const ix = opts.index ?? pointInPolygonIndex(zones);
  const [s, e] = checkRange(points.length, opts.start, opts.end);
  const nz = ix.zoneCount;
  const values = opts.value !== undefined ? floatColumn(points, opts.value).values : null;
  const cls = opts.classBy !== undefined ? classColumn(points, opts.classBy) : null;
  const nc = cls ? cls.dictionary.length : 0;
  const count = new Float64Array(nz);
  const sumX = exactSums(nz);
  const byCount = cls && !values ? new Float64Array(nz * nc) : null;
  const bySum = cls && values ? exactSums(nz * nc) : null;
  const go = points.geometry.geomOffsets, c = points.geometry.coords;
  const { gx0, gy0, invW, invH, nx, ny, cellStart, cellZones, cellInside } = ix;
  const codes = cls ? cls.codes : null;
  for (let r = s; r < e; r++) {
    const v = go[r] as number;
    if (v === go[r + 1]) continue;
    const px = c[2 * v] as number, py = c[2 * v + 1] as number;
    const qx = Math.floor((px - gx0) * invW), qy = Math.floor((py - gy0) * invH);
    if (!(qx >= 0 && qy >= 0)) continue;
    const cell = (qy >= ny ? ny - 1 : qy) * nx + (qx >= nx ? nx - 1 : qx);
    const k1 = cellStart[cell + 1] as number;
    for (let k = cellStart[cell] as number; k < k1; k++) {
      const z = cellZones[k] as number;
      if (cellInside[k] !== 1 && locateInZone(ix, z, px, py) !== 1) continue;
      count[z]!++;
      // Missing values (NaN) are skipped, as SQL's sum skips NULL; the point still counts.
      const val = values ? (values[r] as number) : NaN;
      if (values && val === val) addExact(sumX, z, val);
      if (codes) {
        const code = codes[r] as number;
        if (code >= 0) {
          if (byCount) byCount[z * nc + code]!++;
          else if (bySum && val === val) addExact(bySum, z * nc + code, val);
        }
      }
    }
  }
  const out: ZonalStats = { count, sum: roundAll(sumX), exact: { sum: sumX } };
  if (cls) {
    out.classes = cls.dictionary.slice();
    out.byClass = byCount ?? roundAll(bySum as ExactSums);
    if (bySum) (out.exact as { byClass?: ExactSums }).byClass = bySum;
  }
  return out;
}

/** Sums two partial results (from disjoint row ranges of the same inputs); exact when both carry `exact`. */
export function mergeZonalStats(a: ZonalStats, b: ZonalStats): ZonalStats {
  if (a.count.length !== b.count.length || (a.byClass?.length ?? -1) !== (b.byClass?.length ?? -1) || !a.area !== !b.area) {
    throw new DothiError('DOTHI_ENGINE_MERGE_MISMATCH', { detail: 'different zone or class counts' });
  }
  const ea = a.exact, eb = b.exact;
  const count = mergeField(a.count, b.count, ea?.count, eb?.count);
  const sum = mergeField(a.sum, b.sum, ea?.sum, eb?.sum);
  const out: ZonalStats = { count: count.v, sum: sum.v };
  if (sum.x) {
    out.exact = { sum: sum.x };
    if (count.x) out.exact.count = count.x;
  }
  if (a.area && b.area) {
    const m = mergeField(a.area, b.area, ea?.area, eb?.area);
    out.area = m.v;
    if (m.x && out.exact) out.exact.area = m.x;
  }
  if (a.byClass && b.byClass) {
    out.classes = a.classes?.slice() ?? [];
    const m = mergeField(a.byClass, b.byClass, ea?.byClass, eb?.byClass);
    out.byClass = m.v;
    if (m.x && out.exact) out.exact.byClass = m.x;
  }
  return out;
}

/** Mean value per zone (sum / count); NaN where a zone has no point. */
export function zonalMean(stats: ZonalStats): Float64Array {
  const out = new Float64Array(stats.count.length);
  for (let i = 0; i < out.length; i++) out[i] = (stats.count[i] as number) > 0 ? (stats.sum[i] as number) / (stats.count[i] as number) : NaN;
  return out;
}

/** Share of each class within each zone (zones × classes, each zone's row sums to 1); NaN for a zone with none. */
export function zonalShare(stats: ZonalStats): Float64Array {
  const by = stats.byClass;
  if (!by) throw new DothiError('DOTHI_ENGINE_COLUMN_INVALID', { column: 'classBy', expected: 'a class column (zonalStats was run without classBy)' });
  const nz = stats.count.length, nc = nz > 0 ? by.length / nz : 0;
  const out = new Float64Array(by.length);
  for (let z = 0; z < nz; z++) {
    let t = 0;
    for (let k = 0; k < nc; k++) t += by[z * nc + k] as number;
    for (let k = 0; k < nc; k++) out[z * nc + k] = t > 0 ? (by[z * nc + k] as number) / t : NaN;
  }
  return out;
}
