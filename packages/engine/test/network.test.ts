// Street network on small hand-drawn graphs whose answers are worked out in the comments, plus an
// independent oracle (Bellman-Ford relaxation to a fixed point) on a seeded random graph. The
// pgRouting comparisons on real data are in packages/server/test/analysis/network-*.test.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromGeoJson } from '../src/columnar/geojson.ts';
import type { FeatureTable } from '../src/columnar/table.ts';
import type { Feature, Position } from '../src/geo/geojson.ts';
import { DothiError } from '../src/errors.ts';
import {
  aggregateWithin, buildNetwork, components, intersectionDensity, isochrones, multiSourceDistances, nearestPoi,
  networkDensity, networkFromEdges, populationShareWithin, snapPoints, NO_NODE, ARC_FORWARD, ARC_BOTH,
} from '../src/network/index.ts';
import type { Network } from '../src/network/index.ts';

function roads(lines: Array<{ c: Position[]; highway?: string; oneway?: string }>): FeatureTable {
  const features: Feature[] = lines.map((l) => ({
    type: 'Feature',
    properties: { highway: l.highway ?? 'residential', oneway: l.oneway ?? null },
    geometry: { type: 'LineString', coordinates: l.c },
  }));
  return fromGeoJson(features, { crs: 'EPSG:32628', kind: 'line', columns: ['highway', 'oneway'] });
}

function points(ps: Position[]): FeatureTable {
  return fromGeoJson(ps.map((c) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: c } })), { crs: 'EPSG:32628', kind: 'point' });
}

/** Node id at exact coordinates. */
function at(net: Network, x: number, y: number): number {
  for (let v = 0; v < net.nodeCount; v++) if (net.x[v] === x && net.y[v] === y) return v;
  throw new Error(`no node at ${x},${y}`);
}

test('splits at shared vertices and ends only; a crossing without a shared vertex stays apart', () => {
  // A runs west-east through (100,0); B runs south-north through the same vertex; C crosses A at
  // (50,0) but A has no vertex there. Expected: A → 2 edges, B → 2 edges, C → 1 edge; 7 nodes.
  const net = buildNetwork(roads([
    { c: [[0, 0], [100, 0], [200, 0]] },
    { c: [[100, -100], [100, 0], [100, 100]] },
    { c: [[50, -50], [50, 50]] },
  ]));
  assert.equal(net.edgeCount, 5);
  assert.equal(net.nodeCount, 7);
  // Order of first appearance: A's (0,0), (100,0), (200,0), then B's ends, then C's.
  assert.deepEqual([...net.x], [0, 100, 200, 100, 100, 50, 50]);
  assert.deepEqual([...net.y], [0, 0, 0, -100, 100, -50, 50]);
  const cc = components(net);
  assert.deepEqual(cc.sizes, [5, 2]);
  assert.deepEqual([...cc.label], [0, 0, 0, 0, 0, 1, 1]);
  const d = multiSourceDistances(net, [0], 1000);
  assert.deepEqual([...d], [0, 100, 200, 200, 200, Infinity, Infinity]);
});

test('a vertex met twice by one line splits it; a closed way alone is one self-loop; zero-length pieces stay edges', () => {
  // (10,0) appears twice in a row: pieces (0,0)-(10,0), (10,0)-(10,0) of length 0, (10,0)-(20,0).
  const net = buildNetwork(roads([{ c: [[0, 0], [10, 0], [10, 0], [20, 0]] }]));
  assert.equal(net.edgeCount, 3);
  assert.equal(net.nodeCount, 3);
  assert.deepEqual([...(net.edgeLength ?? [])], [10, 0, 10]);
  assert.deepEqual([...multiSourceDistances(net, [0], 100)], [0, 10, 20]);
  // A ring of 4 m sides touching nothing: cut only at its ends, which are the same point.
  const ring = buildNetwork(roads([{ c: [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]] }]));
  assert.equal(ring.edgeCount, 1);
  assert.equal(ring.nodeCount, 1);
  assert.equal(ring.targets.length, 0);
});

