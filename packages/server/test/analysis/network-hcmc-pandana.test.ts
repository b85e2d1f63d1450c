// The engine's street network against pgRouting 3.4 on two more real networks:
// - central Ho Chi Minh City roads (shared/data/hcmc-osm, OSM), projected by the engine to UTM 48N
//   (EPSG:32648), loaded into PostGIS with the same doubles and split with the baseline's 03_edges.sql;
// - pandana's OSM sample network (shared/data/pandana-osm-sample: Seattle nodes and edges), projected
//   to UTM 10N (EPSG:32610), with the engine's edge lengths given to pgr_dijkstraCost.
// Distances are compared to 1e-6 m (or s): both sides add the same float8 costs along shortest paths.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  buildNetwork, components, fromGeoJson, multiSourceDistances, nearestPoi, networkFromEdges, projectTable, snapPoints,
} from '@dothi/engine';
import type { Feature, FeatureCollection, Network } from '@dothi/engine';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { readPoints, splitEdges, vertexToNode } from './network-oracle.ts';

const SHARED = new URL('../../../../../shared/data/', import.meta.url);
let store: TestStore;

before(async () => {
  store = await openTestStore('server');
  await store.db.query('create extension if not exists pgrouting; create schema h');
});

after(async () => {
  await store?.close();
});

function checkDistances(ours: Float64Array, theirs: Array<{ node: number; d: number }>, vmap: Map<number, number>, what: string): void {
  const seen = new Set<number>();
  let maxDiff = 0;
  for (const r of theirs) {
    const v = vmap.get(r.node);
    assert.ok(v !== undefined, `${what}: vertex ${r.node} has no engine node`);
    seen.add(v);
    maxDiff = Math.max(maxDiff, Math.abs((ours[v] as number) - r.d));
  }
  let reached = 0;
  for (let v = 0; v < ours.length; v++) if (ours[v] !== Infinity) { reached++; assert.ok(seen.has(v), `${what}: node ${v}`); }
  assert.equal(reached, theirs.length, what);
  assert.ok(maxDiff <= 1e-6, `${what}: max difference ${maxDiff}`);
}

