// The data steps before normalisation: denominate, impute, screen. Each works on the table as the step
// before left it and writes what it changed to the log.

import { DothiError } from '../errors.ts';
import { jsonNumber } from './log.ts';
import type { LogEntry } from './log.ts';
import type { DataTable, IndexInput } from './model.ts';
import type { ImputeStep, ScreenStep } from './spec.ts';
import { mean, median } from './stats.ts';

/** Divides each indicator with a denominator by that column (COINr Denominate with iMeta's Denominator). */
export function denominate(t: DataTable, input: IndexInput, unitRows: number[], log: LogEntry[]): DataTable {
  const cols = t.cols.map((c, j) => {
    const meta = input.framework.indicators.find((i) => i.code === t.codes[j]);
    if (!meta?.denominator) return c;
    const d = input.denominators[meta.denominator];
    if (!d) throw new DothiError('DOTHI_INDEX_DATA_INVALID', { file: 'iData', row: 1, column: meta.denominator, detail: 'denominator column is missing' });
    log.push({ step: 'denominate', action: 'denominated', indicator: meta.code, detail: meta.denominator });
    return Float64Array.from(c, (v, i) => v / (d[unitRows[i] ?? -1] ?? NaN));
  });
  return { ...t, cols };
}

function fill(col: Float64Array, rows: number[], value: number, t: DataTable, j: number, log: LogEntry[]): void {
  if (Number.isNaN(value)) return;
  for (const i of rows) {
    if (!Number.isNaN(col[i] as number)) continue;
    col[i] = value;
    log.push({ step: 'impute', action: 'imputed', unit: t.units[i], indicator: t.codes[j], from: null, to: jsonNumber(value) });
  }
}

/**
 * Replaces missing values per indicator by the mean or median of the present ones, overall or within a group
 * (COINr i_mean, i_median, i_mean_grp, i_median_grp: a unit with no group label is left as it is).
 */
export function impute(t: DataTable, s: ImputeStep, input: IndexInput, unitRows: number[], log: LogEntry[]): DataTable {
  if (s.method === 'none') return t;
  const stat = s.method === 'mean' || s.method === 'mean_by_group' ? mean : median;
  let labels: Array<string | null>;
  if (s.group !== null) {
    const g = input.groups[s.group];
    if (!g) throw new DothiError('DOTHI_INDEX_SPEC_INVALID', { path: '$.steps[].group', detail: `"${s.group}" is not a Group column of iMeta/iData` });
    labels = unitRows.map((r) => g[r] ?? null);
  } else labels = t.units.map(() => '');
  const byLabel = new Map<string, number[]>();
  labels.forEach((l, i) => {
    if (l === null) return;
    const rows = byLabel.get(l) ?? [];
    rows.push(i);
    byLabel.set(l, rows);
  });
  const cols = t.cols.map((c, j) => {
    const out = Float64Array.from(c);
    for (const rows of byLabel.values()) fill(out, rows, stat(rows.map((i) => c[i] as number)), t, j, log);
    return out;
  });
  return { ...t, cols };
}

/** Keeps units whose share of present indicator values is at least minAvailability (COINr Screen, byNA). */
export function screen(t: DataTable, s: ScreenStep, unitRows: number[], log: LogEntry[]): { table: DataTable; unitRows: number[] } {
  const keep: number[] = [];
  t.units.forEach((u, i) => {
    let n = 0;
    for (const c of t.cols) if (!Number.isNaN(c[i] as number)) n++;
    const avail = t.cols.length === 0 ? 1 : n / t.cols.length;
    if (avail >= s.minAvailability) keep.push(i);
    else log.push({ step: 'screen', action: 'screened_out', unit: u, detail: `availability ${avail.toFixed(3)} < ${s.minAvailability}` });
  });
  return {
    table: { units: keep.map((i) => t.units[i] ?? ''), codes: t.codes, cols: t.cols.map((c) => Float64Array.from(keep, (i) => c[i] as number)) },
    unitRows: keep.map((i) => unitRows[i] ?? -1),
  };
}
