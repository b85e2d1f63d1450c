// `dothi backup` and `dothi restore` as an administrator runs them, on both backends: a round trip
// gives back every table's rows exactly (count and md5 of the ordered rows, before the backup and
// after the restore), and a damaged, foreign, wrong-backend or too-new backup is refused with a coded
// error and leaves the store exactly as it was. Fixture: 43 bus stops of central HCMC (OSM, ODbL).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BACKENDS } from '../helpers/stores.ts';
import { cliEnv, errorOf, FIXTURES, json, run } from '../cli/cli-helpers.ts';
import type { CliEnv } from '../cli/cli-helpers.ts';
import { storeChecksums } from '../../src/store/checksums.ts';
import type { TableChecksum } from '../../src/store/checksums.ts';
import { openPgStore } from '../../src/store/pg-store.ts';
import { openEmbeddedStore } from '../../src/store/pglite-store.ts';
import type { EmbeddedDb } from '../../src/store/pglite-store.ts';
import type { Db } from '../../src/store/db.ts';

const STOPS = path.join(FIXTURES, 'osm-geojson/hcmc-d1-d3-bus_stops.geojson');

interface Report {
  file: string;
  backend: string;
  bytes: number;
  schema_version: number;
  tables: Record<string, TableChecksum>;
}

for (const backend of BACKENDS) {
  describe(`dothi backup and restore on ${backend}`, () => {
    let env: CliEnv;
    // The store read directly, independently of the CLI's own report (no CLI process runs meanwhile).
    const direct = async <T,>(fn: (db: Db) => Promise<T>): Promise<T> => {
      const url = env.env.DOTHI_DATABASE_URL;
      const db = url ? await openPgStore(url) : await openEmbeddedStore({ dataDir: env.args[1] ?? '' });
      try {
        return await fn(db);
      } finally {
        await db.close();
      }
    };
    const ok = async (args: string[]): Promise<string> => {
      const r = await run(env, args);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    let backup = '';
    let saved: Record<string, TableChecksum> = {};

    before(async () => {
      env = await cliEnv(backend);
      await ok(['workspace', 'create', 'hcmc', '--name', 'Thành phố Hồ Chí Minh']);
      await ok(['import', STOPS, '--workspace', 'hcmc', '--kind', 'transit_stops', '--name', 'bus-stops', '--licence', 'ODbL 1.0', '--progress', 'none']);
      await ok(['targets', 'set', 'dothi:transit_stop_500m_share', '_workspace', '2030', '80', '--workspace', 'hcmc', '--source', 'test value']);
      backup = path.join(env.tmp, `store-${backend}.backup`);
    });
    after(async () => env?.close());

    test('a backup restores every row of every table, replacing what came after it', async () => {
      const before0 = await direct((db) => storeChecksums(db));
      assert.equal(before0.feature?.rows, 43);
      assert.equal(before0.target?.rows, 1);

      const written = json<Report>(await run(env, ['backup', '--out', backup, '--json']));
      assert.equal(written.backend, backend);
      assert.deepEqual(written.tables, before0);
      assert.equal(written.bytes, fs.statSync(backup).size);
      assert.ok(!fs.readdirSync(env.tmp).some((f) => f.includes('.partial-')), 'no partial file left');

      // Work done after the backup, which the restore must undo.
      await ok(['workspace', 'create', 'danang']);
      await ok(['import', STOPS, '--workspace', 'hcmc', '--kind', 'transit_stops', '--name', 'bus-stops', '--progress', 'none']);
      assert.notDeepEqual(await direct((db) => storeChecksums(db)), before0);

      const restored = json<Report>(await run(env, ['restore', backup, '--json']));
      assert.deepEqual(restored.tables, before0);
      assert.deepEqual(await direct((db) => storeChecksums(db)), before0);
      const ws = json<Array<{ workspace_id: string }>>(await run(env, ['workspace', 'list', '--json']));
      assert.deepEqual(ws.map((w) => w.workspace_id), ['hcmc']);
      saved = before0;
      // The restored store works: a new import lands as version 2 of the layer.
      await ok(['import', STOPS, '--workspace', 'hcmc', '--kind', 'transit_stops', '--name', 'bus-stops', '--progress', 'none']);
      const layers = json<Array<{ layer_id: string; current_version: number }>>(await run(env, ['layers', '--workspace', 'hcmc', '--json']));
      assert.equal(layers.find((l) => l.layer_id === 'bus-stops')?.current_version, 2);
      await ok(['restore', backup]);
    });

    test('damaged, foreign and wrong-backend files are refused and change nothing', async () => {
      assert.ok(saved.feature, 'runs after the round trip');
      const truncated = path.join(env.tmp, 'truncated.backup');
      const whole = fs.readFileSync(backup);
      fs.writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
      const foreign = path.join(env.tmp, 'notes.txt');
      fs.writeFileSync(foreign, 'not a backup\n');
      const other = path.join(env.tmp, 'other-backend.backup');
      // The first bytes are all that tell the formats apart: PGDMP for pg_dump, gzip for PGlite.
      fs.writeFileSync(other, backend === 'embedded' ? Buffer.concat([Buffer.from('PGDMP'), whole.subarray(5, 200)]) : Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]));
      const missing = path.join(env.tmp, 'missing.backup');

      const cases: Array<[string, string]> = [
        [truncated, 'DOTHI_BACKUP_UNREADABLE'],
        [foreign, 'DOTHI_BACKUP_UNREADABLE'],
        [other, 'DOTHI_BACKUP_WRONG_BACKEND'],
        [missing, 'DOTHI_BACKUP_UNREADABLE'],
      ];
      for (const [file, code] of cases) {
        const r = await run(env, ['restore', file, '--json']);
        assert.equal(r.code, 1, `${path.basename(file)}: ${r.stdout}`);
        assert.equal(errorOf(r).code, code, path.basename(file));
        assert.match(errorOf(r).message_vi, /sao lưu/);
        assert.deepEqual(await direct((db) => storeChecksums(db)), saved, `${path.basename(file)} changed the store`);
      }
      assert.ok(!fs.readdirSync(path.dirname(env.tmp)).some((f) => f.startsWith(path.basename(env.tmp) + '.restore-')), 'no staging left');
    });

    test('a backup from a newer release is refused before it replaces the store', async () => {
      const future = path.join(env.tmp, 'future.backup');
      await direct((db) => db.query(`insert into schema_migration (version, name) values (999, 'from the future')`));
      const refused = await run(env, ['backup', '--out', future, '--json']);
      assert.equal(errorOf(refused).code, 'DOTHI_STORE_TOO_NEW', 'this release does not open a newer store, even to back it up');
      // So the newer backup is written around dothi: PGlite's own dump, or pg_dump itself.
      if (backend === 'embedded') {
        await direct(async (db) => {
          const blob = await (db as EmbeddedDb).dumpDataDir('gzip');
          fs.writeFileSync(future, Buffer.from(await blob.arrayBuffer()));
        });
      } else {
        const r = spawnSync('pg_dump', ['--format=custom', `--file=${future}`, `--dbname=${env.env.DOTHI_DATABASE_URL ?? ''}`], { encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
      }
      await direct((db) => db.query('delete from schema_migration where version = 999'));
      const current = await direct((db) => storeChecksums(db));

      const r = await run(env, ['restore', future, '--json']);
      assert.equal(errorOf(r).code, 'DOTHI_STORE_TOO_NEW');
      assert.equal(errorOf(r).details.version, 999);
      assert.deepEqual(await direct((db) => storeChecksums(db)), current);
    });
  });
}
