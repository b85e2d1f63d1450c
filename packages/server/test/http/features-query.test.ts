// Features REST with property filters and sortby against a real embedded store: the expected
// selections and orders are computed from the fixture itself, and next links must carry both.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Feature } from '@dothi/engine';
import { buildApp } from '../../src/http/app.ts';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { assertError, fixedClock } from './helpers.ts';
import { ODBL, readFixture, seedHcmc, seedLayerVersion } from './seed.ts';

interface Page {
  numberMatched: number;
  numberReturned: number;
  links: Array<{ href: string; rel: string }>;
  features: Feature[];
}

let store: TestStore;
let app: FastifyInstance;
const buildings = readFixture('hcmc-buildings.geojson').features;
const prop = (f: Feature, k: string): unknown => f.properties?.[k];
const osmId = (f: Feature): number => Number(prop(f, '@id'));

before(async () => {
  store = await openTestStore('embedded');
  await seedHcmc(store.db);
  app = await buildApp(store.db, { clock: fixedClock });
});

after(async () => {
  await app?.close();
  await store?.close();
});

async function page(url: string): Promise<Page> {
  const res = await app.inject({ url });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<Page>();
}

const link = (p: Page, rel: string): string | undefined => p.links.find((l) => l.rel === rel)?.href;

/** Follows next links from `url` to the end, checking every page against the first one's count. */
async function walk(url: string): Promise<{ ids: unknown[]; pages: Page[] }> {
  const pages: Page[] = [];
  let next: string | undefined = url;
  while (next) {
    const p = await page(next);
    if (pages[0]) assert.equal(p.numberMatched, pages[0].numberMatched, 'every page counts the same selection');
    pages.push(p);
    next = link(p, 'next');
  }
  return { ids: pages.flatMap((p) => p.features.map((f) => f.id)), pages };
}

const base = '/api/workspaces/hcmc/layers/buildings/features';

test('a property filter selects exactly the matching features, and next links keep it', async () => {
  const roofs = buildings.filter((f) => prop(f, 'building') === 'roof');
  assert.ok(roofs.length > 10, 'the fixture has enough roofs to page through');
  const { ids, pages } = await walk(`${base}?building=roof&limit=10`);
  assert.equal(pages[0]?.numberMatched, roofs.length);
  assert.equal(pages.length, Math.ceil(roofs.length / 10));
  assert.deepEqual(ids, roofs.map((f) => f.id), 'import order when no sort is given');
  assert.match(link(pages[0] as Page, 'next') ?? '', /[?&]building=roof&/);
  assert.match(link(pages[1] as Page, 'prev') ?? '', /[?&]building=roof&/);
});

test('filters on Vietnamese values and on several properties at once', async () => {
  const street = 'Nam Kỳ Khởi Nghĩa';
  const want = buildings.filter((f) => prop(f, 'addr:street') === street);
  assert.ok(want.length >= 2);
  const p = await page(`${base}?${encodeURIComponent('addr:street')}=${encodeURIComponent(street)}`);
  assert.equal(p.numberMatched, want.length);
  assert.deepEqual(p.features.map((f) => f.id), want.map((f) => f.id));
  assert.ok(link(p, 'self')?.includes(`addr%3Astreet=${encodeURIComponent(street)}`), link(p, 'self'));

  const both = want.filter((f) => prop(f, 'building') === 'hospital');
  const q = await page(`${base}?${encodeURIComponent('addr:street')}=${encodeURIComponent(street)}&building=hospital`);
  assert.equal(q.numberMatched, both.length);
  assert.equal(q.features[0]?.properties?.name, 'Phòng Khám Quốc Tế Raffles');

  // Numbers compare as their text, so an OSM id given in the URL finds its feature.
  const one = await page(`${base}?${encodeURIComponent('@id')}=198265258`);
  assert.deepEqual(one.features.map((f) => f.id), ['a396530516']);
  const none = await page(`${base}?building=castle`);
  assert.deepEqual([none.numberMatched, none.numberReturned, link(none, 'next')], [0, 0, undefined]);
});

