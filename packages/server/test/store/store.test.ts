// The store's schema and behaviour, on both backends: embedded PGlite and a real PostgreSQL 15 server.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DothiError } from '@dothi/engine';
import { BACKENDS, openTestStore, serverUrl } from '../helpers/stores.ts';
import { openPgStore } from '../../src/store/pg-store.ts';
import type { TestStore } from '../helpers/stores.ts';
import { migrate, MIGRATIONS } from '../../src/store/migrations.ts';
import { createWorkspace, getWorkspace, listWorkspaces } from '../../src/store/workspaces.ts';

for (const backend of BACKENDS) {
  describe(`store on ${backend}`, () => {
    let s: TestStore;
    before(async () => {
      s = await openTestStore(backend);
    });
    after(async () => s?.close());

    test('migrations are recorded and re-running them changes nothing', async () => {
      assert.deepEqual(await migrate(s.db), []);
      const { rows } = await s.db.query<{ version: number }>('select version from schema_migration order by version');
      assert.deepEqual(rows.map((r) => r.version), MIGRATIONS.map((m) => m.version));
    });

    test('PostGIS is there and transforms VN-2000 like PROJ', async () => {
      // DESIGN.md §4: EPSG:5899 E 548188.9206 N 1775651.3260 is lon 108.202205818, lat 16.054401482 (cs2cs).
      const { rows } = await s.db.query<{ x: number; y: number }>(
        `select ST_X(p)::float8 x, ST_Y(p)::float8 y from (select ST_Transform(ST_SetSRID(ST_MakePoint(548188.9206, 1775651.3260), 0),
           '+proj=tmerc +lat_0=0 +lon_0=107.75 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278 +units=m +no_defs', 4326) p) s`,
      );
      assert.ok(Math.abs((rows[0]?.x ?? 0) - 108.202205818) < 1e-8);
      assert.ok(Math.abs((rows[0]?.y ?? 0) - 16.054401482) < 1e-8);
    });

    test('workspaces: create, list, duplicate and bad slugs are coded errors', async () => {
      const w = await createWorkspace(s.db, 'da-nang', 'Thành phố Đà Nẵng', 'city');
      assert.equal(w.name, 'Thành phố Đà Nẵng');
      assert.equal(w.layer_count, 0);
      await createWorkspace(s.db, 'binh-duong', 'Bình Dương', 'province');
      assert.deepEqual((await listWorkspaces(s.db)).map((x) => x.workspace_id), ['binh-duong', 'da-nang']);
      await assert.rejects(createWorkspace(s.db, 'da-nang'), (e: unknown) => e instanceof DothiError && e.code === 'DOTHI_WORKSPACE_EXISTS');
      await assert.rejects(createWorkspace(s.db, 'Đà Nẵng'), (e: unknown) => e instanceof DothiError && e.code === 'DOTHI_WORKSPACE_SLUG_INVALID');
      await assert.rejects(getWorkspace(s.db, 'hue'), (e: unknown) => e instanceof DothiError && e.code === 'DOTHI_WORKSPACE_NOT_FOUND');
    });

    test('a transaction that throws leaves nothing behind', async () => {
      await assert.rejects(
        s.db.transaction(async (tx) => {
          await tx.query(`insert into workspace (workspace_id, name) values ('hue', 'Huế')`);
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal((await listWorkspaces(s.db)).some((w) => w.workspace_id === 'hue'), false);
    });

    test('layer versions and features cannot be edited', async () => {
      await s.db.query(`insert into layer (workspace_id, layer_id, kind, title) values ('da-nang', 'roads', 'roads', 'Roads')`);
      await s.db.query(
        `insert into layer_version (workspace_id, layer_id, version, source_file, source_sha256, source_format, source_crs,
           source_crs_reason, importer, imported_at, feature_count, rejected_count, repaired_count, on_invalid, report)
         values ('da-nang', 'roads', 1, 'r.geojson', repeat('a', 64), 'geojson', 'EPSG:4326', 'test', 'test', now(), 1, 0, 0, 'reject', '{}')`,
      );
      await s.db.query(
        `insert into feature (workspace_id, layer_id, version, fid, geom, props)
         values ('da-nang', 'roads', 1, 1, ST_GeomFromText('LINESTRING(108.2 16.05, 108.21 16.06)', 4326), '{"name":"Bạch Đằng"}')`,
      );
      await assert.rejects(s.db.query(`update feature set props = '{}' where layer_id = 'roads'`), /DOTHI_IMMUTABLE/);
      await assert.rejects(s.db.query(`update layer_version set licence = 'x' where layer_id = 'roads'`), /DOTHI_IMMUTABLE/);
      const { rows } = await s.db.query<{ name: string }>(`select props->>'name' name from feature where layer_id = 'roads'`);
      assert.equal(rows[0]?.name, 'Bạch Đằng');
    });
  });
}

test('server backend: idle connections ended by the server neither crash the process nor stop the store', async () => {
  const s = await openTestStore('server');
  try {
    // Several idle connections in the pool, then the server ends them all (as a restart or an
    // administrator would). Unhandled, the pool's 'error' event would be an uncaught exception here.
    await Promise.all([1, 2, 3].map(() => s.db.query('select pg_sleep(0.05)')));
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown): void => void uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      const name = new URL(s.url as string).pathname.slice(1);
      const admin = await openPgStoreAdmin();
      const { rows } = await admin.query<{ n: number }>(
        'select count(pg_terminate_backend(pid))::int n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
      await admin.close();
      assert.ok((rows[0]?.n ?? 0) >= 1, 'the pool held idle connections');
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(uncaught, []);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    const { rows } = await s.db.query<{ one: number }>('select 1 as one');
    assert.equal(rows[0]?.one, 1);
  } finally {
    await s.close();
  }
});

async function openPgStoreAdmin(): Promise<Awaited<ReturnType<typeof openPgStore>>> {
  return openPgStore(serverUrl());
}
