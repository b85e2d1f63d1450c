// The server adapter: indicators of the las-palmas demo workspace (the real OSM extract in examples/,
// imported as the demo imports it) over a grid of zones imported as an admin_units layer, on the
// embedded backend. The oracle for the area indicators is PostGIS on the stored features, transformed
// in SQL to the same metric CRS with the same PROJ string (ST_Transform(geom, text)). Tolerance: 0.1 m² of
// area per unit (as a share of the unit) plus 1e-9 relative. proj4js and PROJ place vertices a few
// micrometres apart; over the kilometres of polygon boundary in a cell that moves areas by thousandths
// of a m² (largest seen: 0.005 m² of green space in one cell), far below anything a planner reads.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUILT_UP_CLASSES, DothiError, getCrs } from '@dothi/engine';
import type { Feature } from '@dothi/engine';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { DEMO, EXAMPLES_DIR } from '../../src/demo/demo.ts';
import { importFile } from '../../src/imports/import-file.ts';
import { createWorkspace } from '../../src/store/workspaces.ts';
import { listLayers } from '../../src/store/layers.ts';
import { computeIndicators } from '../../src/indicators/compute.ts';
import type { ComputeReport } from '../../src/indicators/compute.ts';

const WS = 'las-palmas';
const clock = (): Date => new Date('2026-01-01T00:00:00Z');
let store: TestStore;
let tmp: string;
let report: ComputeReport;
let bbox: [number, number, number, number];

function bboxWkt(): string {
  const [x0, y0, x1, y1] = bbox;
  return `POLYGON((${x0} ${y0},${x1} ${y0},${x1} ${y1},${x0} ${y1},${x0} ${y0}))`;
}

/** An n × n grid of lon/lat cells over a box, codes Z1.. in row order. */
function grid(b: [number, number, number, number], n: number): Feature[] {
  const [x0, y0, x1, y1] = b;
  const w = (x1 - x0) / n, h = (y1 - y0) / n;
  const out: Feature[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const a = x0 + i * w, c = y0 + j * h;
      out.push({ type: 'Feature', properties: { code: `Z${j * n + i + 1}`, name: `Ô ${j * n + i + 1}` },
        geometry: { type: 'Polygon', coordinates: [[[a, c], [a + w, c], [a + w, c + h], [a, c + h], [a, c]]] } });
    }
  }
  return out;
}

async function importGrid(n: number): Promise<void> {
  const file = path.join(tmp, 'grid.geojson');
  fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: grid(bbox, n) }));
  await importFile(store.db, {
    workspace: WS, paths: [file], kind: 'admin_units', name: 'grid', onInvalid: 'reject', importer: 'calculators test',
    limits: { maxBytes: 1e8, maxFeatures: 1e6 }, clock,
  });
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dothi-calc-'));
  store = await openTestStore('embedded');
  const demo = DEMO.find((d) => d.workspace === WS);
  assert.ok(demo);
  await createWorkspace(store.db, demo.workspace, demo.name, demo.kind);
  await importFile(store.db, {
    workspace: WS, paths: [path.join(EXAMPLES_DIR, demo.file)], name: demo.layerName, onInvalid: 'repair',
    licence: 'ODbL 1.0, © OpenStreetMap contributors', importer: 'dothi demo', limits: { maxBytes: 1e9, maxFeatures: 1e7 }, clock,
  });
  // The grid covers the city centre: the middle of the buildings' extent, a third of it each way.
  const { rows } = await store.db.query<{ b: string }>(`select ST_AsGeoJSON(ST_Extent(geom)) b from feature f join layer l using (workspace_id, layer_id)
    where f.workspace_id = $1 and l.kind = 'buildings'`, [WS]);
  const ring = (JSON.parse(rows[0]?.b as string) as { coordinates: number[][][] }).coordinates[0] as number[][];
  const xs = ring.map((p) => p[0] as number), ys = ring.map((p) => p[1] as number);
  const [ax, bx, ay, by] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  bbox = [ax + (bx - ax) / 3, ay + (by - ay) / 3, bx - (bx - ax) / 3, by - (by - ay) / 3];
  await importGrid(3);
  report = await computeIndicators(store.db, WS, { unitsLayer: 'grid' });
});

