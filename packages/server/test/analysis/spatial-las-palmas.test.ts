// Benchmark workload W3 (land use × zones, area by class per zone) on the real Las Palmas extract,
// built by the baseline's own SQL (/work/shared/reference/peer-baselines.md, 01_derive.sql) in a
// PostGIS server database from ogr2ogr's multipolygons, read back with the very same doubles.
// Expected: the baseline's checksum `716 zone×class rows, 17142141.0 m²`, and every row equal to
// sum(ST_Area(ST_Intersection)) within 1e-9 relative (plus 1e-6 m² for slivers): both sides compute the
// same intersection vertices up to rounding. Also: the split over two row ranges merges bit for bit.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { mergeOverlay, overlayAreas } from '@dothi/engine';
import type { FeatureTable } from '@dothi/engine';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { fetchTable } from './spatial-data.ts';

const PBF = new URL('../../../../../shared/data/las-palmas-osm/las-palmas-2023-02-21.osm.pbf', import.meta.url);
const CRS = 'EPSG:32628';
let store: TestStore;
let zones: FeatureTable, landuse: FeatureTable;

before(async () => {
  store = await openTestStore('server');
  const db = store.db;
  const u = new URL(store.url as string);
  const conn = `host=${u.hostname} port=${u.port || '5432'} user=${decodeURIComponent(u.username)} dbname=${u.pathname.slice(1)}` +
    (u.password ? ` password=${decodeURIComponent(u.password)}` : '');
  await db.query('create schema osm');
  await db.query('create schema b');
  execFileSync('ogr2ogr', [
    '-f', 'PostgreSQL', `PG:${conn}`, fs.realpathSync(PBF), 'multipolygons',
    '-lco', 'SCHEMA=osm', '-lco', 'GEOMETRY_NAME=geom', '-lco', 'SPATIAL_INDEX=NONE', '-lco', 'FID=ogc_fid',
    '--config', 'PG_USE_COPY', 'YES', '-gt', '65536', '-q',
  ], { env: { ...process.env, OSM_CONFIG_FILE: '/usr/share/gdal/osmconf.ini' }, stdio: ['ignore', 'ignore', 'inherit'] });
  // 01_derive.sql, the land use, bbox and zones statements verbatim.
  await db.query(`CREATE TABLE b.landuse AS
    SELECT row_number() OVER (ORDER BY ogc_fid)::int AS id, osm_id, landuse,
           ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(geom, 32628)), 3))::geometry(MultiPolygon,32628) AS geom
    FROM osm.multipolygons WHERE landuse IS NOT NULL`);
  await db.query(`CREATE TABLE b.bbox AS
    SELECT ST_Transform(ST_Segmentize(ST_MakeEnvelope(-15.5432594,28.0097513,-15.3788715,28.1962132,4326), 0.001), 32628)::geometry(Polygon,32628) AS geom`);
  await db.query(`CREATE TABLE b.zones AS
    WITH e AS (SELECT ST_XMin(geom) x0, ST_YMin(geom) y0, ST_XMax(geom) x1, ST_YMax(geom) y1, geom FROM b.bbox),
    g AS (
      SELECT c, r, ST_MakeEnvelope(x0 + c*(x1-x0)/25, y0 + r*(y1-y0)/40, x0 + (c+1)*(x1-x0)/25, y0 + (r+1)*(y1-y0)/40, 32628) cell, e.geom bb
      FROM e, generate_series(0,24) c, generate_series(0,39) r)
    SELECT (r*25 + c + 1)::int AS id, c AS col, r AS row,
           ST_Multi(ST_CollectionExtract(ST_Intersection(cell, bb), 3))::geometry(MultiPolygon,32628) AS geom
    FROM g`);
  // ST_AsGeoJSON with 17 digits round-trips the doubles; both sides then use the same coordinates.
  zones = await fetchTable(db, 'select id, null::text as cls, ST_AsGeoJSON(geom, 17) as g from b.zones order by id', 'polygon', CRS);
  landuse = await fetchTable(db, 'select id, landuse as cls, ST_AsGeoJSON(geom, 17) as g from b.landuse order by id', 'polygon', CRS);
});

after(async () => { await store?.close(); });

test('W3 on Las Palmas: the baseline checksum and every zone × class row of ST_Area(ST_Intersection)', async () => {
  const { rows } = await store.db.query<{ id: number; cls: string; a: number }>(
    `SELECT z.id, l.landuse AS cls, sum(ST_Area(ST_Intersection(z.geom, l.geom)))::float8 AS a
     FROM b.zones z JOIN b.landuse l ON ST_Intersects(z.geom, l.geom) GROUP BY z.id, l.landuse`);
  const o = overlayAreas(zones, landuse, { classBy: 'cls' });
  let n = 0, total = 0;
  for (const a of o.area) if (a > 0) { n++; total += a; }
  assert.equal(n, 716);
  assert.equal(total.toFixed(1), '17142141.0');
  assert.equal(rows.length, 716);
  for (const r of rows) {
    // Zone ids are 1-based and the zones were read in id order.
    const ours = o.area[(r.id - 1) * o.classes.length + o.classes.indexOf(r.cls)] as number;
    assert.ok(Math.abs(ours - r.a) <= 1e-9 * r.a + 1e-6, `zone ${r.id} ${r.cls}: ${ours} vs ${r.a}`);
  }
  const m = mergeOverlay(overlayAreas(zones, landuse, { classBy: 'cls', end: 1151 }), overlayAreas(zones, landuse, { classBy: 'cls', start: 1151 }));
  assert.equal(Buffer.compare(Buffer.from(m.area.buffer), Buffer.from(o.area.buffer)), 0);
});
