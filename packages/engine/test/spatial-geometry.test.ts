// Buffers, dissolve, validity and repair on small cases worked out by hand (in the comments).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromGeoJson } from '../src/columnar/geojson.ts';
import type { FeatureTable } from '../src/columnar/table.ts';
import type { Feature, Geometry } from '../src/geo/geojson.ts';
import { planarAreas } from '../src/metric/metric.ts';
import { buffer } from '../src/spatial/buffer.ts';
import { dissolve } from '../src/spatial/dissolve.ts';
import { repairPolygons, validatePolygons } from '../src/spatial/validity.ts';
import { overlayAreas } from '../src/spatial/overlay.ts';

const CRS = 'EPSG:32648';
const feat = (geometry: Geometry | null, properties: Record<string, unknown> = {}): Feature => ({ type: 'Feature', geometry, properties });
const sq = (x0: number, y0: number, x1: number, y1: number): number[][] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const polys = (fs: Feature[]): FeatureTable => fromGeoJson(fs, { crs: CRS, kind: 'polygon' });
const sum = (a: Float64Array): number => a.reduce((s, v) => s + v, 0);

test('buffer: a point becomes a regular 4·segments-gon (GEOS, quad_segs); lines and polygons grow by round joins', () => {
  const p = fromGeoJson([feat({ type: 'Point', coordinates: [100, 200] }), feat({ type: 'MultiPoint', coordinates: [] })], { crs: CRS, kind: 'point' });
  const b = buffer(p, 10);
  // Regular 32-gon inscribed in r = 10: area = ½ · 32 · r² · sin(2π/32).
  assert.ok(Math.abs((planarAreas(b)[0] as number) - 0.5 * 32 * 100 * Math.sin((2 * Math.PI) / 32)) < 1e-9);
  assert.equal(planarAreas(b)[1], 0);
  assert.ok(Math.abs((planarAreas(buffer(p, 10, { segments: 1 }))[0] as number) - 200) < 1e-9); // one segment per quarter: a square of diagonal 20
  // A 100 m segment buffered by 5: rectangle 100 × 10 plus two half 32-gons = 1000 + ½·32·25·sin(π/16).
  const line = fromGeoJson([feat({ type: 'LineString', coordinates: [[0, 0], [100, 0]] })], { crs: CRS, kind: 'line' });
  assert.ok(Math.abs((planarAreas(buffer(line, 5))[0] as number) - (1000 + 0.5 * 32 * 25 * Math.sin(Math.PI / 16))) < 1e-6);
  // A 10 × 10 square by +1: 100 + perimeter·1 + four quarter-32-gons (one full 32-gon of r = 1).
  const square = polys([feat({ type: 'Polygon', coordinates: [sq(0, 0, 10, 10)] })]);
  assert.ok(Math.abs((planarAreas(buffer(square, 1))[0] as number) - (140 + 16 * Math.sin(Math.PI / 16))) < 1e-9);
  // By −1 it erodes to the 8 × 8 square (the corner circles stay inside the removed band).
  assert.ok(Math.abs((planarAreas(buffer(square, -1))[0] as number) - 64) < 1e-9);
  assert.equal(buffer(polys([]), 5).length, 0);
});

test('dissolve: union of all rows or by class; overlapping squares count once', () => {
  const t = polys([
    feat({ type: 'Polygon', coordinates: [sq(0, 0, 2, 2)] }, { k: 'a' }),
    feat({ type: 'Polygon', coordinates: [sq(1, 1, 3, 3)] }, { k: 'a' }), // overlaps the first by 1
    feat({ type: 'Polygon', coordinates: [sq(10, 10, 11, 11)] }, { k: 'b' }),
    feat({ type: 'Polygon', coordinates: [sq(0, 0, 1, 1)] }, { k: null }),
  ]);
  assert.equal(sum(planarAreas(dissolve(t))), 4 + 4 - 1 + 1);
  const by = dissolve(t, { by: 'k' });
  assert.equal(by.length, 2);
  assert.deepEqual([...planarAreas(by)], [7, 1]);
  const col = by.columns.k;
  assert.ok(col?.type === 'string');
  assert.deepEqual([...col.codes].map((c) => col.dictionary[c]), ['a', 'b']);
  assert.equal(dissolve(polys([])).length, 1);
  assert.equal(planarAreas(dissolve(polys([])))[0], 0);
});

