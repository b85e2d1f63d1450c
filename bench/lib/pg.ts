// PostgreSQL plumbing for the analysis benchmark: psql for bulk COPY in and out (exact text round-trip of
// float8 since PostgreSQL 12), and one `pg` connection per timed workload, like the baseline's psql session.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';

export function dbUrl(admin: string, name: string): string {
  return admin.replace(/\/[^/]*$/, `/${name}`);
}

export async function freshDb(admin: string, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`drop database if exists ${name} with (force)`);
  await c.query(`create database ${name}`);
  await c.end();
  return dbUrl(admin, name);
}

/** Runs SQL (text or a file) through psql, stopping at the first error. */
export function psql(url: string, sql: { file?: string; text?: string }): string {
  const args = [url, '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1'];
  if (sql.file) args.push('-f', sql.file);
  else args.push('-c', sql.text ?? '');
  const r = spawnSync('psql', args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  return r.stdout;
}

/** COPY a tab-separated file into a table (client side). */
export function copyIn(url: string, table: string, columns: string[], file: string): void {
  psql(url, { text: `\\copy ${table} (${columns.join(', ')}) from '${file}'` });
}

/** COPY a query's rows out as tab-separated text lines. */
export function copyOut(url: string, query: string): string[] {
  const out = execFileSync('psql', [url, '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-c', `copy (${query}) to stdout`], { encoding: 'utf8', maxBuffer: 2 ** 31 - 1 });
  const lines = out.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function writeLines(file: string, lines: Iterable<string>): void {
  const fd = fs.openSync(file, 'w');
  let buf: string[] = [];
  for (const l of lines) {
    buf.push(l);
    if (buf.length >= 50_000) { fs.writeSync(fd, buf.join('\n') + '\n'); buf = []; }
  }
  if (buf.length) fs.writeSync(fd, buf.join('\n') + '\n');
  fs.closeSync(fd);
}

export interface PeerTiming {
  ms: number;
  runs: number[];
  row: Record<string, unknown>;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Timed runs after the warm-up, as the baseline: 5 under 1 s, 3 under 20 s; 1 beyond (W2 on 1M points). */
export function runsFor(warmMs: number): number {
  return warmMs < 1000 ? 5 : warmMs < 20_000 ? 3 : 1;
}

/**
 * The baseline's method: one connection, `SET max_parallel_workers_per_gather=0`, one warm-up, then the
 * median client wall time (parse + plan + run) of the timed runs. Every query returns one checksum row.
 */
export async function timePeer(url: string, sql: string): Promise<PeerTiming> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('SET max_parallel_workers_per_gather = 0');
    const times: number[] = [];
    let row: Record<string, unknown> = {};
    let runs = 1;
    for (let i = 0; i <= runs; i++) {
      const t0 = performance.now();
      const r = await c.query(sql);
      const ms = performance.now() - t0;
      row = r.rows[0] as Record<string, unknown>;
      if (i === 0) runs = runsFor(ms);
      else times.push(ms);
    }
    return { ms: median(times), runs: times, row };
  } finally {
    await c.end();
  }
}
