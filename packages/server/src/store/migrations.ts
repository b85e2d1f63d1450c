// Versioned schema migrations, applied in order at start on both backends. Applied versions are
// recorded in schema_migration; a migration is never edited once released, only followed by another.

import { DothiError } from '@dothi/engine';
import type { Db } from './db.ts';
import { SCHEMA_V1 } from './schema-v1.ts';
import { SCHEMA_V2 } from './schema-v2.ts';
import { SCHEMA_V3 } from './schema-v3.ts';
import { SCHEMA_V4 } from './schema-v4.ts';
import { SCHEMA_V5 } from './schema-v5.ts';
import { SCHEMA_V6 } from './schema-v6.ts';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'urban spatial database', statements: SCHEMA_V1 },
  { version: 2, name: 'indicators and monitoring', statements: SCHEMA_V2 },
  { version: 3, name: 'composite index datasets', statements: SCHEMA_V3 },
  { version: 4, name: 'accounts, access and audit', statements: SCHEMA_V4 },
  { version: 5, name: 'job runners and small-group suppression', statements: SCHEMA_V5 },
  { version: 6, name: 'stakeholder comments', statements: SCHEMA_V6 },
];

/** Applies the migrations not yet applied, up to `upTo` (default: all; tests build older schemas with it). */
export async function migrate(db: Db, upTo = Infinity): Promise<number[]> {
  await db.query(`create table if not exists schema_migration (
    version int primary key, name text not null, applied_at timestamptz not null default now())`);
  // A store written by a newer release has tables and meanings this code does not know; using it
  // could corrupt it.
  const latest = Math.max(...MIGRATIONS.map((m) => m.version));
  const { rows: top } = await db.query<{ v: number | null }>('select max(version)::int v from schema_migration');
  if ((top[0]?.v ?? 0) > latest) throw new DothiError('DOTHI_STORE_TOO_NEW', { version: top[0]?.v ?? 0, latest });
  const applied: number[] = [];
  for (const m of MIGRATIONS.filter((x) => x.version <= upTo)) {
    try {
      const did = await db.transaction(async (tx) => {
        // Serialises concurrent starters against one server; a no-op on the single-session embedded store.
        await tx.query('select pg_advisory_xact_lock(7368410)');
        const { rows } = await tx.query<{ n: number }>('select count(*)::int n from schema_migration where version = $1', [m.version]);
        if ((rows[0]?.n ?? 0) > 0) return false;
        for (const s of m.statements) await tx.query(s);
        await tx.query('insert into schema_migration (version, name) values ($1, $2)', [m.version, m.name]);
        return true;
      });
      if (did) applied.push(m.version);
    } catch (e) {
      if (e instanceof DothiError) throw e;
      throw new DothiError('DOTHI_STORE_MIGRATION_FAILED', { version: m.version, detail: (e as Error).message });
    }
  }
  return applied;
}
