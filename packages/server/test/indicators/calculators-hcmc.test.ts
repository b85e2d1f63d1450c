// The indicator calculators on real OpenStreetMap data (HCMC, District 1/3 border; layers and the
// population rule in calc-data.ts) against PostGIS computing the same indicators in SQL on the very
// same coordinates, in a 3 × 3 grid of zones (some L-shaped, some with a hole) over the buildings.
// Area indicators run on both backends; the network ones need pgRouting, which only the server has.
//
// Tolerances, relative (absolute below 1): areas and sums 1e-9 (both sides compute the same
// intersection vertices up to rounding, ~1e-12 relative; unions are exact boolean operations on both
// sides, polyclip-ts and GEOS); network shares 1e-9 (the same nodes are reached: pgRouting's
// pgr_drivingDistance and the engine's Dijkstra add the same float8 edge lengths, and KNN snapping picks
// the same nearest vertex unless two are exactly equidistant, which these data do not have).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BUILT_UP_CLASSES, HEALTH_FACILITY_AMENITIES, KNOWLEDGE_ANCHOR_TYPES, LAND_USE_MIX_GROUPS, NON_PUBLIC_ACCESS, PARK_TYPES,
  PRIMARY_SCHOOL_AMENITIES, PUBLIC_OPEN_SPACE_TYPES, RESIDENTIAL_BUILDING_USES, runCalculator, tableBounds,
} from '@dothi/engine';
import type { CalculatorResult, FeatureTable } from '@dothi/engine';
import { BACKENDS, openTestStore } from '../helpers/stores.ts';
import type { Backend, TestStore } from '../helpers/stores.ts';
import { gridZones, readFeatures } from '../analysis/spatial-data.ts';
import { splitEdges } from '../analysis/network-oracle.ts';
import { CRS, hcmcLayers, writeTable } from './calc-data.ts';
import type { Db, SqlParam } from '../../src/store/db.ts';

const W = hcmcLayers();
const units = gridZones(tableBounds(W.layers.buildings) as [number, number, number, number], 3, 3, CRS);
const input = { units, layers: W.layers };

async function load(db: Db): Promise<void> {
  await db.query('create schema c');
  const tables: Array<[string, FeatureTable]> = [
    ['units', units], ['lu', W.layers.land_use], ['green', W.layers.green_spaces], ['bld', W.layers.buildings], ['pop', W.layers.population],
    ['stops', W.layers.transit_stops], ['amen', W.layers.amenities], ['actors', W.layers.innovation_actors], ['roads_raw', W.layers.roads],
  ];
  for (const [name, t] of tables) await writeTable(db, `c.${name}`, t);
}

function near(a: number, b: number, what: string): void {
  if (Number.isNaN(b)) { assert.ok(Number.isNaN(a), `${what}: ${a} vs NaN`); return; }
  assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
}

/** Compares per-unit num/den×scale from SQL rows (id, num, den) with a calculator's values and whole. */
function check(r: CalculatorResult, rows: Array<{ id: number; num: number; den: number }>, scale: number): void {
  assert.equal(rows.length, units.length);
  let tn = 0, td = 0;
  for (const row of rows) {
    const num = Number(row.num), den = Number(row.den);
    tn += num; td += den;
    near(r.values[row.id] as number, den > 0 ? (num / den) * scale : NaN, `${r.calculator} unit ${row.id}`);
  }
  near(r.whole, td > 0 ? (tn / td) * scale : NaN, `${r.calculator} whole`);
}

const AREA = 'select u.id, ST_Area(u.geom)::float8 den from c.units u';
const POP = `select u.id, coalesce(sum((p.props->>'population')::float8), 0)::float8 s from c.units u left join c.pop p on ST_Contains(u.geom, p.geom) group by u.id`;
const union = (filter: string): string => `with g as (select ST_Union(geom) g from c.green where ${filter})
  select u.id, coalesce(ST_Area(ST_Intersection(u.geom, g.g)), 0)::float8 num from c.units u, g`;
const PUBLIC = `props->>'type' = any($1) and (props->>'access' is null or not (props->>'access' = any($2)))`;

