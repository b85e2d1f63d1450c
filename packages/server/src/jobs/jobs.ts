// Long work (imports, indicator computations, index builds) runs as a job: a row that says what was
// asked and how it ended, and progress events for whoever watches (the CLI's bar, the web's progress
// indicator).
// Progress lives in memory: the embedded store has a single session, busy with the job's own transaction.

import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { DothiError } from '@dothi/engine';
import { RUNNER_LOCK_SPACE } from '../store/db.ts';
import type { Db, Queryable } from '../store/db.ts';
import { toJsonb } from '../store/jsonb.ts';

export interface JobProgress {
  job_id: string;
  phase: string;
  /** 0..1 over the whole job. */
  fraction: number;
  message?: string;
}

export interface JobRow {
  workspace_id: string;
  job_id: string;
  kind: string;
  status: 'running' | 'succeeded' | 'failed';
  input: unknown;
  result: unknown;
  error: unknown;
  created_at: string;
  finished_at: string | null;
}

/**
 * Lets the event loop serve sockets between slices of a job's synchronous work. PGlite runs each query
 * to completion without returning to the loop, so without this a long import or computation on the
 * embedded store would hold every other request, and its own progress events, until it ends.
 */
export function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Progress of running jobs, by job id, and `${id}:end` when one ends; the HTTP API streams these to the web. */
export const jobEvents = new EventEmitter();
jobEvents.setMaxListeners(100);

/**
 * The rows of jobs running in this process as they were when they started. The embedded store's one
 * session is busy with a job's own transaction, so reading the row would wait for the job to end;
 * the job's status and progress are answered from here instead.
 */
const live = new Map<string, JobRow>();

export function liveJob(workspace: string, jobId: string): JobRow | undefined {
  const row = live.get(`${workspace}/${jobId}`);
  return row ? { ...row } : undefined;
}

export async function runJob<T>(
  db: Db,
  workspace: string,
  kind: string,
  input: Record<string, unknown>,
  clock: () => Date,
  work: (progress: (phase: string, fraction: number, message?: string) => void, jobId: string) => Promise<T>,
  /** Called once the job's row exists, so a caller can hand out the id (HTTP 202) while the work runs. */
  onStarted?: (jobId: string) => void,
): Promise<{ jobId: string; result: T }> {
  const jobId = randomUUID();
  const runner = await db.runnerKey();
  const createdAt = clock();
  await db.query(
    `insert into job (workspace_id, job_id, kind, status, input, created_at, runner) values ($1, $2, $3, 'running', $4::jsonb, $5, $6)`,
    [workspace, jobId, kind, toJsonb(input), createdAt, runner],
  );
  const key = `${workspace}/${jobId}`;
  live.set(key, {
    workspace_id: workspace, job_id: jobId, kind, status: 'running', input: JSON.parse(toJsonb(input)) as unknown, result: null, error: null,
    created_at: createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z'), finished_at: null,
  });
  onStarted?.(jobId);
  const progress = (phase: string, fraction: number, message?: string): void => {
    const e: JobProgress = { job_id: jobId, phase, fraction: Math.max(0, Math.min(1, fraction)), ...(message ? { message } : {}) };
    jobEvents.emit(jobId, e);
    jobEvents.emit('progress', e);
  };
  try {
    const result = await work(progress, jobId);
    await db.query(`update job set status = 'succeeded', result = $3::jsonb, finished_at = $4 where workspace_id = $1 and job_id = $2`, [
      workspace, jobId, toJsonb(result), clock(),
    ]);
    ended(key, jobId);
    return { jobId, result };
  } catch (e) {
    // The row holds the same shape the API answers errors with, so a client reads a failed job like a failed
    // request; like the API, it keeps an unexpected cause (SQL text, stack) for whoever ran the job to log.
    const d = e instanceof DothiError ? e : new DothiError('DOTHI_INTERNAL', { detail: `job ${jobId} failed; the log of the process that ran it has the cause` });
    const err = { ...d.toJSON(), data: d.data };
    try {
      await db.query(`update job set status = 'failed', error = $3::jsonb, finished_at = $4 where workspace_id = $1 and job_id = $2`, [
        workspace, jobId, toJsonb(err), clock(),
      ]);
    } finally {
      ended(key, jobId);
    }
    throw e;
  }
}

