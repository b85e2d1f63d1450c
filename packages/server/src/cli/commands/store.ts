// Opens the store for one command and closes it after, whatever happens.

import os from 'node:os';
import type { Db } from '../../store/db.ts';
import { appendAudit, summarise } from '../../audit/audit-log.ts';
import { openStore, resolveStoreOptions } from '../../store/open.ts';
import { failInterruptedJobs } from '../../jobs/jobs.ts';
import type { Flags } from '../main.ts';

export async function withStore<T>(flags: Flags, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openStore(resolveStoreOptions(flags));
  try {
    await failInterruptedJobs(db, () => new Date());
    return await fn(db);
  } finally {
    await db.close();
  }
}

export interface CliWrite {
  /** The workspace written to, or null for site-wide changes (accounts, new workspaces). */
  workspace: string | null;
  /** The command, as typed: "import", "token create". */
  command: string;
  target?: string | undefined;
  before?: unknown;
}

/**
 * A command that changes the store, and its audit entry once the change has committed (imports run
 * their own transactions). The actor is the operating-system user running the CLI.
 */
export async function withStoreWrite<T>(flags: Flags, what: CliWrite | ((result: T) => CliWrite), fn: (db: Db) => Promise<T>): Promise<T> {
  return withStore(flags, async (db) => {
    const result = await fn(db);
    const w = typeof what === 'function' ? what(result) : what;
    await appendAudit(db, {
      workspace_id: w.workspace,
      actor: `cli:${os.userInfo().username}`,
      action: `cli ${w.command}`,
      target: w.target ?? null,
      request_id: null,
      summary: { result: summarise(result), ...(w.before !== undefined ? { before: summarise(w.before) } : {}) },
    }, new Date());
    return result;
  });
}
