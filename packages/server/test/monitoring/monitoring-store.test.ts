// Monitoring in the store, on both backends: observations checked row by row and written all or
// nothing, CSV export that imports back to the same rows, targets, progress (the engine's published
// method on stored series) and benchmarks, and computed indicator results with their provenance.
// Indicator ids are real catalog entries (catalogs/frameworks/u4ssc.json, dothi.json); expected
// numbers are worked out by hand beside each assertion.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DothiError } from '@dothi/engine';
import { BACKENDS, openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { createWorkspace } from '../../src/store/workspaces.ts';
import { addObservations, deleteObservations, listObservations } from '../../src/monitoring/observations.ts';
import type { RowProblem } from '../../src/monitoring/observations.ts';
import { exportObservationsCsv, importObservationsCsv } from '../../src/monitoring/observations-csv.ts';
import { deleteTarget, listTargets, setTarget } from '../../src/monitoring/targets.ts';
import { progressFor } from '../../src/monitoring/progress-query.ts';
import { benchmarkFor } from '../../src/monitoring/benchmark-query.ts';
import { getResult, listResults, saveIndicatorResults } from '../../src/monitoring/results.ts';
import { createCustomIndicator, listCustomIndicators } from '../../src/monitoring/custom-indicators.ts';

const PM25 = 'u4ssc:EN-EN-AQ-1C'; // air pollution, µg/m³, direction −1
const TRANSIT = 'u4ssc:EC-I-T-2A'; // % population within 0.5 km of public transport, direction +1
const clock = (): Date => new Date('2026-03-01T09:15:00.000Z');

// Da Nang districts (codes of dvhcvn-danang: 490 Liên Chiểu, 492 Hải Châu, 493 Sơn Trà) with a
// Vietnamese note and a quoted comma to exercise RFC 4180 on the way in and out.
const GOOD_CSV = [
  'indicator_id,unit_code,period,value,source,quality,note',
  `${PM25},492,2015,40,Sở TN&MT Đà Nẵng,measured,`,
  `${PM25},492,2018,36,Sở TN&MT Đà Nẵng,measured,`,
  `${PM25},492,2020,30,Sở TN&MT Đà Nẵng,estimated,"trạm quan trắc mới, hiệu chỉnh"`,
  `${TRANSIT},492,2020,62.5,OSM,modelled,`,
  `${TRANSIT},493,2020,48,OSM,modelled,`,
  `${TRANSIT},490,2020,48,OSM,modelled,`,
  `${PM25},493,2020,22,Sở TN&MT Đà Nẵng,measured,`,
  `${PM25},490,2020,35,Sở TN&MT Đà Nẵng,proxy,`,
].join('\n');

function rowsOf(e: unknown): RowProblem[] {
  assert.ok(e instanceof DothiError, String(e));
  assert.equal(e.code, 'DOTHI_OBSERVATION_IMPORT_INVALID');
  return (e.data as { rows: RowProblem[] }).rows;
}

for (const backend of BACKENDS) {
  describe(`monitoring store on ${backend}`, () => {
    let s: TestStore;
    before(async () => {
      s = await openTestStore(backend);
      await createWorkspace(s.db, 'danang', 'Đà Nẵng');
      await createWorkspace(s.db, 'hue', 'Huế');
    });
    after(async () => s?.close());

    test('a CSV with bad rows reports every one with its row number and writes nothing', async () => {
      const bad = [
        'indicator_id,unit_code,period,value,source,quality,note',
        `${PM25},492,2015,40,,measured,`,
        'u4ssc:NO-SUCH,492,2015,1,,,', // row 3: unknown indicator
        `${PM25},492,2016-Q5,1,,,`, // row 4: bad period
        `${PM25},492,2017,"1,5",,,`, // row 5: decimal comma
        `${PM25},492,2018,3,,guessed,`, // row 6: bad quality
        `${PM25},,2019,3,,,`, // row 7: no unit
        `${PM25},492,2015,41,,,`, // row 8: same key as row 2
        `${PM25},492,2020,3`, // row 9: too few fields
      ].join('\n');
      const e = await importObservationsCsv(s.db, 'danang', bad, { file: 'bad.csv', clock }).then(() => null, (x: unknown) => x);
      const rows = rowsOf(e);
      assert.deepEqual(rows.map((r) => r.row), [3, 4, 5, 6, 7, 8, 9]);
      assert.match(rows[0]!.reason, /unknown indicator "u4ssc:NO-SUCH"/);
      assert.match(rows[1]!.reason, /period "2016-Q5"/);
      assert.match(rows[2]!.reason, /decimal point/);
      assert.match(rows[3]!.reason, /quality "guessed"/);
      assert.match(rows[4]!.reason, /unit_code is empty/);
      assert.match(rows[5]!.reason, /as row 2/);
      assert.match(rows[6]!.reason, /4 fields where the header has 7/);
      assert.equal((e as DothiError).details.bad, 7);
      assert.equal((e as DothiError).details.rows, 8);
      assert.deepEqual(await listObservations(s.db, 'danang'), [], 'the good row 2 was not written either');
      // A wrong header is one file-level problem on row 1.
      const hdr = await importObservationsCsv(s.db, 'danang', 'indicator,unit,period,value\nx,y,2020,1', { file: 'h.csv', clock }).then(() => null, (x: unknown) => x);
      assert.match(rowsOf(hdr)[0]!.reason, /missing columns: indicator_id, unit_code; unknown columns: indicator, unit/);
    });

    test('a good CSV imports, exports and imports back to the same rows', async () => {
      const rep = await importObservationsCsv(s.db, 'danang', GOOD_CSV, { file: 'danang.csv', clock });
      assert.deepEqual([rep.rows, rep.inserted, rep.updated], [8, 8, 0]);
      assert.match(rep.batch, /^2026-03-01T09:15:00\.000Z\/[0-9a-f]{16}$/);
      const obs = await listObservations(s.db, 'danang', { indicator: PM25, unit: '492' });
      assert.deepEqual(obs.map((o) => [o.period, o.period_start, o.value, o.quality]), [
        ['2015', '2015-01-01', 40, 'measured'], ['2018', '2018-01-01', 36, 'measured'], ['2020', '2020-01-01', 30, 'estimated'],
      ]);
      assert.equal(obs[2]?.note, 'trạm quan trắc mới, hiệu chỉnh');
      assert.equal(obs[0]?.source, 'Sở TN&MT Đà Nẵng');
      const csv = await exportObservationsCsv(s.db, 'danang');
      assert.ok(csv.includes('"trạm quan trắc mới, hiệu chỉnh"'));
      // Into another workspace and out again: byte-identical export, so nothing was lost or reformatted.
      const back = await importObservationsCsv(s.db, 'hue', csv, { file: 'roundtrip.csv', clock });
      assert.equal(back.inserted, 8);
      assert.equal(await exportObservationsCsv(s.db, 'hue'), csv);
      // The same file again replaces rather than duplicates.
      const again = await importObservationsCsv(s.db, 'hue', csv, { file: 'roundtrip.csv', clock });
      assert.deepEqual([again.inserted, again.updated], [0, 8]);
    });

    test('JSON rows are checked the same way; delete by key or by indicator', async () => {
      const e = await addObservations(s.db, 'hue', [
        { indicator_id: TRANSIT, unit_code: '_workspace', period: '2024-Q1', value: 51 },
        { indicator_id: TRANSIT, unit_code: '_workspace', period: 'Q1-2024', value: 51 },
      ]).then(() => null, (x: unknown) => x);
      assert.deepEqual(rowsOf(e).map((r) => r.row), [2]);
      const ok = await addObservations(s.db, 'hue', [{ indicator_id: TRANSIT, unit_code: '_workspace', period: '2024-q1', value: 51 }]);
      assert.deepEqual(ok, { inserted: 1, updated: 0 });
      assert.equal((await listObservations(s.db, 'hue', { unit: '_workspace' }))[0]?.period, '2024-Q1');
      assert.equal(await deleteObservations(s.db, 'hue', { indicator: TRANSIT, unit: '_workspace', period: '2024-Q1' }), 1);
      await assert.rejects(deleteObservations(s.db, 'hue', { indicator: TRANSIT, unit: '_workspace', period: '2024-Q1' }), { code: 'DOTHI_OBSERVATION_NOT_FOUND' });
      assert.equal(await deleteObservations(s.db, 'hue', { indicator: TRANSIT }), 3);
      await assert.rejects(deleteObservations(s.db, 'hue', {}), { code: 'DOTHI_USAGE' });
      await assert.rejects(listObservations(s.db, 'nowhere'), { code: 'DOTHI_WORKSPACE_NOT_FOUND' });
    });

    test('targets take their comparator from the indicator, and progress runs the published method', async () => {
      // PM2.5 falls (direction −1), so the target is at_most without being told.
      const t = await setTarget(s.db, 'danang', { indicator_id: PM25, unit_code: '492', year: 2030, value: 20, source: 'QĐ 1658/QĐ-TTg (illustrative level)' });
      assert.equal(t.comparator, 'at_most');
      await setTarget(s.db, 'danang', { indicator_id: PM25, unit_code: '492', year: 2050, value: 15 });
      await assert.rejects(setTarget(s.db, 'danang', { indicator_id: 'u4ssc:NO-SUCH', unit_code: '492', year: 2030, value: 1 }), { code: 'DOTHI_INDICATOR_UNKNOWN' });
      assert.deepEqual((await listTargets(s.db, 'danang', { indicator: PM25 })).map((x) => x.year), [2030, 2050]);

      const rows = await progressFor(s.db, 'danang', { indicator: PM25, unit: '492' });
      assert.equal(rows.length, 1);
      const p = rows[0]!;
      // The next target due after the latest observation (2020) is 2030's.
      assert.equal(p.assessed_target?.year, 2030);
      assert.equal(p.targets.length, 2);
      // Series 2015: 40 → 2020: 30 toward ≤ 20 by 2030, as in the engine test:
      // CAGR_o = 0.75^0.2 − 1 = −0.055912488705098, CAGR_r = 0.5^(1/15) − 1 = −0.0451583960895835,
      // R = −(−0.0559…)/0.04515… = 1.23814159816883 ≥ 0.95: on track.
      assert.equal(p.progress.status, 'on_track');
      assert.ok(Math.abs((p.progress.progressValue ?? 0) - 1.23814159816883) < 1e-9);
      assert.deepEqual(p.series.map((x) => x.value), [40, 36, 30]);
      assert.equal(p.latest_quality, 'estimated');
      // Least squares through (2015, 40), (2018, 36), (2020, 30): mean t 2017.6667, mean v 35.3333;
      // Σ(t−t̄)(v−v̄) = (−2.6667)(4.6667) + (0.3333)(0.6667) + (2.3333)(−5.3333) = −24.6667,
      // Σ(t−t̄)² = 7.1111 + 0.1111 + 5.4444 = 12.6667, slope = −1.947368…
      assert.ok(Math.abs((p.progress.observedSlope ?? 0) - -24.666666666666668 / 12.666666666666666) < 1e-9);
      // Straight line still needed: (20 − 30) / (2030 − 2020) = −1 per year.
      assert.equal(p.progress.requiredSlope, -1);

      // One observation only (Sơn Trà): insufficient data, with the reason.
      const st = (await progressFor(s.db, 'danang', { indicator: PM25, unit: '493' }))[0]!;
      assert.equal(st.progress.status, 'insufficient_data');
      assert.match(st.progress.reason ?? '', /fewer than two/);
      await deleteTarget(s.db, 'danang', { indicator: PM25, unit: '492', year: 2050 });
      await assert.rejects(deleteTarget(s.db, 'danang', { indicator: PM25, unit: '492', year: 2050 }), { code: 'DOTHI_TARGET_NOT_FOUND' });
    });

    test('benchmark: latest values side by side, ranks by direction, ties shared', async () => {
      const b = await benchmarkFor(s.db, 'danang', { indicators: [PM25, TRANSIT], units: ['492', '493', '490'] });
      assert.deepEqual(b.units.map((u) => u.unit), ['492', '493', '490']);
      // Latest PM2.5: 492 → 30 (2020), 493 → 22, 490 → 35; lower is better: 493 1st, 492 2nd, 490 3rd.
      assert.deepEqual(b.units.map((u) => u.ranks[0]), [2, 1, 3]);
      assert.deepEqual(b.periods.map((p) => p[0]), ['2020', '2020', '2020']);
      // Transit: 62.5, 48, 48; 493 and 490 tie for 2nd ('min' rule).
      assert.deepEqual(b.units.map((u) => u.ranks[1]), [1, 2, 2]);
      // Normalised PM2.5 over 22..35 reversed: 492 → (35 − 30)/13·100, 493 → 100, 490 → 0.
      assert.ok(Math.abs((b.units[0]!.normalised[0] ?? 0) - 500 / 13) < 1e-9);
      // Both indicators carry the U4SSC dimension "Environment" / "Economy".
      assert.deepEqual(b.dimensions, ['Environment', 'Economy']);
      assert.deepEqual(b.assumed_direction, []);
      // At 2019, 492's latest PM2.5 is 2018's 36 and the others have none.
      const old = await benchmarkFor(s.db, 'danang', { indicators: [PM25], units: ['492', '493'], at: '2019' });
      assert.deepEqual(old.units.map((u) => u.values[0]), [36, null]);
      // Peers: whole-workspace values of other workspaces.
      await addObservations(s.db, 'danang', [{ indicator_id: TRANSIT, unit_code: '_workspace', period: '2020', value: 55 }]);
      await addObservations(s.db, 'hue', [{ indicator_id: TRANSIT, unit_code: '_workspace', period: '2021', value: 41 }]);
      const peers = await benchmarkFor(s.db, 'danang', { indicators: [TRANSIT], peers: ['hue'] });
      assert.deepEqual(peers.units.map((u) => [u.unit, u.values[0], u.ranks[0]]), [['danang', 55, 1], ['hue', 41, 2]]);
    });

    test('computed results keep the calculator version and layer versions', async () => {
      const id = await saveIndicatorResults(s.db, 'danang', {
        calculator: 'transit_stop_500m_share', version: '1.0.0', unit: '%',
        values: [{ unitId: '492', value: 62.5 }, { unitId: '493', value: null, note: 'no streets in the unit' }],
        whole: 55, inputs: [{ role: 'stops', layerId: 'bus-stops', version: 2 }, { role: 'roads', layerId: 'roads', version: 1 }],
      }, clock);
      assert.equal(id, 1);
      const id2 = await saveIndicatorResults(s.db, 'danang', { calculator: 'transit_stop_500m_share', version: '1.0.1', unit: '%', values: [{ unitId: '492', value: 63 }], whole: Number.NaN, inputs: [] }, clock);
      assert.equal(id2, 2);
      const run = await getResult(s.db, 'danang', 1);
      assert.equal(run.calculator_version, '1.0.0');
      assert.equal(run.whole, 55);
      assert.equal(run.computed_at, '2026-03-01T09:15:00Z');
      assert.deepEqual(run.values, [{ unit_code: '492', value: 62.5, note: null }, { unit_code: '493', value: null, note: 'no streets in the unit' }]);
      assert.deepEqual(run.inputs, [{ role: 'stops', layerId: 'bus-stops', version: 2 }, { role: 'roads', layerId: 'roads', version: 1 }]);
      const latest = await listResults(s.db, 'danang', { latest: true });
      assert.deepEqual(latest.map((r) => [r.result_id, r.whole]), [[2, null]]);
      assert.equal((await listResults(s.db, 'danang')).length, 2);
      await assert.rejects(saveIndicatorResults(s.db, 'danang', { calculator: 'x', version: '1', unit: '%', values: [{ unitId: 'a', value: 1 }, { unitId: 'a', value: 2 }], whole: null, inputs: [] }), { code: 'DOTHI_USAGE' });
    });

    test('custom indicators follow the catalog schema and become valid observation ids', async () => {
      const def = {
        id: 'custom:tree-canopy', framework: 'custom', code: 'tree-canopy',
        name: { en: 'Tree canopy cover', vi: 'Độ che phủ tán cây' }, unit: '%', direction: 1,
        source: { title: 'Đà Nẵng urban forestry survey', publisher: 'Đà Nẵng People\'s Committee', year: 2024 },
      };
      const c = await createCustomIndicator(s.db, 'danang', def);
      assert.equal(c.indicator_id, 'custom:tree-canopy');
      await assert.rejects(createCustomIndicator(s.db, 'danang', def), { code: 'DOTHI_INDICATOR_CUSTOM_EXISTS' });
      await assert.rejects(createCustomIndicator(s.db, 'danang', { ...def, id: 'custom:x', name: { en: 'only English' } }), { code: 'DOTHI_INDICATOR_INVALID' });
      assert.deepEqual((await listCustomIndicators(s.db, 'danang')).map((x) => x.indicator_id), ['custom:tree-canopy']);
      const ok = await addObservations(s.db, 'danang', [{ indicator_id: 'custom:tree-canopy', unit_code: '492', period: '2024', value: 11.2 }]);
      assert.equal(ok.inserted, 1);
      // Custom ids are per workspace: Huế does not know it.
      const e = await addObservations(s.db, 'hue', [{ indicator_id: 'custom:tree-canopy', unit_code: '_workspace', period: '2024', value: 9 }]).then(() => null, (x: unknown) => x);
      assert.match(rowsOf(e)[0]!.reason, /unknown indicator/);
    });
  });
}
