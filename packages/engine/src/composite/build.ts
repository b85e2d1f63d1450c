// Builds a composite index from the spec and the data alone: runs the steps in order, keeps every
// intermediate table and a log, and stamps the result with the SHA-256 of the canonical spec and data.

import { DothiError } from '../errors.ts';
import { aggregateTree, compileTree, methodCodes } from './aggregate.ts';
import type { LogEntry } from './log.ts';
import type { DataTable, IndexInput, IndicatorMeta } from './model.ts';
import { normalise } from './normalise.ts';
import { denominate, impute, screen } from './prepare.ts';
import { canonicalJson, sha256Hex } from './sha256.ts';
import { validateSpec } from './spec.ts';
import type { AggregateStep, IndexSpec, NormaliseStep, WeightMethod, WeightStep } from './spec.ts';
import { ranksDescending } from './stats.ts';
import { treat } from './treat.ts';
import { computeWeights } from './weights.ts';
import type { Weights } from './weights.ts';

export interface IndexResult {
  specHash: string;
  dataHash: string;
  spec: IndexSpec;
  /** Units left after screening, in input order. */
  units: string[];
  unitNames: string[];
  /** Every table in step order: raw, then one per step (denominated, imputed, screened, treated, normalised, aggregated). */
  tables: Array<{ name: string; table: DataTable }>;
  weights: Weights;
  /** Normalised indicators and every aggregate, by code. */
  scores: DataTable;
  /** Ranks of `scores` (1 = best, ties share the smallest rank). */
  ranks: DataTable;
  log: LogEntry[];
}

/** The state after the data steps, ready for normalisation: what Monte Carlo starts from. */
export interface Prepared {
  input: IndexInput;
  spec: IndexSpec;
  table: DataTable;
  unitRows: number[];
  tables: Array<{ name: string; table: DataTable }>;
  log: LogEntry[];
}

const TABLE_NAME = { denominate: 'denominated', impute: 'imputed', screen: 'screened', treat: 'treated' } as const;

/** SHA-256 of the canonical JSON of the completed spec (defaults filled in), so equivalent specs share a hash. */
export function specHash(spec: IndexSpec): string {
  return sha256Hex(canonicalJson(spec));
}

export function hashInput(input: IndexInput): string {
  return sha256Hex(canonicalJson({
    units: input.units,
    groups: input.groups,
    denominators: Object.fromEntries(Object.entries(input.denominators).map(([k, v]) => [k, Array.from(v, (x) => (Number.isNaN(x) ? null : x))])),
    framework: input.framework,
    values: input.values.map((c) => Array.from(c, (x) => (Number.isNaN(x) ? null : x))),
  }));
}

export function prepare(input: IndexInput, spec: IndexSpec): Prepared {
  const log: LogEntry[] = [];
  let unitRows = input.units.map((_, i) => i);
  let table: DataTable = { units: [...input.units], codes: input.framework.indicators.map((i) => i.code), cols: input.values.map((c) => Float64Array.from(c)) };
  const tables = [{ name: 'raw', table }];
  for (const s of spec.steps) {
    if (s.step === 'denominate') table = denominate(table, input, unitRows, log);
    else if (s.step === 'impute') table = impute(table, s, input, unitRows, log);
    else if (s.step === 'screen') {
      const r = screen(table, s, unitRows, log);
      table = r.table;
      unitRows = r.unitRows;
      if (unitRows.length === 0) throw new DothiError('DOTHI_INDEX_METHOD_INVALID', { method: 'screen', detail: 'no unit is left after screening' });
    } else if (s.step === 'treat') table = treat(table, s, log);
    else continue;
    tables.push({ name: TABLE_NAME[s.step], table });
  }
  return { input, spec, table, unitRows, tables, log };
}

export function metaLookup(input: IndexInput): (code: string) => IndicatorMeta {
  const m = new Map(input.framework.indicators.map((i) => [i.code, i]));
  return (code) => {
    const x = m.get(code);
    if (!x) throw new DothiError('DOTHI_INDEX_DATA_INVALID', { file: 'iMeta', row: 0, column: 'iCode', detail: `unknown indicator "${code}"` });
    return x;
  };
}

/** Normalised table for a normalise step, or the data as they are when the spec has none. */
export function normaliseFor(p: Prepared, s: NormaliseStep | undefined): DataTable {
  return s ? normalise(p.table, s, metaLookup(p.input)) : p.table;
}

export function buildIndex(input: IndexInput, specJson: unknown): IndexResult {
  const spec = validateSpec(specJson);
  const p = prepare(input, spec);
  const fw = input.framework;
  const ns = spec.steps.find((s): s is NormaliseStep => s.step === 'normalise');
  const norm = normaliseFor(p, ns);
  const tables = [...p.tables];
  if (ns) tables.push({ name: 'normalised', table: norm });
  const wm: WeightMethod = spec.steps.find((s): s is WeightStep => s.step === 'weight')?.method ?? 'given';
  const weights = computeWeights(wm, fw, norm);
  const log = [...p.log];
  if (wm !== 'given') fw.indicators.forEach((i, j) => log.push({ step: 'weight', action: 'weights', indicator: i.code, to: weights.indicators[j] ?? null, detail: wm }));
  const as = spec.steps.find((s): s is AggregateStep => s.step === 'aggregate') as AggregateStep;
  const tree = compileTree(fw);
  const n = p.unitRows.length;
  const out = new Float64Array(tree.nAgg * n);
  const slotWeights = Float64Array.from([...weights.indicators, ...weights.aggregates]);
  aggregateTree(tree, norm.cols, slotWeights, methodCodes(fw, as.method, as.byLevel), n, out);
  const aggCols = fw.aggregates.map((_, k) => out.slice(k * n, (k + 1) * n));
  const scores: DataTable = { units: norm.units, codes: [...norm.codes, ...fw.aggregates.map((a) => a.code)], cols: [...norm.cols, ...aggCols] };
  tables.push({ name: 'aggregated', table: scores });
  const ranks: DataTable = { units: scores.units, codes: scores.codes, cols: scores.cols.map((c) => ranksDescending(c)) };
  return {
    specHash: specHash(spec),
    dataHash: hashInput(input),
    spec,
    units: norm.units,
    unitNames: p.unitRows.map((r) => input.unitNames[r] ?? ''),
    tables,
    weights,
    scores,
    ranks,
    log,
  };
}

/** The result in the CLI's JSON form: every aggregate's score and rank per unit, by iCode. */
export function resultUnits(r: IndexResult, fwAggregates: readonly string[]): Array<{ code: string; name: string; scores: Record<string, number | null>; ranks: Record<string, number | null> }> {
  return r.units.map((u, i) => {
    const scores: Record<string, number | null> = {};
    const ranks: Record<string, number | null> = {};
    for (const code of fwAggregates) {
      const j = r.scores.codes.indexOf(code);
      const s = r.scores.cols[j]?.[i] ?? NaN;
      const k = r.ranks.cols[j]?.[i] ?? NaN;
      scores[code] = Number.isFinite(s) ? s : null;
      ranks[code] = Number.isFinite(k) ? k : null;
    }
    return { code: u, name: r.unitNames[i] ?? '', scores, ranks };
  });
}
