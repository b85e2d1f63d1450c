// Overlay of polygons with zones: intersection area by class per zone (like
// sum(ST_Area(ST_Intersection(z.geom, p.geom))) GROUP BY zone, class), and area-apportioned zonal
// statistics of polygons. Areas are summed exactly (exact-sum.ts), so row ranges merge bit for bit.

import Flatbush from 'flatbush';
import type { Geom } from 'polyclip-ts';
import { rowBounds } from '../columnar/table.ts';
import type { FeatureTable } from '../columnar/table.ts';
import { DothiError } from '../errors.ts';
import { ringSignedArea } from '../metric/metric.ts';
import { clipAreaConvex, clipAreaGeneral, rowToPolyclip, zoneShapes } from './clip.ts';
import { addExact, cloneExact, exactSums, mergeExact, roundAll } from './exact-sum.ts';
import type { ExactSums } from './exact-sum.ts';
import { checkRange, requireKind } from './point-in-polygon.ts';
import { assertValidPolygons } from './validity.ts';
import { classColumn, floatColumn } from './zonal-stats.ts';
import type { ZonalStats } from './zonal-stats.ts';

export interface OverlayResult {
  classes: string[];
  /** zones × classes, row-major, m² (in the CRS's units). */
  area: Float64Array;
  exact?: ExactSums;
}

/** Planar area of one polygon row, holes subtracted. */
export function rowArea(t: FeatureTable, r: number): number {
  const g = t.geometry, po = g.partOffsets as Uint32Array, ro = g.ringOffsets as Uint32Array;
  let area = 0;
  for (let p = g.geomOffsets[r] as number; p < (g.geomOffsets[r + 1] as number); p++) {
    for (let ring = po[p] as number; ring < (po[p + 1] as number); ring++) {
      const a = Math.abs(ringSignedArea(g.coords, ro[ring] as number, ro[ring + 1] as number));
      area += ring === po[p] ? a : -a;
    }
  }
  return area;
}

/**
 * Calls `f(zone, row, area)` for every zone meeting polygon row `row` in [start, end) with a
 * non-zero intersection area. Both layers are checked with validatePolygons first unless `validate` is false.
 */
export function forEachIntersection(zones: FeatureTable, polys: FeatureTable, start: number, end: number, f: (zone: number, row: number, area: number) => void, validate = true): void {
  requireKind(zones, 'polygon', 'zones');
  requireKind(polys, 'polygon', 'polygons');
  if (zones.length === 0 || end <= start) return;
  // Clipping assumes valid rings (a bow-tie's lobes would cancel out): refuse invalid input clearly.
  if (validate) {
    assertValidPolygons(zones, 'zones');
    assertValidPolygons(polys, 'polygons', start, end);
  }
  const zb = rowBounds(zones.geometry, zones.length);
  const tree = new Flatbush(zones.length);
  for (let z = 0; z < zones.length; z++) {
    const x0 = zb[4 * z] as number;
    // Empty zones get an unreachable box so tree ids stay zone rows.
    if (Number.isNaN(x0)) tree.add(Infinity, Infinity, Infinity, Infinity);
    else tree.add(x0, zb[4 * z + 1] as number, zb[4 * z + 2] as number, zb[4 * z + 3] as number);
  }
  tree.finish();
  const { shape, ccw } = zoneShapes(zones.geometry, zones.length);
  const general = new Map<number, Geom>();
  const g = polys.geometry;
  const pb = rowBounds(g, polys.length);
  for (let r = start; r < end; r++) {
    const x0 = pb[4 * r] as number, y0 = pb[4 * r + 1] as number, x1 = pb[4 * r + 2] as number, y1 = pb[4 * r + 3] as number;
    if (Number.isNaN(x0)) continue;
    const hits = tree.search(x0, y0, x1, y1);
    // Ascending zone order, whatever the tree's order.
    hits.sort((a, b) => a - b);
    let whole = NaN;
    for (const z of hits) {
      let a: number;
      const s = shape[z] as number;
      if (s === 2 && x0 >= (zb[4 * z] as number) && x1 <= (zb[4 * z + 2] as number) && y0 >= (zb[4 * z + 1] as number) && y1 <= (zb[4 * z + 3] as number)) {
        if (Number.isNaN(whole)) whole = rowArea(polys, r);
        a = whole;
      } else if (s >= 1) {
        a = clipAreaConvex(g, r, zones.geometry, z, ccw[z] as number);
      } else {
        let zg = general.get(z);
        if (!zg) { zg = rowToPolyclip(zones.geometry, z); general.set(z, zg); }
        a = clipAreaGeneral(g, r, zg);
      }
      if (a !== 0) f(z, r, a);
    }
  }
}