function ended(key: string, jobId: string): void {
  live.delete(key);
  jobEvents.emit(`${jobId}:end`);
}

export interface JobListFilter {
  status?: JobRow['status'] | undefined;
  kind?: string | undefined;
  limit: number;
}

/** A workspace's jobs, newest first, without their results (an import's report can be large). */
export async function listJobs(db: Queryable, workspace: string, f: JobListFilter): Promise<Array<Omit<JobRow, 'result'>>> {
  const { rows } = await db.query<Omit<JobRow, 'result'>>(
    `select workspace_id, job_id, kind, status, input, error,
            to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') created_at,
            to_char(finished_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') finished_at
       from job
      where workspace_id = $1 and ($2::text is null or status = $2) and ($3::text is null or kind = $3)
      order by job.created_at desc, job_id limit $4`,
    [workspace, f.status ?? null, f.kind ?? null, f.limit],
  );
  return rows;
}

export async function getJob(db: Db, workspace: string, jobId: string): Promise<JobRow> {
  const { rows } = await db.query<JobRow>(
    `select workspace_id, job_id, kind, status, input, result, error,
            to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') created_at,
            to_char(finished_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') finished_at
       from job where workspace_id = $1 and job_id = $2`,
    [workspace, jobId],
  );
  const row = rows[0];
  if (!row) throw new DothiError('DOTHI_JOB_NOT_FOUND', { job: jobId });
  return row;
}

// The catalog's text with the placeholder kept, filled per row, so the row has the API's error shape.
const FAIL_INTERRUPTED = `update job set status = 'failed', finished_at = $1,
            error = jsonb_build_object('code', $2::text, 'message', replace($3::text, '{job}', job_id),
                                       'message_vi', replace($4::text, '{job}', job_id), 'details', jsonb_build_object('job', job_id))
      where status = 'running'`;

async function failRunning(q: Queryable, clock: () => Date, runner?: number | null): Promise<number> {
  const e = new DothiError('DOTHI_JOB_INTERRUPTED', { job: '{job}' });
  const params = [clock(), e.code, e.message, e.message_vi()];
  const { rows } = runner === undefined
    ? await q.query<{ job_id: string }>(`${FAIL_INTERRUPTED} returning job_id`, params)
    : await q.query<{ job_id: string }>(`${FAIL_INTERRUPTED} and runner is not distinct from $5 returning job_id`, [...params, runner]);
  return rows.length;
}

/**
 * Marks failed the jobs whose process died while they ran: on the embedded store, which one process
 * owns, every job still 'running' when it opens; on the server, the jobs of runners whose lock is free
 * (their connection, and so their process, is gone). Jobs from before runners were recorded count as
 * interrupted too. Run at every start, and now and then by a long-running server.
 */
export async function failInterruptedJobs(db: Db, clock: () => Date): Promise<number> {
  if (db.backend === 'embedded') return failRunning(db, clock);
  // This process's own jobs need no exception: its runner lock is held by another session than the
  // pool's, so the try below fails for them as for every live runner. Nor does a command that starts
  // no job open a runner connection just to sweep.
  const { rows } = await db.query<{ runner: number | null }>(`select distinct runner from job where status = 'running'`);
  let failed = 0;
  for (const { runner } of rows) {
    failed += await db.transaction(async (tx) => {
      if (runner !== null) {
        const { rows: lock } = await tx.query<{ free: boolean }>('select pg_try_advisory_xact_lock($1, $2) free', [RUNNER_LOCK_SPACE, runner]);
        if (!lock[0]?.free) return 0;
      }
      return failRunning(tx, clock, runner);
    });
  }
  return failed;
}
