// The tile cache against a real embedded store: one build for many concurrent first requests,
// LRU bounds by features and by bytes, invalidation when a version lands, refusals and failures.
// The routes run in a small app with an injected cache so its counters can be read.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Db } from '../../src/store/db.ts';
import { installErrorHandlers } from '../../src/http/errors.ts';
import { TileCache } from '../../src/tiles/tile-cache.ts';
import type { LoadFeatures, TileCacheLimits } from '../../src/tiles/tile-cache.ts';
import { readTileFeatures } from '../../src/tiles/tile-source.ts';
import { WeightedLru } from '../../src/tiles/lru.ts';
import { AccountsProbe, registerAccessGuard } from '../../src/http/access-guard.ts';
import { tilesRoutes } from '../../src/tiles/tiles.route.ts';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { assertError } from '../http/helpers.ts';
import { HCMC_IMPORTED_AT, ODBL, readFixture, seedHcmc, seedLayerVersion } from '../http/seed.ts';
import { decodeTile, tileOf } from './decode.ts';

let store: TestStore;
const apps: FastifyInstance[] = [];

before(async () => {
  store = await openTestStore('embedded');
  await seedHcmc(store.db);
});

after(async () => {
  for (const a of apps) await a.close();
  await store?.close();
});

interface Rig {
  app: FastifyInstance;
  cache: TileCache;
  loads: string[];
}

async function rig(limits: TileCacheLimits, load?: LoadFeatures): Promise<Rig> {
  const db: Db = store.db;
  const loads: string[] = [];
  const cache = new TileCache(async (v) => {
    loads.push(`${v.layer_id}@${v.version}`);
    return (load ?? ((x) => readTileFeatures(db, x)))(v);
  }, limits);
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app);
  registerAccessGuard(app, db, { mode: 'local', clock: () => new Date(0) }, new AccountsProbe(db));
  await app.register(tilesRoutes, { db, cache });
  apps.push(app);
  return { app, cache, loads };
}

const BIG = { maxFeatures: 1_000_000, maxTileBytes: 64 * 1024 ** 2 };
const centre = (z: number): string => {
  const { x, y } = tileOf(106.691, 10.7855, z);
  return `${z}/${x}/${y}`;
};

test('five concurrent first requests for a layer build its index once', async () => {
  const { app, cache, loads } = await rig(BIG);
  const same = await Promise.all(Array.from({ length: 5 }, () => app.inject({ url: `/tiles/hcmc/buildings/${centre(16)}.pbf` })));
  for (const r of same) assert.equal(r.statusCode, 200, r.body);
  for (const r of same.slice(1)) assert.deepEqual(r.rawPayload, same[0]?.rawPayload);
  assert.deepEqual(loads, ['buildings@1']);
  assert.equal(cache.stats().builds, 1);

  // Different tiles of another layer, all at once: still one index.
  const zooms = [12, 13, 14, 15, 16];
  const varied = await Promise.all(zooms.map((z) => app.inject({ url: `/tiles/hcmc/roads/${centre(z)}.pbf` })));
  for (const r of varied) assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(loads, ['buildings@1', 'roads@1']);
  const s = cache.stats();
  assert.deepEqual([s.builds, s.indexes, s.indexedFeatures, s.indexHits], [2, 2, 156 + 46, 8]);
});

test('indexes are bounded by their feature count, the coldest evicted first', async () => {
  const { app, cache, loads } = await rig({ maxFeatures: 210, maxTileBytes: BIG.maxTileBytes });
  const hit = async (layer: string, z = 14): Promise<void> => {
    assert.equal((await app.inject({ url: `/tiles/hcmc/${layer}/${centre(z)}.pbf` })).statusCode, 200);
  };
  await hit('buildings');
  await hit('roads');
  assert.deepEqual([cache.stats().indexes, cache.stats().indexedFeatures], [2, 202]);
  await hit('bus-stops');
  // 202 + 12 > 210: buildings, least recently used, goes; roads and the stops stay.
  assert.deepEqual([cache.stats().indexes, cache.stats().indexedFeatures], [2, 58]);
  await hit('roads', 15);
  assert.deepEqual(loads, ['buildings@1', 'roads@1', 'bus-stops@1']);
  // The tile asked for before is still among the encoded tiles; a new one needs the index again.
  await hit('buildings');
  assert.deepEqual(loads, ['buildings@1', 'roads@1', 'bus-stops@1']);
  await hit('buildings', 15);
  // Now the stops were the coldest.
  assert.deepEqual(loads, ['buildings@1', 'roads@1', 'bus-stops@1', 'buildings@1']);
  assert.deepEqual([cache.stats().indexes, cache.stats().indexedFeatures], [2, 202]);
});