test('duplicate roads give parallel edges and the shorter one wins', () => {
  const net = buildNetwork(roads([
    { c: [[0, 0], [30, 40]] },
    { c: [[0, 0], [30, 40]] },
    { c: [[0, 0], [0, 40], [30, 40]] },
  ]));
  assert.equal(net.edgeCount, 3);
  assert.equal(net.nodeCount, 2);
  // Straight 50 m (3-4-5 triangle) against 70 m around the corner.
  assert.deepEqual([...multiSourceDistances(net, [1], 100)], [50, 0]);
});

test('driving obeys oneway (yes, -1), drops footways and costs seconds by class; walking ignores all that', () => {
  const r = roads([
    { c: [[0, 0], [100, 0]], oneway: 'yes', highway: 'residential' }, // 0 → 1 only
    { c: [[100, 0], [200, 0]], oneway: '-1', highway: 'primary' }, // 2 → 1 only
    { c: [[0, 0], [0, 100]], highway: 'footway' },
  ]);
  const drive = buildNetwork(r, { mode: 'drive' });
  assert.equal(drive.directed, true);
  assert.equal(drive.edgeCount, 2);
  assert.equal(drive.nodeCount, 3);
  const a = at(drive, 0, 0), b = at(drive, 100, 0), c = at(drive, 200, 0);
  const fromA = multiSourceDistances(drive, [a], 1e9);
  assert.equal(fromA[b], 100);
  assert.equal(fromA[c], Infinity);
  const fromC = multiSourceDistances(drive, [c], 1e9, { weight: 'cost' });
  // 100 m at OSRM's 65 km/h for primary, then nothing: b cannot go back to a.
  assert.equal(fromC[b], 100 / (65 / 3.6));
  assert.equal(fromC[a], Infinity);
  // 100 m of residential at 25 km/h = 14.4 s.
  assert.ok(Math.abs((multiSourceDistances(drive, [a], 1e9, { weight: 'cost' })[b] as number) - 14.4) < 1e-12);
  // A roundabout without a oneway tag runs as drawn; oneway=no overrides that.
  const rb = (oneway: string | null): FeatureTable => fromGeoJson([{ type: 'Feature', properties: { highway: 'primary', junction: 'roundabout', oneway },
    geometry: { type: 'LineString', coordinates: [[0, 0], [10, 0]] } }], { crs: 'EPSG:32628', columns: ['highway', 'junction', 'oneway'] });
  assert.equal(multiSourceDistances(buildNetwork(rb(null), { mode: 'drive' }), [1], 100)[0], Infinity);
  assert.equal(multiSourceDistances(buildNetwork(rb('no'), { mode: 'drive' }), [1], 100)[0], 10);
  const walk = buildNetwork(r, { mode: 'walk' });
  assert.equal(walk.directed, false);
  assert.equal(walk.edgeCount, 3);
  const w = multiSourceDistances(walk, [at(walk, 200, 0)], 1e9, { weight: 'cost' });
  // 300 m at 5 km/h.
  assert.ok(Math.abs((w[at(walk, 0, 100)] as number) - 300 / (5 / 3.6)) < 1e-9);
});

test('snapTolerance merges edge ends closer than it, deterministically', () => {
  const r = roads([
    { c: [[0, 0], [100, 0]] },
    { c: [[100.3, 0.4], [200, 0]] }, // 0.5 m from (100,0)
    { c: [[100, 0.45], [100, 100]] }, // 0.45 m from (100,0), 0.3041 m from (100.3,0.4)
  ]);
  assert.equal(components(buildNetwork(r)).sizes.length, 3);
  const snapped = buildNetwork(r, { snapTolerance: 0.6 });
  // Every end within 0.6 m of the first node there, (100,0), joins it.
  assert.equal(snapped.nodeCount, 4);
  assert.deepEqual(components(snapped).sizes, [4]);
  assert.deepEqual([...snapped.x], [0, 100, 200, 100]);
  // 0.48 m: (100.3,0.4) is 0.5 m from (100,0), so it stays; (100,0.45) joins (100,0).
  const part = buildNetwork(r, { snapTolerance: 0.48 });
  // Nodes left: (0,0), (100,0) with (100,0.45), (100.3,0.4), (200,0), (100,100).
  assert.equal(part.nodeCount, 5);
  assert.deepEqual(components(part).sizes, [3, 2]);
});

