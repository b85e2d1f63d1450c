// Composite indices through the REST API on both backends, with COINr's ASEM example (MIT; fixture in
// packages/engine/test/fixtures/coinr-asem). Oracles: COINr's published scores and ranks for
// build_example_coin() (reference-results.json, 2 decimals, hence the 0.01 tolerance), and the engine
// itself for variants (the API must return exactly what buildIndex returns for the same spec).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { composite, parseCsv } from '@dothi/engine';
import { buildApp } from '../../src/http/app.ts';
import { createWorkspace } from '../../src/store/workspaces.ts';
import { BACKENDS, openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { assertError, fixedClock } from '../http/helpers.ts';

const FIX = fileURLToPath(new URL('../../../engine/test/fixtures/coinr-asem/', import.meta.url));
const IDATA = fs.readFileSync(`${FIX}ASEM_iData.csv`, 'utf8');
const IMETA = fs.readFileSync(`${FIX}ASEM_iMeta.csv`, 'utf8');
const SPEC = JSON.parse(fs.readFileSync(fileURLToPath(new URL('../../../../examples/index-specs/asem-coinr.json', import.meta.url)), 'utf8')) as { steps: Array<Record<string, unknown>> };
const REF = JSON.parse(fs.readFileSync(`${FIX}reference-results.json`, 'utf8')) as {
  nominalAggregates: { units: Record<string, { rank: Record<string, number>; scores: Record<string, number> }> };
};

interface UnitOut { code: string; name: string; scores: Record<string, number | null>; ranks: Record<string, number | null>; uncertainty?: { nominalRank: number; medianRank: number; p05: number; p95: number } }
interface Built { result_id: string; spec_hash: string; result: { spec_hash: string; data_hash: string; units: UnitOut[]; tables: Array<{ name: string; rows: unknown[] }>; log: Array<{ step: string; action: string }>; uncertainty?: { sensitivity: Array<{ factor: string; first: number; total: number }> } } }

// A geometric mean needs positive values: minmax to 1–100 as COINr's own geometric variant does.
const geometric = {
  steps: SPEC.steps.map((s) => (s.step === 'aggregate' ? { step: 'aggregate', method: 'geometric' } : s.step === 'normalise' ? { ...s, range: [1, 100] } : s)),
};

for (const backend of BACKENDS) {
  describe(`composite index API on ${backend}`, () => {
    let store: TestStore;
    let app: FastifyInstance;
    const WS = '/api/workspaces/asem';
    before(async () => {
      store = await openTestStore(backend);
      await createWorkspace(store.db, 'asem', 'ASEM');
      app = await buildApp(store.db, { clock: fixedClock, ratePerMinute: 0 });
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    test('a dataset from COINr\'s two tables, with its source; a duplicate and a bad cell are coded errors', async () => {
      const body = { dataset_id: 'asem', name: 'ASEM', idata: IDATA, imeta: IMETA, source: { licence: 'MIT', publisher: 'COINr' } };
      const r = await app.inject({ method: 'POST', url: `${WS}/index-datasets`, payload: body });
      assert.equal(r.statusCode, 201, r.body);
      assert.deepEqual({ ...r.json<Record<string, unknown>>(), data_hash: 'x' }, {
        dataset_id: 'asem', name: 'ASEM', data_hash: 'x', units: 51, indicators: 49, aggregates: 11, source: { licence: 'MIT', publisher: 'COINr' }, created_at: '2026-03-01T09:15:00.000Z',
      });
      assertError(await app.inject({ method: 'POST', url: `${WS}/index-datasets`, payload: body }), 409, 'DOTHI_INDEX_DATASET_EXISTS');
      // Row 3 of iData (the second unit), column LPI, made text; written back with every field quoted.
      const table = parseCsv(IDATA);
      const col = (table[0] as string[]).indexOf('LPI');
      (table[2] as string[])[col] = 'n/a!';
      const bad = table.filter((r) => r.length > 1).map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n');
      const e = assertError(await app.inject({ method: 'POST', url: `${WS}/index-datasets`, payload: { ...body, dataset_id: 'bad', idata: bad } }), 422, 'DOTHI_INDEX_DATA_INVALID');
      assert.equal(e.details.row, 3);
      assert.equal(e.details.column, 'LPI');
      const list = await app.inject({ url: `${WS}/index-datasets` });
      assert.deepEqual(list.json<{ datasets: Array<{ dataset_id: string }> }>().datasets.map((d) => d.dataset_id), ['asem']);
      const one = await app.inject({ url: `${WS}/index-datasets/asem` });
      const d = one.json<{ framework: { indicators: unknown[]; aggregates: Array<{ code: string; level: number }> }; units_list: unknown[] }>();
      assert.equal(d.framework.indicators.length, 49);
      assert.equal(d.units_list.length, 51);
      assert.ok(d.framework.aggregates.some((a) => a.code === 'Index' && a.level === 4));
    });

    test('specs are validated, listed, replaced and deleted', async () => {
      const bad = await app.inject({ method: 'POST', url: `${WS}/index-specs`, payload: { spec_id: 'bad', spec: { steps: [{ step: 'normalise', method: 'magic' }] } } });
      const e = assertError(bad, 400, 'DOTHI_INDEX_SPEC_INVALID');
      assert.match(String(e.details.path), /steps\[0\]/);
      const ok = await app.inject({ method: 'POST', url: `${WS}/index-specs`, payload: { spec_id: 'asem-coinr', spec: SPEC } });
      assert.equal(ok.statusCode, 201, ok.body);
      assert.equal(ok.json<{ spec_hash: string }>().spec_hash, composite.specHash(composite.validateSpec(SPEC)));
      assertError(await app.inject({ method: 'POST', url: `${WS}/index-specs`, payload: { spec_id: 'asem-coinr', spec: SPEC } }), 409, 'DOTHI_INDEX_SPEC_EXISTS');
      await app.inject({ method: 'POST', url: `${WS}/index-specs`, payload: { spec_id: 'tmp', spec: SPEC } });
      const put = await app.inject({ method: 'PUT', url: `${WS}/index-specs/tmp`, payload: { spec: geometric } });
      assert.equal(put.json<{ spec_hash: string }>().spec_hash, composite.specHash(composite.validateSpec(geometric)));
      assert.equal((await app.inject({ method: 'DELETE', url: `${WS}/index-specs/tmp` })).statusCode, 204);
      assertError(await app.inject({ url: `${WS}/index-specs/tmp` }), 404, 'DOTHI_INDEX_SPEC_NOT_FOUND');
      assert.deepEqual((await app.inject({ url: `${WS}/index-specs` })).json<{ specs: Array<{ spec_id: string }> }>().specs.map((s) => s.spec_id), ['asem-coinr']);
    });

    test('a build equals COINr\'s published results and is stored with its hashes, tables and log', async () => {
      const r = await app.inject({ method: 'POST', url: `${WS}/index-specs/asem-coinr/build`, payload: { dataset_id: 'asem' } });
      assert.equal(r.statusCode, 201, r.body.slice(0, 500));
      const b = r.json<Built>();
      assert.equal(b.spec_hash, composite.specHash(composite.validateSpec(SPEC)));
      const units = new Map(b.result.units.map((u) => [u.code, u]));
      let checked = 0;
      for (const [code, ref] of Object.entries(REF.nominalAggregates.units)) {
        const u = units.get(code);
        assert.ok(u, code);
        for (const [agg, v] of Object.entries(ref.scores)) {
          assert.ok(Math.abs((u.scores[agg] as number) - v) <= 0.01 + 1e-9, `${code} ${agg}: ${u.scores[agg]} vs COINr ${v}`);
          checked++;
        }
        for (const [agg, rank] of Object.entries(ref.rank)) assert.equal(u.ranks[agg], rank, `${code} rank ${agg}`);
      }
      assert.ok(checked >= 60, `${checked} published scores compared`);
      assert.deepEqual(b.result.tables.map((t) => t.name), ['raw', 'denominated', 'imputed', 'screened', 'treated', 'normalised', 'aggregated']);
      assert.ok(b.result.log.some((l) => l.step === 'treat' && l.action === 'winsorised'));

      const list = await app.inject({ url: `${WS}/index-results?spec=asem-coinr` });
      const rows = list.json<{ results: Array<{ result_id: string; dataset_id: string; spec_hash: string }> }>().results;
      assert.deepEqual(rows.map((x) => [x.result_id, x.dataset_id, x.spec_hash]), [[b.result_id, 'asem', b.spec_hash]]);
      const stored = await app.inject({ url: `${WS}/index-results/${b.result_id}` });
      assert.deepEqual(stored.json<Built>().result.units, b.result.units);
      assertError(await app.inject({ url: `${WS}/index-results/nope` }), 404, 'DOTHI_INDEX_RESULT_NOT_FOUND');
    });

    test('preview builds without storing, exactly as the engine does; uncertainty is seeded and bounded', async () => {
      const before0 = (await app.inject({ url: `${WS}/index-results` })).json<{ results: unknown[] }>().results.length;
      const p = await app.inject({ method: 'POST', url: `${WS}/index-preview`, payload: { dataset_id: 'asem', spec: geometric } });
      assert.equal(p.statusCode, 200, p.body.slice(0, 300));
      const engine = composite.resultUnits(composite.buildIndex(composite.readCoinr(IDATA, IMETA), geometric), composite.readCoinr(IDATA, IMETA).framework.aggregates.map((a) => a.code));
      const got = p.json<Built['result']>().units;
      assert.deepEqual(got.map((u) => [u.code, u.ranks.Index, u.scores.Index]), engine.map((u) => [u.code, u.ranks.Index, u.scores.Index]));
      // Geometric aggregation changes the order of at least some units (it penalises unbalanced profiles).
      const arithmetic = (await app.inject({ url: `${WS}/index-results` })).json<{ results: Array<{ result_id: string }> }>().results[0];
      const a = (await app.inject({ url: `${WS}/index-results/${arithmetic?.result_id}` })).json<Built>().result.units;
      assert.notDeepEqual(a.map((u) => u.ranks.Index), got.map((u) => u.ranks.Index));
      assert.equal((await app.inject({ url: `${WS}/index-results` })).json<{ results: unknown[] }>().results.length, before0, 'nothing stored');

      const unc = { replications: 200, seed: 7 };
      const spec = { ...SPEC, uncertainty: { weightNoise: 0.25, normalisations: [{ method: 'minmax', range: [0, 100] }, { method: 'zscore', mean: 10, sd: 2 }], aggregations: ['arithmetic'] } };
      const u1 = (await app.inject({ method: 'POST', url: `${WS}/index-preview`, payload: { dataset_id: 'asem', spec, uncertainty: unc } })).json<Built['result']>();
      const u2 = (await app.inject({ method: 'POST', url: `${WS}/index-preview`, payload: { dataset_id: 'asem', spec, uncertainty: unc } })).json<Built['result']>();
      assert.deepEqual(u1.units, u2.units, 'same seed, same answer');
      for (const u of u1.units) {
        const x = u.uncertainty;
        assert.ok(x && x.p05 <= x.medianRank && x.medianRank <= x.p95 && x.p05 >= 1 && x.p95 <= 51, JSON.stringify(u));
      }
      // One aggregation alternative is no factor: only weights and normalisation vary.
      assert.deepEqual(u1.uncertainty?.sensitivity.map((s) => s.factor).sort(), ['normalisation', 'weights']);
      assertError(await app.inject({ method: 'POST', url: `${WS}/index-preview`, payload: { dataset_id: 'nope', spec: SPEC } }), 404, 'DOTHI_INDEX_DATASET_NOT_FOUND');
      assertError(await app.inject({ method: 'POST', url: `${WS}/index-preview`, payload: { dataset_id: 'asem', spec: SPEC, uncertainty: { replications: 10 ** 6, seed: 1 } } }), 400, 'DOTHI_USAGE');
    });
  });
}
