// Administrative units through time. A unit is valid on [valid_from, valid_to); a reform closes the
// old units and opens the new ones on its effective date, and the mapping says which became which,
// so figures recorded under old units can be carried to the new ones.

import { DothiError } from '@dothi/engine';
import type { Db, Queryable } from '../store/db.ts';
import { getWorkspace } from '../store/workspaces.ts';
import type { ParsedMapping, ParsedUnit } from './parse-admin.ts';

export interface AdminUnitRow {
  code: string;
  name: string;
  level: string;
  unit_type: string | null;
  parent_code: string | null;
  valid_from: string;
  valid_to: string | null;
}

const COLUMNS = `code, name, level, unit_type, parent_code, valid_from::text valid_from, valid_to::text valid_to`;

export function checkDate(value: string | undefined, flag: string): string {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new DothiError('DOTHI_USAGE', { detail: `${flag} must be a date YYYY-MM-DD, not "${value ?? ''}"` });
  }
  return value;
}

async function upsertUnit(tx: Queryable, ws: string, u: ParsedUnit, validFrom: string, validTo: string | null, source: string): Promise<void> {
  // A later, richer list (names with their type) may improve a unit first met in a mapping table.
  await tx.query(
    `insert into admin_unit (workspace_id, code, valid_from, valid_to, name, level, unit_type, parent_code, source)
     values ($1, $2, $3::date, $4::date, $5, $6, $7, $8, $9)
     on conflict (workspace_id, code, valid_from) do update
       set name = excluded.name, level = excluded.level,
           unit_type = coalesce(excluded.unit_type, admin_unit.unit_type),
           parent_code = coalesce(excluded.parent_code, admin_unit.parent_code), source = excluded.source`,
    [ws, u.code, validFrom, validTo, u.name, u.level, u.unit_type, u.parent_code, source],
  );
}

export async function importUnits(db: Db, ws: string, units: ParsedUnit[], validFrom: string, source: string): Promise<number> {
  await getWorkspace(db, ws);
  await db.transaction(async (tx) => {
    for (const u of units) await upsertUnit(tx, ws, u, validFrom, null, source);
  });
  return units.length;
}

export interface MappingResult {
  mappings: number;
  closed: number;
  opened: number;
}

export async function importMapping(db: Db, ws: string, rows: ParsedMapping[], effective: string, source: string): Promise<MappingResult> {
  await getWorkspace(db, ws);
  const olds = new Map(rows.map((r) => [r.old.code, r.old]));
  const news = new Map(rows.map((r) => [r.new.code, r.new]));
  const pairs = new Map(rows.map((r) => [`${r.old.code}>${r.new.code}`, r]));
  return db.transaction(async (tx) => {
    let closed = 0;
    for (const u of olds.values()) {
      if (news.has(u.code)) continue;
      const open = await tx.query<{ n: number }>(
        `update admin_unit set valid_to = $3::date
          where workspace_id = $1 and code = $2 and valid_to is null and valid_from < $3::date returning 1 n`,
        [ws, u.code, effective],
      );
      if (open.rows.length === 0) {
        // Known only through the mapping: valid since an unknown date, until the reform.
        const known = await tx.query('select 1 from admin_unit where workspace_id = $1 and code = $2 and valid_to = $3::date', [ws, u.code, effective]);
        if (known.rows.length === 0) await upsertUnit(tx, ws, u, '-infinity', effective, source);
      }
      closed++;
    }
    for (const u of news.values()) {
      const exists = await tx.query('select 1 from admin_unit where workspace_id = $1 and code = $2 and valid_from = $3::date', [ws, u.code, effective]);
      if (exists.rows.length === 0) await upsertUnit(tx, ws, u, effective, null, source);
    }
    for (const r of pairs.values()) {
      await tx.query(
        `insert into admin_unit_mapping (workspace_id, old_code, new_code, effective, old_name, new_name, source)
         values ($1, $2, $3, $4::date, $5, $6, $7) on conflict do nothing`,
        [ws, r.old.code, r.new.code, effective, r.old.name, r.new.name, source],
      );
    }
    return { mappings: pairs.size, closed, opened: news.size };
  });
}

export async function unitsAt(db: Queryable, ws: string, date: string): Promise<AdminUnitRow[]> {
  await getWorkspace(db, ws);
  const { rows } = await db.query<AdminUnitRow>(
    `select ${COLUMNS} from admin_unit
      where workspace_id = $1 and valid_from <= $2::date and (valid_to is null or valid_to > $2::date)
      order by level, code`,
    [ws, date],
  );
  return rows;
}

export interface Trace {
  unit: AdminUnitRow[];
  became: Array<{ code: string; name: string | null; effective: string }>;
  came_from: Array<{ code: string; name: string | null; effective: string }>;
}

/** What a unit became, and what it came from, across every recorded reform. */
export async function traceUnit(db: Queryable, ws: string, code: string): Promise<Trace> {
  await getWorkspace(db, ws);
  const unit = await db.query<AdminUnitRow>(`select ${COLUMNS} from admin_unit where workspace_id = $1 and code = $2 order by valid_from`, [ws, code]);
  if (unit.rows.length === 0) throw new DothiError('DOTHI_USAGE', { detail: `no administrative unit with code ${code} in ${ws}` });
  const became = await db.query<{ code: string; name: string | null; effective: string }>(
    `select new_code code, new_name name, effective::text effective from admin_unit_mapping where workspace_id = $1 and old_code = $2 order by effective, new_code`,
    [ws, code],
  );
  const cameFrom = await db.query<{ code: string; name: string | null; effective: string }>(
    `select old_code code, old_name name, effective::text effective from admin_unit_mapping where workspace_id = $1 and new_code = $2 order by effective, old_code`,
    [ws, code],
  );
  return { unit: unit.rows, became: became.rows, came_from: cameFrom.rows };
}
