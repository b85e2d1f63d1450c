// A fingerprint of the whole store: per table, the row count and an md5 of its rows as text in a
// fixed order. Backups, upgrades and failed imports are judged by it: equal fingerprints mean the
// same content, whichever backend holds it.

import type { Queryable } from './db.ts';

export interface TableChecksum {
  rows: number;
  md5: string;
}

/** dothi's tables, read from the catalog so that a new migration's tables are covered unasked. */
export async function storeTables(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ t: string }>(
    `select table_name t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'
      and table_name <> 'spatial_ref_sys' order by 1`);
  return rows.map((r) => r.t);
}

export async function storeChecksums(db: Queryable, tables?: readonly string[]): Promise<Record<string, TableChecksum>> {
  const out: Record<string, TableChecksum> = {};
  for (const t of tables ?? (await storeTables(db))) {
    // Table names come from the catalog above (or the caller's list of them), never from user input;
    // identifiers cannot be bound as parameters, so the name is quoted instead.
    const { rows } = await db.query<{ n: number; h: string | null }>(
      `select count(*)::int n, md5(string_agg(x::text, '|' order by x::text)) h from "${t.replace(/"/g, '""')}" x`);
    out[t] = { rows: rows[0]?.n ?? 0, md5: rows[0]?.h ?? '' };
  }
  return out;
}