test('empty input gives an empty network that every operation accepts', () => {
  const net = buildNetwork(roads([]));
  assert.equal(net.nodeCount, 0);
  assert.equal(net.edgeCount, 0);
  assert.deepEqual(components(net), { label: new Int32Array(0), sizes: [] });
  assert.equal(multiSourceDistances(net, [], 100).length, 0);
  assert.equal(aggregateWithin(net, [], 100).length, 0);
  assert.equal(nearestPoi(net, [], 100).length, 0);
  assert.deepEqual(isochrones(net, [], 100), []);
  assert.deepEqual([...snapPoints(net, points([[1, 2]]))], [NO_NODE]);
});

test('bad input raises coded errors', () => {
  const net = buildNetwork(roads([{ c: [[0, 0], [1, 0]] }]));
  assert.throws(() => multiSourceDistances(net, [2], 10), (e: unknown) => e instanceof DothiError && e.code === 'DOTHI_ENGINE_NETWORK_NODE_INVALID');
  assert.throws(() => aggregateWithin(net, [0.5], 10), (e: unknown) => e instanceof DothiError && e.code === 'DOTHI_ENGINE_NETWORK_NODE_INVALID');
  assert.throws(() => buildNetwork(points([[0, 0]])), (e: unknown) => e instanceof DothiError && e.code === 'DOTHI_ENGINE_NETWORK_NOT_LINES');
  assert.throws(() => buildNetwork(roads([{ c: [[0, 0], [NaN, 1]] }])), (e: unknown) => e instanceof DothiError && e.code === 'DOTHI_ENGINE_NETWORK_BAD_COORDINATE');
  assert.throws(() => aggregateWithin(net, [0], 10, { start: 1, end: 3 }), (e: unknown) => e instanceof DothiError && e.code === 'DOTHI_USAGE');
});

// A path 0 - 1 - 2 - 3 - 4 with 100 m steps, and a one-way spur 4 → 5 (50 m).
function pathNet(): Network {
  return networkFromEdges({
    x: Float64Array.of(0, 100, 200, 300, 400, 450), y: new Float64Array(6),
    source: Uint32Array.of(0, 1, 2, 3, 4), target: Uint32Array.of(1, 2, 3, 4, 5),
    length: Float64Array.of(100, 100, 100, 100, 50),
    direction: Uint8Array.of(ARC_BOTH, ARC_BOTH, ARC_BOTH, ARC_BOTH, ARC_FORWARD),
  });
}

test('aggregateWithin counts and sums POIs within the radius (inclusive), along arcs towards the POI', () => {
  const net = pathNet();
  // POIs at 0 (weight 2), 2 (weight 5) and 5 (weight 7), radius 150 m.
  // Node 0: 0 (0 m) → 2.  Node 1: 0 (100), 2 (100) → 7.  Node 2: 2 → 5.  Node 3: 2 (100), 5 (150) → 12.
  // Node 4: 5 (50) → 7.  Node 5: can reach nothing but itself (one-way) → 7.
  const w = aggregateWithin(net, [0, 2, 5], 150, { weights: [2, 5, 7] });
  assert.deepEqual([...w], [2, 7, 5, 12, 7, 7]);
  assert.deepEqual([...aggregateWithin(net, [0, 2, 5, 2], 100)], [1, 3, 2, 2, 1, 1]);
  // Distance to the nearest POI at node 5: from 4 it is 50, from 3 150; 5 cannot reach 4.
  const d = nearestPoi(net, [5], 1000);
  assert.deepEqual([...d], [450, 350, 250, 150, 50, 0]);
  assert.deepEqual([...nearestPoi(net, [4], 1000)].slice(4), [0, Infinity]);
});

