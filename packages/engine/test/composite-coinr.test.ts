// Composite index against COINr's published results on the ASEM data (fixtures/coinr-asem/reference-results.json:
// numbers printed in COINr's vignettes articles/results.md, adjustments.md and treat.md at commit cb1fa25c).
// Scores are printed with 2 decimals, so they must agree to 0.01 (rounding of the printed value, ±0.005, plus
// float noise); ranks must be equal.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { buildIndex, resultUnits } from '../src/composite/build.ts';
import { readCoinr } from '../src/composite/coinr-input.ts';
import type { IndexInput } from '../src/composite/model.ts';
import { kurtosis, skewness } from '../src/composite/stats.ts';
import { passesSkewKurt, treat, winsorise } from '../src/composite/treat.ts';
import type { LogEntry } from '../src/composite/log.ts';

const FIX = new URL('./fixtures/coinr-asem/', import.meta.url);
const read = (f: string): string => fs.readFileSync(new URL(f, FIX), 'utf8');
const input = readCoinr(read('ASEM_iData.csv'), read('ASEM_iMeta.csv'));
const SPEC: unknown = JSON.parse(fs.readFileSync(new URL('../../../examples/index-specs/asem-coinr.json', import.meta.url), 'utf8'));

interface Ref {
  nominalAggregates: { units: Record<string, { scores: Record<string, number>; rank: Record<string, number> }> };
  indexRanks: Record<'Nominal' | 'Prank' | 'NoLPIFor' | 'Screen90', { ranks: Record<string, number | null> }>;
  treatment: {
    vector: { x: number[]; winMax: number; skew: number; kurt: number; treatedSkew: number; treatedKurt: number; pointsWinsorised: number };
    rawColumns: Record<string, { skew: number; kurt: number; nwin?: number; treatedSkew?: number; treatedKurt?: number; winhiRows?: number[]; passes?: boolean }>;
    rawColumnsMoreChecks: Record<string, { skew: number; kurt: number; nwin?: number; treatedSkew?: number; treatedKurt?: number } | string>;
  };
}
const REF = JSON.parse(read('reference-results.json')) as Ref;

function indexRanks(r: ReturnType<typeof buildIndex>): Record<string, number | null> {
  const j = r.ranks.codes.indexOf('Index');
  return Object.fromEntries(input.units.map((u) => {
    const i = r.units.indexOf(u);
    return [u, i < 0 ? null : (r.ranks.cols[j]?.[i] ?? null)];
  }));
}

test('iData/iMeta read as COINr does: 51 units, 49 indicators, 8 pillars, 2 sub-indices, 1 index, 14 negative directions', () => {
  assert.equal(input.units.length, 51);
  assert.equal(input.framework.indicators.length, 49);
  assert.deepEqual([2, 3, 4].map((l) => input.framework.aggregates.filter((a) => a.level === l).length), [8, 2, 1]);
  assert.equal(input.framework.indicators.filter((i) => i.direction === -1).length, 14);
  assert.equal(input.values.reduce((n, c) => n + c.filter((v) => Number.isNaN(v)).length, 0), 63, 'SOURCES.md: 63 missing values');
});

test('example build: every aggregate score of the published units within 0.01, and their ranks equal', () => {
  const r = buildIndex(input, SPEC);
  const units = resultUnits(r, input.framework.aggregates.map((a) => a.code));
  for (const [code, ref] of Object.entries(REF.nominalAggregates.units)) {
    const u = units.find((x) => x.code === code);
    assert.ok(u, code);
    for (const [agg, v] of Object.entries(ref.scores)) assert.ok(Math.abs((u.scores[agg] ?? NaN) - v) <= 0.01, `${code} ${agg}: ${u.scores[agg]} vs COINr ${v}`);
    for (const [agg, k] of Object.entries(ref.rank)) assert.equal(u.ranks[agg], k, `${code} rank of ${agg}`);
  }
  assert.equal(Object.keys(REF.nominalAggregates.units).length, 7);
});

test('example build: the Index rank of all 51 units equals COINr', () => {
  assert.deepEqual(indexRanks(buildIndex(input, SPEC)), REF.indexRanks.Nominal.ranks);
});

test('variant: percentile-rank normalisation (COINr n_prank) gives COINr\'s ranks for all 51 units', () => {
  const spec = { steps: [...(SPEC as { steps: unknown[] }).steps.slice(0, 4), { step: 'normalise', method: 'percentile_rank' }, { step: 'aggregate', method: 'arithmetic' }] };
  assert.deepEqual(indexRanks(buildIndex(input, spec)), REF.indexRanks.Prank.ranks);
});

