// Observed time series: one value per indicator, unit and period, with its source and quality flag.
// Writes check every row first (known indicator, period, number, quality) and write all or nothing.

import { DothiError, parsePeriod } from '@dothi/engine';
import type { Db, Queryable } from '../store/db.ts';
import { getWorkspace } from '../store/workspaces.ts';
import { knownIndicators } from './known-indicators.ts';
import type { KnownIndicator } from './known-indicators.ts';

export const QUALITIES = ['measured', 'estimated', 'modelled', 'proxy'] as const;
export type Quality = (typeof QUALITIES)[number];

/** The unit code of a value for the workspace as a whole. */
export const WHOLE_WORKSPACE = '_workspace';

export interface ObservationInput {
  indicator_id: string;
  unit_code: string;
  period: string;
  value: number;
  source?: string | null;
  quality?: Quality | null;
  note?: string | null;
}

export interface ObservationFilter {
  indicator?: string;
  unit?: string;
  from?: string;
  to?: string;
}

export interface RowProblem {
  /** Row number as a spreadsheet shows it (the header is row 1), or the index in a JSON list, from 1. */
  row: number;
  id: string;
  valid: false;
  reason: string;
}

export interface CheckedObservation {
  indicator_id: string;
  unit_code: string;
  period: string;
  period_start: string;
  value: number;
  source: string | null;
  quality: Quality;
  note: string | null;
}

/** A stored observation: the checked row and which import brought it, when. */
export interface Observation extends CheckedObservation {
  import_batch: string | null;
  created_at: string;
}

const MAX_TEXT = 2000;

/** Checks one row; returns the normalised row or the reason it is refused. */
export function checkObservation(raw: Record<string, unknown>, known: ReadonlyMap<string, KnownIndicator>): CheckedObservation | string {
  const text = (k: string): string => (raw[k] === undefined || raw[k] === null ? '' : String(raw[k]).trim());
  const indicator = text('indicator_id');
  if (!indicator) return 'indicator_id is empty';
  if (!known.has(indicator)) return `unknown indicator "${indicator}" (not in the catalogs, the workspace's custom indicators or the calculators)`;
  const unit = text('unit_code');
  if (!unit) return 'unit_code is empty';
  if (unit.length > 200) return 'unit_code is longer than 200 characters';
  const periodText = text('period');
  let period;
  try {
    period = parsePeriod(periodText);
  } catch {
    return `period "${periodText}" is not a year (2024), half (2024-H1), quarter (2024-Q1) or month (2024-07)`;
  }
  const v = raw.value;
  const valueText = text('value');
  // Decimal comma is refused rather than guessed: "1,234" is a thousand in one locale and 1.234 in another.
  const value = typeof v === 'number' ? v : /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(valueText) ? Number(valueText) : Number.NaN;
  if (!Number.isFinite(value)) return `value "${valueText}" is not a number (use a decimal point, no thousands separators)`;
  const quality = (text('quality') || 'measured') as Quality;
  if (!QUALITIES.includes(quality)) return `quality "${quality}" is not one of ${QUALITIES.join(', ')}`;
  const source = text('source');
  const note = text('note');
  if (source.length > MAX_TEXT || note.length > MAX_TEXT) return `source and note are limited to ${MAX_TEXT} characters`;
  return { indicator_id: indicator, unit_code: unit, period: period.text, period_start: period.start, value, source: source || null, quality, note: note || null };
}

export interface WriteCounts {
  inserted: number;
  updated: number;
}

/** Upserts checked rows in one statement (a later value for the same key replaces the stored one). */
export async function writeObservations(tx: Queryable, workspace: string, rows: readonly CheckedObservation[], batch: string | null): Promise<WriteCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const col = <K extends keyof CheckedObservation>(k: K): string[] => rows.map((r) => (r[k] === null ? '' : String(r[k])));
  const { rows: out } = await tx.query<{ inserted: boolean }>(
    `insert into observation (workspace_id, indicator_id, unit_code, period, period_start, value, source, quality, note, import_batch)
     select $1, i, u, p, ps::date, v::float8, nullif(s, ''), q, nullif(n, ''), $10
       from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) as t(i, u, p, ps, v, s, q, n)
     on conflict (workspace_id, indicator_id, unit_code, period) do update
       set value = excluded.value, period_start = excluded.period_start, source = excluded.source, quality = excluded.quality,
           note = excluded.note, import_batch = excluded.import_batch
     returning (xmax = 0) inserted`,
    [workspace, col('indicator_id'), col('unit_code'), col('period'), col('period_start'),
      rows.map((r) => String(r.value)), col('source'), col('quality'), col('note'), batch],
  );
  const inserted = out.filter((r) => r.inserted).length;
  return { inserted, updated: out.length - inserted };
}