async function rowsOf(db: Db, numSql: string, denSql: string, params: SqlParam[] = []): Promise<Array<{ id: number; num: number; den: number }>> {
  const { rows } = await db.query<{ id: number; num: number; den: number }>(
    `with n as (${numSql}), d as (${denSql}) select n.id::int id, n.num::float8 num, d.den::float8 den from n join d using (id) order by n.id`, params);
  return rows;
}

test('the data: real layers of every role, and the documented population rule', () => {
  for (const role of ['land_use', 'green_spaces', 'buildings', 'amenities', 'innovation_actors', 'roads', 'transit_stops', 'population'] as const) {
    assert.ok(W.layers[role].length > 0, role);
  }
  assert.equal(W.layers.buildings.length, 695); // SOURCES.md: 695 building polygons
  assert.equal(W.layers.transit_stops.length, 43); // SOURCES.md: 43 bus stops
  // Buildings that house residents, counted on the raw GeoJSON: building=yes (492) + apartments (4) + house (1).
  const raw = readFeatures('hcmc-osm/hcmc-d1-d3-buildings.geojson').filter((f) => ['yes', ...RESIDENTIAL_BUILDING_USES].includes(String(f.properties?.building)));
  assert.equal(raw.length, 497);
  assert.equal(W.residentialBuildings, raw.length);
  assert.ok(W.residents > 0);
});

