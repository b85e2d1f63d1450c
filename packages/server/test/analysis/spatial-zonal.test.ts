// Point-in-polygon, zonal counts and sums, nearest and counts within a distance, against PostGIS
// (ST_Contains, sum, <->, ST_DWithin) on real data, on both store backends: Da Nang's districts
// (dvhcvn) as zones for seeded points and for the districts' own vertices (points exactly on a
// boundary), HCMC POIs and bus stops (OSM) in grid zones. Both sides get identical coordinates.
// Tolerances: counts and zone assignments exact; sums 1e-12 relative (SQL's float8 sum rounds at
// every step, ours once); distances 1e-6 m (the same sqrt of the same squares, up to last-bit order).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assignPointsToZones, countWithin, fromGeoJson, nearest, pointInPolygonIndex, tableBounds, takeRows, zonalStats, float64Column } from '@dothi/engine';
import type { Feature, FeatureTable } from '@dothi/engine';
import { BACKENDS, openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { danangDistricts, gridZones, hcmc, insertTable, rng } from './spatial-data.ts';

const districts = danangDistricts();
const dnPoints = ((): FeatureTable => {
  const r = rng(2019);
  // Mainland Da Nang: the extent of every district but Hoàng Sa (islands 300 km east).
  const name = districts.columns.name;
  const mainland = [...Array(districts.length).keys()].filter((i) => name?.type === 'string' && name.dictionary[name.codes[i] as number] !== 'Huyện Hoàng Sa');
  const b = tableBounds(takeRows(districts, mainland)) as [number, number, number, number];
  const fs: Feature[] = [];
  for (let i = 0; i < 20000; i++) fs.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [b[0] + r() * (b[2] - b[0]), b[1] + r() * (b[3] - b[1])] }, properties: {} });
  // Every 7th district vertex: on a boundary, so in no zone (ST_Contains); and one duplicate point.
  const c = districts.geometry.coords;
  for (let v = 0; v < c.length / 2; v += 7) fs.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [c[2 * v] as number, c[2 * v + 1] as number] }, properties: {} });
  fs.push(fs[0] as Feature);
  const t = fromGeoJson(fs, { crs: 'EPSG:32649', kind: 'point' });
  return { ...t, columns: { val: float64Column(fs.map(() => Math.round(r() * 1e6) / 1000)) } };
})();
const pois = hcmc('pois', 'point', ['amenity', 'shop']);
const stops = hcmc('bus_stops', 'point', ['highway']);
const hcmcZones = gridZones(tableBounds(pois) as [number, number, number, number], 6, 5, 'EPSG:32648');

for (const backend of BACKENDS) {
  describe(`spatial zonal/nearest vs PostGIS (${backend})`, () => {
    let store: TestStore;
    before(async () => {
      store = await openTestStore(backend);
      await insertTable(store.db, 'dn_zones', districts, 32649);
      await insertTable(store.db, 'dn_pts', dnPoints, 32649);
      await insertTable(store.db, 'hz', hcmcZones, 32648);
      await insertTable(store.db, 'pois', pois, 32648);
      await insertTable(store.db, 'stops', stops, 32648);
    });
    after(async () => { await store?.close(); });

    test('Da Nang districts: point counts and sums per zone equal ST_Contains; assignment per point equals the lowest containing zone', async () => {
      const { rows } = await store.db.query<{ id: number; n: number; s: number | null }>(
        'select z.id, count(p.id)::int as n, sum(p.val)::float8 as s from dn_zones z left join dn_pts p on ST_Contains(z.geom, p.geom) group by z.id order by z.id');
      const st = zonalStats(dnPoints, districts, { value: 'val' });
      assert.equal(rows.length, districts.length);
      for (const r of rows) {
        assert.equal(st.count[r.id], r.n, `zone ${r.id} count`);
        const s = r.s ?? 0;
        assert.ok(Math.abs((st.sum[r.id] as number) - s) <= 1e-12 * Math.abs(s), `zone ${r.id} sum ${st.sum[r.id]} vs ${s}`);
      }
      assert.ok(rows.reduce((a, r) => a + r.n, 0) > 5000, 'enough points fall in the districts to mean something');
      const asg = await store.db.query<{ id: number; z: number | null }>(
        'select p.id, min(z.id) as z from dn_pts p left join dn_zones z on ST_Contains(z.geom, p.geom) group by p.id order by p.id');
      const ours = assignPointsToZones(dnPoints, pointInPolygonIndex(districts));
      for (const r of asg.rows) assert.equal(ours[r.id], r.z ?? -1, `point ${r.id}`);
      // The boundary vertices are contained nowhere on either side.
      const onBoundary = asg.rows.filter((r) => r.id >= 20000 && r.id < dnPoints.length - 1);
      assert.ok(onBoundary.length > 100 && onBoundary.every((r) => r.z === null));
    });

    test('HCMC POIs by class in grid zones (with L-shaped and holed zones) equal ST_Contains … group by class', async () => {
      const { rows } = await store.db.query<{ id: number; cls: string; n: number }>(
        'select z.id, p.cls, count(*)::int as n from hz z join pois p on ST_Contains(z.geom, p.geom) group by z.id, p.cls');
      const st = zonalStats(pois, hcmcZones, { classBy: 'cls' });
      const classes = st.classes as string[], by = st.byClass as Float64Array;
      let total = 0;
      for (const r of rows) {
        assert.equal(by[r.id * classes.length + classes.indexOf(r.cls)], r.n, `zone ${r.id} ${r.cls}`);
        total += r.n;
      }
      assert.equal(by.reduce((a, v) => a + v, 0), total);
    });

    test('nearest bus stop (k = 1 and 3) equals ORDER BY <-> to 1e-6 m; counts within 250 m equal ST_DWithin', async () => {
      const knn = await store.db.query<{ id: number; d: number[] }>(
        `select p.id, array(select ST_Distance(p.geom, s.geom) from stops s order by p.geom <-> s.geom, s.id limit 3) as d from pois p order by p.id`);
      const n1 = nearest(pois, stops);
      const n3 = nearest(pois, stops, { k: 3 });
      for (const r of knn.rows) {
        assert.ok(Math.abs((n1.distance[r.id] as number) - (r.d[0] as number)) < 1e-6, `poi ${r.id}`);
        for (let j = 0; j < 3; j++) assert.ok(Math.abs((n3.distance[r.id * 3 + j] as number) - (r.d[j] as number)) < 1e-6, `poi ${r.id} rank ${j}`);
      }
      const within = await store.db.query<{ id: number; n: number }>(
        'select p.id, count(s.id)::int as n from pois p left join stops s on ST_DWithin(p.geom, s.geom, 250) group by p.id order by p.id');
      const cw = countWithin(pois, stops, 250);
      for (const r of within.rows) assert.equal(cw[r.id], r.n, `poi ${r.id}`);
      assert.ok(within.rows.some((r) => r.n > 2));
    });
  });
}
