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

/** Each table's columns in order, so a fingerprint taken before a migration adds columns can be compared after it. */
export async function tableColumns(db: Queryable, tables: readonly string[]): Promise<Record<string, string[]>> {
  const { rows } = await db.query<{ t: string; c: string }>(
    `select table_name t, column_name c from information_schema.columns
      where table_schema = 'public' and table_name in (select unnest($1::text[])) order by table_name, ordinal_position`,
    [tables],
  );
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.t] ??= []).push(r.c);
  return out;
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Per table, the row count and an md5 of its rows. With `columns`, only those columns of a table
 * count (an upgrade's new columns carry defaults, not lost data).
 */
export async function storeChecksums(db: Queryable, tables?: readonly string[], columns?: Readonly<Record<string, readonly string[]>>): Promise<Record<string, TableChecksum>> {
  const out: Record<string, TableChecksum> = {};
  for (const t of tables ?? (await storeTables(db))) {
    // Table and column names come from the catalog (or the caller's list of them), never from user
    // input; identifiers cannot be bound as parameters, so they are quoted instead.
    const cols = columns?.[t];
    const row = cols ? `row(${cols.map((c) => `x.${quoteIdent(c)}`).join(', ')})` : 'x';
    const { rows } = await db.query<{ n: number; h: string | null }>(
      `select count(*)::int n, md5(string_agg(${row}::text, '|' order by ${row}::text)) h from ${quoteIdent(t)} x`);
    out[t] = { rows: rows[0]?.n ?? 0, md5: rows[0]?.h ?? '' };
  }
  return out;
}