test('HCMC roads (UTM 48N): same edges, vertices, components and distances as pgRouting, walking and driving', async () => {
  const fc = JSON.parse(fs.readFileSync(new URL('hcmc-osm/hcmc-d1-d3-roads.geojson', SHARED), 'utf8')) as FeatureCollection;
  const roads = projectTable(fromGeoJson(fc.features, { columns: ['highway', 'oneway'] }), 'EPSG:32648');
  // The projected doubles go to PostGIS as GeoJSON text, which both sides read back to the same bits.
  const rows = fc.features.map((f, i) => {
    const [s, e] = [roads.geometry.partOffsets?.[roads.geometry.geomOffsets[i] as number] as number, roads.geometry.partOffsets?.[(roads.geometry.geomOffsets[i] as number) + 1] as number];
    const coordinates: number[][] = [];
    for (let v = s; v < e; v++) coordinates.push([roads.geometry.coords[2 * v] as number, roads.geometry.coords[2 * v + 1] as number]);
    return { id: i + 1, highway: f.properties?.highway ?? null, oneway: f.properties?.oneway ?? null, geometry: { type: 'LineString', coordinates } };
  });
  await store.db.query(`
    CREATE TABLE h.roads AS SELECT (f->>'id')::int AS id, f->>'highway' AS highway, f->>'oneway' AS oneway,
      ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 32648) AS geom FROM json_array_elements($1::json) f`, [JSON.stringify(rows)]);
  await splitEdges(store.db, 'h.roads', 'h.edges', 'h.vertices');
  const net = buildNetwork(roads);
  const { rows: cnt } = await store.db.query<{ n: number; v: number }>('SELECT (SELECT count(*) FROM h.edges)::int AS n, (SELECT count(*) FROM h.vertices)::int AS v');
  assert.equal(net.edgeCount, cnt[0]?.n);
  assert.equal(net.nodeCount, cnt[0]?.v);
  const vmap = await vertexToNode(store.db, 'h.vertices', net);
  assert.equal(vmap.size, net.nodeCount);

  const { rows: cc } = await store.db.query<{ node: number; component: number }>(
    `SELECT node::int AS node, component::int AS component FROM pgr_connectedComponents('SELECT id, source, target, cost, reverse_cost FROM h.edges')`);
  const ours = components(net);
  const pairs = new Set(cc.map((r) => `${r.component}:${ours.label[vmap.get(r.node) as number]}`));
  // A bijection between pgRouting's components and the engine's labels.
  assert.equal(pairs.size, ours.sizes.length);
  assert.equal(new Set(cc.map((r) => r.component)).size, ours.sizes.length);

  // Bus stops snapped by KNN on both sides, then distances from them (5 km bound covers the extract).
  const stopsFc = JSON.parse(fs.readFileSync(new URL('hcmc-osm/hcmc-d1-d3-bus_stops.geojson', SHARED), 'utf8')) as FeatureCollection;
  const stops = projectTable(fromGeoJson(stopsFc.features.filter((f) => f.geometry?.type === 'Point'), { columns: [] }), 'EPSG:32648');
  await store.db.query(`CREATE TABLE h.stops AS SELECT o::int AS id, ST_SetSRID(ST_MakePoint((p->>0)::float8, (p->>1)::float8), 32648) AS geom
    FROM json_array_elements($1::json) WITH ORDINALITY AS t(p, o)`, [JSON.stringify(Array.from({ length: stops.length }, (_, i) => [stops.geometry.coords[2 * i], stops.geometry.coords[2 * i + 1]]))]);
  const snapped = snapPoints(net, await readPoints(store.db, 'SELECT * FROM h.stops', 'EPSG:32648'));
  const knn = await store.db.query<{ id: number }>(`SELECT DISTINCT nv.id::int AS id FROM h.stops s
    CROSS JOIN LATERAL (SELECT v.id FROM h.vertices v ORDER BY v.geom <-> s.geom LIMIT 1) nv`);
  assert.deepEqual(new Set(snapped), new Set(knn.rows.map((r) => vmap.get(r.id))));
  const dd = await store.db.query<{ node: number; d: number }>(`
    SELECT node::int AS node, min(agg_cost)::float8 AS d FROM pgr_drivingDistance('SELECT id, source, target, cost FROM h.edges',
      ARRAY(SELECT DISTINCT nv.id FROM h.stops s CROSS JOIN LATERAL (SELECT v.id FROM h.vertices v ORDER BY v.geom <-> s.geom LIMIT 1) nv),
      5000, directed => false) GROUP BY node`);
  assert.ok(dd.rows.length > net.nodeCount / 2);
  checkDistances(nearestPoi(net, snapped, 5000), dd.rows, vmap, 'HCMC walk');

  // Driving, lengths as weights: one-way pieces (84 one-way roads in the extract) only as drawn.
  await store.db.query(`CREATE TABLE h.droads AS SELECT * FROM h.roads WHERE highway NOT IN ('footway','path','steps','pedestrian','cycleway','bridleway','corridor','platform','elevator')`);
  await splitEdges(store.db, 'h.droads', 'h.dedges', 'h.dvertices');
  await store.db.query(`UPDATE h.dedges SET cost = CASE WHEN oneway = '-1' THEN -1 ELSE ST_Length(geom) END,
    reverse_cost = CASE WHEN oneway IN ('yes','1','true') THEN -1 ELSE ST_Length(geom) END`);
  const drive = buildNetwork(roads, { mode: 'drive' });
  const dmap = await vertexToNode(store.db, 'h.dvertices', drive);
  assert.equal(dmap.size, drive.nodeCount);
  const ids = [...dmap].filter(([, v]) => v % 37 === 0);
  const fwd = await store.db.query<{ node: number; d: number }>(`SELECT node::int AS node, min(agg_cost)::float8 AS d
    FROM pgr_drivingDistance('SELECT id, source, target, cost, reverse_cost FROM h.dedges', ARRAY[${ids.map(([id]) => id).join(',')}]::bigint[], 1500, directed => true)
    GROUP BY node`);
  checkDistances(multiSourceDistances(drive, ids.map(([, v]) => v), 1500), fwd.rows, dmap, 'HCMC drive');
});

