// Server backend: a real PostgreSQL 15 + PostGIS 3 through node-postgres.

import { randomInt } from 'node:crypto';
import pg from 'pg';
import { DothiError } from '@dothi/engine';
import { RUNNER_LOCK_SPACE } from './db.ts';
import type { Db, Queryable, SqlParam } from './db.ts';

/**
 * Takes a runner key no live process holds and keeps it, on a connection of its own, until the store
 * closes or that connection drops; PostgreSQL frees session locks of a dead connection at once, so a
 * free key means its runner is gone.
 */
async function holdRunnerKey(url: string): Promise<{ key: number; client: pg.Client }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (;;) {
    const key = randomInt(1, 2 ** 31 - 1);
    const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) ok', [RUNNER_LOCK_SPACE, key]);
    if (rows[0]?.ok) return { key, client };
  }
}

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
  let runner: Promise<{ key: number; client: pg.Client }> | null = null;
  return {
    backend: 'server',
    query,
    async runnerKey() {
      if (!runner) {
        const held = holdRunnerKey(url);
        runner = held;
        held.then(({ client }) => client.on('error', () => {
          // The lock went with the connection: jobs started later take a new key.
          if (runner === held) runner = null;
        }), () => {
          if (runner === held) runner = null;
        });
      }
      return (await runner).key;
    },
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
      const held = runner;
      runner = null;
      if (held) await held.then(({ client }) => client.end(), () => undefined).catch(() => undefined);
      await pool.end();
    },
  };
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
