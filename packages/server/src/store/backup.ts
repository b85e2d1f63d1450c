// Backup and restore of a whole store. The server backend uses PostgreSQL's own tools (pg_dump's
// custom format; restored through pg_restore and psql in one transaction); the embedded backend
// writes PGlite's data directory as a gzipped tarball. A restore is all or nothing: the file is
// checked and loaded aside first, and the store is replaced only when that worked.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { DothiError } from '@dothi/engine';
import { storeChecksums } from './checksums.ts';
import type { Queryable } from './db.ts';
import type { TableChecksum } from './checksums.ts';
import { migrate, MIGRATIONS } from './migrations.ts';
import { openStore } from './open.ts';
import type { StoreOptions } from './open.ts';
import { openEmbeddedStore, takeLock } from './pglite-store.ts';
import type { EmbeddedDb } from './pglite-store.ts';

export type BackupFormat = 'embedded' | 'server';

export interface BackupReport {
  file: string;
  backend: BackupFormat;
  bytes: number;
  schema_version: number;
  /** Row count and md5 per table of the store as written (embedded) or as restored. */
  tables: Record<string, TableChecksum>;
}

/** pg_dump's custom format starts with "PGDMP"; PGlite's tarball is gzip (1f 8b). */
export function backupFormatOf(file: string): BackupFormat {
  let head: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    head = Buffer.alloc(5);
    fs.readSync(fd, head, 0, 5, 0);
    fs.closeSync(fd);
  } catch (e) {
    throw new DothiError('DOTHI_BACKUP_UNREADABLE', { file, detail: (e as Error).message });
  }
  if (head.toString('latin1') === 'PGDMP') return 'server';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'embedded';
  throw new DothiError('DOTHI_BACKUP_UNREADABLE', { file, detail: 'not a dothi backup (neither a pg_dump archive nor an embedded data directory)' });
}

async function schemaVersion(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ v: number | null }>('select max(version)::int v from schema_migration');
  return rows[0]?.v ?? 0;
}

function writeAtomically(file: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${file}.partial-${process.pid}`;
  return write(tmp).then(
    () => fs.renameSync(tmp, file),
    (e: unknown) => {
      fs.rmSync(tmp, { force: true });
      throw e;
    },
  );
}

export async function backupStore(opts: StoreOptions, file: string): Promise<BackupReport> {
  const target = path.resolve(file);
  const db = await openStore(opts);
  try {
    if (db.backend === 'server') {
      await writeAtomically(target, (tmp) => runTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${tmp}`], opts.databaseUrl ?? ''));
    } else {
      const blob = await (db as EmbeddedDb).dumpDataDir('gzip');
      await writeAtomically(target, async (tmp) => fs.writeFileSync(tmp, Buffer.from(await blob.arrayBuffer())));
    }
    return { file: target, backend: db.backend, bytes: fs.statSync(target).size, schema_version: await schemaVersion(db), tables: await storeChecksums(db) };
  } finally {
    await db.close();
  }
}

export async function restoreStore(opts: StoreOptions, file: string): Promise<BackupReport> {
  const source = path.resolve(file);
  const format = backupFormatOf(source);
  const backend: BackupFormat = opts.databaseUrl ? 'server' : 'embedded';
  if (format !== backend) throw new DothiError('DOTHI_BACKUP_WRONG_BACKEND', { file: source, format, backend });
  if (backend === 'server') await restoreServer(opts.databaseUrl ?? '', source);
  else await restoreEmbedded(opts.dataDir ?? '.dothi', source);
  // Opening migrates a backup from an older release to the current schema.
  const db = await openStore(opts);
  try {
    return { file: source, backend, bytes: fs.statSync(source).size, schema_version: await schemaVersion(db), tables: await storeChecksums(db) };
  } finally {
    await db.close();
  }
}