/** Checks a list of rows (JSON from the API) and writes them all, or throws with every bad row. */
export async function addObservations(db: Db, workspace: string, input: ReadonlyArray<Record<string, unknown>>): Promise<WriteCounts> {
  await getWorkspace(db, workspace);
  const known = await knownIndicators(db, workspace);
  const good: CheckedObservation[] = [];
  const bad: RowProblem[] = [];
  const seen = new Map<string, number>();
  input.forEach((raw, i) => {
    const r = checkObservation(raw, known);
    if (typeof r === 'string') bad.push({ row: i + 1, id: String(i + 1), valid: false, reason: r });
    else {
      const key = `${r.indicator_id}\u0000${r.unit_code}\u0000${r.period}`;
      const first = seen.get(key);
      if (first !== undefined) bad.push({ row: i + 1, id: String(i + 1), valid: false, reason: `same indicator, unit and period as row ${first}` });
      else {
        seen.set(key, i + 1);
        good.push(r);
      }
    }
  });
  if (bad.length > 0) {
    const first = bad[0]!;
    throw new DothiError('DOTHI_OBSERVATION_IMPORT_INVALID', { file: 'request', bad: bad.length, rows: input.length, row: first.row, reason: first.reason }, { rows: bad });
  }
  return db.transaction((tx) => writeObservations(tx, workspace, good, null));
}

function where(workspace: string, f: ObservationFilter): { sql: string; params: string[] } {
  const params = [workspace];
  const parts = ['workspace_id = $1'];
  if (f.indicator) parts.push(`indicator_id = $${params.push(f.indicator)}`);
  if (f.unit) parts.push(`unit_code = $${params.push(f.unit)}`);
  if (f.from) parts.push(`period_start >= $${params.push(parsePeriod(f.from).start)}::date`);
  if (f.to) parts.push(`period_start <= $${params.push(parsePeriod(f.to).start)}::date`);
  return { sql: parts.join(' and '), params };
}

export async function listObservations(db: Queryable, workspace: string, f: ObservationFilter = {}): Promise<Observation[]> {
  await getWorkspace(db, workspace);
  const w = where(workspace, f);
  const { rows } = await db.query<Observation>(
    `select indicator_id, unit_code, period, to_char(period_start, 'YYYY-MM-DD') period_start, value::float8 value, source, quality, note,
            import_batch, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') created_at
       from observation where ${w.sql} order by indicator_id, unit_code, period_start, period`,
    w.params,
  );
  return rows;
}

/** Deletes the observations the filter selects (one exact row when indicator, unit and period are given). */
export async function deleteObservations(db: Queryable, workspace: string, f: ObservationFilter & { period?: string }): Promise<number> {
  await getWorkspace(db, workspace);
  if (f.period) {
    const period = parsePeriod(f.period).text;
    if (!f.indicator || !f.unit) throw new DothiError('DOTHI_USAGE', { detail: 'deleting one period needs its indicator and unit' });
    const { rows } = await db.query<{ n: number }>(
      'delete from observation where workspace_id = $1 and indicator_id = $2 and unit_code = $3 and period = $4 returning 1 n',
      [workspace, f.indicator, f.unit, period],
    );
    if (rows.length === 0) throw new DothiError('DOTHI_OBSERVATION_NOT_FOUND', { indicator: f.indicator, unit: f.unit, period });
    return 1;
  }
  if (!f.indicator && !f.unit) throw new DothiError('DOTHI_USAGE', { detail: 'say which observations to delete: indicator, unit, or both' });
  const w = where(workspace, f);
  const { rows } = await db.query<{ n: number }>(`delete from observation where ${w.sql} returning 1 n`, w.params);
  return rows.length;
}