test('sortby orders numbers as numbers, descending with -, ties in import order; links keep sort and filter', async () => {
  const byIdDesc = [...buildings].sort((a, b) => osmId(b) - osmId(a));
  const { ids, pages } = await walk(`${base}?sortby=-${encodeURIComponent('@id')}&limit=50`);
  assert.deepEqual(ids, byIdDesc.map((f) => f.id));
  assert.match(link(pages[0] as Page, 'next') ?? '', /sortby=-%40id/);

  // Two keys: the building tag ascending (plain ASCII values, so any collation agrees), then the OSM id descending.
  const twoKeys = [...buildings].sort(
    (a, b) => String(prop(a, 'building')).localeCompare(String(prop(b, 'building'))) || osmId(b) - osmId(a),
  );
  const two = await walk(`${base}?sortby=building,-${encodeURIComponent('@id')}&limit=40`);
  assert.deepEqual(two.ids, twoKeys.map((f) => f.id));
  assert.match(link(two.pages[0] as Page, 'next') ?? '', /sortby=building,-%40id/);

  // Filter and sort together, walked in small pages.
  const roofs = buildings.filter((f) => prop(f, 'building') === 'roof').sort((a, b) => osmId(a) - osmId(b));
  const both = await walk(`${base}?building=roof&sortby=%2B${encodeURIComponent('@id')}&limit=7`);
  assert.deepEqual(both.ids, roofs.map((f) => f.id));
  assert.equal(both.pages[0]?.numberMatched, roofs.length);
  const next = link(both.pages[0] as Page, 'next') ?? '';
  assert.match(next, /building=roof/);
  assert.match(next, /sortby=%40id/);
});

test('bad sortby and repeated filters are coded usage errors', async () => {
  assertError(await app.inject({ url: `${base}?sortby=,` }), 400, 'DOTHI_USAGE');
  assertError(await app.inject({ url: `${base}?sortby=-` }), 400, 'DOTHI_USAGE');
  assertError(await app.inject({ url: `${base}?building=yes&building=roof` }), 400, 'DOTHI_USAGE');
  assertError(await app.inject({ url: `${base}?f=xml` }), 400, 'DOTHI_USAGE');
});

test('a page keeps its ETag while time passes, answers 304 to it, and gets a new one with a new version', async () => {
  let tick = 0;
  const moving = await buildApp(store.db, { clock: () => new Date(Date.UTC(2026, 2, 1, 9, 0, tick++)) });
  try {
    const stops = readFixture('hcmc-bus_stops.geojson');
    const layer = { workspace: 'hcmc', layer: 'stops-etag', kind: 'transit_stops', title: 'Stops', sourceFile: 's.geojson', sourceText: stops.text, licence: ODBL, importedAt: new Date('2026-02-01T00:00:00Z'), features: stops.features };
    await seedLayerVersion(store.db, layer);
    const url = '/api/workspaces/hcmc/layers/stops-etag/features?limit=5';
    const a = await moving.inject({ url });
    const b = await moving.inject({ url });
    assert.notEqual(a.json<{ timeStamp: string }>().timeStamp, b.json<{ timeStamp: string }>().timeStamp);
    const etag = String(a.headers.etag);
    assert.match(etag, /^W\/"/);
    assert.equal(b.headers.etag, etag);
    const cached = await moving.inject({ url, headers: { 'if-none-match': etag } });
    assert.deepEqual([cached.statusCode, cached.rawPayload.length, cached.headers.etag], [304, 0, etag]);
    assert.notEqual((await moving.inject({ url: `${url}&offset=5` })).headers.etag, etag);
    assert.notEqual((await moving.inject({ url: `${url}&name=x` })).headers.etag, etag);

    await seedLayerVersion(store.db, { ...layer, features: stops.features.slice(0, 3) });
    const fresh = await moving.inject({ url, headers: { 'if-none-match': etag } });
    assert.equal(fresh.statusCode, 200, 'the current version changed, so the page did');
    assert.equal(fresh.json<Page>().numberMatched, 3);
    assert.notEqual(fresh.headers.etag, etag);
    // The same page pinned to version 1 is still the one the client holds.
    assert.equal((await moving.inject({ url: `${url}&version=1`, headers: { 'if-none-match': etag } })).statusCode, 304);
  } finally {
    await moving.close();
  }
});