async function restoreServer(url: string, file: string): Promise<void> {
  const script = `${file}.restore-${process.pid}.sql`;
  try {
    // Writing the whole script first reads the whole archive, so a damaged file fails here, before the
    // database is touched.
    await runTool('pg_restore', ['--no-owner', '--no-privileges', `--file=${script}`, file], null, 'DOTHI_BACKUP_UNREADABLE');
    // One transaction: the old content is dropped and the backup's loaded, or nothing changes.
    // A backup from a newer release is refused inside the same transaction, so it never replaces the store.
    const latest = Math.max(...MIGRATIONS.map((m) => m.version));
    const guard = `do $$ declare v int := (select max(version) from public.schema_migration); begin
      if v > ${latest} then raise exception 'DOTHI_STORE_TOO_NEW %', v; end if; end $$`;
    try {
      await runTool('psql', ['--no-psqlrc', '--quiet', '--set=ON_ERROR_STOP=1', '--single-transaction', '--command=drop schema public cascade', '--command=create schema public', `--file=${script}`, `--command=${guard}`], url, 'DOTHI_RESTORE_FAILED');
    } catch (e) {
      const newer = e instanceof DothiError ? /DOTHI_STORE_TOO_NEW (\d+)/.exec(String(e.details.detail)) : null;
      if (newer) throw new DothiError('DOTHI_STORE_TOO_NEW', { version: Number(newer[1]), latest });
      throw e;
    }
  } finally {
    fs.rmSync(script, { force: true });
  }
}

async function restoreEmbedded(dataDir: string, file: string): Promise<void> {
  await checkGzip(file);
  const dir = path.resolve(dataDir);
  const staging = `${dir}.restore-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    // Load aside and bring it to the current schema; a bad tarball or a newer schema fails here.
    const blob = new Blob([fs.readFileSync(file)], { type: 'application/x-gzip' });
    const db = await openEmbeddedStore({ dataDir: staging, loadDataDir: blob }).catch((e: unknown) => {
      throw new DothiError('DOTHI_BACKUP_UNREADABLE', { file, detail: (e as Error).message });
    });
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
    fs.mkdirSync(dir, { recursive: true });
    const release = takeLock(dir);
    try {
      const live = path.join(dir, 'pgdata');
      const old = path.join(dir, `pgdata.before-restore-${process.pid}`);
      if (fs.existsSync(live)) fs.renameSync(live, old);
      fs.renameSync(path.join(staging, 'pgdata'), live);
      fs.rmSync(old, { recursive: true, force: true });
    } finally {
      release();
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function checkGzip(file: string): Promise<void> {
  try {
    await pipeline(fs.createReadStream(file), createGunzip(), new Writable({ write: (_c, _e, done) => done() }));
  } catch (e) {
    throw new DothiError('DOTHI_BACKUP_UNREADABLE', { file, detail: (e as Error).message });
  }
}

/** The newest installed PostgreSQL client tool: a dump can be read by its own or a newer version. */
function toolPath(name: string): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const p = path.join(root, v, 'bin', name);
    if (fs.existsSync(p)) return p;
  }
  return name;
}

/**
 * Runs a PostgreSQL client tool. The password travels in PGPASSWORD rather than on the command line,
 * where other users of the machine could read it.
 */
function runTool(name: string, args: string[], url: string | null, failCode: 'DOTHI_BACKUP_FAILED' | 'DOTHI_BACKUP_UNREADABLE' | 'DOTHI_RESTORE_FAILED' = 'DOTHI_BACKUP_FAILED'): Promise<void> {
  // Notices (the cascade of a drop) would bury the error that matters.
  const env: NodeJS.ProcessEnv = { ...process.env, PGOPTIONS: '-c client_min_messages=warning' };
  const full = [...args];
  if (url !== null) {
    const u = new URL(url);
    if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = '';
    full.push(`--dbname=${u.toString()}`);
  }
  return new Promise((resolve, reject) => {
    const child = spawn(toolPath(name), full, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'ENOENT' ? new DothiError('DOTHI_BACKUP_TOOL_MISSING', { tool: name }) : new DothiError(failCode, { tool: name, detail: e.message })));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new DothiError(failCode, { tool: name, file: args[args.length - 1] ?? '', detail: firstError(stderr) || `exit ${code}` }));
    });
  });
}

function firstError(stderr: string): string {
  const lines = stderr.trim().split('\n');
  const at = lines.findIndex((l) => /error/i.test(l));
  return lines.slice(Math.max(0, at), Math.max(0, at) + 3).join(' ');
}
