// `dothi indicators compute` (the real binary) and POST /api/workspaces/:ws/results/compute on the
// server backend, over the HCMC OpenStreetMap extract of the demo (examples/, ODbL) and a 3 × 3 grid of
// units. The calculators' numbers are checked against PostGIS in calculators-*.test.ts; here the
// oracle is the job itself: what the CLI reports is what the store keeps and the API serves, each run
// names its layer versions, the same input computed twice gives the same values (determinism), and a
// bad request fails with its code and stores nothing.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Feature } from '@dothi/engine';
import { CALCULATORS } from '@dothi/engine';
import { cliEnv, errorOf, json, run } from '../cli/cli-helpers.ts';
import type { CliEnv } from '../cli/cli-helpers.ts';
import { EXAMPLES_DIR } from '../../src/demo/demo.ts';
import { openPgStore } from '../../src/store/pg-store.ts';
import type { Db } from '../../src/store/db.ts';
import { buildApp } from '../../src/http/app.ts';
import type { ComputeRunReport } from '../../src/indicators/compute-job.ts';

const WS = 'hcmc';
// The extract's bounding box (examples/hcmc, read with osmium fileinfo), cut in 3 × 3 cells.
const BOX: [number, number, number, number] = [106.68622, 10.7799, 106.69662, 10.79092];
const clock = (): Date => new Date('2026-01-01T00:00:00Z');

let env: CliEnv;
let db: Db;

function grid(n: number): Feature[] {
  const [x0, y0, x1, y1] = BOX;
  const w = (x1 - x0) / n, h = (y1 - y0) / n;
  const out: Feature[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const a = x0 + i * w, c = y0 + j * h;
      out.push({ type: 'Feature', properties: { code: `P${j * n + i + 1}`, name: `Phân khu ${j * n + i + 1}` },
        geometry: { type: 'Polygon', coordinates: [[[a, c], [a + w, c], [a + w, c + h], [a, c + h], [a, c]]] } });
    }
  }
  return out;
}

interface StoredRun {
  result_id: number;
  calculator: string;
  inputs: Array<{ role: string; layerId: string; version: number }>;
  whole: number | null;
  values: Array<{ unit_code: string; value: number | null }>;
}

before(async () => {
  env = await cliEnv('server');
  assert.equal((await run(env, ['workspace', 'create', WS, '--name', 'TP. Hồ Chí Minh', '--json'])).code, 0);
  const osm = await run(env, ['import', path.join(EXAMPLES_DIR, 'hcmc/hcmc-d1-d3.osm.pbf'), '--workspace', WS, '--name', 'osm', '--on-invalid', 'repair', '--json']);
  assert.equal(osm.code, 0, osm.stderr);
  const file = path.join(env.tmp, 'zones.geojson');
  fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: grid(3) }));
  const z = await run(env, ['import', file, '--workspace', WS, '--kind', 'admin_units', '--name', 'zones', '--json']);
  assert.equal(z.code, 0, z.stderr);
  db = await openPgStore(env.env.DOTHI_DATABASE_URL as string);
});

after(async () => {
  await db?.close();
  await env?.close();
});