test('a layer larger than the whole budget is refused with a code, without being read', async () => {
  const { app, loads } = await rig({ maxFeatures: 100, maxTileBytes: BIG.maxTileBytes });
  const e = assertError(await app.inject({ url: '/tiles/hcmc/buildings/0/0/0.pbf' }), 503, 'DOTHI_TILE_LAYER_TOO_LARGE');
  assert.deepEqual([e.details.count, e.details.limit], [156, 100]);
  assert.deepEqual(loads, []);
  assert.equal((await app.inject({ url: `/tiles/hcmc/roads/${centre(14)}.pbf` })).statusCode, 200);
});

test('encoded tiles are bounded by bytes; a repeated tile is served from the cache', async () => {
  const { app, cache } = await rig({ maxFeatures: BIG.maxFeatures, maxTileBytes: 6000 });
  const { x, y } = tileOf(106.691, 10.7855, 16);
  let served = 0;
  for (let dx = -2; dx <= 2; dx++) {
    for (let dy = -2; dy <= 2; dy++) {
      const r = await app.inject({ url: `/tiles/hcmc/buildings/16/${x + dx}/${y + dy}.pbf` });
      if (r.statusCode === 200) served += r.rawPayload.length;
      assert.ok(cache.stats().tileBytes <= 6000, `${cache.stats().tileBytes} bytes held`);
    }
  }
  assert.ok(served > 6000, `the tiles (${served} bytes) do not all fit, so some were evicted`);
  const before = cache.stats();
  assert.equal(before.tileMisses, 25);
  // The last tile asked for is the freshest in the cache; the first one has been evicted.
  await app.inject({ url: `/tiles/hcmc/buildings/16/${x + 2}/${y + 2}.pbf` });
  assert.equal(cache.stats().tileHits, before.tileHits + 1);
  await app.inject({ url: `/tiles/hcmc/buildings/16/${x - 2}/${y - 2}.pbf` });
  assert.equal(cache.stats().tileMisses, before.tileMisses + 1);
  assert.equal(cache.stats().builds, 1);
});

test('a new version drops the layer\'s older index and tiles at once, and is what gets served', async () => {
  const { app, cache, loads } = await rig(BIG);
  assert.equal((await app.inject({ url: `/tiles/hcmc/buildings/${centre(14)}.pbf` })).statusCode, 200);
  for (const z of [0, 14, 15, 16]) await app.inject({ url: `/tiles/hcmc/bus-stops/${z === 0 ? '0/0/0' : centre(z)}.pbf` });
  const v1 = cache.stats();
  assert.deepEqual([v1.indexes, v1.indexedFeatures, v1.tiles], [2, 156 + 12, 5]);

  const stops = readFixture('hcmc-bus_stops.geojson');
  await seedLayerVersion(store.db, {
    workspace: 'hcmc', layer: 'bus-stops', kind: 'transit_stops', title: 'Bus stops (OSM)', sourceFile: 'five.geojson',
    sourceText: 'five stops', licence: ODBL, importedAt: HCMC_IMPORTED_AT, features: stops.features.slice(0, 5),
  });
  const res = await app.inject({ url: '/tiles/hcmc/bus-stops/0/0/0.pbf' });
  assert.equal(res.headers.etag, '"hcmc/bus-stops/v2/0/0/0"');
  assert.equal(decodeTile(res.rawPayload, 0, 0, 0).features.length, 5);
  const v2 = cache.stats();
  // The buildings index and tile stay; version 1 of the stops, index and four tiles, is gone.
  assert.deepEqual([v2.indexes, v2.indexedFeatures, v2.tiles], [2, 156 + 5, 2]);
  assert.deepEqual(loads, ['buildings@1', 'bus-stops@1', 'bus-stops@2']);
});

test('a failed build is not kept: the next request builds again', async () => {
  let fail = true;
  const { app, cache } = await rig(BIG, async (v) => {
    if (fail) {
      fail = false;
      throw new Error('connection reset');
    }
    return readTileFeatures(store.db, v);
  });
  const url = `/tiles/hcmc/roads/${centre(14)}.pbf`;
  assertError(await app.inject({ url }), 500, 'DOTHI_INTERNAL');
  assert.equal(cache.stats().indexes, 0);
  assert.equal((await app.inject({ url })).statusCode, 200);
  assert.deepEqual([cache.stats().builds, cache.stats().indexes], [2, 1]);
});

test('the weighted LRU keeps within its capacity, refreshes on get and refuses what cannot fit', () => {
  const lru = new WeightedLru<string, number>(10);
  assert.ok(lru.set('a', 1, 4));
  assert.ok(lru.set('b', 2, 4));
  assert.equal(lru.get('a'), 1);
  assert.ok(lru.set('c', 3, 4));
  assert.deepEqual([lru.peek('a'), lru.peek('b'), lru.peek('c'), lru.weight], [1, undefined, 3, 8]);
  assert.equal(lru.set('d', 4, 11), false);
  assert.deepEqual([lru.size, lru.weight], [2, 8]);
  assert.equal(lru.deleteWhere((k) => k === 'a'), 1);
  assert.deepEqual([lru.size, lru.weight], [1, 4]);
});