after(async () => {
  await store?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('a default run computes what the demo layers allow and lists the rest as skipped', () => {
  assert.equal(report.units.count, 9);
  assert.deepEqual(report.results.map((r) => r.calculator).sort(), [
    'building_coverage_ratio', 'built_up_share', 'floor_area_ratio', 'green_space_share', 'intersection_density',
    'land_use_mix_entropy', 'public_open_space_share', 'street_network_density',
  ]);
  // OSM has no population and no innovation actors layer: every calculator needing them is skipped, naming the role.
  assert.deepEqual(report.skipped.map((s) => `${s.calculator}:${s.role}`).sort(), [
    'green_space_per_capita:population', 'health_facility_10min_share:population', 'innovation_near_university_share:innovation_actors',
    'park_10min_share:population', 'population_density:population', 'primary_school_10min_share:population', 'transit_stop_500m_share:population',
  ]);
  for (const r of report.results) {
    assert.deepEqual(r.values.map((v) => v.unitId), ['Z1', 'Z2', 'Z3', 'Z4', 'Z5', 'Z6', 'Z7', 'Z8', 'Z9']);
    assert.equal(r.crs, 'EPSG:32628'); // UTM 28N holds Las Palmas (15.4° W)
  }
});

test('every result records the layer versions and calculator version it used', async () => {
  const layers = await listLayers(store.db, WS);
  const of = (kind: string): string => (layers.find((l) => l.kind === kind) as { layer_id: string }).layer_id;
  const bu = report.results.find((r) => r.calculator === 'built_up_share');
  assert.ok(bu);
  assert.equal(bu.version, '1');
  assert.deepEqual(bu.inputs, [{ role: 'units', layerId: 'grid', version: 1 }, { role: 'land_use', layerId: of('land_use'), version: 1 }]);
  const fa = report.results.find((r) => r.calculator === 'floor_area_ratio');
  assert.ok(fa && (fa.counts.defaulted_buildings as number) > 0, 'most OSM buildings have no building:levels');
});

// Green space unions are checked on HCMC (calculators-hcmc.test.ts): Las Palmas' natural areas make ST_Union slow in WASM.
test('area indicators equal PostGIS on the stored features', async () => {
  const proj = getCrs('EPSG:32628').proj4;
  const unitSql = `select fid, ST_Transform(geom, $1) g from feature where workspace_id = '${WS}' and layer_id = 'grid' and version = 1`;
  const layerSql = (kind: string): string => `select ST_Transform(f.geom, $1) g, f.props from feature f join layer l using (workspace_id, layer_id)
    where f.workspace_id = '${WS}' and l.kind = '${kind}' and f.version = l.current_version and GeometryType(f.geom) in ('POLYGON', 'MULTIPOLYGON')`;
  // Only features meeting the grid enter the unions: the same union inside the grid, at a fraction of the cost.
  const inGrid = ' and ST_Intersects(g, ST_Transform(ST_GeomFromText($3, 4326), $1))';
  const cases: Array<[string, string, string[]]> = [
    ['built_up_share', `select ST_Union(g) g from (${layerSql('land_use')}) x where props->>'class' = any($2)${inGrid}`, [...BUILT_UP_CLASSES]],
  ];
  for (const [id, unionSql, classes] of cases) {
    const { rows } = await store.db.query<{ fid: number; v: number; a: number }>(
      `with u as (${unitSql}), g as (${unionSql})
       select u.fid::int fid, (100 * coalesce(ST_Area(ST_Intersection(u.g, g.g)), 0) / ST_Area(u.g))::float8 v, ST_Area(u.g)::float8 a from u, g order by u.fid`,
      [proj, classes, bboxWkt()]);
    const r = report.results.find((x) => x.calculator === id);
    assert.ok(r);
    rows.forEach((row, i) => {
      const ours = r.values[i]?.value as number;
      assert.ok(Math.abs(ours - row.v) <= 1e-9 * Math.abs(row.v) + (100 * 0.1) / row.a, `${id} ${r.values[i]?.unitId}: ${ours} vs ${row.v}`);
    });
    assert.ok(rows.some((x) => x.v > 0), `${id}: some unit has some`);
  }
  await store.db.query(`create temp table b as ${layerSql('buildings')} and ST_Intersects(f.geom, ST_GeomFromText($2, 4326))`.replace('$1', `'${proj}'`).replace('$2', `'${bboxWkt()}'`));
  await store.db.query('create index on b using gist (g)');
  const { rows } = await store.db.query<{ fid: number; v: number; a: number }>(
    `with u as (${unitSql})
     select u.fid::int fid, (100 * coalesce(sum(ST_Area(ST_Intersection(u.g, b.g))), 0) / ST_Area(u.g))::float8 v, ST_Area(u.g)::float8 a
       from u left join b on ST_Intersects(u.g, b.g) group by u.fid, u.g order by u.fid`, [proj]);
  const bcr = report.results.find((x) => x.calculator === 'building_coverage_ratio');
  rows.forEach((row, i) => {
    const ours = bcr?.values[i]?.value as number;
    assert.ok(Math.abs(ours - row.v) <= 1e-9 * Math.abs(row.v) + (100 * 0.1) / row.a, `coverage ${i}: ${ours} vs ${row.v}`);
  });
});

test('explicit calculators: a missing layer or an unknown id is a coded error; the latest units version is used', async () => {
  await assert.rejects(computeIndicators(store.db, WS, { unitsLayer: 'grid', calculators: ['population_density'] }),
    (e: unknown) => e instanceof DothiError && e.code === 'DOTHI_INDICATOR_LAYER_MISSING' && e.details.role === 'population');
  await assert.rejects(computeIndicators(store.db, WS, { unitsLayer: 'grid', calculators: ['nope'] }),
    (e: unknown) => e instanceof DothiError && e.code === 'DOTHI_INDICATOR_CALCULATOR_UNKNOWN');
  await importGrid(2); // version 2 of the grid: 4 zones
  const r = await computeIndicators(store.db, WS, { unitsLayer: 'grid', calculators: ['street_network_density'], params: { street_network_density: {} } });
  assert.deepEqual({ ...r.units }, { role: 'units', layerId: 'grid', version: 2, count: 4 });
  assert.equal(r.results[0]?.inputs[0]?.version, 2);
  assert.ok((r.results[0]?.whole as number) > 0);
});
