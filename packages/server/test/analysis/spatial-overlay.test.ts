// Overlay areas, area-apportioned zonal statistics, buffers, dissolve, validity and repair against
// PostGIS (GEOS) on HCMC OSM land use and buildings, in grid zones that include L-shaped (non-convex)
// and holed cells, on both store backends. Land use and buildings are made valid by ST_MakeValid in
// PostGIS and read back, so both sides clip the same valid polygons.
// Tolerances, and why:
// - intersection areas 1e-9 relative (plus 1e-6 m² for slivers): both sides compute the same
//   intersection vertices up to rounding, which moves areas by ~1e-12 relative;
// - point buffers 1e-9 relative: the same regular 32-gon (quad_segs = 8);
// - polygon buffers 1e-3 relative (measured worst 3.1e-4): GEOS fillets each join from the incoming segment's normal, ours
//   puts a full 32-gon at each vertex turned to the outgoing normal, so the join arcs differ by at
//   most one chord step (the 32-gon's deficit against a circle is 0.64 %, on the corner share only);
// - dissolve (union) areas 1e-9 relative: exact boolean operations on both sides.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buffer, dissolve, overlayAreas, planarAreas, repairPolygons, tableBounds, validatePolygons, zonalStatsPolygons } from '@dothi/engine';
import type { FeatureTable } from '@dothi/engine';
import { BACKENDS, openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { fetchTable, gridZones, hcmc, insertTable } from './spatial-data.ts';

const CRS = 'EPSG:32648';
const rawLanduse = hcmc('landuse_areas', 'polygon', ['landuse', 'leisure', 'amenity']);
const rawBuildings = hcmc('buildings', 'polygon', ['building']);
const stops = hcmc('bus_stops', 'point', ['highway']);
const zones = gridZones(tableBounds(rawBuildings) as [number, number, number, number], 7, 6, CRS);
const close = (a: number, b: number, rel: number, abs = 0): boolean => Math.abs(a - b) <= rel * Math.abs(b) + abs;

for (const backend of BACKENDS) {
  describe(`spatial overlay/geometry vs PostGIS (${backend})`, () => {
    let store: TestStore;
    let landuse: FeatureTable, buildings: FeatureTable;
    before(async () => {
      store = await openTestStore(backend);
      const db = store.db;
      await insertTable(db, 'zones', zones, 32648);
      await insertTable(db, 'raw_lu', rawLanduse, 32648);
      await insertTable(db, 'raw_bl', rawBuildings, 32648);
      await insertTable(db, 'stops', stops, 32648);
      for (const [raw, valid] of [['raw_lu', 'lu'], ['raw_bl', 'bl']]) {
        await db.query(`create table ${valid} as select id, cls, ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3)) as geom from ${raw}`);
      }
      landuse = await fetchTable(db, 'select id, cls, ST_AsGeoJSON(geom, 17) as g from lu order by id', 'polygon', CRS);
      buildings = await fetchTable(db, 'select id, cls, ST_AsGeoJSON(geom, 17) as g from bl order by id', 'polygon', CRS);
      // Re-store what JS read, so both sides use the identical coordinates.
      await db.query('drop table lu');
      await db.query('drop table bl');
      await insertTable(db, 'lu', landuse, 32648);
      await insertTable(db, 'bl', buildings, 32648);
    });
    after(async () => { await store?.close(); });

    test('land use and buildings: area by class per zone equals sum(ST_Area(ST_Intersection)) (1e-9 relative)', async () => {
      for (const [tbl, t] of [['lu', landuse], ['bl', buildings]] as const) {
        const { rows } = await store.db.query<{ id: number; cls: string; a: number }>(
          `select z.id, p.cls, sum(ST_Area(ST_Intersection(z.geom, p.geom)))::float8 as a from zones z join ${tbl} p on ST_Intersects(z.geom, p.geom) group by z.id, p.cls`);
        const o = overlayAreas(zones, t, { classBy: 'cls' });
        const seen = new Set<number>();
        for (const r of rows) {
          const i = r.id * o.classes.length + o.classes.indexOf(r.cls);
          seen.add(i);
          assert.ok(close(o.area[i] as number, r.a, 1e-9, 1e-6), `${tbl} zone ${r.id} ${r.cls}: ${o.area[i]} vs ${r.a}`);
        }
        o.area.forEach((a, i) => { if (!seen.has(i)) assert.ok(a < 1e-6, `${tbl} cell ${i} only ours: ${a}`); });
        assert.ok(rows.length > 20, `${tbl}: ${rows.length} zone × class rows`);
      }
    });

    test('buildings apportioned to zones: intersected area and area share per zone', async () => {
      const { rows } = await store.db.query<{ id: number; a: number; share: number }>(
        `select z.id, sum(ST_Area(ST_Intersection(z.geom, p.geom)))::float8 as a,
                sum(ST_Area(ST_Intersection(z.geom, p.geom)) / ST_Area(p.geom))::float8 as share
         from zones z join bl p on ST_Intersects(z.geom, p.geom) group by z.id`);
      const st = zonalStatsPolygons(buildings, zones);
      for (const r of rows) {
        assert.ok(close(st.area?.[r.id] as number, r.a, 1e-9, 1e-6), `zone ${r.id} area`);
        assert.ok(close(st.count[r.id] as number, r.share, 1e-9, 1e-9), `zone ${r.id} share`);
      }
    });

    test('buffers: bus stops by 100 m (1e-9) and buildings by 5 m (1e-3) against ST_Buffer quad_segs=8', async () => {
      const s = await store.db.query<{ id: number; a: number }>("select id, ST_Area(ST_Buffer(geom, 100, 'quad_segs=8'))::float8 as a from stops order by id");
      const ours = planarAreas(buffer(stops, 100));
      for (const r of s.rows) assert.ok(close(ours[r.id] as number, r.a, 1e-9), `stop ${r.id}`);
      const b = await store.db.query<{ id: number; a: number }>("select id, ST_Area(ST_Buffer(geom, 5, 'quad_segs=8'))::float8 as a from bl where id < 150 order by id");
      const rows = [...Array(150).keys()];
      const bb = planarAreas(buffer({ ...buildings, length: 150, geometry: { ...buildings.geometry, geomOffsets: buildings.geometry.geomOffsets.subarray(0, 151) } }, 5));
      let worst = 0;
      for (const r of b.rows) {
        worst = Math.max(worst, Math.abs((bb[r.id] as number) - r.a) / r.a);
        assert.ok(close(bb[r.id] as number, r.a, 1e-3), `building ${r.id}: ${bb[r.id]} vs ${r.a}`);
      }
      assert.equal(b.rows.length, rows.length);
      console.log(`building buffer 5 m: worst relative area difference ${worst.toExponential(2)}`);
    });

    test('dissolve: ST_Union area of all buildings and of land use by class (1e-9 relative)', async () => {
      const all = await store.db.query<{ a: number }>('select ST_Area(ST_Union(geom))::float8 as a from bl');
      assert.ok(close(planarAreas(dissolve(buildings))[0] as number, (all.rows[0] as { a: number }).a, 1e-9));
      const by = await store.db.query<{ cls: string; a: number }>('select cls, ST_Area(ST_Union(geom))::float8 as a from lu group by cls');
      const d = dissolve(landuse, { by: 'cls' });
      const areas = planarAreas(d);
      const col = d.columns.cls;
      assert.ok(col?.type === 'string');
      for (const r of by.rows) {
        const i = [...col.codes].findIndex((c) => col.dictionary[c] === r.cls);
        assert.ok(close(areas[i] as number, r.a, 1e-9), `class ${r.cls}: ${areas[i]} vs ${r.a}`);
      }
      assert.equal(d.length, by.rows.length);
    });

    test('validity of the raw OSM polygons equals ST_IsValid; repaired areas equal ST_Area(ST_MakeValid)', async () => {
      // The raw HCMC polygons are all valid; damaged copies of the first 60 buildings (second and
      // third vertex of the outer ring swapped, which mostly makes a bow-tie) give invalid real shapes.
      const coords = rawBuildings.geometry.coords.slice();
      const g = rawBuildings.geometry, po = g.partOffsets as Uint32Array, ro = g.ringOffsets as Uint32Array;
      for (let r = 0; r < 60; r++) {
        const v = ro[po[g.geomOffsets[r] as number] as number] as number;
        for (const k of [0, 1]) { const t = coords[2 * v + 2 + k] as number; coords[2 * v + 2 + k] = coords[2 * v + 4 + k] as number; coords[2 * v + 4 + k] = t; }
      }
      const damaged: FeatureTable = { ...rawBuildings, length: 60, geometry: { ...g, coords, geomOffsets: g.geomOffsets.subarray(0, 61) } };
      await insertTable(store.db, 'bad_bl', damaged, 32648);
      const bad = await store.db.query<{ n: number }>('select count(*)::int as n from bad_bl where not ST_IsValid(geom)');
      assert.ok((bad.rows[0] as { n: number }).n >= 20, 'the damage makes many rows invalid');
      for (const [tbl, t] of [['raw_lu', rawLanduse], ['raw_bl', rawBuildings], ['bad_bl', damaged]] as const) {
        const { rows } = await store.db.query<{ id: number; a: number }>(
          `select id, ST_Area(ST_MakeValid(geom))::float8 as a from ${tbl} where not ST_IsValid(geom) order by id`);
        assert.deepEqual(validatePolygons(t).map((v) => v.row), rows.map((r) => r.id), tbl);
        const fixed = planarAreas(repairPolygons(t));
        for (const r of rows) assert.ok(close(fixed[r.id] as number, r.a, 1e-9), `${tbl} ${r.id}`);
      }
    });
  });
}
