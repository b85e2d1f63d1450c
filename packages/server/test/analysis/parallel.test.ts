// The worker-thread pool gives the single-threaded engine result bit for bit, on real data: central Ho Chi
// Minh City from OpenStreetMap (../shared/data/hcmc-osm, ODbL). Oracle: the engine itself on one thread
// (its correctness against PostGIS/pgRouting is tested in spatial-*/network-* tests); tolerance: none,
// the bytes of every result array must be identical, since the issue asks for "bit for bit".

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { after, before, test } from 'node:test';
import {
  aggregateWithin, buildNetwork, float64Column, fromGeoJson, isochrones, nearest, nearestPoi, overlayAreas, projectTable, snapPoints, stringColumn, zonalStats,
} from '@dothi/engine';
import type { FeatureTable } from '@dothi/engine';
import type { FeatureCollection } from '../../../engine/src/geo/geojson.ts';
import { AnalysisPool } from '../../src/analysis/parallel-analysis.ts';
import { analysisThreads } from '../../src/analysis/thread-count.ts';

const DATA = new URL('../../../../../shared/data/hcmc-osm/', import.meta.url);
const CRS = 'EPSG:32648'; // UTM 48N holds Ho Chi Minh City

function layer(name: string, kind: 'point' | 'line' | 'polygon', columns: string[]): FeatureTable {
  const fc = JSON.parse(fs.readFileSync(new URL(`hcmc-d1-d3-${name}.geojson`, DATA), 'utf8')) as FeatureCollection;
  return projectTable(fromGeoJson(fc.features, { kind, columns }), CRS);
}

/** Bytes of a typed array, for a bit-for-bit comparison (NaN payloads and −0 included). */
function bits(a: ArrayBufferView): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

let pool: AnalysisPool;
let roads: FeatureTable, buildings: FeatureTable, landuse: FeatureTable, pois: FeatureTable, points: FeatureTable;

