// A store at schema v1 (the urban spatial database as first released), its rows as that release's
// importer wrote them (the committed fixture test/fixtures/store/v1-store.sql), upgrades in place to
// the current schema with nothing lost:
// every v1 table has the same rows, byte for byte (an md5 of the ordered rows as text), and the new
// tables work on the old data. Both backends. Migrations are never edited once released, so applying
// MIGRATIONS up to v1 builds exactly the old schema.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BACKENDS, serverUrl } from '../helpers/stores.ts';
import { openEmbeddedStore } from '../../src/store/pglite-store.ts';
import { openPgStore } from '../../src/store/pg-store.ts';
import type { Db } from '../../src/store/db.ts';
import { migrate, MIGRATIONS } from '../../src/store/migrations.ts';
import { storeChecksums as checksums, storeTables, tableColumns } from '../../src/store/checksums.ts';
import { addObservations, listObservations } from '../../src/monitoring/observations.ts';
import pg from 'pg';

const V1_ROWS = fs.readFileSync(fileURLToPath(new URL('../fixtures/store/v1-store.sql', import.meta.url)), 'utf8')
  .split('\n').filter((l) => l.startsWith('INSERT INTO '));

for (const backend of BACKENDS) {
  describe(`upgrade from schema v1 on ${backend}`, () => {
    let db: Db;
    let drop: () => Promise<void> = async () => undefined;
    before(async () => {
      if (backend === 'embedded') {
        db = await openEmbeddedStore();
      } else {
        const admin = serverUrl();
        const name = `dothi_upgrade_${process.pid}`;
        const c = new pg.Client({ connectionString: admin });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.query(`create database ${name}`);
        await c.end();
        db = await openPgStore(admin.replace(/\/[^/]*$/, `/${name}`));
        drop = async () => {
          const d = new pg.Client({ connectionString: admin });
          await d.connect();
          await d.query(`drop database if exists ${name} with (force)`);
          await d.end();
        };
      }
    });
    after(async () => {
      await db?.close();
      await drop();
    });

    test('v1 data survives the upgrade unchanged and the new tables work on it', async () => {
      assert.deepEqual(await migrate(db, 1), [1]);
      // Two versions of one layer, so the old store has history, and the two import jobs.
      await db.transaction(async (tx) => {
        for (const row of V1_ROWS) await tx.query(row);
      });
      assert.equal(V1_ROWS.length, 92);
      // The tables v1 created, read from the catalog rather than listed by hand.
      const tables = (await storeTables(db)).filter((t) => t !== 'schema_migration');
      assert.ok(tables.includes('feature') && tables.includes('layer_version') && tables.includes('job'), tables.join());
      assert.ok(!tables.includes('observation'));
      const columns = await tableColumns(db, tables);
      const before0 = await checksums(db, tables, columns);
      assert.ok((before0.feature?.rows ?? 0) > 0);

      const applied = await migrate(db);
      assert.deepEqual(applied, MIGRATIONS.filter((m) => m.version > 1).map((m) => m.version));
      // Columns added since (a layer's visibility) hold their defaults; every v1 column is unchanged.
      assert.deepEqual(await checksums(db, tables, columns), before0);
      assert.deepEqual((await db.query<{ visibility: string }>('select distinct visibility from layer')).rows, [{ visibility: 'workspace' }]);
      assert.deepEqual((await db.query('select min_group_size from workspace')).rows, [{ min_group_size: 5 }]);
      assert.deepEqual((await db.query('select status, runner from job')).rows, [{ status: 'succeeded', runner: null }, { status: 'succeeded', runner: null }]);
      const { rows } = await db.query<{ v: number }>('select version v from schema_migration order by 1');
      assert.deepEqual(rows.map((r) => r.v), MIGRATIONS.map((m) => m.version));

      // The v2 tables on the old workspace.
      await addObservations(db, 'hcmc', [{ indicator_id: 'dothi:transit_stop_500m_share', unit_code: '_workspace', period: '2024', value: 61.5, quality: 'modelled' }]);
      assert.equal((await listObservations(db, 'hcmc', {}))[0]?.value, 61.5);
      // Migrating again is a no-op.
      assert.deepEqual(await migrate(db), []);
    });
  });
}
