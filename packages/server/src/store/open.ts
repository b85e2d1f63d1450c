// Opens the store the environment asks for: a server when DOTHI_DATABASE_URL is set, else the
// embedded database in the data directory; then brings its schema up to date.

import path from 'node:path';
import type { Db } from './db.ts';
import { migrate } from './migrations.ts';
import { openPgStore } from './pg-store.ts';
import { openEmbeddedStore } from './pglite-store.ts';

export interface StoreOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
}

export function resolveStoreOptions(flags: { data?: string | undefined }, env: NodeJS.ProcessEnv = process.env): StoreOptions {
  return {
    databaseUrl: env.DOTHI_DATABASE_URL || undefined,
    dataDir: path.resolve(flags.data ?? env.DOTHI_DATA ?? '.dothi'),
  };
}

export async function openStore(opts: StoreOptions): Promise<Db> {
  const db = opts.databaseUrl ? await openPgStore(opts.databaseUrl) : await openEmbeddedStore({ dataDir: opts.dataDir ?? '.dothi' });
  try {
    await migrate(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}
