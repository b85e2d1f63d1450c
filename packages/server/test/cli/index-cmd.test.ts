// `dothi index build | explain` run as the real binary on COINr's ASEM tables; results checked against COINr's
// published numbers (packages/engine/test/fixtures/coinr-asem/reference-results.json, from the vignettes at
// bluefoxr/COINr commit cb1fa25c). Scores are printed by COINr with 2 decimals: tolerance 0.01.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN } from './cli-helpers.ts';
import type { RunResult } from './cli-helpers.ts';

const FIX = fileURLToPath(new URL('../../../engine/test/fixtures/coinr-asem/', import.meta.url));
const SPEC = fileURLToPath(new URL('../../../../examples/index-specs/asem-coinr.json', import.meta.url));
const FILES = ['--data', path.join(FIX, 'ASEM_iData.csv'), '--meta', path.join(FIX, 'ASEM_iMeta.csv'), '--spec', SPEC];
const REF = JSON.parse(fs.readFileSync(path.join(FIX, 'reference-results.json'), 'utf8')) as {
  nominalAggregates: { units: Record<string, { scores: Record<string, number>; rank: Record<string, number> }> };
  indexRanks: { Nominal: { ranks: Record<string, number> } };
};

function dothi(args: string[], lang = 'en'): Promise<RunResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, DOTHI_LANG: lang };
  delete env.DOTHI_DATABASE_URL;
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

interface BuildJson {
  specHash: string;
  units: Array<{ code: string; scores: Record<string, number | null>; ranks: Record<string, number | null>; uncertainty?: { nominalRank: number; medianRank: number; p05: number; p95: number } }>;
  uncertainty?: { replications: number; seed: number; sensitivity: Array<{ factor: string; first: number; total: number }> };
}

