// The monitoring REST API on both backends: catalogs, custom indicators, CSV import with a per-row
// report and nothing half-imported, CSV export, targets, progress, benchmark and computed results,
// every failure in the one error shape. Indicator ids are real catalog entries; numbers are hand-checked.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import { BACKENDS, openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { createWorkspace } from '../../src/store/workspaces.ts';
import { saveIndicatorResults } from '../../src/monitoring/results.ts';
import { assertError, fixedClock } from '../http/helpers.ts';

const TRANSIT = 'u4ssc:EC-I-T-2A'; // % population within 0.5 km of public transport, direction +1
const GHG = 'u4ssc:EN-EN-AQ-2C'; // tCO2e per capita, direction −1

const CSV = [
  'indicator_id,unit_code,period,value,source,quality,note',
  `${TRANSIT},_workspace,2019,40,OSM + census,modelled,`,
  `${TRANSIT},_workspace,2021,44,OSM + census,modelled,`,
  `${TRANSIT},_workspace,2023,46,OSM + census,modelled,`,
  `${GHG},_workspace,2018,3.0,city inventory,estimated,`,
  `${GHG},_workspace,2022,3.3,city inventory,estimated,`,
].join('\n');

interface ProgressRow {
  indicator_id: string;
  unit_code: string;
  assessed_target: { year: number; value: number; comparator: string } | null;
  progress: { status: string; progressValue: number | null; requiredRate: number | null; projection: { value: number | null; primary: string } | null };
}