test('validity: GEOS reasons for bow-tie, ring touching itself, hole outside shell, too few points, nested shells', () => {
  const t = polys([
    feat({ type: 'Polygon', coordinates: [sq(0, 0, 4, 4), sq(1, 1, 2, 2)] }), // valid, with hole
    feat({ type: 'Polygon', coordinates: [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]] }), // bow-tie
    feat({ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [2, 2], [4, 4], [0, 4], [2, 2], [0, 0]]] }), // touches itself at (2,2)
    feat({ type: 'Polygon', coordinates: [sq(0, 0, 4, 4), sq(5, 5, 6, 6)] }), // hole outside
    feat({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] }), // 3 points
    feat({ type: 'MultiPolygon', coordinates: [[sq(0, 0, 4, 4)], [sq(1, 1, 2, 2)]] }), // shell inside another part
    feat({ type: 'MultiPolygon', coordinates: [[sq(0, 0, 4, 4)], [sq(4, 0, 8, 4)]] }), // parts sharing an edge: overlapping edges
    feat({ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 0], [4, 4], [0, 4], [0, 0]]] }), // repeated vertex: valid
    feat(null), // empty: valid
    // Rings may touch at a point (OGC simple features; PostGIS ST_IsValid is true): a hole whose first
    // vertex lies on its shell, and a part whose first vertex lies on another part, are both valid...
    // (a ray from a vertex on the boundary cannot tell inside from outside: these first vertices fooled it).
    feat({ type: 'Polygon', coordinates: [sq(0, 0, 4, 4), [[4, 2], [3, 1], [3, 3], [4, 2]]] }),
    feat({ type: 'MultiPolygon', coordinates: [[sq(0, 0, 4, 4)], [[[0, 2], [-1, 1], [-1, 3], [0, 2]]]] }),
    // ...but a hole touching its shell from outside is still outside.
    feat({ type: 'Polygon', coordinates: [sq(0, 0, 4, 4), [[4, 2], [5, 1], [5, 3], [4, 2]]] }),
  ]);
  assert.deepEqual(validatePolygons(t), [
    { row: 1, reason: 'Self-intersection' },
    { row: 2, reason: 'Ring Self-intersection' },
    { row: 3, reason: 'Hole lies outside shell' },
    { row: 4, reason: 'Too few points in geometry component' },
    { row: 5, reason: 'Nested shells' },
    { row: 6, reason: 'Self-intersection' },
    { row: 11, reason: 'Hole lies outside shell' },
  ]);
});

test('repair: a bow-tie becomes its two triangles (as ST_MakeValid), valid rows stay, and the overlay then works', () => {
  const t = polys([
    feat({ type: 'Polygon', coordinates: [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]] }, { c: 'x' }),
    feat({ type: 'Polygon', coordinates: [sq(0, 0, 4, 4), sq(1, 1, 2, 2)] }, { c: 'x' }),
    feat({ type: 'Polygon', coordinates: [sq(0, 0, 4, 4), sq(3, 1, 5, 2)] }, { c: 'y' }), // hole crossing the shell: even-odd
  ]);
  const fixed = repairPolygons(t);
  assert.deepEqual(validatePolygons(fixed), []);
  // Bow-tie lobes: triangles (0,0)-(1,1)-(0,2) and (2,0)-(1,1)-(2,2), area 1 each (the raw shoelace gives 0).
  assert.deepEqual([...planarAreas(fixed)], [2, 15, 16 - 1 + 1]);
  assert.equal(fixed.geometry.geomOffsets[1]! - fixed.geometry.geomOffsets[0]!, 2);
  const zone = polys([feat({ type: 'Polygon', coordinates: [sq(0, 0, 1, 10)] })]);
  // The strip 0 ≤ x ≤ 1 holds the bow-tie's left triangle (1) and 1 × 4 of the holed square (its hole
  // starts at x = 1): class x = 5; class y: 1 × 4 of the third square = 4.
  assert.deepEqual([...overlayAreas(zone, fixed, { classBy: 'c' }).area], [1 + 4, 4]);
});
