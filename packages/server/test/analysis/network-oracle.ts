// Shared set-up for the pgRouting oracle tests: load the Las Palmas OSM extract into a test database
// with ogr2ogr exactly as /work/shared/reference/peer-baselines.md does (01_derive.sql, 03_edges.sql,
// 04_topo_extract.sql), and read tables back as engine feature tables with the very same doubles.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fromGeoJson } from '@dothi/engine';
import type { Feature, FeatureTable } from '@dothi/engine';
import type { Db } from '../../src/store/db.ts';

export const LAS_PALMAS_PBF = new URL('../../../../../shared/data/las-palmas-osm/las-palmas-2023-02-21.osm.pbf', import.meta.url);

/** GDAL's default osmconf.ini with the attributes the baseline kept (peer-baselines.md, "Exact commands"). */
function osmConf(): string {
  const base = fs.readFileSync('/usr/share/gdal/osmconf.ini', 'utf8').split('\n');
  let section = '';
  const out = base.map((line) => {
    const m = /^\[(\w+)\]/.exec(line);
    if (m) section = m[1] as string;
    if (!line.startsWith('attributes=')) return line;
    if (section === 'points') return 'attributes=name,amenity,shop,highway,public_transport,bus,ref';
    if (section === 'lines') return 'attributes=name,highway,oneway,railway,waterway';
    return line;
  });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dothi-osmconf-')), 'osmconf.ini');
  fs.writeFileSync(file, out.join('\n'));
  return file;
}

/**
 * ogr2ogr the PBF into schema osm, then the baseline's derived tables in schema b (EPSG:32628):
 * roads (with oneway, which the baseline loaded but did not use), amenities, stops, and the walking
 * edge table split at shared vertices with its pgr_extractVertices topology.
 */
export async function loadLasPalmas(db: Db, url: string): Promise<void> {
  await db.query('create extension if not exists pgrouting; create schema osm; create schema b');
  const u = new URL(url);
  const conn = `host=${u.hostname} port=${u.port || '5432'} user=${decodeURIComponent(u.username)} dbname=${u.pathname.slice(1)}` +
    (u.password ? ` password=${decodeURIComponent(u.password)}` : '');
  execFileSync('ogr2ogr', [
    '-f', 'PostgreSQL', `PG:${conn}`, fs.realpathSync(LAS_PALMAS_PBF), 'points', 'lines',
    '-lco', 'SCHEMA=osm', '-lco', 'GEOMETRY_NAME=geom', '-lco', 'SPATIAL_INDEX=NONE', '-lco', 'FID=ogc_fid',
    '--config', 'PG_USE_COPY', 'YES', '-gt', '65536', '-q',
  ], { env: { ...process.env, OSM_CONFIG_FILE: osmConf() }, stdio: ['ignore', 'ignore', 'inherit'] });
  await db.query(`
    CREATE TABLE b.amenities AS
      SELECT row_number() OVER (ORDER BY ogc_fid)::int AS id, ST_Transform(geom, 32628)::geometry(Point,32628) AS geom
      FROM osm.points WHERE amenity IS NOT NULL;
    CREATE TABLE b.stops AS
      SELECT row_number() OVER (ORDER BY ogc_fid)::int AS id, ST_Transform(geom, 32628)::geometry(Point,32628) AS geom
      FROM osm.points WHERE highway = 'bus_stop' OR public_transport = 'platform';
    CREATE TABLE b.roads AS
      SELECT row_number() OVER (ORDER BY ogc_fid)::int AS id, highway, oneway,
             ST_Transform(geom, 32628)::geometry(LineString,32628) AS geom
      FROM osm.lines WHERE highway IS NOT NULL;`);
  await splitEdges(db, 'b.roads', 'b.edges', 'b.vertices');
}

