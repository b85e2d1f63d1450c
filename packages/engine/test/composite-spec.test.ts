// Specs, hashes, coded errors for bad specs and bad CSVs, and the seeded Monte Carlo / sensitivity run.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { buildIndex } from '../src/composite/build.ts';
import { readCoinr } from '../src/composite/coinr-input.ts';
import { canonicalJson, sha256Hex } from '../src/composite/sha256.ts';
import { validateSpec } from '../src/composite/spec.ts';
import { runUncertainty } from '../src/composite/uncertainty.ts';
import { DothiError } from '../src/errors.ts';

const FIX = new URL('./fixtures/coinr-asem/', import.meta.url);
const iData = fs.readFileSync(new URL('ASEM_iData.csv', FIX), 'utf8');
const iMeta = fs.readFileSync(new URL('ASEM_iMeta.csv', FIX), 'utf8');
const input = readCoinr(iData, iMeta);
const SPEC = JSON.parse(fs.readFileSync(new URL('../../../examples/index-specs/asem-coinr.json', import.meta.url), 'utf8')) as { steps: Array<Record<string, unknown>> };

function fails(fn: () => unknown, code: string, details: Record<string, unknown>): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof DothiError, String(e));
    assert.equal(e.code, code);
    for (const [k, v] of Object.entries(details)) assert.equal(e.details[k], v, `${k}: ${String(e.details[k])}`);
    assert.ok(e.message_vi().length > 0);
    return true;
  });
}

test('SHA-256 matches the FIPS 180-2 examples', () => {
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
});

test('the spec hash ignores key order and defaults, and changes with any parameter', () => {
  const a = buildIndex(input, SPEC);
  const reordered = { steps: SPEC.steps.map((s) => Object.fromEntries(Object.entries(s).reverse())) };
  assert.equal(buildIndex(input, reordered).specHash, a.specHash);
  assert.match(a.specHash, /^[0-9a-f]{64}$/);
  const explicit = { steps: SPEC.steps.map((s) => (s.step === 'aggregate' ? { ...s, byLevel: {} } : s)) };
  assert.equal(buildIndex(input, explicit).specHash, a.specHash, 'a default written out is the same spec');
  const other = { steps: SPEC.steps.map((s) => (s.step === 'screen' ? { ...s, minAvailability: 0.8 } : s)) };
  assert.notEqual(buildIndex(input, other).specHash, a.specHash);
  assert.equal(canonicalJson({ b: 1, a: [1, { d: 2, c: null }] }), '{"a":[1,{"c":null,"d":2}],"b":1}');
});

test('a result keeps every intermediate table and a log of what each step did', () => {
  const r = buildIndex(input, SPEC);
  assert.deepEqual(r.tables.map((t) => t.name), ['raw', 'denominated', 'imputed', 'screened', 'treated', 'normalised', 'aggregated']);
  const imputed = r.log.filter((l) => l.action === 'imputed');
  // 63 raw values are missing, and denominating adds 2 (LAO's Energy is missing, so Elec and Gas ÷ Energy are
  // too); each gets its EurAsia group mean (no group is empty for any indicator), so 65 are imputed, none left.
  assert.equal(imputed.length, 65);
  assert.ok(imputed.some((l) => l.unit === 'LAO' && l.indicator === 'Elec'));
  assert.equal(r.tables[2]?.table.cols.reduce((n, c) => n + c.filter((v) => Number.isNaN(v)).length, 0), 0);
  const raw = r.tables[0]?.table;
  const den = r.tables[1]?.table;
  assert.ok(raw && den);
  // Flights is divided by Population: AUT 29.01725 / 8735.453.
  const j = den.codes.indexOf('Flights');
  assert.ok(Math.abs((den.cols[j]?.[0] ?? NaN) - 29.01725 / 8735.453) < 1e-15);
  assert.ok(r.log.some((l) => l.action === 'winsorised' && l.indicator === 'Flights' && l.unit === 'MLT'));
});