before(() => {
  roads = layer('roads', 'line', ['highway']);
  buildings = layer('buildings', 'polygon', ['building']);
  landuse = layer('landuse_areas', 'polygon', ['leisure']);
  pois = layer('pois', 'point', ['amenity']);
  // Points: every road vertex, every POI, every building vertex and every building's vertex mean (which
  // usually lies inside it), in a seeded shuffled order so every zone gets points from both halves of a
  // split; value: the easting in metres (large and fractional, so a plainly added split sum rounds
  // differently, see the zonal test); class: where the point came from.
  const bc = buildings.geometry.coords, bg = buildings.geometry;
  const centres: number[] = [];
  for (let r = 0; r < buildings.length; r++) {
    const ring0 = (bg.ringOffsets as Uint32Array)[(bg.partOffsets as Uint32Array)[bg.geomOffsets[r] as number] as number] as number;
    const ring1 = (bg.ringOffsets as Uint32Array)[((bg.partOffsets as Uint32Array)[bg.geomOffsets[r] as number] as number) + 1] as number;
    let x = 0, y = 0;
    for (let v = ring0; v < ring1 - 1; v++) { x += bc[2 * v] as number; y += bc[2 * v + 1] as number; }
    centres.push(x / (ring1 - 1 - ring0), y / (ring1 - 1 - ring0));
  }
  const sources: Array<[string, ArrayLike<number>]> = [['road', roads.geometry.coords], ['poi', pois.geometry.coords], ['building', bc], ['centre', centres]];
  const n = sources.reduce((a, [, c]) => a + c.length / 2, 0);
  const coords = new Float64Array(2 * n);
  const value = new Float64Array(n), cls: string[] = new Array<string>(n);
  const order = Array.from({ length: n }, (_, i) => i);
  let seed = 12345;
  for (let i = n - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; // LCG (Numerical Recipes), seeded
    const j = seed % (i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  let o = 0;
  for (const [name, c] of sources) {
    for (let i = 0; i < c.length / 2; i++, o++) {
      const at = order[o] as number;
      coords[2 * at] = c[2 * i] as number;
      coords[2 * at + 1] = c[2 * i + 1] as number;
      value[at] = c[2 * i] as number;
      cls[at] = name;
    }
  }
  points = {
    length: n, crs: CRS,
    geometry: { kind: 'point', coords, geomOffsets: Uint32Array.from({ length: n + 1 }, (_, i) => i) },
    columns: { value: float64Column(value), source: stringColumn(cls) },
  };
  pool = new AnalysisPool({ threads: 2 });
});

after(async () => { await pool.close(); });

test('the pool uses the forced thread count; by default never more threads than cores', () => {
  assert.equal(pool.threads, 2);
  const free = analysisThreads();
  assert.ok(free >= 1 && free <= os.availableParallelism());
});

test('zonal statistics on 2 threads equal 1 thread bit for bit (buildings and land use as zones)', async () => {
  assert.ok(points.length > 5000, `enough points to split (${points.length})`);
  for (const zones of [buildings, landuse]) {
    // The check can fail: adding the two halves' sums plainly differs from one thread in some zones.
    const half = Math.floor(points.length / 2);
    const a = zonalStats(points, zones, { value: 'value', end: half }), b = zonalStats(points, zones, { value: 'value', start: half });
    const whole = zonalStats(points, zones, { value: 'value' });
    assert.ok(whole.sum.some((x, z) => (a.sum[z] as number) + (b.sum[z] as number) !== x), 'a plain split sum would differ');
    for (const opts of [{ value: 'value' }, { value: 'value', classBy: 'source' }, { classBy: 'source' }]) {
      const one = zonalStats(points, zones, opts);
      const two = await pool.zonalStats(points, zones, opts);
      assert.ok(one.count.some((c) => c > 0), 'some points fall in zones');
      assert.deepEqual(bits(two.count), bits(one.count));
      assert.deepEqual(bits(two.sum), bits(one.sum));
      if (one.byClass) assert.deepEqual(bits(two.byClass as Float64Array), bits(one.byClass));
    }
  }
  // The caller's table was not detached by the transfer.
  assert.equal(points.geometry.coords.length, points.length * 2);
});

test('k-nearest on 2 threads equals 1 thread bit for bit', async () => {
  for (const opts of [{ k: 1 }, { k: 3 }, { k: 2, maxDistance: 150 }]) {
    const one = nearest(points, pois, opts);
    const two = await pool.nearest(points, pois, opts);
    assert.deepEqual(bits(two.index), bits(one.index));
    assert.deepEqual(bits(two.distance), bits(one.distance));
  }
});

test('network aggregations on 2 threads equal 1 thread bit for bit', async () => {
  const net = buildNetwork(roads, { mode: 'walk' });
  const poiNodes = snapPoints(net, pois);
  const one = aggregateWithin(net, poiNodes, 800);
  const two = await pool.aggregateWithin(net, poiNodes, 800);
  assert.ok(one.some((c) => c > 0));
  assert.deepEqual(bits(two), bits(one));
  // Fractional weights take the node-range split.
  const weights = Float64Array.from(poiNodes, (_, i) => (i * 0.37) % 1.3);
  assert.deepEqual(bits(await pool.aggregateWithin(net, poiNodes, 800, { weights })), bits(aggregateWithin(net, poiNodes, 800, { weights })));
  const d1 = nearestPoi(net, poiNodes, 800);
  assert.deepEqual(bits(await pool.nearestPoi(net, poiNodes, 800)), bits(d1));
  // Isochrones from 40 nodes spread over the network: same node counts and identical hull coordinates.
  const origins = Uint32Array.from({ length: 40 }, (_, i) => Math.floor((i * net.nodeCount) / 40));
  const iso1 = isochrones(net, origins, 600);
  assert.ok(iso1.some((i) => i.polygon !== null));
  assert.deepEqual(await pool.isochrones(net, origins, 600), iso1);
});

test('overlay areas on 2 threads equal 1 thread bit for bit (buildings × land use, by building class)', async () => {
  const one = overlayAreas(landuse, buildings, { classBy: 'building' });
  const two = await pool.overlayAreas(landuse, buildings, { classBy: 'building' });
  assert.ok(one.area.some((a) => a > 0), 'some buildings lie in land-use areas');
  assert.deepEqual(two.classes, one.classes);
  assert.deepEqual(bits(two.area), bits(one.area));
});
