// Fresh, migrated stores for tests, on both backends. The embedded one starts from a template
// built once per schema and shared between test files (PGlite + PostGIS takes seconds to create);
// the server one is a new database in the throwaway cluster that `npm test` starts.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../../src/store/db.ts';
import { migrate, MIGRATIONS } from '../../src/store/migrations.ts';
import { openEmbeddedStore } from '../../src/store/pglite-store.ts';
import { openPgStore } from '../../src/store/pg-store.ts';

export type Backend = 'embedded' | 'server';
export const BACKENDS: readonly Backend[] = ['embedded', 'server'];

export interface TestStore {
  db: Db;
  /** For the server backend: the database URL; child processes get it as DOTHI_DATABASE_URL. */
  url?: string;
  close(): Promise<void>;
}

function templatePath(): string {
  const h = createHash('sha256').update(JSON.stringify(MIGRATIONS)).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), `dothi-test-template-${h}.tar`);
}

async function embeddedTemplate(): Promise<Blob> {
  const file = templatePath();
  if (!fs.existsSync(file)) {
    const db = await openEmbeddedStore();
    await migrate(db);
    const blob = await db.dumpDataDir();
    await db.close();
    // Written aside and renamed, so a concurrent test file never reads half a template.
    const tmp = `${file}.${process.pid}`;
    fs.writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    fs.renameSync(tmp, file);
  }
  return new Blob([fs.readFileSync(file)]);
}

export function serverUrl(): string {
  const url = process.env.DOTHI_TEST_PG_URL;
  if (!url) {
    throw new Error(
      'DOTHI_TEST_PG_URL is not set: run the tests with `npm test`, which starts a throwaway PostgreSQL 15 cluster ' +
        '(Debian packages postgresql-15 and postgresql-15-postgis-3), or point it at a PostgreSQL 15 + PostGIS server',
    );
  }
  return url;
}

let counter = 0;

export async function openTestStore(backend: Backend): Promise<TestStore> {
  if (backend === 'embedded') {
    const db = await openEmbeddedStore({ loadDataDir: await embeddedTemplate() });
    await migrate(db);
    return { db, close: () => db.close() };
  }
  const admin = serverUrl();
  const name = `dothi_t_${process.pid}_${counter++}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const url = admin.replace(/\/[^/]*$/, `/${name}`);
  const db = await openPgStore(url);
  await migrate(db);
  return {
    db,
    url,
    async close() {
      await db.close();
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    },
  };
}