test('index build --json equals COINr\'s published scores and ranks at every level', async () => {
  const r = await dothi(['index', 'build', ...FILES, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as BuildJson;
  assert.equal(out.units.length, 51);
  assert.match(out.specHash, /^[0-9a-f]{64}$/);
  for (const u of out.units) {
    assert.deepEqual(Object.keys(u.scores), ['Physical', 'ConEcFin', 'Political', 'Instit', 'P2P', 'Environ', 'Social', 'SusEcFin', 'Conn', 'Sust', 'Index']);
    assert.equal(u.ranks.Index, REF.indexRanks.Nominal.ranks[u.code], `${u.code} Index rank`);
  }
  for (const [code, ref] of Object.entries(REF.nominalAggregates.units)) {
    const u = out.units.find((x) => x.code === code);
    assert.ok(u);
    for (const [agg, v] of Object.entries(ref.scores)) assert.ok(Math.abs((u.scores[agg] ?? NaN) - v) <= 0.01, `${code} ${agg} ${u.scores[agg]} vs ${v}`);
    for (const [agg, k] of Object.entries(ref.rank)) assert.equal(u.ranks[agg], k, `${code} ${agg}`);
  }
});

test('index build prints a readable ranking in English and Vietnamese', async () => {
  const en = await dothi(['index', 'build', ...FILES]);
  assert.equal(en.code, 0, en.stderr);
  const lines = en.stdout.split('\n');
  assert.match(lines[1] ?? '', /^Rank\s+Code\s+Name\s+Index\s+Conn\s+Sust/);
  assert.match(lines[2] ?? '', /^1\s+CHE\s+Switzerland\s+68\.38\s+62\.79 \(3\)\s+73\.98 \(1\)/);
  const vi = await dothi(['index', 'build', ...FILES], 'vi');
  assert.match(vi.stdout, /Chỉ số tổng hợp "Index": 51 đơn vị/);
  assert.match(vi.stdout, /^Hạng\s+Mã\s+Tên/m);
});

test('index build --uncertainty N --seed S adds rank intervals, the same for the same seed', async () => {
  const args = ['index', 'build', ...FILES, '--uncertainty', '200', '--seed', '11', '--json'];
  const [a, b] = await Promise.all([dothi(args), dothi(args)]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(a.stdout, b.stdout);
  const out = JSON.parse(a.stdout) as BuildJson;
  assert.equal(out.uncertainty?.replications, 200);
  assert.deepEqual(out.uncertainty?.sensitivity.map((s) => s.factor), ['weights']);
  for (const u of out.units) {
    assert.equal(u.uncertainty?.nominalRank, u.ranks.Index);
    assert.ok(u.uncertainty && u.uncertainty.p05 <= u.uncertainty.medianRank && u.uncertainty.medianRank <= u.uncertainty.p95);
  }
});

test('index explain --unit shows imputed values and winsorised points for that unit', async () => {
  const r = await dothi(['index', 'explain', ...FILES, '--unit', 'LAO', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { unit: string; screenedOut: boolean; steps: Array<{ step: string; entries: Array<{ action: string; indicator?: string; from?: number | null; to?: number | null }> }>; ranks: Record<string, number> };
  assert.equal(out.unit, 'LAO');
  assert.equal(out.screenedOut, false);
  assert.deepEqual(out.steps.map((s) => s.step), ['denominate', 'impute', 'screen', 'treat', 'normalise', 'aggregate']);
  const imputed = out.steps.find((s) => s.step === 'impute')?.entries ?? [];
  // LAO is missing 8 raw values, plus Elec and Gas, whose denominator (Energy) is missing: 10 imputed.
  assert.equal(imputed.length, 10);
  const win = out.steps.find((s) => s.step === 'treat')?.entries.filter((e) => e.action === 'winsorised') ?? [];
  // Poverty 22.7 (iData) is capped at the next value below it, 8.3.
  assert.deepEqual(win.map((e) => [e.indicator, e.from, e.to]), [['Poverty', 22.7, 8.3]]);
  assert.equal(out.ranks.Index, REF.indexRanks.Nominal.ranks.LAO);
  const text = await dothi(['index', 'explain', ...FILES, '--unit', 'LAO'], 'vi');
  assert.match(text.stdout, /Poverty: 22\.7000 bị chặn về 8\.3000/);
});

test('screened-out units are explained; bad input gives coded errors', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dothi-index-'));
  try {
    const spec90 = path.join(dir, 'spec90.json');
    fs.writeFileSync(spec90, JSON.stringify({ steps: [{ step: 'denominate' }, { step: 'screen', minAvailability: 0.9 }, { step: 'normalise', method: 'minmax' }, { step: 'aggregate' }] }));
    const files90 = [...FILES.slice(0, 4), '--spec', spec90];
    const ex = await dothi(['index', 'explain', ...files90, '--unit', 'BGD', '--json']);
    assert.equal(ex.code, 0, ex.stderr);
    const out = JSON.parse(ex.stdout) as { screenedOut: boolean; steps: Array<{ step: string; entries: Array<{ action: string }> }> };
    assert.equal(out.screenedOut, true);
    assert.equal(out.steps.find((s) => s.step === 'screen')?.entries[0]?.action, 'screened_out');

    const badSpec = path.join(dir, 'bad.json');
    fs.writeFileSync(badSpec, JSON.stringify({ steps: [{ step: 'normalise', method: 'minmax', range: [0] }, { step: 'aggregate' }] }));
    const e1 = await dothi(['index', 'build', ...FILES.slice(0, 4), '--spec', badSpec, '--json']);
    assert.equal(e1.code, 1);
    const err1 = (JSON.parse(e1.stderr) as { error: { code: string; details: Record<string, unknown> } }).error;
    assert.equal(err1.code, 'DOTHI_INDEX_SPEC_INVALID');
    assert.equal(err1.details.path, '$.steps[0].range');

    const badData = path.join(dir, 'iData.csv');
    const lines = fs.readFileSync(path.join(FIX, 'ASEM_iData.csv'), 'utf8').split('\n');
    lines[2] = (lines[2] ?? '').replace(',4.108538,', ',four,');
    fs.writeFileSync(badData, lines.join('\n'));
    const e2 = await dothi(['index', 'build', '--data', badData, ...FILES.slice(2), '--json']);
    const err2 = (JSON.parse(e2.stderr) as { error: { code: string; details: Record<string, unknown> } }).error;
    assert.equal(err2.code, 'DOTHI_INDEX_DATA_INVALID');
    assert.deepEqual([err2.details.row, err2.details.column], [3, 'LPI']);
    const e3 = await dothi(['index', 'explain', ...FILES, '--unit', 'XXX']);
    assert.equal(e3.code, 1);
    assert.match(e3.stderr, /DOTHI_INDEX_UNIT_NOT_FOUND/);
    const e4 = await dothi(['index', 'build', '--data', path.join(FIX, 'ASEM_iData.csv')]);
    assert.equal(e4.code, 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
