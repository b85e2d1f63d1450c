// What tiles are cut from, read on both backends: the current version with numbers as numbers
// (pg returns int8 and numeric as strings), every feature in fid order whatever the page size,
// only whitelisted attributes, and the same tile bytes from PGlite and from PostgreSQL 15.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { installErrorHandlers } from '../../src/http/errors.ts';
import { currentTileVersion, readTileFeatures, tileAttributes } from '../../src/tiles/tile-source.ts';
import { AccountsProbe, registerAccessGuard } from '../../src/http/access-guard.ts';
import { tilesRoutes } from '../../src/tiles/tiles.route.ts';
import { BACKENDS, openTestStore } from '../helpers/stores.ts';
import type { Backend, TestStore } from '../helpers/stores.ts';
import { HCMC_IMPORTED_AT, readFixture, seedHcmc } from '../http/seed.ts';
import { tileOf } from './decode.ts';

const buildings = readFixture('hcmc-buildings.geojson').features;
/** Tile bytes by backend, compared once both have run. */
const bytes = new Map<Backend, string[]>();
const TILES = [14, 15, 16].map((z) => ({ z, ...tileOf(106.691, 10.7855, z) }));

for (const backend of BACKENDS) {
  // npm test starts a PostgreSQL 15 cluster and sets DOTHI_TEST_PG_URL; run alone, only PGlite is at hand.
  const skip = backend === 'server' && !process.env.DOTHI_TEST_PG_URL ? 'DOTHI_TEST_PG_URL is not set (npm test sets it)' : false;
  describe(`tile source on the ${backend} backend`, { skip }, () => {
    let store: TestStore;
    let app: FastifyInstance;

    before(async () => {
      store = await openTestStore(backend);
      await seedHcmc(store.db);
      app = Fastify();
      app.setValidatorCompiler(validatorCompiler);
      app.setSerializerCompiler(serializerCompiler);
      installErrorHandlers(app);
      registerAccessGuard(app, store.db, { mode: 'local', clock: () => new Date(0) }, new AccountsProbe(store.db));
      await app.register(tilesRoutes, { db: store.db });
    });

    after(async () => {
      await app?.close();
      await store?.close();
    });

    test('the current version, with numbers as numbers', async () => {
      const v = await currentTileVersion(store.db, 'hcmc', 'buildings');
      assert.deepEqual(
        { ...v, bbox: v.bbox?.length },
        {
          workspace_id: 'hcmc', layer_id: 'buildings', version: 1, stamp: HCMC_IMPORTED_AT.getTime(), kind: 'buildings',
          title: 'Buildings (OSM)', licence: 'ODbL-1.0 © OpenStreetMap contributors', bbox: 4, feature_count: buildings.length,
          personal_attributes: [],
        },
      );
      assert.ok(v.bbox?.every((n) => typeof n === 'number'));
    });

    test('every feature in fid order, the same in one page or many, with whitelisted attributes only', async () => {
      const v = await currentTileVersion(store.db, 'hcmc', 'buildings');
      const all = await readTileFeatures(store.db, v);
      assert.deepEqual(all.map((f) => f.id), buildings.map((_, i) => i + 1));
      assert.deepEqual(await readTileFeatures(store.db, v, 7), all);
      assert.deepEqual(all.map((f) => f.properties?.source_id), buildings.map((f) => String(f.id)));
      const allowed = new Set(['fid', 'source_id', ...tileAttributes(v).map((a) => a.name)]);
      assert.ok(!allowed.has('address') && !allowed.has('owner_name'));
      for (const f of all) for (const k of Object.keys(f.properties ?? {})) assert.ok(allowed.has(k), k);
      const named = all.filter((f) => typeof f.properties?.name === 'string').length;
      assert.equal(named, buildings.filter((f) => typeof f.properties?.name === 'string').length);
    });

    test('tiles are cut', async () => {
      const out: string[] = [];
      for (const { z, x, y } of TILES) {
        const res = await app.inject({ url: `/tiles/hcmc/buildings/${z}/${x}/${y}.pbf` });
        assert.equal(res.statusCode, 200, res.body);
        out.push(res.rawPayload.toString('base64'));
      }
      bytes.set(backend, out);
    });
  });
}

test('PGlite and PostgreSQL 15 give byte-identical tiles', { skip: !process.env.DOTHI_TEST_PG_URL && 'needs the server backend' }, () => {
  assert.equal(bytes.get('embedded')?.length, TILES.length);
  assert.deepEqual(bytes.get('server'), bytes.get('embedded'));
});
