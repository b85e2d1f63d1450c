// The store queries the OGC API relies on, on both backends (PGlite and PostgreSQL 15):
// features meeting WGS84 rings (bbox in a projected CRS, or across the antimeridian) with property
// filters, and the property keys and JSON types behind /queryables. Hand-checked data.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { createWorkspace } from '../../src/store/workspaces.ts';
import { countFeatures, getVersion, readFeatureRows } from '../../src/store/layers.ts';
import { bboxArea, offeredCrs } from '../../src/ogc/crs.ts';
import type { OgcCrs, Ring } from '../../src/ogc/crs.ts';
import { queryables } from '../../src/ogc/queryables.ts';

const V = { workspace_id: 'hue', layer_id: 'b', version: 1 };
// fid, props, lon, lat: points around Huế, one across the antimeridian (Fiji), one far away.
const ROWS: Array<[number, Record<string, unknown>, number, number]> = [
  [1, { use: 'hotel', levels: 17, name: 'Hương Giang' }, 107.58, 16.46],
  [2, { use: 'school', levels: 3, tags: ['a'] }, 107.59, 16.47],
  [3, { use: 'hotel', levels: '9' }, 107.6, 16.48],
  [4, { use: 'house', extra: { a: 1 }, lit: true }, 107.61, 16.49],
  [5, { use: 'hotel', levels: 100, note: null }, 107.7, 16.6],
  [6, { use: 'hotel' }, 178.4, -18.1],
  [7, { use: 'hotel' }, -179.9, -18.0],
];

const crs = (code: number): OgcCrs => offeredCrs([107.5, 16.4, 107.8, 16.7]).find((c) => c.uri.endsWith(`/${code}`)) as OgcCrs;
const lonLat = offeredCrs(null)[0] as OgcCrs;
const fids = async (p: Promise<Array<{ fid: number }>>): Promise<number[]> => (await p).map((r) => r.fid);

for (const backend of BACKENDS) {
  describe(`OGC queries on ${backend}`, () => {
    let s: TestStore;
    before(async () => {
      s = await openTestStore(backend);
      await createWorkspace(s.db, 'hue', 'Huế');
      await s.db.query(`insert into layer (workspace_id, layer_id, kind, title) values ('hue', 'b', 'buildings', 'B')`);
      await s.db.query(`insert into layer_version (workspace_id, layer_id, version, source_file, source_sha256, source_format, source_crs,
        source_crs_reason, importer, imported_at, feature_count, rejected_count, repaired_count, on_invalid, report)
        values ('hue', 'b', 1, 'b.geojson', repeat('0', 64), 'geojson', 'EPSG:4326', 'test', 'test', now(), 7, 0, 0, 'reject', '{}')`);
      await s.db.query(`update layer set current_version = 1 where workspace_id = 'hue' and layer_id = 'b'`);
      for (const [fid, props, x, y] of ROWS) {
        await s.db.query(`insert into feature (workspace_id, layer_id, version, fid, source_id, geom, props)
          values ('hue', 'b', 1, $1, $2, ST_SetSRID(ST_MakePoint($3, $4), 4326), $5::jsonb)`, [fid, `w${fid}`, x, y, JSON.stringify(props)]);
      }
    });
    after(async () => s?.close());

    test('a TM-3 box (EPSG:5899) selects by its own edges, not by its lon/lat envelope', async () => {
      // fid 1 is at E 481653.147 in VN-2000 / TM-3 107°45′, 35 cm west of the box; the box's west edge is
      // not a meridian, so the box's lon/lat envelope reaches 2 m further west and takes fid 1 in.
      const area = bboxArea([481653.5, 1820400, 485000, 1823900], crs(5899));
      assert.equal(area.rectangle, null);
      const ring = area.rings[0] as Ring;
      const env: [number, number, number, number] = [
        Math.min(...ring.map((p) => p[0])), Math.min(...ring.map((p) => p[1])), Math.max(...ring.map((p) => p[0])), Math.max(...ring.map((p) => p[1])),
      ];
      assert.deepEqual(await fids(readFeatureRows(s.db, V, { bbox: env })), [1, 2, 3, 4]);
      const got = await fids(readFeatureRows(s.db, V, { area: area.rings, where: {}, limit: 100, offset: 0 }));
      assert.deepEqual(got, [2, 3, 4]);
      assert.equal(await countFeatures(s.db, V, { area: area.rings, where: {} }), 3);
      assert.deepEqual(await fids(readFeatureRows(s.db, V, { area: area.rings, where: { use: 'hotel' }, limit: 100, offset: 0 })), [3]);
      assert.deepEqual(await fids(readFeatureRows(s.db, V, { area: area.rings, where: {}, limit: 1, offset: 1 })), [3]);
    });

    test('a lon/lat box across the antimeridian is two rings; a plain one matches the store\'s own bbox query', async () => {
      const wrap = bboxArea([178, -19, -179, -17], lonLat);
      assert.equal(wrap.rings.length, 2);
      assert.deepEqual(await fids(readFeatureRows(s.db, V, { area: wrap.rings, where: { use: 'hotel' }, limit: 100, offset: 0 })), [6, 7]);
      const plain = bboxArea([107.585, 16.4, 107.65, 16.5], lonLat);
      assert.deepEqual(plain.rectangle, [107.585, 16.4, 107.65, 16.5]);
      const viaStore = await fids(readFeatureRows(s.db, V, { bbox: plain.rectangle as [number, number, number, number] }));
      assert.deepEqual(await fids(readFeatureRows(s.db, V, { area: plain.rings, where: {}, limit: 100, offset: 0 })), viaStore);
      assert.deepEqual(viaStore, [2, 3, 4]);
      assert.equal(await countFeatures(s.db, V, { bbox: plain.rectangle as [number, number, number, number], where: { use: 'hotel' } }), 1);
      // Numbers and text compare as text in both paths: levels 17 (number) and '9' (string).
      const all = bboxArea([-180, -90, 180, 90], lonLat).rings;
      assert.deepEqual(await fids(readFeatureRows(s.db, V, { area: all, where: { levels: '9' }, limit: 9, offset: 0 })), [3]);
      assert.deepEqual(await fids(readFeatureRows(s.db, V, { area: all, where: { levels: '17' }, limit: 9, offset: 0 })), [1]);
    });

    test('queryables: kind attributes first, then the keys the features carry with their JSON type when it is one', async () => {
      const q = await queryables(s.db, await getVersion(s.db, 'hue', 'b'));
      assert.deepEqual([...q.keys()], ['use', 'levels', 'height_m', 'floor_area_m2', 'year_built', 'name', 'owner_name', 'address', 'lit', 'note']);
      assert.deepEqual(q.get('levels'), { title: 'Floors above ground', description: 'Số tầng nổi (floors)', type: 'integer' });
      assert.deepEqual(q.get('lit'), { title: 'lit', type: 'boolean' });
      // Only nulls: a property without a type; arrays and objects cannot be compared as text and are left out.
      assert.deepEqual(q.get('note'), { title: 'note' });
      assert.equal(q.has('tags') || q.has('extra'), false);
    });
  });
}
