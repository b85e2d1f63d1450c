// Builds one benchmark database per dataset in the throwaway cluster, all in schema `b` (EPSG:32628):
// Las Palmas exactly as the baseline (ogr2ogr with its osmconf.ini, then 01_derive.sql), a synthetic city
// by COPY of the generator's EWKB; then for both the baseline's 02_index, VACUUM ANALYZE, 03_edges,
// 04_topo_extract and 05_origins. Everything the engine gets is read back from here (read-back.ts).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyIn, freshDb, psql, writeLines } from '../lib/pg.ts';
import { ewkbHex } from '../lib/wkb.ts';
import { synthCity } from '../synth/city.ts';
import type { CitySize, SynthLayer } from '../synth/city.ts';

const SQL = fileURLToPath(new URL('../sql/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const LAS_PALMAS_PBF = path.join(ROOT, 'examples/las-palmas/las-palmas-2023-02-21.osm.pbf');

export class PeerUnavailable extends Error {}

/** A fresh database with PostGIS and pgRouting, or PeerUnavailable saying which one is missing. */
async function peerDb(admin: string, name: string): Promise<string> {
  const url = await freshDb(admin, name);
  for (const ext of ['postgis', 'pgrouting']) {
    try { psql(url, { text: `create extension ${ext}` }); } catch (e) {
      throw new PeerUnavailable(`cannot create extension ${ext} (install postgresql-15-postgis-3 and postgresql-15-pgrouting): ${(e as Error).message.trim()}`);
    }
  }
  return url;
}

function timed<T>(steps: Record<string, number>, name: string, fn: () => T): T {
  const t0 = performance.now();
  const r = fn();
  steps[name] = Math.round(performance.now() - t0);
  return r;
}

function network(url: string, steps: Record<string, number>): void {
  timed(steps, 'index', () => psql(url, { file: path.join(SQL, '02_index.sql') }));
  timed(steps, 'vacuum_analyze', () => psql(url, { text: 'VACUUM ANALYZE' }));
  timed(steps, 'edges', () => psql(url, { file: path.join(SQL, '03_edges.sql') }));
  timed(steps, 'topology', () => psql(url, { file: path.join(SQL, '04_topo_extract.sql') }));
  psql(url, { text: 'VACUUM ANALYZE b.edges' });
  psql(url, { text: 'VACUUM ANALYZE b.vertices' });
  timed(steps, 'origins', () => psql(url, { file: path.join(SQL, '05_origins.sql') }));
}

export async function prepareLasPalmas(admin: string): Promise<{ url: string; steps: Record<string, number> }> {
  const url = await peerDb(admin, 'bench_lp');
  const steps: Record<string, number> = {};
  const u = new URL(url);
  psql(url, { text: 'CREATE SCHEMA osm' });
  timed(steps, 'ogr2ogr', () => {
    const r = spawnSync('ogr2ogr', ['-f', 'PostgreSQL', `PG:host=${u.hostname} port=${u.port} user=postgres dbname=bench_lp`, LAS_PALMAS_PBF,
      'points', 'lines', 'multipolygons', '-lco', 'SCHEMA=osm', '-lco', 'GEOMETRY_NAME=geom', '-lco', 'SPATIAL_INDEX=NONE', '-lco', 'FID=ogc_fid',
      '--config', 'PG_USE_COPY', 'YES', '-gt', '65536', '-q'], { encoding: 'utf8', env: { ...process.env, OSM_CONFIG_FILE: path.join(SQL, 'osmconf.ini') } });
    if (r.status !== 0) throw new Error(`ogr2ogr failed: ${r.stderr}`);
  });
  timed(steps, 'derive', () => psql(url, { file: path.join(SQL, '01_derive.sql') }));
  network(url, steps);
  return { url, steps };
}

const SRID = 32628;

function layerRows(l: SynthLayer, cols: string[], idFrom: (i: number) => number): Iterable<string> {
  return (function* () {
    for (let i = 0; i < l.geoms.length; i++) {
      const vals = cols.map((c) => String((l.attrs[c] as Array<string | number>)[i]));
      yield [idFrom(i), ...vals, ewkbHex(l.kind, SRID, l.geoms[i] as number[][][])].join('\t');
    }
  })();
}

/** Creates b.* from the seeded generator (same columns as the baseline's derived tables) and loads by COPY. */
export async function prepareSynthetic(admin: string, size: CitySize, seed: number): Promise<{ url: string; steps: Record<string, number> }> {
  const url = await peerDb(admin, `bench_${size.toLowerCase()}`);
  const steps: Record<string, number> = {};
  const city = timed(steps, 'generate', () => synthCity(size, seed));
  const L = city.layers;
  psql(url, { text: `CREATE SCHEMA b;
    CREATE TABLE b.zones (id int, col int, "row" int, geom geometry(MultiPolygon,${SRID}));
    CREATE TABLE b.pts (id int, val float8, geom geometry(Point,${SRID}));
    CREATE TABLE b.buildings (id int, building text, geom geometry(MultiPolygon,${SRID}));
    CREATE TABLE b.amenities (id int, amenity text, geom geometry(Point,${SRID}));
    CREATE TABLE b.stops (id int, name text, geom geometry(Point,${SRID}));
    CREATE TABLE b.landuse (id int, landuse text, geom geometry(MultiPolygon,${SRID}));
    CREATE TABLE b.roads (id int, highway text, geom geometry(LineString,${SRID}));` });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dothi-bench-'));
  try {
    timed(steps, 'copy', () => {
      const load = (table: string, l: SynthLayer, cols: string[], idFrom: (i: number) => number = (i) => i + 1): void => {
        const file = path.join(tmp, `${table}.tsv`);
        writeLines(file, layerRows(l, cols, idFrom));
        copyIn(url, `b.${table}`, ['id', ...cols.map((c) => (c === 'row' ? '"row"' : c)), 'geom'], file);
      };
      load('zones', L.zones, ['col', 'row'], (i) => (L.zones.attrs.id as number[])[i] as number);
      load('pts', L.pts, ['val']);
      load('buildings', L.buildings, ['building']);
      load('amenities', L.amenities, ['amenity']);
      load('stops', L.stops, ['name']);
      load('landuse', L.landuse, ['landuse']);
      load('roads', L.roads, ['highway']);
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  network(url, steps);
  return { url, steps };
}
