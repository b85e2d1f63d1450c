// The demo's indicators on the HCMC set (examples/, ODbL), embedded backend: the analysis grid covers
// every building, the modelled population follows its stated rule, and the stored runs name both
// derived layers. Oracle for the population: the engine's geodesic areas (Karney, checked against
// PostGIS geography in metric tests) on the stored footprints, recomputed here in JS; the layer's
// counts are whole persons, so each building may differ by rounding only (≤ 0.5 person).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fromGeoJson, geodesicAreas, RESIDENTIAL_BUILDING_USES } from '@dothi/engine';
import type { Feature } from '@dothi/engine';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { DEMO, EXAMPLES_DIR } from '../../src/demo/demo.ts';
import { analysisGrid, loadDemoIndicators, VN_FLOOR_PER_PERSON_M2 } from '../../src/demo/demo-indicators.ts';
import type { ComputeRunReport } from '../../src/indicators/compute-job.ts';
import { importFile } from '../../src/imports/import-file.ts';
import { createWorkspace } from '../../src/store/workspaces.ts';
import { getVersion, readFeatures } from '../../src/store/layers.ts';

const clock = (): Date => new Date('2026-01-01T00:00:00Z');
let s: TestStore;
let report: ComputeRunReport | null;

before(async () => {
  s = await openTestStore('embedded');
  const d = DEMO.find((x) => x.workspace === 'hcmc');
  assert.ok(d);
  await createWorkspace(s.db, d.workspace, d.name, d.kind);
  await importFile(s.db, {
    workspace: d.workspace, paths: [path.join(EXAMPLES_DIR, d.file)], name: d.layerName, onInvalid: 'repair',
    importer: 'dothi demo', limits: { maxBytes: 1e9, maxFeatures: 1e7 }, clock,
  });
  report = await loadDemoIndicators(s.db, d.workspace, d.indicators, clock);
});

after(async () => s?.close());

test('analysisGrid: square cells of the given side, covering the box, coded in row order', () => {
  // 0.01° × 0.01° at 10.775° N is about 1,093 m east–west and 1,106 m north–south: 3 × 3 cells of 500 m.
  // Tolerance 0.05 %: the degree lengths are taken at the box's middle latitude.
  const g = analysisGrid([106.68, 10.77, 106.69, 10.78], 500);
  assert.equal(g.length, 3 * 3);
  assert.deepEqual(g.map((f) => f.properties?.code), ['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8', 'C9']);
  const t = fromGeoJson(g, { kind: 'polygon', columns: [] });
  for (const a of geodesicAreas(t)) assert.ok(Math.abs(a - 250_000) < 250_000 * 0.0005, `${a} m²`);
  assert.equal(analysisGrid([106.68, 10.77, 106.68, 10.77], 500).length, 1);
});

test('the HCMC demo: a 250 m grid over the buildings, residents modelled from them, every calculator run or skipped with a reason', async () => {
  assert.ok(report);
  assert.equal(report.units.layerId, 'grid-250m');
  const uncovered = await s.db.query<{ n: string }>(
    `select count(*) n from feature b join layer lb on lb.workspace_id = b.workspace_id and lb.layer_id = b.layer_id and lb.kind = 'buildings'
      where b.workspace_id = 'hcmc' and not exists (select 1 from feature g where g.workspace_id = 'hcmc' and g.layer_id = 'grid-250m'
        and ST_Intersects(g.geom, ST_PointOnSurface(b.geom)))`);
  assert.equal(Number(uncovered.rows[0]?.n), 0, 'every building lies in a grid cell');

  // Population: the rule recomputed from the stored buildings.
  const buildings = await readFeatures(s.db, await getVersion(s.db, 'hcmc', 'osm-buildings'));
  const homes = buildings.filter((f) => {
    const use = f.properties?.use;
    return (use === null || use === undefined || RESIDENTIAL_BUILDING_USES.includes(String(use))) && /Polygon/.test(f.geometry?.type ?? '');
  });
  const areas = geodesicAreas(fromGeoJson(homes, { kind: 'polygon', columns: ['levels'] }));
  let expected = 0, counted = 0;
  homes.forEach((f, i) => {
    const levels = Number(f.properties?.levels) >= 1 ? Number(f.properties?.levels) : 1;
    const p = ((areas[i] as number) * levels) / VN_FLOOR_PER_PERSON_M2;
    if (Math.round(p) > 0) { expected += p; counted++; }
  });
  const pop = await readFeatures(s.db, await getVersion(s.db, 'hcmc', 'population-modelled'));
  assert.equal(pop.length, counted);
  const total = pop.reduce((a, f) => a + Number(f.properties?.population), 0);
  assert.ok(Math.abs(total - expected) <= 0.5 * counted, `${total} vs ${expected}`);
  const v = await getVersion(s.db, 'hcmc', 'population-modelled');
  assert.match(v.licence ?? '', /27 m² per person \(modelled\)/);

  const ran = report.runs.map((r) => r.calculator);
  assert.ok(ran.includes('population_density') && ran.includes('transit_stop_500m_share'), ran.join());
  // Population density over the whole grid is the modelled total over the grid's area.
  const density = report.runs.find((r) => r.calculator === 'population_density');
  const gridArea = geodesicAreas(fromGeoJson(await readFeatures(s.db, await getVersion(s.db, 'hcmc', 'grid-250m')) as Feature[], { kind: 'polygon', columns: [] }))
    .reduce((a, b) => a + b, 0);
  assert.ok(density?.whole !== null && density?.whole !== undefined);
  // Density is on planar UTM areas; geodesic and UTM areas differ by the zone's scale (< 0.1 % here).
  assert.ok(Math.abs(density.whole - total / (gridArea / 1e6)) / density.whole < 0.002, `${density.whole} vs ${total / (gridArea / 1e6)}`);
  for (const k of report.skipped) assert.equal(k.role, 'innovation_actors');
});
