// dothi index build | explain: a composite index from COINr's two tables (iData, iMeta) and a spec file.
// The engine does the work; this adapter reads the files and prints JSON or a readable table.

import fs from 'node:fs';
import { DothiError, composite } from '@dothi/engine';
import type { Ctx } from '../main.ts';
import type { MessageKey } from '../messages.ts';
import { t } from '../messages.ts';
import { printJson, printTable } from '../output.ts';

function readText(path: string | undefined, flag: string, file: string): string {
  if (!path) throw new DothiError('DOTHI_USAGE', { detail: `--${flag} is required: dothi index build --data iData.csv --meta iMeta.csv --spec spec.json` });
  try {
    return fs.readFileSync(path, 'utf8');
  } catch (e) {
    throw new DothiError('DOTHI_INDEX_DATA_INVALID', { file, row: 0, column: '', detail: `cannot read ${path}: ${(e as Error).message}` });
  }
}

interface Loaded {
  input: composite.IndexInput;
  spec: unknown;
}

function load(flags: Ctx['flags']): Loaded {
  const meta = composite.readCoinrMeta(readText(flags.meta, 'meta', 'iMeta'));
  const input = composite.readCoinrData(readText(flags.data, 'data', 'iData'), meta);
  const specText = readText(flags.spec, 'spec', 'spec');
  let spec: unknown;
  try {
    spec = JSON.parse(specText);
  } catch (e) {
    throw new DothiError('DOTHI_INDEX_SPEC_INVALID', { path: '$', detail: `not JSON: ${(e as Error).message}` });
  }
  return { input, spec };
}

function wholeNumber(s: string | undefined, flag: string, min: number): number | null {
  if (s === undefined) return null;
  const n = Number(s);
  if (!Number.isInteger(n) || n < min) throw new DothiError('DOTHI_USAGE', { detail: `--${flag} must be a whole number ≥ ${min}` });
  return n;
}

const fmt = (v: number | null | undefined, digits = 2): string => (v === null || v === undefined || !Number.isFinite(v) ? '' : v.toFixed(digits));

export async function indexBuild({ out, flags }: Ctx): Promise<void> {
  const { input, spec } = load(flags);
  const replications = wholeNumber(flags.uncertainty, 'uncertainty', 1);
  const seed = wholeNumber(flags.seed, 'seed', 0) ?? 1;
  const result = composite.buildIndex(input, spec);
  const fw = input.framework;
  const aggCodes = fw.aggregates.map((a) => a.code);
  const units = composite.resultUnits(result, aggCodes);
  const unc = replications === null ? null : composite.runUncertainty(input, spec, { replications, seed });
  const top = fw.aggregates.find((a) => a.level === fw.topLevel)?.code ?? '';
  if (out.json) {
    printJson(out, {
      specHash: result.specHash,
      dataHash: result.dataHash,
      units: units.map((u, i) => ({ ...u, ...(unc ? { uncertainty: unc.units[i] } : {}) })),
      ...(unc ? { uncertainty: { replications: unc.replications, seed: unc.seed, target: unc.target, weightNoise: unc.weightNoise, sensitivity: unc.sensitivity } } : {}),
    });
    return;
  }
  const subs = fw.aggregates.filter((a) => a.level === fw.topLevel - 1).map((a) => a.code);
  const cRank = t(out.lang, 'index_col_rank');
  const cCode = t(out.lang, 'index_col_code');
  const cName = t(out.lang, 'index_col_name');
  const cMed = t(out.lang, 'index_col_median');
  const cInt = t(out.lang, 'index_col_interval');
  const rows = units
    .map((u, i) => {
      const row: Record<string, string> = { [cRank]: fmt(u.ranks[top], 0), [cCode]: u.code, [cName]: u.name, [top]: fmt(u.scores[top]) };
      for (const s of subs) row[s] = `${fmt(u.scores[s])} (${fmt(u.ranks[s], 0)})`;
      const x = unc?.units[i];
      if (x) {
        row[cMed] = fmt(x.medianRank, 1);
        row[cInt] = `${fmt(x.p05, 0)}–${fmt(x.p95, 0)}`;
      }
      return { row, rank: u.ranks[top] ?? Infinity };
    })
    .sort((a, b) => a.rank - b.rank)
    .map((r) => r.row);
  out.stdout(t(out.lang, 'index_built', { index: top, units: units.length, hash: result.specHash }) + '\n');
  printTable(out, rows, [cRank, cCode, cName, top, ...subs, ...(unc ? [cMed, cInt] : [])]);
  for (const s of unc?.sensitivity ?? []) {
    out.stdout(t(out.lang, 'index_sensitivity', { factor: t(out.lang, `index_factor_${s.factor}` as MessageKey), first: fmt(s.first, 3), total: fmt(s.total, 3) }) + '\n');
  }
}

const STEPS = ['denominate', 'impute', 'screen', 'treat', 'normalise', 'weight', 'aggregate'] as const;

export async function indexExplain({ out, flags }: Ctx): Promise<void> {
  const code = flags.unit;
  if (!code) throw new DothiError('DOTHI_USAGE', { detail: '--unit CODE is required: dothi index explain --data iData.csv --meta iMeta.csv --spec spec.json --unit CODE' });
  const { input, spec } = load(flags);
  const row = input.units.indexOf(code);
  if (row < 0) throw new DothiError('DOTHI_INDEX_UNIT_NOT_FOUND', { unit: code });
  const result = composite.buildIndex(input, spec);
  // Entries about this unit, and the ones about whole indicators (denominators, log transforms, weights) that touch every unit.
  const entries = result.log.filter((l) => l.unit === code || l.unit === undefined);
  const scored = composite.resultUnits(result, input.framework.aggregates.map((a) => a.code)).find((u) => u.code === code) ?? null;
  const used = new Set(result.spec.steps.map((s) => s.step));
  const steps = STEPS.filter((s) => used.has(s)).map((step) => ({ step, entries: entries.filter((l) => l.step === step) }));
  if (out.json) {
    printJson(out, { unit: code, name: input.unitNames[row] ?? '', specHash: result.specHash, screenedOut: scored === null, steps, scores: scored?.scores ?? null, ranks: scored?.ranks ?? null });
    return;
  }
  out.stdout(t(out.lang, 'index_explain_header', { unit: code, name: input.unitNames[row] ?? '' }) + '\n');
  for (const s of steps) {
    out.stdout(`${t(out.lang, `index_step_${s.step}` as MessageKey)}\n`);
    if (s.step === 'aggregate' && scored) {
      for (const a of input.framework.aggregates) out.stdout(t(out.lang, 'index_did_score', { code: a.code, score: fmt(scored.scores[a.code]), rank: fmt(scored.ranks[a.code], 0) }) + '\n');
      continue;
    }
    if (s.entries.length === 0) out.stdout(t(out.lang, 'index_nothing') + '\n');
    for (const e of s.entries) {
      out.stdout(t(out.lang, `index_did_${e.action}` as MessageKey, { indicator: e.indicator ?? '', from: fmt(e.from, 4), to: fmt(e.to, 4), detail: e.detail ?? '' }) + '\n');
    }
  }
}