test('pandana OSM sample (Seattle, UTM 10N): shortest paths equal pgr_dijkstraCost', async () => {
  const nodesCsv = fs.readFileSync(new URL('pandana-osm-sample/nodes.csv', SHARED), 'utf8').trim().split('\n').slice(1);
  const edgesCsv = fs.readFileSync(new URL('pandana-osm-sample/edges.csv', SHARED), 'utf8').trim().split('\n').slice(1);
  const index = new Map<string, number>();
  const pts: Feature[] = nodesCsv.map((line, i) => {
    const [id, lon, lat] = line.split(',');
    index.set(id as string, i);
    return { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [Number(lon), Number(lat)] } };
  });
  const projected = projectTable(fromGeoJson(pts, { kind: 'point' }), 'EPSG:32610');
  const n = pts.length;
  const x = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) { x[i] = projected.geometry.coords[2 * i] as number; y[i] = projected.geometry.coords[2 * i + 1] as number; }
  const src: number[] = [], dst: number[] = [], len: number[] = [];
  for (const line of edgesCsv) {
    const [a, b] = line.split(',');
    const s = index.get(a as string) as number, t = index.get(b as string) as number;
    src.push(s); dst.push(t);
    len.push(Math.hypot((x[t] as number) - (x[s] as number), (y[t] as number) - (y[s] as number)));
  }
  const net: Network = networkFromEdges({ x, y, source: Uint32Array.from(src), target: Uint32Array.from(dst), length: Float64Array.from(len) });
  assert.equal(net.edgeCount, 1702); // edges.csv has 1,702 rows
  await store.db.query(`CREATE TABLE h.pedges AS SELECT o::int AS id, (e->>0)::int + 1 AS source, (e->>1)::int + 1 AS target, (e->>2)::float8 AS cost
    FROM json_array_elements($1::json) WITH ORDINALITY AS t(e, o)`, [JSON.stringify(src.map((s, i) => [s, dst[i], len[i]]))]);
  // The sample is fragmented (855 components; the largest has 477 nodes): take sources in the largest.
  const cc0 = components(net);
  const big = cc0.sizes.indexOf(Math.max(...cc0.sizes));
  const inBig = [...cc0.label.keys()].filter((v) => cc0.label[v] === big);
  const sources = [0, 100, 200, 300].map((k) => inBig[k] as number);
  const { rows } = await store.db.query<{ s: number; t: number; d: number }>(`
    SELECT start_vid::int - 1 AS s, end_vid::int - 1 AS t, agg_cost::float8 AS d
    FROM pgr_dijkstraCost('SELECT id, source, target, cost FROM h.pedges', ARRAY[${sources.map((s) => s + 1).join(',')}]::bigint[],
                          ARRAY(SELECT generate_series(1, ${n}))::bigint[], directed => false)`);
  assert.equal(rows.length, 4 * (Math.max(...cc0.sizes) - 1));
  const bySource = new Map<number, Float64Array>(sources.map((s) => [s, multiSourceDistances(net, [s], Infinity)]));
  let maxDiff = 0, pairs = 0;
  for (const r of rows) {
    maxDiff = Math.max(maxDiff, Math.abs((bySource.get(r.s)?.[r.t] as number) - r.d));
    pairs++;
  }
  // pgr_dijkstraCost lists only reachable pairs other than the source itself: the engine reaches the same.
  let reached = 0;
  for (const d of bySource.values()) for (const v of d) if (v !== Infinity && v > 0) reached++;
  assert.equal(reached, pairs);
  assert.ok(maxDiff <= 1e-6, `max difference ${maxDiff} m`);
  const { rows: cc } = await store.db.query<{ n: number }>(
    `SELECT count(DISTINCT component)::int AS n FROM pgr_connectedComponents('SELECT id, source, target, cost FROM h.pedges')`);
  // pgr_connectedComponents only sees nodes that have an edge (769 of the 1,498 sample nodes have none).
  const withEdge = new Set([...src, ...dst]);
  assert.equal(new Set([...withEdge].map((v) => cc0.label[v])).size, cc[0]?.n);
  assert.equal(cc0.sizes.length - (n - withEdge.size), cc[0]?.n);
});
