// Targets: a value an indicator should reach (at_least) or stay under (at_most) in a unit by a year,
// with the document that sets it (for example Decision 1658/QĐ-TTg for 2030).

import { DothiError } from '@dothi/engine';
import type { Queryable } from '../store/db.ts';
import { getWorkspace } from '../store/workspaces.ts';
import { knownIndicators } from './known-indicators.ts';

export const COMPARATORS = ['at_least', 'at_most'] as const;
export type Comparator = (typeof COMPARATORS)[number];

export interface TargetInput {
  indicator_id: string;
  unit_code: string;
  year: number;
  value: number;
  /** When absent: from the indicator's direction (−1 → at_most), at_least otherwise. */
  comparator?: Comparator;
  source?: string | null;
  note?: string | null;
}

export interface Target {
  indicator_id: string;
  unit_code: string;
  year: number;
  value: number;
  comparator: Comparator;
  source: string | null;
  note: string | null;
}

const SELECT = 'select indicator_id, unit_code, year::int as year, value::float8 value, comparator, source, note from target';

export async function setTarget(db: Queryable, workspace: string, t: TargetInput): Promise<Target> {
  await getWorkspace(db, workspace);
  const known = await knownIndicators(db, workspace);
  const ind = known.get(t.indicator_id);
  if (!ind) throw new DothiError('DOTHI_INDICATOR_UNKNOWN', { indicator: t.indicator_id, workspace });
  if (!t.unit_code.trim()) throw new DothiError('DOTHI_USAGE', { detail: 'a target needs a unit code (or _workspace)' });
  if (!Number.isInteger(t.year) || t.year < 1800 || t.year > 2200) throw new DothiError('DOTHI_USAGE', { detail: `target year must be a whole year, not ${t.year}` });
  if (!Number.isFinite(t.value)) throw new DothiError('DOTHI_USAGE', { detail: 'target value must be a number' });
  const comparator = t.comparator ?? (ind.direction === -1 ? 'at_most' : 'at_least');
  if (!COMPARATORS.includes(comparator)) throw new DothiError('DOTHI_USAGE', { detail: `comparator must be one of ${COMPARATORS.join(', ')}` });
  const { rows } = await db.query<Target>(
    `insert into target (workspace_id, indicator_id, unit_code, year, value, comparator, source, note)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (workspace_id, indicator_id, unit_code, year) do update
       set value = excluded.value, comparator = excluded.comparator, source = excluded.source, note = excluded.note
     returning indicator_id, unit_code, year::int as year, value::float8 value, comparator, source, note`,
    [workspace, t.indicator_id, t.unit_code.trim(), t.year, t.value, comparator, t.source ?? null, t.note ?? null],
  );
  return rows[0]!;
}

export async function listTargets(db: Queryable, workspace: string, f: { indicator?: string; unit?: string } = {}): Promise<Target[]> {
  await getWorkspace(db, workspace);
  const params = [workspace];
  let sql = `${SELECT} where workspace_id = $1`;
  if (f.indicator) sql += ` and indicator_id = $${params.push(f.indicator)}`;
  if (f.unit) sql += ` and unit_code = $${params.push(f.unit)}`;
  const { rows } = await db.query<Target>(`${sql} order by indicator_id, unit_code, year`, params);
  return rows;
}

export async function deleteTarget(db: Queryable, workspace: string, k: { indicator: string; unit: string; year: number }): Promise<void> {
  await getWorkspace(db, workspace);
  const { rows } = await db.query<{ n: number }>(
    'delete from target where workspace_id = $1 and indicator_id = $2 and unit_code = $3 and year = $4 returning 1 n',
    [workspace, k.indicator, k.unit, k.year],
  );
  if (rows.length === 0) throw new DothiError('DOTHI_TARGET_NOT_FOUND', { indicator: k.indicator, unit: k.unit, year: k.year });
}
