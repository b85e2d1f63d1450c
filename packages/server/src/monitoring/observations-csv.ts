// Observations as CSV (RFC 4180, UTF-8): columns indicator_id, unit_code, period, value, source,
// quality, note. An import is all or nothing: every bad row is reported with its row number and reason,
// and one bad row means nothing is written. Export writes the same columns, so files round-trip.

import { createHash } from 'node:crypto';
import { DothiError, parseCsv } from '@dothi/engine';
import type { Db } from '../store/db.ts';
import { getWorkspace } from '../store/workspaces.ts';
import { knownIndicators } from './known-indicators.ts';
import { checkObservation, listObservations, writeObservations } from './observations.ts';
import type { CheckedObservation, ObservationFilter, RowProblem } from './observations.ts';

export const CSV_COLUMNS = ['indicator_id', 'unit_code', 'period', 'value', 'source', 'quality', 'note'] as const;
const REQUIRED = ['indicator_id', 'unit_code', 'period', 'value'] as const;

export interface CsvImportReport {
  file: string;
  sha256: string;
  batch: string;
  rows: number;
  inserted: number;
  updated: number;
}

export interface CsvCheck {
  rows: number;
  good: CheckedObservation[];
  bad: RowProblem[];
}

function fail(file: string, rows: number, bad: RowProblem[]): DothiError {
  const first = bad[0]!;
  return new DothiError('DOTHI_OBSERVATION_IMPORT_INVALID', { file, bad: bad.length, rows, row: first.row, reason: first.reason }, { rows: bad });
}

/** Checks every row of a file; row numbers count the header as row 1, like a spreadsheet. */
export function checkObservationCsv(text: string, known: Parameters<typeof checkObservation>[1]): CsvCheck {
  const records = parseCsv(text);
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  if (records.length === 0 || missing.length > 0 || unknown.length > 0) {
    const reason = records.length === 0
      ? 'the file is empty'
      : [missing.length ? `missing columns: ${missing.join(', ')}` : '', unknown.length ? `unknown columns: ${unknown.join(', ')}` : '']
          .filter(Boolean).join('; ') + ` (expected ${CSV_COLUMNS.join(', ')})`;
    return { rows: Math.max(0, records.length - 1), good: [], bad: [{ row: 1, id: '1', valid: false, reason }] };
  }
  const good: CheckedObservation[] = [];
  const bad: RowProblem[] = [];
  const seen = new Map<string, number>();
  records.slice(1).forEach((rec, i) => {
    const row = i + 2;
    if (rec.length !== header.length) {
      bad.push({ row, id: String(row), valid: false, reason: `${rec.length} fields where the header has ${header.length}` });
      return;
    }
    const r = checkObservation(Object.fromEntries(header.map((h, k) => [h, rec[k]])), known);
    if (typeof r === 'string') {
      bad.push({ row, id: String(row), valid: false, reason: r });
      return;
    }
    const key = `${r.indicator_id}\u0000${r.unit_code}\u0000${r.period}`;
    const first = seen.get(key);
    if (first !== undefined) bad.push({ row, id: String(row), valid: false, reason: `same indicator, unit and period as row ${first}` });
    else {
      seen.set(key, row);
      good.push(r);
    }
  });
  return { rows: records.length - 1, good, bad };
}

export async function importObservationsCsv(
  db: Db,
  workspace: string,
  text: string,
  opts: { file: string; clock: () => Date },
): Promise<CsvImportReport> {
  await getWorkspace(db, workspace);
  const known = await knownIndicators(db, workspace);
  const check = checkObservationCsv(text, known);
  if (check.bad.length > 0) throw fail(opts.file, check.rows, check.bad);
  if (check.good.length === 0) throw fail(opts.file, 0, [{ row: 1, id: '1', valid: false, reason: 'the file has a header but no rows' }]);
  const sha256 = createHash('sha256').update(text).digest('hex');
  // The batch names the file's content and when it came, so a later correction can be traced.
  const batch = `${opts.clock().toISOString()}/${sha256.slice(0, 16)}`;
  const counts = await db.transaction((tx) => writeObservations(tx, workspace, check.good, batch));
  return { file: opts.file, sha256, batch, rows: check.rows, ...counts };
}

/** One RFC 4180 field; text with surrounding spaces is quoted so a spreadsheet keeps them. */
export function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The selected observations as CSV; values are written in full precision (String(number) round-trips). */
export async function exportObservationsCsv(db: Db, workspace: string, f: ObservationFilter = {}, keep: (indicator: string) => boolean = () => true): Promise<string> {
  const rows = (await listObservations(db, workspace, f)).filter((r) => keep(r.indicator_id));
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of rows) lines.push([r.indicator_id, r.unit_code, r.period, r.value, r.source, r.quality, r.note].map(csvField).join(','));
  return lines.join('\r\n') + '\r\n';
}
