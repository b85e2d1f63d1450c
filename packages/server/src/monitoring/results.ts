// Values computed from layers by the engine's calculators, stored with what they were computed from:
// the calculator and its version, and the layer versions by role. A run gets a number; its rows are
// one per unit plus the whole workspace (unit _workspace), so every value can be traced and recomputed.

import { DothiError } from '@dothi/engine';
import type { Db, Queryable } from '../store/db.ts';
import { getWorkspace } from '../store/workspaces.ts';
import { WHOLE_WORKSPACE } from './observations.ts';

export interface ResultInput {
  role: string;
  layerId: string;
  version: number;
}

export interface IndicatorResultsInput {
  calculator: string;
  version: string;
  /** Unit of measurement of the values (persons/km², %, m²/person). */
  unit: string;
  values: ReadonlyArray<{ unitId: string; value: number | null; note?: string }>;
  whole: number | null;
  inputs: readonly ResultInput[];
}

export interface StoredRun {
  result_id: number;
  calculator: string;
  calculator_version: string;
  measure_unit: string;
  computed_at: string;
  inputs: ResultInput[];
  whole: number | null;
  values: Array<{ unit_code: string; value: number | null; note: string | null }>;
}

const finiteOrNull = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);

export async function saveIndicatorResults(db: Db, workspace: string, results: IndicatorResultsInput, clock: () => Date = () => new Date()): Promise<number> {
  const [id] = await saveIndicatorRuns(db, workspace, [results], clock);
  return id!;
}

/** Several runs (one computation of many calculators) stored together: all of them, or none. */
export async function saveIndicatorRuns(
  db: Db,
  workspace: string,
  runs: readonly IndicatorResultsInput[],
  clock: () => Date = () => new Date(),
  onSaved?: (done: number) => void,
): Promise<number[]> {
  await getWorkspace(db, workspace);
  for (const results of runs) {
    if (!results.calculator || !results.version) throw new DothiError('DOTHI_USAGE', { detail: 'a result needs its calculator id and version' });
    const units = results.values.map((v) => v.unitId);
    if (units.includes(WHOLE_WORKSPACE) || new Set(units).size !== units.length) {
      throw new DothiError('DOTHI_USAGE', { detail: `result unit ids must be distinct and not ${WHOLE_WORKSPACE}` });
    }
  }
  return db.transaction(async (tx) => {
    // Serialises numbering per workspace on the server backend; two runs never share a number.
    await tx.query('select pg_advisory_xact_lock(7368411, hashtext($1))', [workspace]);
    const { rows } = await tx.query<{ n: number }>('select coalesce(max(result_id), 0)::int + 1 n from indicator_result where workspace_id = $1', [workspace]);
    const ids: number[] = [];
    for (const results of runs) {
      const id = rows[0]!.n + ids.length;
      const all = [...results.values.map((v) => ({ unit: v.unitId, value: finiteOrNull(v.value), note: v.note ?? '' })), { unit: WHOLE_WORKSPACE, value: finiteOrNull(results.whole), note: '' }];
      await tx.query(
        `insert into indicator_result (workspace_id, result_id, calculator, calculator_version, measure_unit, unit_code, value, note, inputs, computed_at)
         select $1, $2, $3, $4, $5, u, nullif(v, '')::float8, nullif(n, ''), $9::jsonb, $10::timestamptz
           from unnest($6::text[], $7::text[], $8::text[]) as t(u, v, n)`,
        [workspace, id, results.calculator, results.version, results.unit, all.map((a) => a.unit), all.map((a) => (a.value === null ? '' : String(a.value))),
          all.map((a) => a.note), JSON.stringify(results.inputs), clock().toISOString()],
      );
      ids.push(id);
      onSaved?.(ids.length);
    }
    return ids;
  });
}

/** One row per (run, unit) as the query returns them, grouped back into runs. */
interface Row extends Omit<StoredRun, 'whole' | 'values'> {
  unit_code: string;
  value: number | null;
  note: string | null;
}

function runs(rows: readonly Row[]): StoredRun[] {
  const byId = new Map<number, StoredRun>();
  for (const r of rows) {
    let run = byId.get(r.result_id);
    if (!run) {
      run = { result_id: r.result_id, calculator: r.calculator, calculator_version: r.calculator_version, measure_unit: r.measure_unit, computed_at: r.computed_at, inputs: r.inputs, whole: null, values: [] };
      byId.set(r.result_id, run);
    }
    if (r.unit_code === WHOLE_WORKSPACE) run.whole = r.value;
    else run.values.push({ unit_code: r.unit_code, value: r.value, note: r.note });
  }
  return [...byId.values()];
}

const SELECT = `select result_id, calculator, calculator_version, measure_unit,
    to_char(computed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') computed_at, inputs, unit_code, value::float8 value, note
  from indicator_result`;

/** Stored runs, newest first; with `latest`, only the newest run of each calculator. */
export async function listResults(db: Queryable, workspace: string, f: { calculator?: string; latest?: boolean } = {}): Promise<StoredRun[]> {
  await getWorkspace(db, workspace);
  const params: string[] = [workspace];
  let cond = 'workspace_id = $1';
  if (f.calculator) cond += ` and calculator = $${params.push(f.calculator)}`;
  if (f.latest) cond += ` and result_id in (select max(result_id) from indicator_result where ${cond} group by calculator)`;
  const { rows } = await db.query<Row>(`${SELECT} where ${cond} order by result_id desc, unit_code`, params);
  return runs(rows);
}

export async function getResult(db: Queryable, workspace: string, id: number): Promise<StoredRun> {
  await getWorkspace(db, workspace);
  const { rows } = await db.query<Row>(`${SELECT} where workspace_id = $1 and result_id = $2 order by unit_code`, [workspace, id]);
  const run = runs(rows)[0];
  if (!run) throw new DothiError('DOTHI_API_NOT_FOUND', { method: 'GET', path: `results/${id}` });
  return run;
}
