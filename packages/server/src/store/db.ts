// The store's edge (DESIGN.md §2): query and transaction, which PGlite and node-postgres both satisfy.

export type SqlParam = string | number | boolean | null | Date | readonly string[] | readonly number[];

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<{ rows: T[] }>;
}

export interface Db extends Queryable {
  readonly backend: 'embedded' | 'server';
  /** Runs fn in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Server backend: this process's job-runner key, held as a session advisory lock on a connection of
   * its own while the store is open (jobs/jobs.ts). Null on the embedded store, which one process owns.
   */
  runnerKey(): Promise<number | null>;
  close(): Promise<void>;
}

/** The advisory-lock namespace of job runners (the first key of the two-key form): "dtjr". */
export const RUNNER_LOCK_SPACE = 0x64746a72;

/** A timestamptz column as ISO 8601 UTC text with milliseconds, the form every API response uses. */
export const ISO = (col: string): string => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
