// Opens the store for one command and closes it after, whatever happens.

import type { Db } from '../../store/db.ts';
import { openStore, resolveStoreOptions } from '../../store/open.ts';
import { failInterruptedJobs } from '../../jobs/jobs.ts';
import type { Flags } from '../main.ts';

export async function withStore<T>(flags: Flags, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openStore(resolveStoreOptions(flags));
  try {
    if (db.backend === 'embedded') await failInterruptedJobs(db, () => new Date());
    return await fn(db);
  } finally {
    await db.close();
  }
}
