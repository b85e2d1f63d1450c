// Spatial operations on small cases whose answers are worked out by hand (in the comments), plus
// brute-force cross-checks of the indexed searches and the bit-for-bit merge of split row ranges.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromGeoJson } from '../src/columnar/geojson.ts';
import type { FeatureTable } from '../src/columnar/table.ts';
import type { Feature, Geometry } from '../src/geo/geojson.ts';
import { DothiError } from '../src/errors.ts';
import { planarAreas } from '../src/metric/metric.ts';
import { assignPointsToZones, locateInZone, pointInPolygonIndex } from '../src/spatial/point-in-polygon.ts';
import { mergeZonalStats, zonalMean, zonalShare, zonalStats } from '../src/spatial/zonal-stats.ts';
import { countWithin, nearest } from '../src/spatial/nearest.ts';
import { mergeOverlay, overlayAreas, zonalStatsPolygons } from '../src/spatial/overlay.ts';
import { addExact, exactSums, mergeExact, roundAll } from '../src/spatial/exact-sum.ts';

const CRS = 'EPSG:32648';
const feat = (geometry: Geometry | null, properties: Record<string, unknown> = {}): Feature => ({ type: 'Feature', geometry, properties });
const table = (fs: Feature[], kind: 'point' | 'polygon'): FeatureTable => fromGeoJson(fs, { crs: CRS, kind });
const sq = (x0: number, y0: number, x1: number, y1: number): number[][] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const pts = (xy: number[][], props: Array<Record<string, unknown>> = []): FeatureTable =>
  table(xy.map((p, i) => feat({ type: 'Point', coordinates: p }, props[i] ?? {})), 'point');

