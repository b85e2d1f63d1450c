// The engine's street network against pgRouting 3.4 on the real Las Palmas OSM extract, loaded with
// ogr2ogr and split into edges by the very SQL of /work/shared/reference/peer-baselines.md
// (03_edges.sql, 04_topo_extract.sql). The expected checksums quoted below are the baseline's table.
// Distances are compared to 1e-6 m: both sides add the same float8 edge lengths along shortest paths,
// so they differ at most in the last bits when two paths tie; 1e-6 m is far below any real difference.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  aggregateWithin, buildNetwork, components, isochrones, multiSourceDistances, nearestPoi, snapPoints, MODE_SPEEDS_KMH, MODE_EXCLUDED,
} from '@dothi/engine';
import type { Network } from '@dothi/engine';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { loadLasPalmas, readLines, readPoints, splitEdges, vertexToNode } from './network-oracle.ts';

const CRS = 'EPSG:32628';
let store: TestStore;
let net: Network;
let vmap: Map<number, number>;

before(async () => {
  store = await openTestStore('server');
  await loadLasPalmas(store.db, store.url as string);
  net = buildNetwork(await readLines(store.db, 'SELECT * FROM b.roads', CRS));
  vmap = await vertexToNode(store.db, 'b.vertices', net);
});

after(async () => {
  await store?.close();
});

/** Engine distances (Infinity = unreached) against pgRouting's rows (vertex id, cost). */
function compareDistances(ours: Float64Array, theirs: Array<{ node: number; d: number }>, what: string): number {
  const seen = new Set<number>();
  let maxDiff = 0;
  for (const r of theirs) {
    const v = vmap.get(r.node);
    assert.ok(v !== undefined, `${what}: vertex ${r.node} has no engine node`);
    seen.add(v);
    maxDiff = Math.max(maxDiff, Math.abs((ours[v] as number) - r.d));
  }
  let reached = 0;
  for (let v = 0; v < ours.length; v++) if (ours[v] !== Infinity) { reached++; assert.ok(seen.has(v), `${what}: node ${v} reached only by the engine`); }
  assert.equal(reached, theirs.length, what);
  assert.ok(maxDiff <= 1e-6, `${what}: max difference ${maxDiff} m`);
  return maxDiff;
}

test('edges and vertices: 27,429 and 21,084 as pgRouting, the same pieces in the same order', async () => {
  const { rows } = await store.db.query<{ source: number; target: number; cost: number }>(
    'SELECT source::int AS source, target::int AS target, cost::float8 AS cost FROM b.edges ORDER BY id');
  assert.equal(rows.length, 27429); // peer-baselines.md, data table: edges 27,429
  assert.equal(net.edgeCount, rows.length);
  assert.equal(net.nodeCount, 21084); // vertices 21,084
  assert.equal(vmap.size, net.nodeCount); // every pgRouting vertex is an engine node, at the same coordinates
  let maxLen = 0;
  rows.forEach((r, i) => {
    // Edge order is road order then piece order on both sides (row_number() OVER (ORDER BY rid, seg)).
    assert.equal(net.edgeSource?.[i], vmap.get(r.source));
    assert.equal(net.edgeTarget?.[i], vmap.get(r.target));
    maxLen = Math.max(maxLen, Math.abs((net.edgeLength?.[i] as number) - r.cost));
  });
  // ST_Length adds sqrt(dx²+dy²) segment by segment, as the engine does: the lengths are the same doubles.
  assert.equal(maxLen, 0);
});

test('connected components equal pgr_connectedComponents (largest 19,327)', async () => {
  const { rows } = await store.db.query<{ node: number; component: number }>(
    `SELECT node::int AS node, component::int AS component FROM pgr_connectedComponents('SELECT id, source, target, cost, reverse_cost FROM b.edges')`);
  const ours = components(net);
  const theirs = new Map<number, number>(); // pgRouting component → engine label
  for (const r of rows) {
    const label = ours.label[vmap.get(r.node) as number] as number;
    const known = theirs.get(r.component);
    if (known === undefined) theirs.set(r.component, label); else assert.equal(label, known, `vertex ${r.node}`);
  }
  assert.equal(rows.length, net.nodeCount);
  assert.equal(theirs.size, ours.sizes.length);
  assert.equal(Math.max(...ours.sizes), 19327); // peer-baselines.md: largest connected component 19,327
});