test('the CLI computes every calculator whose layers exist, with progress, and stores what it reports', async () => {
  const r = await run(env, ['indicators', 'compute', '--workspace', WS, '--units', 'zones', '--progress', 'json', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const report = json<ComputeRunReport>(r);
  assert.deepEqual(report.units, { role: 'units', layerId: 'zones', version: 1, count: 9 });
  // The OSM import makes no population layer: the calculators that need one are skipped, each with why.
  const ran = report.runs.map((x) => x.calculator), skipped = report.skipped.map((s) => s.calculator);
  assert.deepEqual([...ran, ...skipped].sort(), Object.keys(CALCULATORS).sort());
  assert.ok(ran.includes('intersection_density') && ran.includes('building_coverage_ratio'), ran.join());
  for (const s of report.skipped) {
    assert.equal(s.role === 'population' || s.role === 'innovation_actors', true, `${s.calculator}: ${s.role}`);
    assert.match(s.vi, /không gian làm việc không có lớp/);
  }

  const lines = r.stderr.trim().split('\n').map((l) => (JSON.parse(l) as { progress: { phase: string; fraction: number } }).progress);
  const fractions = lines.map((p) => p.fraction);
  assert.deepEqual(fractions, [...fractions].sort((a, b) => a - b), 'the bar only moves forward');
  assert.equal(lines.at(-1)?.phase, 'done');
  assert.ok(lines.some((p) => p.phase === 'compute') && lines.some((p) => p.phase === 'write'));

  const app = await buildApp(db, { clock });
  try {
    const res = await app.inject({ url: `/api/workspaces/${WS}/results?latest=true` });
    assert.equal(res.statusCode, 200);
    const stored = (res.json() as { results: StoredRun[] }).results;
    assert.equal(stored.length, report.runs.length);
    for (const run0 of report.runs) {
      const s = stored.find((x) => x.result_id === run0.result_id);
      assert.ok(s, run0.calculator);
      assert.equal(s.calculator, run0.calculator);
      assert.equal(s.whole, run0.whole);
      assert.equal(s.values.length, 9);
      assert.deepEqual(s.values.map((v) => v.unit_code).sort(), grid(3).map((f) => String(f.properties?.code)).sort());
      assert.deepEqual(s.inputs[0], { role: 'units', layerId: 'zones', version: 1 });
      assert.ok(s.inputs.length >= 2 && s.inputs.slice(1).every((i) => i.layerId.startsWith('osm-') && i.version === 1), JSON.stringify(s.inputs));
    }
    const job = await app.inject({ url: `/api/jobs/${WS}/${report.job_id}` });
    assert.equal(job.statusCode, 200);
    assert.equal((job.json() as { status: string }).status, 'succeeded');

    // The same request over HTTP, waiting for the report: the same values again (the engine is deterministic).
    const again = await app.inject({ method: 'POST', url: `/api/workspaces/${WS}/results/compute?wait=true`, payload: { units_layer: 'zones', calculators: ['intersection_density', 'building_coverage_ratio'] } });
    assert.equal(again.statusCode, 200, again.body);
    const rep2 = again.json() as ComputeRunReport;
    assert.deepEqual(rep2.runs.map((x) => x.calculator), ['intersection_density', 'building_coverage_ratio']);
    assert.deepEqual(rep2.skipped, []);
    for (const x of rep2.runs) {
      const before0 = report.runs.find((y) => y.calculator === x.calculator);
      assert.ok(before0 && x.result_id > before0.result_id);
      assert.equal(x.whole, before0.whole);
      const [a, b] = await Promise.all([x.result_id, before0.result_id].map(async (id) => (await app.inject({ url: `/api/workspaces/${WS}/results/${id}` })).json() as StoredRun));
      assert.deepEqual(a?.values, b?.values);
    }

    // Not waiting: 202 at once with the job and its links; the job then finishes on its own.
    const accepted = await app.inject({ method: 'POST', url: `/api/workspaces/${WS}/results/compute`, payload: { units_layer: 'zones', calculators: ['street_network_density'] } });
    assert.equal(accepted.statusCode, 202, accepted.body);
    const acc = accepted.json() as { job_id: string; status: string; links: Array<{ rel: string; href: string }> };
    assert.equal(acc.status, 'running');
    assert.ok(acc.links.some((l) => l.href.endsWith(`/api/jobs/${WS}/${acc.job_id}/events`)), JSON.stringify(acc.links));
    let status = 'running';
    for (let i = 0; i < 200 && status === 'running'; i++) {
      await new Promise((r0) => setTimeout(r0, 50));
      status = ((await app.inject({ url: `/api/jobs/${WS}/${acc.job_id}` })).json() as { status: string }).status;
    }
    assert.equal(status, 'succeeded');
    const latest = ((await app.inject({ url: `/api/workspaces/${WS}/results?calculator=street_network_density&latest=true` })).json() as { results: StoredRun[] }).results;
    assert.equal(latest[0]?.whole, report.runs.find((x) => x.calculator === 'street_network_density')?.whole);
  } finally {
    await app.close();
  }
});

test('bad requests fail with their code and store nothing', async () => {
  const count = async (): Promise<number> => Number((await db.query<{ n: string }>('select count(*) n from indicator_result')).rows[0]?.n);
  const n0 = await count();

  const unknown = await run(env, ['indicators', 'compute', '--workspace', WS, '--units', 'zones', '--calculators', 'intersection_density,happiness', '--json']);
  assert.notEqual(unknown.code, 0);
  assert.equal(errorOf(unknown).code, 'DOTHI_INDICATOR_CALCULATOR_UNKNOWN');

  // Asked for by name, a calculator whose layer is missing is an error, not a silent skip.
  const missing = await run(env, ['indicators', 'compute', '--workspace', WS, '--units', 'zones', '--calculators', 'population_density', '--json']);
  assert.equal(errorOf(missing).code, 'DOTHI_INDICATOR_LAYER_MISSING');
  assert.equal(errorOf(missing).details.role, 'population');

  const noUnits = await run(env, ['indicators', 'compute', '--workspace', WS, '--units', 'wards', '--json']);
  assert.equal(errorOf(noUnits).code, 'DOTHI_LAYER_NOT_FOUND');

  const usage = await run(env, ['indicators', 'compute', '--workspace', WS, '--json']);
  assert.equal(errorOf(usage).code, 'DOTHI_USAGE');

  const app = await buildApp(db, { clock });
  try {
    const bad = await app.inject({ method: 'POST', url: `/api/workspaces/${WS}/results/compute?wait=true`, payload: { units_layer: 'zones', calculators: ['happiness'] } });
    assert.equal(bad.statusCode, 404, bad.body); // the error's own status: no such calculator
    assert.equal((bad.json() as { error: { code: string } }).error.code, 'DOTHI_INDICATOR_CALCULATOR_UNKNOWN');
    const noWs = await app.inject({ method: 'POST', url: '/api/workspaces/nowhere/results/compute', payload: { units_layer: 'zones' } });
    assert.equal(noWs.statusCode, 404);
    const badRole = await app.inject({ method: 'POST', url: `/api/workspaces/${WS}/results/compute`, payload: { units_layer: 'zones', layers: { weather: 'osm-roads' } } });
    assert.equal(badRole.statusCode, 400);
  } finally {
    await app.close();
  }
  assert.equal(await count(), n0);
});