test('bad specs fail with DOTHI_INDEX_SPEC_INVALID naming the JSON path', () => {
  fails(() => validateSpec([]), 'DOTHI_INDEX_SPEC_INVALID', { path: '$' });
  fails(() => validateSpec({ steps: [] }), 'DOTHI_INDEX_SPEC_INVALID', { path: '$.steps' });
  fails(() => validateSpec({ steps: [{ step: 'denominate' }, { step: 'smooth' }] }), 'DOTHI_INDEX_SPEC_INVALID', { path: '$.steps[1].step' });
  fails(() => validateSpec({ steps: [{ step: 'treat', method: 'winsorise', winMax: -1 }, { step: 'aggregate' }] }), 'DOTHI_INDEX_SPEC_INVALID', { path: '$.steps[0].winMax' });
  fails(() => validateSpec({ steps: [{ step: 'impute', method: 'mean_by_group' }, { step: 'aggregate' }] }), 'DOTHI_INDEX_SPEC_INVALID', { path: '$.steps[0].group' });
  fails(() => validateSpec({ steps: [{ step: 'normalise', method: 'minmax', range: [100, 0] }, { step: 'aggregate' }] }), 'DOTHI_INDEX_SPEC_INVALID', { path: '$.steps[0].range' });
  fails(() => validateSpec({ steps: [{ step: 'screen', minAvailability: 1.5 }, { step: 'aggregate' }] }), 'DOTHI_INDEX_SPEC_INVALID', { path: '$.steps[0].minAvailability' });
  fails(() => validateSpec({ steps: [{ step: 'normalise', method: 'minmax' }] }), 'DOTHI_INDEX_SPEC_INVALID', { path: '$.steps' });
  fails(() => validateSpec({ steps: [{ step: 'aggregate' }, { step: 'normalise', method: 'minmax' }] }), 'DOTHI_INDEX_SPEC_INVALID', { path: '$.steps[1].step' });
  fails(() => validateSpec({ steps: [{ step: 'aggregate', method: 'median' }] }), 'DOTHI_INDEX_SPEC_INVALID', { path: '$.steps[0].method' });
  fails(() => validateSpec({ steps: [{ step: 'aggregate', colour: 'red' }] }), 'DOTHI_INDEX_SPEC_INVALID', { path: '$.steps[0].colour' });
  fails(() => validateSpec({ steps: [{ step: 'aggregate' }], uncertainty: { aggregations: ['mean'] } }), 'DOTHI_INDEX_SPEC_INVALID', { path: '$.uncertainty.aggregations[0]' });
  fails(() => buildIndex(input, { steps: [{ step: 'impute', method: 'mean_by_group', group: 'Continent' }, { step: 'aggregate' }] }), 'DOTHI_INDEX_SPEC_INVALID', { path: '$.steps[].group' });
});

test('bad CSVs fail with DOTHI_INDEX_DATA_INVALID naming the file line and column', () => {
  const lines = iData.split('\n');
  const header = (lines[0] ?? '').split(',');
  const cells = (lines[4] ?? '').split(',');
  cells[header.indexOf('"LPI"')] = 'abc';
  const broken = [...lines.slice(0, 4), cells.join(','), ...lines.slice(5)].join('\n');
  fails(() => readCoinr(broken, iMeta), 'DOTHI_INDEX_DATA_INVALID', { file: 'iData', row: 5, column: 'LPI' });
  fails(() => readCoinr(iData.replace('"Goods",', '"Goodz",'), iMeta), 'DOTHI_INDEX_DATA_INVALID', { file: 'iData', row: 1, column: 'Goods' });
  fails(() => readCoinr(iData.replace('"BEL"', '"AUT"'), iMeta), 'DOTHI_INDEX_DATA_INVALID', { file: 'iData', row: 3, column: 'uCode' });
  fails(() => readCoinr(iData, iMeta.replace('1,"Ship","Liner Shipping Connectivity Index",1,', '1,"Ship","Liner Shipping Connectivity Index",2,')), 'DOTHI_INDEX_DATA_INVALID', { file: 'iMeta', row: 4, column: 'Direction' });
  fails(() => readCoinr(iData, iMeta.replace('"Physical","Indicator"', '"Physics","Indicator"')), 'DOTHI_INDEX_DATA_INVALID', { file: 'iMeta', row: 2, column: 'Parent' });
  fails(() => readCoinr(iData, iMeta.replace('"Level","iCode"', '"Lvl","iCode"')), 'DOTHI_INDEX_DATA_INVALID', { file: 'iMeta', row: 1, column: 'Level' });
});

