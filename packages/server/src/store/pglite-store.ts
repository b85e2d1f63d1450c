// Embedded backend: PGlite (PostgreSQL in WASM) with PostGIS, in a data directory on disk or in memory.

import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { DothiError } from '@dothi/engine';
import type { Db, Queryable, SqlParam } from './db.ts';

export interface EmbeddedOptions {
  /** Directory for the database files; in memory when absent. */
  dataDir?: string;
  /** A tarball from dumpDataDir to start from (tests use a migrated template). */
  loadDataDir?: Blob;
}

/** One process per data directory: PGlite has no shared-memory coordination between processes. */
export function takeLock(dir: string): () => void {
  const file = path.join(dir, 'dothi.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      let held = true;
      const release = (): void => {
        if (!held) return;
        held = false;
        process.removeListener('exit', release);
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(fs.readFileSync(file, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new DothiError('DOTHI_STORE_LOCKED', { dir, pid });
      }
      fs.rmSync(file, { force: true }); // left by a process that died
    }
  }
  throw new DothiError('DOTHI_STORE_LOCKED', { dir, pid: 'unknown' });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface EmbeddedDb extends Db {
  /** The whole database as a tarball (gzipped on request), loadable with EmbeddedOptions.loadDataDir. */
  dumpDataDir(compression?: 'none' | 'gzip'): Promise<Blob>;
}

/**
 * Runs the store's work one piece at a time, in order, each starting on a fresh turn of the event
 * loop. PGlite runs a query synchronously and hands its lock to the next waiter in a microtask, so a
 * queue of waiting queries would otherwise drain without the loop ever polling its sockets: under
 * load the server then stops accepting connections (at 200 clients, a new connection's first request
 * waited up to 30 s while the requests already in were answered in under 1 s).
 */
export function turns(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(work);
    tail = run.catch(() => undefined);
    return run;
  };
}

export async function openEmbeddedStore(opts: EmbeddedOptions = {}): Promise<EmbeddedDb> {
  let release = (): void => undefined;
  if (opts.dataDir) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    release = takeLock(opts.dataDir);
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create({
      ...(opts.dataDir ? { dataDir: path.join(opts.dataDir, 'pgdata') } : {}),
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
      extensions: { postgis },
    });
  } catch (e) {
    release();
    throw new DothiError('DOTHI_STORE_UNAVAILABLE', { detail: `${opts.dataDir ?? 'memory'}: ${(e as Error).message}` });
  }
  const turn = turns();
  const query = <T>(sql: string, params?: readonly SqlParam[]): Promise<{ rows: T[] }> =>
    turn(async () => {
      const r = await pg.query<T>(sql, params as unknown[] | undefined);
      return { rows: r.rows };
    });
  return {
    backend: 'embedded',
    runnerKey: async () => null,
    query,
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return turn(() =>
        pg.transaction(async (tx) =>
          fn({
            async query<R>(sql: string, params?: readonly SqlParam[]) {
              const r = await tx.query<R>(sql, params as unknown[] | undefined);
              return { rows: r.rows };
            },
          }),
        ),
      );
    },
    async close() {
      await pg.close();
      release();
    },
    async dumpDataDir(compression = 'none') {
      return pg.dumpDataDir(compression);
    },
  };
}