test('W4a: distance to the nearest stop within 800 m equals multi-source pgr_drivingDistance (no equicost)', async () => {
  const snapped = await store.db.query<{ id: number }>(`
    SELECT DISTINCT nv.id::int AS id FROM b.stops s
    CROSS JOIN LATERAL (SELECT v.id FROM b.vertices v ORDER BY v.geom <-> s.geom LIMIT 1) nv`);
  const stops = snapPoints(net, await readPoints(store.db, 'SELECT * FROM b.stops', CRS));
  assert.deepEqual(new Set(stops), new Set(snapped.rows.map((r) => vmap.get(r.id))));
  const { rows } = await store.db.query<{ node: number; d: number }>(`
    SELECT node::int AS node, min(agg_cost)::float8 AS d
    FROM pgr_drivingDistance('SELECT id, source, target, cost FROM b.edges',
                             ARRAY(SELECT DISTINCT nv.id FROM b.stops s CROSS JOIN LATERAL (SELECT v.id FROM b.vertices v ORDER BY v.geom <-> s.geom LIMIT 1) nv),
                             800, directed => false, equicost => false)
    GROUP BY node`);
  const d = nearestPoi(net, stops, 800);
  compareDistances(d, rows, 'W4a');
  let n = 0, sum = 0, max = 0;
  for (const x of d) if (x !== Infinity) { n++; sum += x; max = Math.max(max, x); }
  // Baseline checksum: 16142 vertices reached, sum 4236996.397, max 799.374.
  assert.deepEqual([n, sum.toFixed(3), max.toFixed(3)], [16142, '4236996.397', '799.374']);
});

test('W4b: amenities within 800 m of every vertex equal pgRouting\'s counts exactly', async () => {
  const amenities = snapPoints(net, await readPoints(store.db, 'SELECT * FROM b.amenities', CRS));
  const { rows } = await store.db.query<{ id: number; cnt: number }>(`
    WITH av AS (
      SELECT nv.id AS vid, count(*) AS n FROM b.amenities a
      CROSS JOIN LATERAL (SELECT v.id FROM b.vertices v ORDER BY v.geom <-> a.geom LIMIT 1) nv GROUP BY nv.id
    ), dd AS (
      SELECT from_v, node FROM pgr_drivingDistance('SELECT id, source, target, cost FROM b.edges',
                                                   ARRAY(SELECT vid FROM av ORDER BY vid), 800, directed => false)
    )
    SELECT v.id::int AS id, coalesce(r.cnt, 0)::int AS cnt FROM b.vertices v
    LEFT JOIN (SELECT dd.node, sum(av.n) AS cnt FROM dd JOIN av ON av.vid = dd.from_v GROUP BY dd.node) r ON r.node = v.id`);
  const counts = aggregateWithin(net, amenities, 800);
  for (const r of rows) assert.equal(counts[vmap.get(r.id) as number], r.cnt, `vertex ${r.id}`);
  let sum = 0, max = 0, any = 0;
  for (const c of counts) { sum += c; max = Math.max(max, c); if (c > 0) any++; }
  // Baseline checksum: 21084 vertices, sum 2037140, max 1139, 14208 with ≥ 1.
  assert.deepEqual([counts.length, sum, max, any], [21084, 2037140, 1139, 14208]);
});

test('W5: isochrone node sets equal pgRouting\'s; hull areas near ST_ConcaveHull(…, 0.5)', async () => {
  await store.db.query(`SELECT setseed(0.42); CREATE TABLE b.origins AS SELECT id FROM (SELECT id FROM b.vertices ORDER BY id) v ORDER BY random() LIMIT 100`);
  const { rows: origins } = await store.db.query<{ id: number }>('SELECT id::int AS id FROM b.origins ORDER BY id');
  assert.equal(origins.reduce((a, o) => a + o.id, 0), 992738); // baseline note 6: sum of origin ids 992,738
  const { rows } = await store.db.query<{ from_v: number; nodes: number[]; area: number; polygon: boolean }>(`
    WITH dd AS (
      SELECT from_v, node FROM pgr_drivingDistance('SELECT id, source, target, cost FROM b.edges',
                                                   ARRAY(SELECT id FROM b.origins ORDER BY id), 800, directed => false)
    )
    SELECT dd.from_v::int AS from_v, array_agg(dd.node::int) AS nodes,
           ST_Area(ST_ConcaveHull(ST_Collect(v.geom), 0.5))::float8 AS area,
           GeometryType(ST_ConcaveHull(ST_Collect(v.geom), 0.5)) = 'POLYGON' AS polygon
    FROM dd JOIN b.vertices v ON v.id = dd.node GROUP BY dd.from_v ORDER BY dd.from_v`);
  const iso = isochrones(net, origins.map((o) => vmap.get(o.id) as number), 800, { withNodes: true });
  let nodes = 0, oursArea = 0, theirArea = 0, polygons = 0;
  rows.forEach((r, i) => {
    const ours = iso[i];
    assert.equal(ours?.origin, vmap.get(r.from_v));
    assert.deepEqual([...(ours?.reached ?? [])], r.nodes.map((id) => vmap.get(id) as number).sort((a, b) => a - b));
    nodes += ours?.nodes ?? 0;
    assert.equal(ours?.polygon !== null, r.polygon, `origin ${r.from_v}: polygon or not`);
    if (ours?.polygon) {
      polygons++;
      theirArea += r.area;
      const ring = ours.polygon.coordinates[0] as number[][];
      let a = 0;
      for (let k = 0; k + 1 < ring.length; k++) a += ((ring[k] as number[])[0] as number) * ((ring[k + 1] as number[])[1] as number) - ((ring[k + 1] as number[])[0] as number) * ((ring[k] as number[])[1] as number);
      oursArea += a / 2;
    }
  });
  // Baseline checksum: 100 hulls, 18998 nodes, 49727905.3 m², 97 polygons.
  assert.deepEqual([rows.length, nodes, polygons], [100, 18998, 97]);
  // GEOS's concave hull (pctconvex 0.5) and concaveman (concavity 3) are different algorithms over the
  // same points, so only the total area is compared, within 5 % (measured: 1.7 %).
  assert.ok(Math.abs(oursArea / theirArea - 1) < 0.05, `areas ${oursArea} vs ${theirArea}`);
});