test('Monte Carlo: same seed, same output; nothing uncertain, nothing moves', () => {
  const spec = { ...SPEC, uncertainty: { weightNoise: 0.3, normalisations: [{ method: 'minmax', range: [0, 100] }, { method: 'percentile_rank' }] } };
  const a = runUncertainty(input, spec, { replications: 300, seed: 7 });
  const b = runUncertainty(input, spec, { replications: 300, seed: 7 });
  assert.deepEqual(a, b);
  const c = runUncertainty(input, spec, { replications: 300, seed: 8 });
  assert.notDeepEqual(a.units, c.units);
  // The nominal rank is the example build's (COINr: CHE 1, RUS 51).
  assert.equal(a.units.find((u) => u.code === 'CHE')?.nominalRank, 1);
  assert.equal(a.units.find((u) => u.code === 'RUS')?.nominalRank, 51);
  for (const u of a.units) assert.ok(u.p05 <= u.medianRank && u.medianRank <= u.p95, u.code);
  const still = runUncertainty(input, { ...SPEC, uncertainty: { weightNoise: 0 } }, { replications: 50, seed: 1 });
  const nominal = buildIndex(input, SPEC);
  const k = nominal.ranks.codes.indexOf('Index');
  still.units.forEach((u, i) => {
    assert.equal(u.p05, nominal.ranks.cols[k]?.[i]);
    assert.equal(u.p95, u.nominalRank);
  });
  assert.deepEqual(still.sensitivity, []);
});

test('sensitivity: a factor whose alternatives are identical has total index 0; weights alone explain all variance', () => {
  const same = { ...SPEC, uncertainty: { weightNoise: 0.25, normalisations: [{ method: 'minmax', range: [0, 100] }, { method: 'minmax', range: [0, 100] }] } };
  const r = runUncertainty(input, same, { replications: 400, seed: 3 });
  const norm = r.sensitivity.find((s) => s.factor === 'normalisation');
  const w = r.sensitivity.find((s) => s.factor === 'weights');
  assert.ok(norm && w);
  assert.equal(norm.total, 0);
  // With one effective factor, its first-order and total indices both estimate 1 (sampling error ~ 1/√N).
  assert.ok(Math.abs(w.total - 1) < 0.15, `total ${w.total}`);
  assert.ok(Math.abs(w.first - 1) < 0.25, `first ${w.first}`);
});

test('data-driven weights on ASEM: non-negative, summing to 1 in each pillar, and every unit gets an index', () => {
  for (const method of ['entropy', 'critic', 'pca']) {
    const spec = { steps: [...SPEC.steps.slice(0, 5), { step: 'weight', method }, { step: 'aggregate', method: 'arithmetic' }] };
    const r = buildIndex(input, spec);
    for (const p of input.framework.aggregates.filter((a) => a.level === 2)) {
      let sum = 0;
      input.framework.indicators.forEach((ind, j) => {
        if (ind.parent !== p.code) return;
        const w = r.weights.indicators[j] ?? NaN;
        assert.ok(w >= 0, `${method} ${ind.code}`);
        sum += w;
      });
      assert.ok(Math.abs(sum - 1) < 1e-9, `${method} ${p.code} ${sum}`);
    }
    const idx = r.scores.cols[r.scores.codes.indexOf('Index')] ?? new Float64Array();
    assert.ok(idx.every((v) => Number.isFinite(v)), method);
    assert.notDeepEqual(Array.from(idx), Array.from(buildIndex(input, SPEC).scores.cols[r.scores.codes.indexOf('Index')] ?? []), `${method} changes the scores`);
  }
});