for (const backend of BACKENDS as readonly Backend[]) {
  describe(`area indicators against PostGIS (${backend})`, () => {
    let store: TestStore;
    before(async () => { store = await openTestStore(backend); await load(store.db); });
    after(async () => { await store?.close(); });

    test('population_density = sum(population) where ST_Contains / ST_Area × 1e6', async () => {
      check(runCalculator('population_density', input), await rowsOf(store.db, POP.replace('::float8 s', '::float8 num'), AREA), 1e6);
    });

    test('built_up_share = ST_Area(ST_Intersection(unit, ST_Union(built-up land use))) / ST_Area(unit)', async () => {
      const num = `with g as (select ST_Union(geom) g from c.lu where props->>'class' = any($1))
        select u.id, coalesce(ST_Area(ST_Intersection(u.geom, g.g)), 0) num from c.units u, g`;
      const rows = await rowsOf(store.db, num, AREA, [BUILT_UP_CLASSES]);
      assert.ok(rows.some((r) => r.num > 0), 'some built-up land in the grid');
      check(runCalculator('built_up_share', input), rows, 100);
    });

    test('green_space_share, green_space_per_capita and public_open_space_share from unions of green spaces', async () => {
      const all = await rowsOf(store.db, union('true'), AREA);
      assert.ok(all.some((r) => r.num > 0));
      check(runCalculator('green_space_share', input), all, 100);
      check(runCalculator('green_space_per_capita', input), await rowsOf(store.db, union('true'), POP.replace('::float8 s', '::float8 den')), 1);
      check(runCalculator('public_open_space_share', input), await rowsOf(store.db, union(PUBLIC), AREA, [PUBLIC_OPEN_SPACE_TYPES, NON_PUBLIC_ACCESS]), 100);
    });

    test('land_use_mix_entropy = −Σ p ln p / ln 5 of summed intersection areas by group', async () => {
      const groups = Object.entries(LAND_USE_MIX_GROUPS).flatMap(([grp, cs]) => cs.map((cls) => ({ cls, grp })));
      const { rows } = await store.db.query<{ id: number; h: number | null; a: number }>(`
        with m as (select * from json_to_recordset($1::json) as x(cls text, grp text)),
        a as (select u.id, m.grp, sum(ST_Area(ST_Intersection(u.geom, l.geom))) a
                from c.units u join c.lu l on ST_Intersects(u.geom, l.geom) join m on m.cls = l.props->>'class' group by u.id, m.grp),
        t as (select id, sum(a) t from a group by id),
        w as (select grp, sum(a) a from a group by grp)
        select u.id::int id,
               (select (-sum((a.a / t.t) * ln(a.a / t.t)) / ln(5))::float8 from a join t using (id) where a.id = u.id and a.a > 0 and t.t > 0) h,
               (select (-sum((w.a / s.s) * ln(w.a / s.s)) / ln(5))::float8 from w, (select sum(a) s from w) s where w.a > 0) a
          from c.units u order by u.id`, [JSON.stringify(groups)]);
      const r = runCalculator('land_use_mix_entropy', input);
      for (const row of rows) near(r.values[row.id] as number, row.h ?? NaN, `unit ${row.id}`);
      near(r.whole, rows[0]?.a as number, 'whole');
      assert.ok(rows.some((x) => x.h !== null && x.h > 0), 'some unit has a mix');
    });

    test('building_coverage_ratio and floor_area_ratio = Σ ST_Area(ST_Intersection) (× floor share) / ST_Area(unit)', async () => {
      const cover = `select u.id, coalesce(sum(ST_Area(ST_Intersection(u.geom, b.geom))), 0) num from c.units u left join c.bld b on ST_Intersects(u.geom, b.geom) group by u.id`;
      check(runCalculator('building_coverage_ratio', input), await rowsOf(store.db, cover, AREA), 100);
      const floor = `select u.id, coalesce(sum(b.fl * ST_Area(ST_Intersection(u.geom, b.geom)) / ST_Area(b.geom)), 0) num
        from c.units u left join (select geom, case when (props->>'levels')::float8 > 0 then ST_Area(geom) * (props->>'levels')::float8 else ST_Area(geom) end fl from c.bld) b
          on ST_Intersects(u.geom, b.geom) group by u.id`;
      const far = runCalculator('floor_area_ratio', input);
      check(far, await rowsOf(store.db, floor, AREA), 1);
      const { rows } = await store.db.query<{ n: number }>(`select count(*)::int n from c.bld where coalesce((props->>'levels')::float8, 0) <= 0`);
      assert.equal(far.counts.defaulted_buildings, rows[0]?.n);
      assert.equal(rows[0]?.n, 673); // of the 695 buildings, 672 have no building:levels and 1 has "0" (counted in the GeoJSON)
    });

    test('innovation_near_university_share = share of non-anchor actors with ST_DWithin 1000 m of an anchor', async () => {
      const num = `with a as (select id, geom, props->>'actor_type' t from c.actors), anc as (select geom from a where t = any($1)),
        o as (select * from a where t is null or not (t = any($1)))
        select u.id, count(o.id) filter (where exists (select 1 from anc where ST_DWithin(anc.geom, o.geom, 1000))) num, count(o.id) den
          from c.units u left join o on ST_Contains(u.geom, o.geom) group by u.id`;
      const { rows } = await store.db.query<{ id: number; num: number; den: number }>(`select id::int id, num::float8 num, den::float8 den from (${num}) q order by id`, [KNOWLEDGE_ANCHOR_TYPES]);
      const r = runCalculator('innovation_near_university_share', input);
      assert.ok(r.counts.anchors as number > 0 && r.counts.actors as number > 0);
      check(r, rows, 100);
      // At 1 km every actor of this small centre is near an anchor; at 300 m some are not.
      const { rows: rows300 } = await store.db.query<{ id: number; num: number; den: number }>(
        `select id::int id, num::float8 num, den::float8 den from (${num.replace('1000', '300')}) q order by id`, [KNOWLEDGE_ANCHOR_TYPES]);
      assert.ok(rows300.some((x) => x.num < x.den));
      check(runCalculator('innovation_near_university_share', { ...input, params: { distance: 300 } }), rows300, 100);
    });
  });
}