/** Seeded LCG (Numerical Recipes constants), so every run draws the same points. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
}

// Zone 0: 10×10 square with a 4×4 hole; zone 1: two parts (squares at x 20..22 and 30..32);
// zone 2 overlaps zone 0's right half; zone 3 is empty.
const ZONES = table([
  feat({ type: 'Polygon', coordinates: [sq(0, 0, 10, 10), sq(3, 3, 7, 7)] }, { name: 'a' }),
  feat({ type: 'MultiPolygon', coordinates: [[sq(20, 0, 22, 2)], [sq(30, 0, 32, 2)]] }, { name: 'b' }),
  feat({ type: 'Polygon', coordinates: [sq(8, 0, 12, 10)] }, { name: 'c' }),
  feat(null, { name: 'd' }),
], 'polygon');

test('point in polygon: holes, multipolygons, boundaries (not contained, as ST_Contains), overlaps, empty rows', () => {
  const P = pts([
    [1, 1], // in zone 0
    [5, 5], // in the hole: none
    [3, 5], // on the hole's boundary: none
    [0, 5], // on zone 0's outer boundary: none
    [10, 10], // a vertex of zone 0, and on zone 2's boundary: none
    [21, 1], // zone 1 first part
    [31, 1.5], // zone 1 second part
    [25, 1], // between the parts: none
    [9, 5], // in zones 0 and 2: the lowest row (0) wins
    [11, 5], // zone 2 only
    [8, 5], // on zone 2's boundary, inside zone 0: 0
    [-1, -1], // outside everything
    [1, 1], // duplicate of the first point
  ]);
  const ix = pointInPolygonIndex(ZONES);
  assert.deepEqual([...assignPointsToZones(P, ix)], [0, -1, -1, -1, -1, 1, 1, -1, 0, 2, 0, -1, 0]);
  assert.deepEqual([...assignPointsToZones(P, ix, { start: 5, end: 8 })], [1, 1, -1]);
  // zonalStats counts a point in every zone containing it (the ST_Contains join): [9,5] is in 0 and 2.
  const st = zonalStats(P, ZONES, { index: ix });
  assert.deepEqual([...st.count], [4, 2, 2, 0]);
  const none = table([], 'polygon');
  assert.deepEqual([...assignPointsToZones(P, pointInPolygonIndex(none))], new Array(13).fill(-1));
  assert.deepEqual([...zonalStats(pts([]), ZONES).count], [0, 0, 0, 0]);
  assert.throws(() => assignPointsToZones(P, ix, { start: 4, end: 99 }), (e: unknown) => e instanceof DothiError && e.code === 'DOTHI_ENGINE_RANGE_INVALID');
  assert.throws(() => zonalStats(ZONES, ZONES), (e: unknown) => e instanceof DothiError && e.code === 'DOTHI_ENGINE_SPATIAL_KIND');
});

test('cells wholly inside a zone skip the ray test without changing any answer (dense seeded cloud, points beyond the extent)', () => {
  // A U-shaped zone (its notch is outside), a holed square and a unit square: most grid cells lie inside
  // one of them and are flagged; the cloud reaches beyond the zones' extent on every side, where
  // points are clamped into the last column and row and must still be tested.
  const U = [[0, 0], [30, 0], [30, 30], [20, 30], [20, 10], [10, 10], [10, 30], [0, 30], [0, 0]];
  const Z = table([
    feat({ type: 'Polygon', coordinates: [U] }),
    feat({ type: 'Polygon', coordinates: [sq(40, 0, 70, 30), sq(50, 10, 60, 20)] }),
    feat({ type: 'Polygon', coordinates: [sq(80, 29, 81, 30)] }),
  ], 'polygon');
  const ix = pointInPolygonIndex(Z);
  let flagged = 0;
  for (let k = 0; k < ix.cellInside.length; k++) flagged += ix.cellInside[k] as number;
  assert.ok(flagged > 0, "no cell was flagged inside a zone: the shortcut would go untested");
  const r = rng(11);
  const xy: number[][] = [];
  for (let i = 0; i < 20000; i++) xy.push([r() * 100 - 10, r() * 50 - 10]);
  // Grid-aligned points too: many fall exactly on zone boundaries (not contained).
  for (let x = -2; x <= 92; x += 2) for (let y = -2; y <= 42; y += 2) xy.push([x, y]);
  const P = pts(xy);
  // The oracle: the same exact ray test on every zone, without the grid (locateInZone alone).
  const expect = xy.map(([x, y]) => {
    for (let z = 0; z < 3; z++) if (locateInZone(ix, z, x as number, y as number) === 1) return z;
    return -1;
  });
  assert.deepEqual([...assignPointsToZones(P, ix)], expect);
  const counts = [0, 0, 0];
  for (const z of expect) if (z >= 0) counts[z]!++;
  assert.deepEqual([...zonalStats(P, Z, { index: ix }).count], counts);
});

test('zonal sum, by class, mean and share; missing values are skipped as SQL sum skips NULL', () => {
  const P = pts([[1, 1], [2, 2], [9, 1], [21, 1], [21, 1.5]], [
    { v: 10, k: 'x' }, { v: 5, k: 'y' }, { k: 'x' }, { v: 1, k: 'x' }, { v: 2 },
  ]);
  // Zone 0: (1,1) 10 x, (2,2) 5 y, (9,1) - x. Zone 1: 1 x, 2 (no class). Zone 2: (9,1) - x.
  const st = zonalStats(P, ZONES, { value: 'v', classBy: 'k' });
  assert.deepEqual([...st.count], [3, 2, 1, 0]);
  assert.deepEqual([...st.sum], [15, 3, 0, 0]);
  assert.deepEqual(st.classes, ['x', 'y']);
  assert.deepEqual([...(st.byClass ?? [])], [10, 5, 1, 0, 0, 0, 0, 0]);
  assert.deepEqual([...zonalMean(st)].map((v) => (Number.isNaN(v) ? null : v)), [5, 1.5, 0, null]);
  const counts = zonalStats(P, ZONES, { classBy: 'k' });
  assert.deepEqual([...(counts.byClass ?? [])], [2, 1, 1, 0, 1, 0, 0, 0]);
  const share = zonalShare(counts);
  assert.deepEqual([...share.slice(0, 6)], [2 / 3, 1 / 3, 1, 0, 1, 0]);
  assert.ok(Number.isNaN(share[6] as number));
  assert.throws(() => zonalStats(P, ZONES, { value: 'k' }), (e: unknown) => e instanceof DothiError && e.code === 'DOTHI_ENGINE_COLUMN_INVALID');
});

test('exact sums: any order and any split round to the same bits (and to the true sum)', () => {
  const r = rng(7);
  const vals = Array.from({ length: 5000 }, () => (r() - 0.3) * 10 ** Math.floor(r() * 30 - 10));
  const whole = exactSums(1);
  for (const v of vals) addExact(whole, 0, v);
  const rev = exactSums(1);
  for (let i = vals.length - 1; i >= 0; i--) addExact(rev, 0, vals[i] as number);
  const a = exactSums(1), b = exactSums(1);
  vals.forEach((v, i) => addExact(i < 1234 ? a : b, 0, v));
  mergeExact(a, b);
  assert.ok(Object.is(roundAll(whole)[0], roundAll(rev)[0]));
  assert.ok(Object.is(roundAll(whole)[0], roundAll(a)[0]));
  // 0.1 + 0.2 - 0.3 is 5.55e-17 in floating point; exactly, in doubles, it is 2^-54 + ... : the rounded exact sum.
  const t = exactSums(1);
  for (const v of [1e100, 1, -1e100]) addExact(t, 0, v);
  assert.equal(roundAll(t)[0], 1);
});

test('zonal, nearest and overlay over two disjoint ranges merge into the whole-range result bit for bit', () => {
  const r = rng(42);
  const n = 20000;
  const xy: number[][] = [], props: Array<Record<string, unknown>> = [];
  for (let i = 0; i < n; i++) { xy.push([r() * 40 - 2, r() * 12 - 1]); props.push({ v: r() * 100, k: r() < 0.5 ? 'p' : 'q' }); }
  const P = pts(xy, props);
  const whole = zonalStats(P, ZONES, { value: 'v', classBy: 'k' });
  for (const cut of [1, 7777, 19999]) {
    const m = mergeZonalStats(zonalStats(P, ZONES, { value: 'v', classBy: 'k', end: cut }), zonalStats(P, ZONES, { value: 'v', classBy: 'k', start: cut }));
    for (const key of ['count', 'sum', 'byClass'] as const) {
      const x = whole[key] as Float64Array, y = m[key] as Float64Array;
      assert.equal(Buffer.compare(Buffer.from(x.buffer), Buffer.from(y.buffer)), 0, `${key} cut ${cut}`);
    }
  }
  const T = pts(xy.slice(0, 500));
  const nAll = nearest(P, T, { k: 2 });
  const n1 = nearest(P, T, { k: 2, end: 5000 }), n2 = nearest(P, T, { k: 2, start: 5000 });
  assert.deepEqual([...n1.index, ...n2.index], [...nAll.index]);
  assert.equal(Buffer.compare(Buffer.from(Float64Array.from([...n1.distance, ...n2.distance]).buffer), Buffer.from(nAll.distance.buffer)), 0);
  // Overlay: 300 seeded triangles over the zones (zone 0 has a hole, so it takes the general path).
  const tris: Feature[] = [];
  for (let i = 0; i < 300; i++) {
    const x = r() * 36, y = r() * 10;
    tris.push(feat({ type: 'Polygon', coordinates: [[[x, y], [x + 1 + r() * 3, y + r()], [x + r(), y + 1 + r() * 3], [x, y]]] }, { k: r() < 0.3 ? 'p' : 'q' }));
  }
  const polys = table(tris, 'polygon');
  const ow = overlayAreas(ZONES, polys, { classBy: 'k' });
  const om = mergeOverlay(overlayAreas(ZONES, polys, { classBy: 'k', end: 123 }), overlayAreas(ZONES, polys, { classBy: 'k', start: 123 }));
  assert.equal(Buffer.compare(Buffer.from(ow.area.buffer), Buffer.from(om.area.buffer)), 0);
  const zw = zonalStatsPolygons(polys, ZONES, { classBy: 'k' });
  const zm = mergeZonalStats(zonalStatsPolygons(polys, ZONES, { classBy: 'k', end: 200 }), zonalStatsPolygons(polys, ZONES, { classBy: 'k', start: 200 }));
  for (const key of ['count', 'area', 'byClass'] as const) {
    assert.equal(Buffer.compare(Buffer.from((zw[key] as Float64Array).buffer), Buffer.from((zm[key] as Float64Array).buffer)), 0, key);
  }
});

test('nearest and countWithin agree with brute force (seeded points, duplicates, ties, radius edge)', () => {
  const r = rng(3);
  const O = Array.from({ length: 400 }, () => [Math.round(r() * 1000), Math.round(r() * 1000)]);
  const Tx = Array.from({ length: 300 }, () => [Math.round(r() * 1000), Math.round(r() * 1000)]);
  Tx.push([...(Tx[5] as number[])]); // a duplicate target: same distance, the lower row ranks first
  const T = pts(Tx), Ot = pts(O);
  const k = 4;
  const res = nearest(Ot, T, { k });
  const cw = countWithin(Ot, T, 60);
  O.forEach(([x, y], i) => {
    const d = Tx.map(([tx, ty], j) => ({ j, d: Math.sqrt(((tx as number) - (x as number)) ** 2 + ((ty as number) - (y as number)) ** 2) }));
    d.sort((a, b) => a.d - b.d || a.j - b.j);
    for (let q = 0; q < k; q++) {
      assert.equal(res.index[i * k + q], d[q]?.j, `origin ${i} rank ${q}`);
      assert.equal(res.distance[i * k + q], d[q]?.d);
    }
    // Integer coordinates: squared distances are exact, so points at exactly 60 m count (inclusive, as ST_DWithin).
    assert.equal(cw[i], d.filter((e) => e.d <= 60).length, `count origin ${i}`);
  });
  // maxDistance leaves -1 / Infinity; no targets at all gives the same.
  const far = nearest(pts([[5000, 5000]]), T, { k: 2, maxDistance: 10 });
  assert.deepEqual([...far.index], [-1, -1]);
  assert.deepEqual([...far.distance], [Infinity, Infinity]);
  assert.deepEqual([...nearest(Ot, pts([]), { end: 2 }).index], [-1, -1]);
  assert.deepEqual([...countWithin(Ot, pts([]), 5, { end: 2 })], [0, 0]);
  // A multi-point target counts once and is as near as its nearest point.
  const mp = table([feat({ type: 'MultiPoint', coordinates: [[0, 3], [0, 4]] }), feat({ type: 'Point', coordinates: [0, 3.5] })], 'point');
  assert.deepEqual([...countWithin(pts([[0, 0]]), mp, 5)], [2]);
  assert.deepEqual([...nearest(pts([[0, 0]]), mp, { k: 2 }).distance], [3, 3.5]);
});

test('overlay areas: rectangle, convex, non-convex and holed zones (hand-computed)', () => {
  const zones = table([
    feat({ type: 'Polygon', coordinates: [sq(0, 0, 10, 10)] }), // rectangle
    feat({ type: 'Polygon', coordinates: [[[10, 0], [20, 0], [15, 10], [10, 0]]] }), // triangle (convex), area 50
    feat({ type: 'Polygon', coordinates: [[[20, 0], [30, 0], [30, 10], [25, 10], [25, 5], [20, 5], [20, 0]]] }), // L (general path)
    feat({ type: 'Polygon', coordinates: [sq(0, 20, 10, 30), sq(2, 22, 8, 28)] }), // square with hole
  ], 'polygon');
  const polys = table([
    feat({ type: 'Polygon', coordinates: [sq(1, 1, 3, 3)] }, { c: 'a' }), // inside zone 0: 4
    feat({ type: 'Polygon', coordinates: [sq(5, 0, 30, 10)] }, { c: 'b' }), // 50 of zone 0, all 50 of zone 1, all 75 of zone 2
    feat({ type: 'Polygon', coordinates: [sq(0, 20, 10, 30)] }, { c: 'a' }), // zone 3 area: 100 - 36 = 64
    feat({ type: 'MultiPolygon', coordinates: [[sq(0, 0, 1, 1)], [sq(9, 9, 11, 11)]] }, { c: 'b' }), // 1 + 1 in zone 0; the 1×1 at (10..11, 9..10) is outside the triangle except a sliver
    feat({ type: 'Polygon', coordinates: [sq(20, 0, 30, 10), sq(21, 1, 24, 4)] }, { c: 'a' }), // holed polygon over the L: 75 - 9 = 66
  ], 'polygon');
  const o = overlayAreas(zones, polys, { classBy: 'c' });
  assert.deepEqual(o.classes, ['a', 'b']);
  // Triangle zone (10,0)-(20,0)-(15,10): the square 10..11 × 9..10 meets it only where x ≥ 10 + y/2, i.e. nowhere for y ≥ 9 and x ≤ 11 → 0.
  const expect = [4, 50 + 2, 0, 50, 66, 75, 64, 0];
  o.area.forEach((a, i) => assert.ok(Math.abs(a - (expect[i] as number)) < 1e-12, `cell ${i}: ${a} vs ${expect[i]}`));
  const z = zonalStatsPolygons(polys, zones, { classBy: 'c' });
  // Polygon 1 (area 250) gives 50/250 to zone 0, 50/250 to zone 1 and 75/250 to zone 2.
  assert.ok(Math.abs((z.count[1] as number) - 0.2) < 1e-15);
  assert.ok(Math.abs((z.area?.[2] as number) - (75 + 66)) < 1e-12);
  assert.deepEqual([...overlayAreas(table([], 'polygon'), polys, { classBy: 'c' }).area], []);
  const noPolys = overlayAreas(zones, table([], 'polygon'), { classBy: 'c' });
  assert.deepEqual([noPolys.classes, [...noPolys.area]], [[], []]);
  assert.equal(planarAreas(polys)[4], 91);
});

test('invalid input: a bow-tie is refused with a coded error by the overlay', () => {
  const bow = table([feat({ type: 'Polygon', coordinates: [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]] }, { c: 'x' })], 'polygon');
  assert.throws(() => overlayAreas(ZONES, bow, { classBy: 'c' }), (e: unknown) => e instanceof DothiError && e.code === 'DOTHI_ENGINE_POLYGON_INVALID' && /Self-intersection/.test(e.message));
});