/** Intersection area by class (a text column of `polys`) per zone, for polygon rows [start, end). */
export function overlayAreas(zones: FeatureTable, polys: FeatureTable, opts: { classBy: string; start?: number; end?: number; validate?: boolean }): OverlayResult {
  const cls = classColumn(polys, opts.classBy);
  const [s, e] = checkRange(polys.length, opts.start, opts.end);
  const nc = cls.dictionary.length;
  const acc = exactSums(zones.length * nc);
  const codes = cls.codes;
  forEachIntersection(zones, polys, s, e, (z, r, a) => {
    const k = codes[r] as number;
    if (k >= 0) addExact(acc, z * nc + k, a);
  }, opts.validate ?? true);
  return { classes: cls.dictionary.slice(), area: roundAll(acc), exact: acc };
}

export function mergeOverlay(a: OverlayResult, b: OverlayResult): OverlayResult {
  if (a.area.length !== b.area.length || a.classes.length !== b.classes.length) {
    throw new DothiError('DOTHI_ENGINE_MERGE_MISMATCH', { detail: 'different zone or class counts' });
  }
  if (a.exact && b.exact) {
    const acc = cloneExact(a.exact);
    mergeExact(acc, b.exact);
    return { classes: a.classes.slice(), area: roundAll(acc), exact: acc };
  }
  const area = new Float64Array(a.area.length);
  for (let i = 0; i < area.length; i++) area[i] = (a.area[i] as number) + (b.area[i] as number);
  return { classes: a.classes.slice(), area };
}

/**
 * Zonal statistics of polygons, apportioned by area: each polygon row in [start, end) gives each zone
 * the fraction of its area inside the zone — of its count (so `count` is fractional), of `value`,
 * and of its class (by class: apportioned value, or apportioned count without a value). `area` is the
 * intersected area per zone.
 */
export function zonalStatsPolygons(polys: FeatureTable, zones: FeatureTable, opts: { value?: string; classBy?: string; start?: number; end?: number; validate?: boolean } = {}): ZonalStats {
  const [s, e] = checkRange(polys.length, opts.start, opts.end);
  const values = opts.value !== undefined ? floatColumn(polys, opts.value).values : null;
  const cls = opts.classBy !== undefined ? classColumn(polys, opts.classBy) : null;
  const nz = zones.length, nc = cls ? cls.dictionary.length : 0;
  const count = exactSums(nz), sum = exactSums(nz), area = exactSums(nz);
  const by = cls ? exactSums(nz * nc) : null;
  const whole = new Float64Array(e - s).fill(NaN);
  forEachIntersection(zones, polys, s, e, (z, r, a) => {
    let w = whole[r - s] as number;
    if (Number.isNaN(w)) { w = rowArea(polys, r); whole[r - s] = w; }
    const share = w > 0 ? a / w : 0;
    addExact(area, z, a);
    addExact(count, z, share);
    const v = values ? (values[r] as number) : NaN;
    if (values && v === v) addExact(sum, z, v * share);
    if (by && cls) {
      const k = cls.codes[r] as number;
      if (k >= 0) {
        if (!values) addExact(by, z * nc + k, share);
        else if (v === v) addExact(by, z * nc + k, v * share);
      }
    }
  }, opts.validate ?? true);
  const out: ZonalStats = { count: roundAll(count), sum: roundAll(sum), area: roundAll(area), exact: { sum, count, area } };
  if (cls && by) {
    out.classes = cls.dictionary.slice();
    out.byClass = roundAll(by);
    (out.exact as { byClass?: ExactSums }).byClass = by;
  }
  return out;
}
