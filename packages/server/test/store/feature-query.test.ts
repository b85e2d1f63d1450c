// Reading features: property filters, sorting and counts agree, on both backends. Hand-checked data.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { createWorkspace } from '../../src/store/workspaces.ts';
import { countFeatures, getFeatureRow, readFeatureRows } from '../../src/store/layers.ts';

const V = { workspace_id: 'hue', layer_id: 'b', version: 1 };
// levels: undefined leaves the key out; null stores a JSON null.
const ROWS: Array<[number, string, number | null | undefined, number, number]> = [
  // fid, use, levels, lon, lat
  [1, 'hotel', 17, 107.58, 16.46],
  [2, 'school', 3, 107.59, 16.47],
  [3, 'hotel', 9, 107.6, 16.48],
  [4, 'house', undefined, 107.61, 16.49],
  [5, 'hotel', 100, 107.7, 16.6],
  [6, 'kiosk', null, 108, 17],
];

for (const backend of BACKENDS) {
  describe(`feature queries on ${backend}`, () => {
    let s: TestStore;
    before(async () => {
      s = await openTestStore(backend);
      await createWorkspace(s.db, 'hue', 'Huế');
      await s.db.query(`insert into layer (workspace_id, layer_id, kind, title) values ('hue', 'b', 'buildings', 'B')`);
      await s.db.query(`insert into layer_version (workspace_id, layer_id, version, source_file, source_sha256, source_format, source_crs,
        source_crs_reason, importer, imported_at, feature_count, rejected_count, repaired_count, on_invalid, report)
        values ('hue', 'b', 1, 'b.geojson', repeat('0', 64), 'geojson', 'EPSG:4326', 'test', 'test', now(), 6, 0, 0, 'reject', '{}')`);
      for (const [fid, use, levels, x, y] of ROWS) {
        await s.db.query(`insert into feature (workspace_id, layer_id, version, fid, source_id, geom, props)
          values ('hue', 'b', 1, $1, $2, ST_SetSRID(ST_MakePoint($3, $4), 4326), $5::jsonb)`,
        [fid, `w${fid}`, x, y, JSON.stringify({ use, ...(levels === undefined ? {} : { levels }) })]);
      }
    });
    after(async () => s?.close());

    test('property filters and counts agree', async () => {
      assert.equal(await countFeatures(s.db, V, { where: { use: 'hotel' } }), 3);
      assert.deepEqual((await readFeatureRows(s.db, V, { where: { use: 'hotel' } })).map((r) => r.fid), [1, 3, 5]);
      assert.deepEqual((await readFeatureRows(s.db, V, { where: { use: 'hotel', levels: '9' } })).map((r) => r.fid), [3]);
      assert.equal(await countFeatures(s.db, V, { where: { use: 'hotel' }, bbox: [107.5, 16.4, 107.65, 16.5] }), 2);
      assert.equal(await countFeatures(s.db, V, { where: { "use' or 1=1 --": 'x' } }), 0, 'keys are parameters, not SQL');
    });

    test('sorting: numbers as numbers, missing and JSON null last, fid breaks ties', async () => {
      // As text 100 < 17 < 3 < 9; as numbers 3 < 9 < 17 < 100. jsonb puts null before every other value.
      assert.deepEqual((await readFeatureRows(s.db, V, { sortby: [{ prop: 'levels' }] })).map((r) => r.fid), [2, 3, 1, 5, 4, 6]);
      assert.deepEqual((await readFeatureRows(s.db, V, { sortby: [{ prop: 'levels', desc: true }] })).map((r) => r.fid), [5, 1, 3, 2, 4, 6]);
      assert.deepEqual((await readFeatureRows(s.db, V, { sortby: [{ prop: 'use' }], limit: 3, offset: 1 })).map((r) => r.fid), [3, 5, 4]);
    });

    test('one feature by fid', async () => {
      const r = await getFeatureRow(s.db, V, 2);
      assert.deepEqual([r?.sourceId, r?.properties.use, r?.geometry.type], ['w2', 'school', 'Point']);
      assert.equal(await getFeatureRow(s.db, V, 99), undefined);
    });
  });
}