for (const backend of BACKENDS) {
  describe(`monitoring API on ${backend}`, () => {
    let store: TestStore;
    let app: FastifyInstance;
    before(async () => {
      store = await openTestStore(backend);
      await createWorkspace(store.db, 'danang', 'Đà Nẵng');
      app = await buildApp(store.db, { clock: fixedClock });
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    test('catalogs: frameworks, search without accents, one entry with its links', async () => {
      const fw = await app.inject({ url: '/api/catalogs/frameworks' });
      assert.equal(fw.statusCode, 200);
      assert.ok(fw.json<{ frameworks: Array<{ id: string }> }>().frameworks.some((f) => f.id === 'u4ssc'));
      const u = await app.inject({ url: '/api/catalogs/indicators?framework=u4ssc' });
      // ITU U4SSC KPIs: 91 (issue 5 §1).
      assert.equal(u.json<{ indicators: unknown[] }>().indicators.length, 91);
      const q = await app.inject({ url: `/api/catalogs/indicators?framework=u4ssc&q=${encodeURIComponent('o nhiem khong khi')}` });
      const found = q.json<{ indicators: Array<{ id: string; name: { vi: string } }> }>().indicators;
      assert.ok(found.some((e) => e.id === 'u4ssc:EN-EN-AQ-1C'), JSON.stringify(found.map((e) => e.name.vi)));
      const one = await app.inject({ url: `/api/catalogs/indicators/${encodeURIComponent(TRANSIT)}` });
      assert.equal(one.statusCode, 200);
      assert.equal(one.json<{ indicator: { id: string } }>().indicator.id, TRANSIT);
      assert.ok(Array.isArray(one.json<{ linked: unknown }>().linked));
      assertError(await app.inject({ url: '/api/catalogs/indicators/u4ssc:NOPE' }), 404, 'DOTHI_INDICATOR_UNKNOWN');
    });

    test('custom indicators through the API, checked by the catalog schema', async () => {
      const def = {
        id: 'custom:bike-lanes', framework: 'custom', code: 'bike-lanes', name: { en: 'Bike lane length', vi: 'Chiều dài làn xe đạp' },
        unit: 'km', direction: 1, source: { title: 'Đà Nẵng transport department register', publisher: 'Sở GTVT Đà Nẵng', year: 2024 },
      };
      const r = await app.inject({ method: 'POST', url: '/api/workspaces/danang/indicators', payload: def });
      assert.equal(r.statusCode, 201, r.body);
      assertError(await app.inject({ method: 'POST', url: '/api/workspaces/danang/indicators', payload: def }), 409, 'DOTHI_INDICATOR_CUSTOM_EXISTS');
      assertError(await app.inject({ method: 'POST', url: '/api/workspaces/danang/indicators', payload: { ...def, id: 'custom:y', direction: 2 } }), 400, 'DOTHI_INDICATOR_INVALID');
      const list = await app.inject({ url: '/api/workspaces/danang/indicators' });
      assert.deepEqual(list.json<{ indicators: Array<{ indicator_id: string }> }>().indicators.map((i) => i.indicator_id), ['custom:bike-lanes']);
    });

    test('CSV import: a bad file reports every bad row and writes nothing; a good one writes all', async () => {
      const bad = `${CSV}\n${TRANSIT},_workspace,2024,abc,,,\n${TRANSIT},_workspace,2025,1,,sometimes,`;
      const res = await app.inject({ method: 'POST', url: '/api/workspaces/danang/observations/import?file=bad.csv', headers: { 'content-type': 'text/csv' }, payload: bad });
      assert.equal(res.statusCode, 400, res.body);
      const body = res.json<{ error: { code: string; message_vi: string; data: { rows: Array<{ row: number; reason: string }> } } }>();
      assert.equal(body.error.code, 'DOTHI_OBSERVATION_IMPORT_INVALID');
      // The header is row 1, so the two appended lines are rows 7 and 8.
      assert.deepEqual(body.error.data.rows.map((r) => r.row), [7, 8]);
      assert.match(body.error.message_vi, /không có gì được nhập/);
      const none = await app.inject({ url: '/api/workspaces/danang/observations' });
      assert.deepEqual(none.json<{ observations: unknown[] }>().observations, []);

      const ok = await app.inject({ method: 'POST', url: '/api/workspaces/danang/observations/import?file=danang.csv', headers: { 'content-type': 'text/csv' }, payload: CSV });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual(ok.json<{ rows: number; inserted: number }>().rows, 5);
      const csv = await app.inject({ url: '/api/workspaces/danang/observations.csv' });
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      assert.equal(csv.body.split('\r\n').filter(Boolean).length, 6);
      const json = await app.inject({ method: 'POST', url: '/api/workspaces/danang/observations', payload: { observations: [{ indicator_id: 'u4ssc:NOPE', unit_code: '_workspace', period: '2020', value: 1 }] } });
      assert.equal(json.statusCode, 400);
      assertError(await app.inject({ method: 'POST', url: '/api/workspaces/nowhere/observations/import', headers: { 'content-type': 'text/csv' }, payload: CSV }), 404, 'DOTHI_WORKSPACE_NOT_FOUND');
    });

    test('targets and progress through the API', async () => {
      const t = await app.inject({ method: 'POST', url: '/api/workspaces/danang/targets', payload: { indicator_id: TRANSIT, unit_code: '_workspace', year: 2030, value: 60, source: 'illustrative' } });
      assert.equal(t.statusCode, 200, t.body);
      assert.equal(t.json<{ comparator: string }>().comparator, 'at_least');
      await app.inject({ method: 'POST', url: '/api/workspaces/danang/targets', payload: { indicator_id: GHG, unit_code: '_workspace', year: 2030, value: 2.5 } });
      const res = await app.inject({ url: '/api/workspaces/danang/progress' });
      assert.equal(res.statusCode, 200, res.body);
      const rows = res.json<{ progress: ProgressRow[] }>().progress;
      const transit = rows.find((r) => r.indicator_id === TRANSIT)!;
      // 40 (2019) → 46 (2023): CAGR_o = 1.15^(1/4) − 1 = 0.0355581; CAGR_r = 1.5^(1/11) − 1 = 0.0375482;
      // R = 0.946997… just under 0.95: acceleration needed.
      assert.equal(transit.progress.status, 'needs_acceleration');
      assert.ok(Math.abs((transit.progress.progressValue ?? 0) - (1.15 ** 0.25 - 1) / (1.5 ** (1 / 11) - 1)) < 1e-12);
      // Least squares through (2019, 40), (2021, 44), (2023, 46): slope 1.5, line 43.3333 + 1.5(t − 2021),
      // so 2030 → 43.3333 + 13.5 = 56.8333 (interval scale: the linear projection is primary).
      assert.equal(transit.progress.projection?.primary, 'linear');
      assert.ok(Math.abs((transit.progress.projection?.value ?? 0) - (130 / 3 + 13.5)) < 1e-9);
      // GHG per capita rose 3.0 → 3.3 against a falling target (at_most 2.5): regressing.
      assert.equal(rows.find((r) => r.indicator_id === GHG)?.progress.status, 'regressing');
      assert.equal(rows.find((r) => r.indicator_id === GHG)?.assessed_target?.comparator, 'at_most');
      const filtered = await app.inject({ url: `/api/workspaces/danang/progress?indicator=${encodeURIComponent(GHG)}` });
      assert.equal(filtered.json<{ progress: ProgressRow[] }>().progress.length, 1);
      // With the baseline moved to 2021: 44 → 46 over 2 years against 60 by 2030:
      // R = (46/44)^(1/2) − 1 over (60/44)^(1/9) − 1 = 0.022475 / 0.035062 = 0.6410: still acceleration needed.
      const moved = await app.inject({ url: `/api/workspaces/danang/progress?indicator=${encodeURIComponent(TRANSIT)}&baseline=2021` });
      const m = moved.json<{ progress: ProgressRow[] }>().progress[0]!;
      assert.ok(Math.abs((m.progress.progressValue ?? 0) - ((46 / 44) ** 0.5 - 1) / ((60 / 44) ** (1 / 9) - 1)) < 1e-12);
      assert.equal(m.progress.status, 'needs_acceleration');
      const del = await app.inject({ method: 'DELETE', url: `/api/workspaces/danang/targets?indicator=${encodeURIComponent(GHG)}&unit=_workspace&year=2030` });
      assert.equal(del.statusCode, 200);
      assertError(await app.inject({ method: 'DELETE', url: `/api/workspaces/danang/targets?indicator=${encodeURIComponent(GHG)}&unit=_workspace&year=2030` }), 404, 'DOTHI_TARGET_NOT_FOUND');
      assertError(await app.inject({ method: 'POST', url: '/api/workspaces/danang/targets', payload: { indicator_id: TRANSIT, unit_code: '_workspace', year: 'soon', value: 1 } }), 400, 'DOTHI_USAGE');
    });

    test('benchmark and computed results', async () => {
      await createWorkspace(store.db, 'hue', 'Huế').catch(() => undefined);
      await app.inject({ method: 'POST', url: '/api/workspaces/hue/observations', payload: { observations: [{ indicator_id: TRANSIT, unit_code: '_workspace', period: '2023', value: 46 }, { indicator_id: GHG, unit_code: '_workspace', period: '2022', value: 2.8 }] } });
      const b = await app.inject({ url: `/api/workspaces/danang/benchmark?indicators=${encodeURIComponent(`${TRANSIT},${GHG}`)}&peers=hue&ties=average` });
      assert.equal(b.statusCode, 200, b.body);
      const body = b.json<{ units: Array<{ unit: string; ranks: Array<number | null>; dimensions: Record<string, number | null> }> }>();
      // Transit 46 = 46: a tie shared as 1.5 by the average rule; GHG 3.3 vs 2.8, lower is better: Huế first.
      assert.deepEqual(body.units.map((u) => [u.unit, ...u.ranks]), [['danang', 1.5, 2], ['hue', 1.5, 1]]);
      assertError(await app.inject({ url: '/api/workspaces/danang/benchmark?indicators=u4ssc:NOPE' }), 404, 'DOTHI_INDICATOR_UNKNOWN');

      await saveIndicatorResults(store.db, 'danang', {
        calculator: 'transit_stop_500m_share', version: '1.0.0', unit: '%', values: [{ unitId: '492', value: 62.5 }], whole: 55,
        inputs: [{ role: 'stops', layerId: 'bus-stops', version: 1 }],
      }, fixedClock);
      const r = await app.inject({ url: '/api/workspaces/danang/results?latest=true' });
      assert.equal(r.statusCode, 200, r.body);
      const runs = r.json<{ results: Array<{ result_id: number; whole: number; inputs: unknown[] }> }>().results;
      assert.deepEqual(runs.map((x) => [x.result_id, x.whole]), [[1, 55]]);
      assert.equal((await app.inject({ url: '/api/workspaces/danang/results/1' })).json<{ calculator: string }>().calculator, 'transit_stop_500m_share');
      assertError(await app.inject({ url: '/api/workspaces/danang/results/9' }), 404, 'DOTHI_API_NOT_FOUND');

      // The run recorded as observations of a period: every unit and the whole workspace, under the
      // calculator's catalog entry, traced to the run and its layers in the source.
      const rec = await app.inject({ method: 'POST', url: '/api/workspaces/danang/results/1/observations', payload: { period: '2024', quality: 'modelled' } });
      assert.equal(rec.statusCode, 200, rec.body);
      assert.deepEqual(rec.json(), { indicator_id: 'dothi:transit_stop_500m_share', inserted: 2, updated: 0 });
      const obs = (await app.inject({ url: '/api/workspaces/danang/observations?indicator=dothi:transit_stop_500m_share' })).json<{ observations: Array<Record<string, unknown>> }>().observations;
      assert.deepEqual(obs.map((o) => [o.unit_code, o.period, o.value, o.quality, o.source]), [
        ['492', '2024', 62.5, 'modelled', 'dothi result #1: transit_stop_500m_share 1.0.0 (stops bus-stops@1)'],
        ['_workspace', '2024', 55, 'modelled', 'dothi result #1: transit_stop_500m_share 1.0.0 (stops bus-stops@1)'],
      ]);
      const again = await app.inject({ method: 'POST', url: '/api/workspaces/danang/results/1/observations', payload: { period: '2024' } });
      assert.deepEqual(again.json(), { indicator_id: 'dothi:transit_stop_500m_share', inserted: 0, updated: 2 }, 'recording again replaces');
      assertError(await app.inject({ method: 'POST', url: '/api/workspaces/danang/results/1/observations', payload: { period: 'soon' } }), 400, 'DOTHI_PERIOD_INVALID');
      assertError(await app.inject({ method: 'POST', url: '/api/workspaces/danang/results/1/observations', payload: { period: '2024', indicator_id: 'u4ssc:NOPE' } }), 404, 'DOTHI_INDICATOR_UNKNOWN');
      assertError(await app.inject({ method: 'POST', url: '/api/workspaces/danang/results/9/observations', payload: { period: '2024' } }), 404, 'DOTHI_API_NOT_FOUND');
    });

    test('the OpenAPI document lists the monitoring routes', async () => {
      const doc = (await app.inject({ url: '/api/openapi.json' })).json<{ paths: Record<string, unknown> }>();
      for (const p of ['/api/catalogs/frameworks', '/api/workspaces/{ws}/observations/import', '/api/workspaces/{ws}/observations.csv', '/api/workspaces/{ws}/progress', '/api/workspaces/{ws}/benchmark', '/api/workspaces/{ws}/results']) {
        assert.ok(p in doc.paths, p);
      }
    });
  });
}