test('variant: without LPI and Forest gives COINr\'s ranks for all 51 units', () => {
  const keep = input.framework.indicators.map((ind, j) => ({ ind, j })).filter(({ ind }) => ind.code !== 'LPI' && ind.code !== 'Forest');
  const dropped: IndexInput = { ...input, framework: { ...input.framework, indicators: keep.map((k) => k.ind) }, values: keep.map((k) => input.values[k.j] ?? new Float64Array()) };
  assert.deepEqual(indexRanks(buildIndex(dropped, SPEC)), REF.indexRanks.NoLPIFor.ranks);
});

test('variant: no imputation, screening at 0.9 on denominated data leaves COINr\'s 46 units with its ranks', () => {
  const spec = { steps: [{ step: 'denominate' }, { step: 'screen', minAvailability: 0.9 }, { step: 'treat', method: 'winsorise' }, { step: 'normalise', method: 'minmax', range: [0, 100] }, { step: 'aggregate', method: 'arithmetic' }] };
  const r = buildIndex(input, spec);
  assert.equal(r.units.length, 46);
  assert.deepEqual(indexRanks(r), REF.indexRanks.Screen90.ranks);
  const out = r.log.filter((l) => l.action === 'screened_out').map((l) => l.unit).sort();
  assert.deepEqual(out, Object.entries(REF.indexRanks.Screen90.ranks).filter(([, v]) => v === null).map(([k]) => k).sort());
});

test('skewness and kurtosis equal COINr (spreadsheet SKEW/KURT) on its vignette vector and on raw ASEM columns', () => {
  const v = REF.treatment.vector;
  assert.ok(Math.abs(skewness(v.x) - v.skew) < 5e-7);
  assert.ok(Math.abs(kurtosis(v.x) - v.kurt) < 5e-7);
  const w = winsorise(v.x, v.winMax, 2, 3.5);
  assert.equal(w.nwin, v.pointsWinsorised);
  assert.ok(Math.abs(skewness(w.x) - v.treatedSkew) < 5e-7 && Math.abs(kurtosis(w.x) - v.treatedKurt) < 5e-7);
  const cols = { ...REF.treatment.rawColumns, ...Object.fromEntries(Object.entries(REF.treatment.rawColumnsMoreChecks).filter(([k]) => k !== 'provenance')) };
  for (const [code, ref] of Object.entries(cols)) {
    if (typeof ref === 'string') continue;
    const x = input.values[input.framework.indicators.findIndex((i) => i.code === code)] ?? new Float64Array();
    // Printed with 7 significant digits: tolerance half a unit of the last printed digit.
    assert.ok(Math.abs(skewness(x) - ref.skew) < 5e-7, `${code} skew ${skewness(x)}`);
    assert.ok(Math.abs(kurtosis(x) - ref.kurt) < 5e-6, `${code} kurt ${kurtosis(x)}`);
    if (ref.nwin === undefined) continue;
    const t = winsorise(x, 5, 2, 3.5);
    assert.equal(t.nwin, ref.nwin, code);
    assert.ok(t.passed && passesSkewKurt(t.x, 2, 3.5));
    assert.ok(Math.abs(skewness(t.x) - (ref.treatedSkew ?? NaN)) < 5e-6 && Math.abs(kurtosis(t.x) - (ref.treatedKurt ?? NaN)) < 5e-6, code);
  }
});

test('treatment log names COINr\'s Treated_Points (Flights row 30; Goods rows 11 and 35)', () => {
  const codes = ['Flights', 'Goods', 'Services'];
  const table = { units: input.units, codes, cols: codes.map((c) => input.values[input.framework.indicators.findIndex((i) => i.code === c)] ?? new Float64Array()) };
  const log: LogEntry[] = [];
  treat(table, { step: 'treat', method: 'winsorise', winMax: 5, skewThreshold: 2, kurtThreshold: 3.5, fallback: 'log' }, log);
  for (const code of codes) {
    const rows = (REF.treatment.rawColumns[code]?.winhiRows ?? []).map((r) => input.units[r - 1]);
    assert.deepEqual(log.filter((l) => l.indicator === code && l.action === 'winsorised').map((l) => l.unit), rows, code);
  }
});
