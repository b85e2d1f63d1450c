// The pure parts of the dashboard and index pages, by hand-checked small cases: how cards join
// observations, progress and computed runs; choropleth classes; and the builder's spec edits.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCards, statusCounts } from '../../../web/src/dashboard/cards.ts';
import { choroClasses, joinValues, unitCodes } from '../../../web/src/dashboard/choropleth.ts';
import { imputeStep, normaliseStep, setParam, withStep } from '../../../web/src/indices/spec-edit.ts';
import type { SpecObj } from '../../../web/src/indices/spec-edit.ts';
import type { CatalogEntry, ProgressRow, Run } from '../../../web/src/api/monitoring.ts';

const CATALOG: CatalogEntry[] = [
  { id: 'dothi:green_space_share', framework: 'dothi', name: { en: 'Green space share', vi: 'Tỷ lệ' }, unit: '%', direction: 1, dimension: { en: 'Green', vi: 'Xanh' }, calculator: 'green_space_share' },
  { id: 'u4ssc:X', framework: 'u4ssc', name: { en: 'X', vi: 'X' }, unit: '%', direction: -1, dimension: { en: 'Economy', vi: 'Kinh tế' } },
];
const run = (calculator: string, whole: number | null): Run => ({
  result_id: 7, calculator, calculator_version: '1', measure_unit: '%', computed_at: '2026-03-01T00:00:00Z', inputs: [], whole, values: [],
});
const progress = (id: string, values: number[]): ProgressRow => ({
  indicator_id: id, unit_code: '_workspace', name: null, unit: null, series: values.map((v, i) => ({ period: String(2020 + i), value: v, quality: 'measured' })),
  latest_quality: 'measured', targets: [], assessed_target: null,
  progress: { status: 'on_track', method: 'trend', observedRate: null, requiredRate: null, projection: null },
});

test('cards: a run joins the observations of its catalog entry; a run alone shows its whole value and date', () => {
  const cards = buildCards(CATALOG, [progress('dothi:green_space_share', [3, 4])], [], [run('green_space_share', 9), run('land_use_mix_entropy', 0.5)]);
  assert.deepEqual(cards.map((c) => [c.id, c.value, c.period, c.run?.calculator ?? null, c.status]), [
    ['dothi:green_space_share', 4, '2021', 'green_space_share', 'on_track'],
    // No catalog entry names this calculator here: the card keeps the calculator id, sorted after those with a dimension.
    ['land_use_mix_entropy', 0.5, '2026-03-01', 'land_use_mix_entropy', null],
  ]);
  assert.deepEqual(statusCounts(cards), [{ status: 'on_track', count: 1 }, { status: 'no_status', count: 1 }]);
});

test('choropleth classes: quintile bounds that merge on ties, each value counted once', () => {
  // Sorted 1..10: type-7 quantiles at 0.2, 0.4, 0.6, 0.8 are 2.8, 4.6, 6.4, 8.2.
  const c = choroClasses([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  const round = (v: number): number => Number(v.toFixed(9));
  assert.deepEqual(c.map((x) => [round(x.from), round(x.to), x.count]), [[1, 2.8, 2], [2.8, 4.6, 2], [4.6, 6.4, 2], [6.4, 8.2, 2], [8.2, 10, 2]]);
  // Ties: of [0,0,0,0,5] the 0.2–0.6 quantiles are 0 and merge with the minimum; 0.8 is 0 + 0.2·5 = 1.
  assert.deepEqual(choroClasses([0, 0, 0, 0, 5]).map((x) => [round(x.from), round(x.to), x.count]), [[0, 1, 4], [1, 5, 1]]);
  assert.deepEqual(choroClasses([]), []);
  // Zero-inflated (half the cells have no green space): 0 and the quintiles of 1..10 above it, 2.8, 4.6, 6.4, 8.2.
  const zeros = choroClasses([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(zeros.map((x) => [round(x.from), round(x.to), x.count]), [[0, 2.8, 12], [2.8, 4.6, 2], [4.6, 6.4, 2], [6.4, 8.2, 2], [8.2, 10, 2]]);
});

test('choropleth join: on `code` when every unit has one, else on the feature id', () => {
  const f = (id: string, code?: string) => ({ type: 'Feature' as const, id, geometry: { type: 'Point' as const, coordinates: [0, 0] }, properties: code ? { code } : {} });
  assert.deepEqual(unitCodes([f('a', 'C1'), f('b', 'C2')]), ['C1', 'C2']);
  assert.deepEqual(unitCodes([f('a', 'C1'), f('b')]), ['a', 'b']);
  assert.deepEqual(joinValues([f('a', 'C1'), f('b', 'C2')], new Map([['C1', 3]])).map((x) => x.properties), [{ code: 'C1', value: 3 }, { code: 'C2', value: null }]);
});

test('spec edits: steps replaced in place, added in the spec order, removed; parameters kept where they still apply', () => {
  const spec: SpecObj = { steps: [{ step: 'impute', method: 'mean_by_group', group: 'G' }, { step: 'normalise', method: 'minmax', range: [0, 10] }, { step: 'aggregate', method: 'arithmetic' }] };
  assert.deepEqual(withStep(spec, 'screen', { step: 'screen', minAvailability: 0.8 }).steps.map((s) => s.step), ['impute', 'screen', 'normalise', 'aggregate']);
  assert.deepEqual(withStep(spec, 'impute', null).steps.map((s) => s.step), ['normalise', 'aggregate']);
  assert.deepEqual(setParam(spec, 'aggregate', 'method', 'geometric').steps[2], { step: 'aggregate', method: 'geometric' });
  assert.deepEqual(normaliseStep('minmax', spec.steps[1]), { step: 'normalise', method: 'minmax', range: [0, 10] });
  assert.deepEqual(normaliseStep('rank', spec.steps[1]), { step: 'normalise', method: 'rank' });
  assert.deepEqual(imputeStep('median_by_group', spec.steps[0], ['H']), { step: 'impute', method: 'median_by_group', group: 'G' });
  assert.deepEqual(imputeStep('mean_by_group', undefined, ['H']), { step: 'impute', method: 'mean_by_group', group: 'H' });
  assert.deepEqual(imputeStep('mean', spec.steps[0], ['H']), { step: 'impute', method: 'mean' });
});