describe('network indicators against pgRouting (server)', () => {
  let store: TestStore;
  before(async () => {
    store = await openTestStore('server');
    await load(store.db);
    await store.db.query(`create extension if not exists pgrouting;
      create table c.roads as select id, props->>'highway' highway, null::text oneway, geom from c.roads_raw`);
    await splitEdges(store.db, 'c.roads', 'c.edges', 'c.vertices');
  });
  after(async () => { await store?.close(); });

  test('intersection_density: vertices with ≥ 3 distinct neighbours, by ST_Contains, per km²', async () => {
    const num = `with nb as (select source a, target b from c.edges where source <> target union select target, source from c.edges where source <> target),
      deg as (select a v, count(distinct b) d from nb group by a)
      select u.id, count(v.id) num from c.units u left join (c.vertices v join deg on deg.v = v.id and deg.d >= 3) on ST_Contains(u.geom, v.geom) group by u.id`;
    const rows = await rowsOf(store.db, num, AREA);
    assert.ok(rows.some((r) => r.num > 0));
    check(runCalculator('intersection_density', input), rows, 1e6);
  });

  test('street_network_density: Σ ST_Length(edge) by the unit holding the midpoint of its end vertices, km per km²', async () => {
    const num = `with em as (select e.geom, ST_SetSRID(ST_MakePoint((s.x + t.x) / 2, (s.y + t.y) / 2), 32648) mid
        from c.edges e join c.vertices s on s.id = e.source join c.vertices t on t.id = e.target)
      select u.id, coalesce(sum(ST_Length(em.geom)), 0) num from c.units u left join em on ST_Contains(u.geom, em.mid) group by u.id`;
    check(runCalculator('street_network_density', input), await rowsOf(store.db, num, AREA), 1e3);
  });

  /** Population share within `radius` of the targets (SQL giving `geom` points) by KNN snap + pgr_drivingDistance. */
  async function shareRows(targets: string, radius: number, params: SqlParam[]): Promise<Array<{ id: number; num: number; den: number }>> {
    const n = params.length + 1;
    const { rows } = await store.db.query<{ id: number; num: number; den: number }>(`
      with tv as (select distinct nv.id from (${targets}) s cross join lateral (select v.id from c.vertices v order by v.geom <-> s.geom limit 1) nv),
      reach as (select node from pgr_drivingDistance('select id, source, target, cost from c.edges', array(select id from tv), $${n}::float8, directed => false) group by node),
      pv as (select p.id, p.geom, (p.props->>'population')::float8 w, nv.id vid from c.pop p
               cross join lateral (select v.id from c.vertices v order by v.geom <-> p.geom limit 1) nv)
      select u.id::int id, coalesce(sum(pv.w) filter (where r.node is not null), 0)::float8 num, coalesce(sum(pv.w), 0)::float8 den
        from c.units u left join pv on ST_Contains(u.geom, pv.geom) left join reach r on r.node = pv.vid group by u.id order by u.id`, [...params, radius]);
    return rows;
  }

  test('transit_stop_500m_share, and the 10-minute walk to schools, health facilities and parks', async () => {
    const cases: Array<[string, string, SqlParam[]]> = [
      ['transit_stop_500m_share', 'select geom from c.stops', []],
      ['primary_school_10min_share', `select geom from c.amen where props->>'amenity' = any($1)`, [PRIMARY_SCHOOL_AMENITIES]],
      ['health_facility_10min_share', `select geom from c.amen where props->>'amenity' = any($1)`, [HEALTH_FACILITY_AMENITIES]],
      ['park_10min_share', `select (ST_DumpPoints(ST_ExteriorRing(d.geom))).geom from c.green g, lateral ST_Dump(g.geom) d
         where ${PUBLIC.replaceAll('props', 'g.props')}`, [PARK_TYPES, NON_PUBLIC_ACCESS]],
    ];
    for (const [id, targets, params] of cases) {
      // The defaults (500 m; 10 min at 5 km/h = 833.3 m) reach most residents in this dense centre, so each
      // indicator is also checked at a short reach (200 m; 3 min = 250 m) where units differ.
      const short: Record<string, number> = id === 'transit_stop_500m_share' ? { distance: 200 } : { minutes: 3 };
      for (const p of [undefined, short]) {
        const r = runCalculator(id, p ? { ...input, params: p } : input);
        const radius = r.params.radius_m as number;
        assert.equal(radius, id === 'transit_stop_500m_share' ? (p ? 200 : 500) : (5 * 1000 * (p ? 3 : 10)) / 60, id);
        const rows = await shareRows(targets, radius, params);
        check(r, rows, 100);
        if (p) assert.ok(rows.some((x) => x.num > 0 && x.num < x.den), `${id}: some unit partly within reach`);
      }
    }
  });
});
