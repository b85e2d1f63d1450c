// Server backend: a real PostgreSQL 15 + PostGIS 3 through node-postgres.

import pg from 'pg';
import { DothiError } from '@dothi/engine';
import type { Db, Queryable, SqlParam } from './db.ts';

export async function openPgStore(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  // An idle connection the server ends (restart, pg_terminate_backend, a dropped database) is an 'error'
  // event that would crash the process unhandled; the pool has already discarded that client, and the
  // next query opens a new one or fails with its own error.
  pool.on('error', () => undefined);
  try {
    const c = await pool.connect();
    c.release();
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new DothiError('DOTHI_STORE_UNAVAILABLE', { detail: `${redact(url)}: ${(e as Error).message}` });
  }
  const query = async <T>(sql: string, params?: readonly SqlParam[]): Promise<{ rows: T[] }> => {
    const r = await pool.query(sql, params as unknown[] | undefined);
    return { rows: r.rows as T[] };
  };
  return {
    backend: 'server',
    query,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const tx: Queryable = {
          async query<R>(sql: string, params?: readonly SqlParam[]) {
            const r = await client.query(sql, params as unknown[] | undefined);
            return { rows: r.rows as R[] };
          },
        };
        const out = await fn(tx);
        await client.query('commit');
        return out;
      } catch (e) {
        await client.query('rollback').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