test('driving: one-way streets and travel times by class equal directed pgRouting, both ways', async () => {
  const excluded = [...MODE_EXCLUDED.drive].map((h) => `'${h}'`).join(',');
  const speed = `CASE highway ${Object.entries(MODE_SPEEDS_KMH.drive).filter(([h]) => h !== 'default').map(([h, s]) => `WHEN '${h}' THEN ${s}`).join(' ')} ELSE ${MODE_SPEEDS_KMH.drive.default} END`;
  await store.db.query(`CREATE TABLE b.droads AS SELECT * FROM b.roads WHERE highway NOT IN (${excluded})`);
  await splitEdges(store.db, 'b.droads', 'b.dedges', 'b.dvertices');
  // OSM oneway: yes/1/true run as drawn, -1 against it; pgRouting skips a direction with a negative cost.
  await store.db.query(`
    UPDATE b.dedges SET cost = CASE WHEN oneway = '-1' THEN -1 ELSE ST_Length(geom) / (${speed} / 3.6) END,
                        reverse_cost = CASE WHEN oneway IN ('yes', '1', 'true') THEN -1 ELSE ST_Length(geom) / (${speed} / 3.6) END`);
  const drive = buildNetwork(await readLines(store.db, 'SELECT * FROM b.droads', CRS), { mode: 'drive' });
  const { rows: cnt } = await store.db.query<{ n: number; v: number; oneway: number }>(
    `SELECT (SELECT count(*) FROM b.dedges)::int AS n, (SELECT count(*) FROM b.dvertices)::int AS v,
            (SELECT count(*) FROM b.dedges WHERE cost < 0 OR reverse_cost < 0)::int AS oneway`);
  assert.equal(drive.edgeCount, cnt[0]?.n);
  assert.equal(drive.nodeCount, cnt[0]?.v);
  assert.ok((cnt[0]?.oneway ?? 0) > 1000, 'Las Palmas has many one-way pieces, so the check has teeth');
  const saved = vmap;
  vmap = await vertexToNode(store.db, 'b.dvertices', drive);
  try {
    const sources = [0, 1000, 5000, 9000].filter((v) => v < drive.nodeCount);
    const ids = sources.map((v) => [...vmap].find(([, n]) => n === v)?.[0]);
    // Forward: travel time from the sources (pgr_drivingDistance follows cost, then reverse_cost backwards).
    const fwd = await store.db.query<{ node: number; d: number }>(`
      SELECT node::int AS node, min(agg_cost)::float8 AS d FROM pgr_drivingDistance(
        'SELECT id, source, target, cost, reverse_cost FROM b.dedges', ARRAY[${ids.join(',')}]::bigint[], 300, directed => true)
      GROUP BY node`);
    assert.ok(fwd.rows.length > 500, `${fwd.rows.length} nodes within 5 minutes`);
    compareDistances(multiSourceDistances(drive, sources, 300, { weight: 'cost' }), fwd.rows, 'drive forward');
    // Towards the sources: the same search on reversed edges, which nearestPoi does on the reverse CSR.
    const bwd = await store.db.query<{ node: number; d: number }>(`
      SELECT node::int AS node, min(agg_cost)::float8 AS d FROM pgr_drivingDistance(
        'SELECT id, target AS source, source AS target, cost, reverse_cost FROM b.dedges', ARRAY[${ids.join(',')}]::bigint[], 300, directed => true)
      GROUP BY node`);
    const towards = nearestPoi(drive, sources, 300, { weight: 'cost' });
    compareDistances(towards, bwd.rows, 'drive towards');
    // One-way streets make the two directions differ somewhere.
    const away = multiSourceDistances(drive, sources, 300, { weight: 'cost' });
    assert.ok(away.some((d, v) => d !== towards[v]));
  } finally {
    vmap = saved;
  }
});