test('populationShareWithin weighs each node by its population', () => {
  const net = pathNet();
  // Target at node 0, radius 150: nodes 0 and 1 are within, 2.. are not. Pop 10 + 30 of 10+30+60.
  assert.equal(populationShareWithin(net, [0, 1, 3], [10, 30, 60], [0], 150), 0.4);
  assert.ok(Number.isNaN(populationShareWithin(net, [], [], [0], 150)));
});

test('isochrones: reached node sets, hull polygons, null for degenerate sets', () => {
  // 3 × 3 grid of 100 m cells, nodes 0..8 row by row.
  const xs: number[] = [], ys: number[] = [], s: number[] = [], t: number[] = [], l: number[] = [];
  for (let j = 0; j < 3; j++) for (let i = 0; i < 3; i++) { xs.push(i * 100); ys.push(j * 100); }
  for (let j = 0; j < 3; j++) for (let i = 0; i < 3; i++) {
    const v = j * 3 + i;
    if (i < 2) { s.push(v); t.push(v + 1); l.push(100); }
    if (j < 2) { s.push(v); t.push(v + 3); l.push(100); }
  }
  const net = networkFromEdges({ x: Float64Array.from(xs), y: Float64Array.from(ys), source: Uint32Array.from(s), target: Uint32Array.from(t), length: Float64Array.from(l) });
  const [centre] = isochrones(net, [4], 400, { concavity: Infinity });
  const [corner] = isochrones(net, [4, 0], 200, { concavity: Infinity, withNodes: true, start: 1 });
  const [lonely] = isochrones(net, [0], 50);
  // From the centre, 400 m reaches the whole grid: the hull is the 200 × 200 m square.
  assert.equal(centre?.nodes, 9);
  const ring = centre?.polygon?.coordinates[0] ?? [];
  let area = 0;
  for (let i = 0; i + 1 < ring.length; i++) area += (ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!) / 2;
  assert.equal(area, 40000);
  // From a corner, 200 m reaches the nodes at Manhattan distance ≤ 2: a triangle of 6 nodes, area 20000.
  assert.deepEqual([...(corner?.reached ?? [])], [0, 1, 2, 3, 4, 6]);
  const tri = corner?.polygon?.coordinates[0] ?? [];
  let triArea = 0;
  for (let i = 0; i + 1 < tri.length; i++) triArea += (tri[i]![0]! * tri[i + 1]![1]! - tri[i + 1]![0]! * tri[i]![1]!) / 2;
  assert.equal(triArea, 20000);
  // 50 m reaches only the origin: no polygon.
  assert.equal(lonely?.nodes, 1);
  assert.equal(lonely?.polygon, null);
  // Collinear reached nodes (a straight street) span no area.
  assert.equal(isochrones(pathNet(), [0], 200)[0]?.polygon, null);
});

test('intersection and network density over zones', () => {
  const net = buildNetwork(roads([
    { c: [[0, 0], [100, 0], [200, 0]] },
    { c: [[100, -100], [100, 0], [100, 100]] },
    { c: [[1100, 0], [1200, 0]] },
  ]));
  const zones = fromGeoJson([
    { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[-500, -500], [500, -500], [500, 500], [-500, 500], [-500, -500]]] } },
    { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[1000, -500], [2000, -500], [2000, 500], [1000, 500], [1000, -500]]] } },
  ], { crs: 'EPSG:32628' });
  const i = intersectionDensity(net, zones);
  // One node of degree 4 at (100,0) in zone 0; zone areas 1 km² each.
  assert.deepEqual([...i.value], [1, 0]);
  assert.deepEqual([...i.density], [1, 0]);
  const n = networkDensity(net, zones);
  // Zone 0 holds the four 100 m edges of the cross, zone 1 the 100 m street: km per km².
  assert.deepEqual([...n.value], [400, 100]);
  assert.deepEqual([...n.density], [0.4, 0.1]);
});

