// Features as paged GeoJSON against a real embedded store: walking next links, bbox filtering
// checked against the geometries themselves, pinned versions and bad parameters.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { geometryBbox } from '@dothi/engine';
import type { Bbox, Feature } from '@dothi/engine';
import { buildApp } from '../../src/http/app.ts';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { assertError, FIXED_NOW, fixedClock } from './helpers.ts';
import { ODBL, readFixture, seedHcmc, seedLayerVersion } from './seed.ts';

interface Page {
  type: string;
  layer: { workspace_id: string; layer_id: string; version: number };
  numberMatched: number;
  numberReturned: number;
  timeStamp: string;
  links: Array<{ href: string; rel: string; type: string }>;
  features: Feature[];
}

let store: TestStore;
let app: FastifyInstance;
const buildings = readFixture('hcmc-buildings.geojson').features;

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
  assert.match(String(res.headers['content-type']), /^application\/geo\+json/);
  return res.json<Page>();
}

const link = (p: Page, rel: string): string | undefined => p.links.find((l) => l.rel === rel)?.href;

test('the first page, by default, holds the whole small layer with counts and a self link', async () => {
  const p = await page('/api/workspaces/hcmc/layers/buildings/features');
  assert.equal(p.type, 'FeatureCollection');
  assert.deepEqual(p.layer, { workspace_id: 'hcmc', layer_id: 'buildings', version: 1 });
  assert.equal(p.numberMatched, buildings.length);
  assert.equal(p.numberReturned, buildings.length);
  assert.equal(p.timeStamp, FIXED_NOW.toISOString());
  assert.equal(link(p, 'next'), undefined);
  assert.equal(link(p, 'self'), '/api/workspaces/hcmc/layers/buildings/features?limit=1000&offset=0&version=1');
  // Stored and served in WGS84 as imported, in source order, with the source ids.
  assert.deepEqual(p.features.map((f) => f.id), buildings.map((f) => f.id));
  assert.deepEqual(p.features[0]?.geometry, buildings[0]?.geometry);
  assert.equal(p.features[0]?.properties?.name, buildings[0]?.properties?.name);
});

test('following next links visits every feature once, in order', async () => {
  let url: string | undefined = '/api/workspaces/hcmc/layers/buildings/features?limit=40';
  const ids: Array<string | number | undefined> = [];
  let pages = 0;
  let first: Page | undefined;
  while (url) {
    const p = await page(url);
    first ??= p;
    pages++;
    assert.equal(p.numberMatched, buildings.length);
    assert.equal(p.numberReturned, p.features.length);
    assert.ok(p.numberReturned <= 40);
    if (pages > 1) assert.ok(link(p, 'prev'), 'pages after the first link back');
    ids.push(...p.features.map((f) => f.id));
    url = link(p, 'next');
  }
  assert.equal(pages, Math.ceil(buildings.length / 40));
  assert.equal(link(first as Page, 'prev'), undefined);
  assert.deepEqual(ids, buildings.map((f) => f.id));
});

function meets(a: Bbox, b: Bbox): boolean {
  return a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
}

function within(a: Bbox, b: Bbox): boolean {
  return a[0] >= b[0] && a[2] <= b[2] && a[1] >= b[1] && a[3] <= b[3];
}

test('bbox returns the features whose geometry meets it, exactly, and pages keep the bbox', async () => {
  // Sandwich oracle: every building whose extent lies inside the box must come back, and none whose
  // extent misses it may (ST_Intersects is exact, so no float4 slack of the && operator applies).
  const box: Bbox = [106.6900, 10.7845, 106.6915, 10.7860];
  const extent = (f: Feature): Bbox => geometryBbox(f.geometry as NonNullable<Feature['geometry']>) as Bbox;
  const surely = buildings.filter((f) => within(extent(f), box)).map((f) => f.id);
  const maybe = new Set(buildings.filter((f) => meets(extent(f), box)).map((f) => f.id));
  assert.ok(surely.length > 5 && maybe.size < buildings.length, `a box that splits the layer (${surely.length})`);

  const all = await page(`/api/workspaces/hcmc/layers/buildings/features?bbox=${box.join(',')}`);
  const got = all.features.map((f) => f.id);
  assert.equal(all.numberMatched, got.length);
  for (const id of surely) assert.ok(got.includes(id), `${String(id)} lies inside the box`);
  for (const id of got) assert.ok(maybe.has(id), `${String(id)} has an extent that meets the box`);
  assert.deepEqual(got, buildings.map((f) => f.id).filter((id) => got.includes(id)), 'in source order');

  const p = await page(`/api/workspaces/hcmc/layers/buildings/features?bbox=${box.join(',')}&limit=5`);
  assert.equal(p.numberMatched, all.numberMatched);
  const next = link(p, 'next');
  assert.ok(next?.includes(`bbox=${box.join(',')}`), next);
  assert.deepEqual((await page(next as string)).features.map((f) => f.id), got.slice(5, 10));

  const empty = await page('/api/workspaces/hcmc/layers/buildings/features?bbox=0,0,1,1');
  assert.deepEqual([empty.numberMatched, empty.numberReturned, link(empty, 'next')], [0, 0, undefined]);
});

test('version pins the data: an older version is still served, and next links keep it', async () => {
  const s = readFixture('hcmc-bus_stops.geojson');
  await seedLayerVersion(store.db, {
    workspace: 'hcmc', layer: 'bus-stops', kind: 'transit_stops', title: 'Bus stops (OSM)', sourceFile: 'later.geojson',
    sourceText: 'later', licence: ODBL, importedAt: new Date('2026-02-21T00:00:00Z'), features: s.features.slice(0, 3),
  });
  const current = await page('/api/workspaces/hcmc/layers/bus-stops/features');
  assert.deepEqual([current.layer.version, current.numberMatched], [2, 3]);
  const old = await page('/api/workspaces/hcmc/layers/bus-stops/features?version=1&limit=5');
  assert.deepEqual([old.layer.version, old.numberMatched, old.numberReturned], [1, s.features.length, 5]);
  assert.match(link(old, 'next') ?? '', /version=1/);
  assertError(await app.inject({ url: '/api/workspaces/hcmc/layers/bus-stops/features?version=7' }), 404, 'DOTHI_LAYER_VERSION_NOT_FOUND');
});

test('bad parameters are DOTHI_USAGE and name the parameter', async () => {
  const base = '/api/workspaces/hcmc/layers/buildings/features';
  for (const [q, name] of [
    ['limit=0', 'querystring.limit'],
    ['limit=10001', 'querystring.limit'],
    ['limit=ten', 'querystring.limit'],
    ['offset=-1', 'querystring.offset'],
    ['version=0', 'querystring.version'],
    ['bbox=106.68,10.78,106.69', 'querystring.bbox'],
    ['bbox=106.69,10.78,106.68,10.79', 'querystring.bbox'],
    ['bbox=a,b,c,d', 'querystring.bbox'],
    ['bbox=0,0,200,1', 'querystring.bbox'],
  ] as const) {
    const e = assertError(await app.inject({ url: `${base}?${q}` }), 400, 'DOTHI_USAGE');
    assert.match(String(e.details.detail), new RegExp(name.replace('.', '\\.')), q);
  }
});

test('unknown workspace or layer', async () => {
  assertError(await app.inject({ url: '/api/workspaces/hue/layers/buildings/features' }), 404, 'DOTHI_WORKSPACE_NOT_FOUND');
  assertError(await app.inject({ url: '/api/workspaces/hcmc/layers/trees/features' }), 404, 'DOTHI_LAYER_NOT_FOUND');
});