/** 03_edges.sql + 04_topo_extract.sql of the baseline, on any roads table (id, highway, oneway, geom). */
export async function splitEdges(db: Db, roads: string, edges: string, vertices: string): Promise<void> {
  await db.query(`
    CREATE TABLE ${edges} AS
    WITH v AS (
      SELECT r.id AS rid, r.highway, r.oneway, (dp).path[1] AS k, (dp).geom AS geom, ST_NPoints(r.geom) AS np
      FROM ${roads} r, LATERAL ST_DumpPoints(r.geom) dp
    ), f AS (
      SELECT rid, highway, oneway, k, np, geom,
             (k = 1 OR k = np OR count(*) OVER (PARTITION BY ST_X(geom), ST_Y(geom)) > 1) AS is_split
      FROM v
    ), s AS (
      SELECT *, coalesce(sum(is_split::int) OVER (PARTITION BY rid ORDER BY k ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS seg
      FROM f
    ), pieces AS (
      SELECT rid, highway, oneway, seg, k, geom FROM s WHERE k > 1
      UNION ALL
      SELECT rid, highway, oneway, seg + 1, k, geom FROM s WHERE is_split AND k < np
    )
    SELECT row_number() OVER (ORDER BY rid, seg)::bigint AS id, rid AS road_id, highway, oneway,
           ST_MakeLine(geom ORDER BY k) AS geom,
           NULL::bigint AS source, NULL::bigint AS target, 0::float8 AS cost, 0::float8 AS reverse_cost
    FROM pieces GROUP BY rid, highway, oneway, seg;
    UPDATE ${edges} SET cost = ST_Length(geom), reverse_cost = ST_Length(geom);
    CREATE TABLE ${vertices} AS
      SELECT id, in_edges, out_edges, x, y, geom FROM pgr_extractVertices('SELECT id, geom FROM ${edges} ORDER BY id');
    UPDATE ${edges} e SET source = v.id FROM (SELECT id, unnest(out_edges) AS eid FROM ${vertices}) v WHERE e.id = v.eid;
    UPDATE ${edges} e SET target = v.id FROM (SELECT id, unnest(in_edges) AS eid FROM ${vertices}) v WHERE e.id = v.eid;
    ALTER TABLE ${vertices} ADD PRIMARY KEY (id);
    CREATE INDEX ON ${vertices} USING gist (geom);`);
}

/** Lines as an engine table; coordinates travel as float8 in JSON, which keeps every bit. */
export async function readLines(db: Db, sql: string, crs: string): Promise<FeatureTable> {
  const { rows } = await db.query<{ highway: string | null; oneway: string | null; xy: number[][] }>(`
    SELECT q.highway, q.oneway,
           (SELECT json_agg(json_build_array(ST_X(dp.geom), ST_Y(dp.geom)) ORDER BY dp.path[1]) FROM ST_DumpPoints(q.geom) dp) AS xy
    FROM (${sql}) q ORDER BY q.id`);
  const features: Feature[] = rows.map((r) => ({
    type: 'Feature', properties: { highway: r.highway, oneway: r.oneway }, geometry: { type: 'LineString', coordinates: r.xy },
  }));
  return fromGeoJson(features, { crs, kind: 'line', columns: ['highway', 'oneway'] });
}

export async function readPoints(db: Db, sql: string, crs: string): Promise<FeatureTable> {
  const { rows } = await db.query<{ x: number; y: number }>(`SELECT ST_X(q.geom)::float8 AS x, ST_Y(q.geom)::float8 AS y FROM (${sql}) q ORDER BY q.id`);
  return fromGeoJson(rows.map((r) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [r.x, r.y] } })), { crs, kind: 'point' });
}

/** pgRouting vertex id → engine node, by exact coordinates; every vertex must have a node. */
export async function vertexToNode(db: Db, vertices: string, net: { nodeCount: number; x: Float64Array; y: Float64Array }): Promise<Map<number, number>> {
  const key = (x: number, y: number): string => `${x},${y}`;
  const byCoord = new Map<string, number>();
  for (let v = 0; v < net.nodeCount; v++) byCoord.set(key(net.x[v] as number, net.y[v] as number), v);
  const { rows } = await db.query<{ id: number; x: number; y: number }>(`SELECT id::int AS id, x::float8 AS x, y::float8 AS y FROM ${vertices}`);
  const out = new Map<number, number>();
  for (const r of rows) {
    const v = byCoord.get(key(r.x, r.y));
    if (v !== undefined) out.set(r.id, v);
  }
  return out;
}