/** A seeded pseudo-random sequence (mulberry32), so the generated graph is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomNet(seed: number, n: number, m: number): Network {
  const r = rng(seed);
  const x = new Float64Array(n), y = new Float64Array(n);
  for (let v = 0; v < n; v++) { x[v] = r() * 3000; y[v] = r() * 3000; }
  const s = new Uint32Array(m), t = new Uint32Array(m), l = new Float64Array(m), d = new Uint8Array(m);
  for (let e = 0; e < m; e++) {
    s[e] = Math.floor(r() * n); t[e] = Math.floor(r() * n);
    l[e] = 10 + r() * 300;
    d[e] = r() < 0.2 ? ARC_FORWARD : ARC_BOTH;
  }
  return networkFromEdges({ x, y, source: s, target: t, length: l, direction: d });
}

test('Dijkstra matches Bellman-Ford relaxation on a seeded random directed graph (exactly)', () => {
  const net = randomNet(7, 400, 1200);
  const sources = [3, 77, 250];
  const bf = new Float64Array(net.nodeCount).fill(Infinity);
  for (const s of sources) bf[s] = 0;
  for (let changed = true; changed;) {
    changed = false;
    for (let u = 0; u < net.nodeCount; u++) {
      for (let k = net.offsets[u]!; k < net.offsets[u + 1]!; k++) {
        const nd = bf[u]! + net.length[k]!;
        if (nd < bf[net.targets[k]!]!) { bf[net.targets[k]!] = nd; changed = true; }
      }
    }
  }
  // Bounded at 900 m: nodes farther stay Infinity. Same additions along the same shortest paths give
  // the same doubles, and equal-length alternative paths are vanishingly unlikely with random lengths.
  const d = multiSourceDistances(net, sources, 900);
  for (let v = 0; v < net.nodeCount; v++) assert.equal(d[v], bf[v]! <= 900 ? bf[v] : Infinity, `node ${v}`);
});

test('ranges of origins concatenate bit for bit into the whole result', () => {
  const net = randomNet(11, 2000, 5000);
  const r = rng(3);
  const pois: number[] = [], weights: number[] = [];
  for (let i = 0; i < 300; i++) { pois.push(Math.floor(r() * net.nodeCount)); weights.push(r() * 10); }
  const whole = aggregateWithin(net, pois, 700, { weights });
  const cuts = [0, 1, 613, 1500, 2000];
  const parts = cuts.slice(1).map((end, i) => aggregateWithin(net, pois, 700, { weights, start: cuts[i], end }));
  const joined = new Float64Array(net.nodeCount);
  let o = 0;
  for (const p of parts) { joined.set(p, o); o += p.length; }
  assert.ok(Buffer.from(joined.buffer).equals(Buffer.from(whole.buffer)));
  assert.ok(whole.some((v) => v !== 0 && !Number.isInteger(v)));
  const near = nearestPoi(net, pois, 700);
  const nearParts = [nearestPoi(net, pois, 700, { end: 999 }), nearestPoi(net, pois, 700, { start: 999 })];
  assert.ok(Buffer.from(Float64Array.from([...nearParts[0]!, ...nearParts[1]!]).buffer).equals(Buffer.from(near.buffer)));
  const origins = pois.slice(0, 40);
  const iso = isochrones(net, origins, 500, { withNodes: true });
  const isoParts = [...isochrones(net, origins, 500, { end: 17, withNodes: true }), ...isochrones(net, origins, 500, { start: 17, withNodes: true })];
  assert.deepEqual(isoParts, iso);
});

test('snapPoints picks the nearest node, the lowest id among equally near ones', () => {
  const net = buildNetwork(roads([{ c: [[0, 0], [10, 0]] }, { c: [[10, 0], [20, 0]] }]));
  // Nodes: (0,0)=0, (10,0)=1, (20,0)=2. (5, 3) is equally near 0 and 1.
  assert.deepEqual([...snapPoints(net, points([[5, 3], [16, -1], [-100, 0]]))], [0, 2, 0]);
});
