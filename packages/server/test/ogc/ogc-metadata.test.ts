// OGC API – Features metadata resources against a real embedded store: landing pages, conformance,
// collections (one per current layer version, at /ogc over every workspace and at /ogc/{workspace}),
// queryables, and the coded errors. Expected values come from the store's own provenance rows.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { CRS_REGISTRY } from '@dothi/engine';
import { buildApp } from '../../src/http/app.ts';
import { getVersion, listLayers } from '../../src/store/layers.ts';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { assertError, fixedClock } from '../http/helpers.ts';
import { ODBL } from '../http/seed.ts';
import { seedOgc, VN_LAYER, VN_WS, VN_WS_NAME } from './seed.ts';

interface Link { href: string; rel: string; type: string; title?: string }
interface Collection {
  id: string; title: string; description: string; keywords: string[]; itemType: string; crs: string[]; storageCrs: string;
  extent?: { spatial: { bbox: number[][]; crs: string } }; links: Link[];
}

const ORIGIN = 'http://localhost:80';
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const EPSG = (n: number): string => `http://www.opengis.net/def/crs/EPSG/0/${n}`;

let store: TestStore;
let app: FastifyInstance;

before(async () => {
  store = await openTestStore('embedded');
  await seedOgc(store.db);
  app = await buildApp(store.db, { clock: fixedClock });
});

after(async () => {
  await app?.close();
  await store?.close();
});

async function json<T>(url: string, type = /^application\/json/): Promise<T> {
  const res = await app.inject({ url });
  assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
  assert.match(String(res.headers['content-type']), type, url);
  return res.json<T>();
}

const rel = (links: Link[], r: string): Link => {
  const l = links.find((x) => x.rel === r);
  assert.ok(l, `a ${r} link in ${JSON.stringify(links)}`);
  return l;
};

test('landing pages link self, the OpenAPI document, the docs, conformance and the collections, as absolute URLs', async () => {
  for (const [url, root] of [['/ogc', '/ogc'], [`/ogc/${VN_WS}`, `/ogc/${VN_WS}`], ['/ogc/hcmc?f=json', '/ogc/hcmc']] as const) {
    const page = await json<{ title: string; description: string; links: Link[] }>(url);
    assert.deepEqual(Object.keys(page).sort(), ['description', 'links', 'title']);
    assert.deepEqual(rel(page.links, 'self'), { href: `${ORIGIN}${root}`, rel: 'self', type: 'application/json', title: 'This document' });
    assert.equal(rel(page.links, 'conformance').href, `${ORIGIN}${root}/conformance`);
    assert.equal(rel(page.links, 'data').href, `${ORIGIN}${root}/collections`);
    assert.equal(rel(page.links, 'service-doc').href, `${ORIGIN}/api/docs`);
    const desc = rel(page.links, 'service-desc');
    assert.equal(desc.type, 'application/vnd.oai.openapi+json;version=3.1');
    // The service description it links to documents every OGC route, under the ogc tag.
    const doc = await json<{ openapi: string; paths: Record<string, { get: { tags: string[] } }> }>(desc.href.slice(ORIGIN.length));
    assert.equal(doc.openapi, '3.1.0');
    const ogcPaths = Object.keys(doc.paths).filter((p) => p.startsWith('/ogc'));
    assert.equal(ogcPaths.length, 14);
    for (const p of ogcPaths) assert.deepEqual(doc.paths[p]?.get.tags, ['ogc'], p);
  }
  const root = await json<{ title: string; links: Link[] }>('/ogc');
  assert.deepEqual(root.links.filter((l) => l.rel === 'related').map((l) => l.href), [`${ORIGIN}/ogc/hcmc`, `${ORIGIN}/ogc/${VN_WS}`]);
  // JSON is the only encoding: a browser asking for HTML gets it too rather than a 406.
  const html = await app.inject({ url: '/ogc', headers: { accept: 'text/html' } });
  assert.equal(html.statusCode, 200);
  assert.match(String(html.headers['content-type']), /^application\/json/);
  const ws = await json<{ title: string }>(`/ogc/${VN_WS}`);
  assert.equal(ws.title, `dothi — ${VN_WS_NAME} — OGC API – Features`);
});

test('conformance declares Part 1 core and GeoJSON and Part 2 crs, and nothing else', async () => {
  const want = [
    'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
    'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
    'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  ];
  assert.deepEqual(await json('/ogc/conformance'), { conformsTo: want });
  assert.deepEqual(await json('/ogc/hcmc/conformance'), { conformsTo: want });
});

test('/ogc/collections holds every workspace\'s current layers as {workspace}__{layer}, described from their provenance', async () => {
  const body = await json<{ links: Link[]; collections: Collection[] }>('/ogc/collections');
  assert.equal(rel(body.links, 'self').href, `${ORIGIN}/ogc/collections`);
  const expected: string[] = [];
  for (const ws of ['hcmc', VN_WS]) for (const l of await listLayers(store.db, ws)) expected.push(`${ws}__${l.layer_id}`);
  assert.deepEqual(body.collections.map((c) => c.id), expected);
  assert.equal(expected.length, 6);

  const vnZones = CRS_REGISTRY.filter((d) => d.centralMeridian !== undefined).map((d) => EPSG(d.epsg));
  assert.equal(vnZones.length, 18);
  for (const c of body.collections) {
    const [ws, layer] = c.id.split('__') as [string, string];
    const v = await getVersion(store.db, ws, layer);
    assert.deepEqual(Object.keys(c).sort(), ['crs', 'description', 'extent', 'id', 'itemType', 'keywords', 'links', 'storageCrs', 'title']);
    assert.equal(c.itemType, 'feature');
    assert.deepEqual(c.extent, { spatial: { bbox: [v.bbox], crs: CRS84 } });
    assert.ok(c.title.includes(v.title), c.title);
    for (const part of [`version ${v.version}`, v.source_file, v.source_crs, `Licence: ${ODBL}`, `Giấy phép: ${ODBL}`, `${v.feature_count} features`]) {
      assert.ok(c.description.toLowerCase().includes(part.toLowerCase()), `${c.id} description lacks ${part}: ${c.description}`);
    }
    assert.equal(c.storageCrs, CRS84);
    assert.deepEqual(c.crs, [CRS84, EPSG(4326), EPSG(3857), EPSG(4756), ...vnZones, EPSG(3405), EPSG(3406), EPSG(32648), EPSG(32649)]);
    const self = `${ORIGIN}/ogc/collections/${c.id}`;
    assert.deepEqual(rel(c.links, 'self'), { href: self, rel: 'self', type: 'application/json', title: 'This collection' });
    assert.deepEqual(rel(c.links, 'items'), { href: `${self}/items`, rel: 'items', type: 'application/geo+json', title: 'Features (GeoJSON)' });
    assert.equal(rel(c.links, 'http://www.opengis.net/def/rel/ogc/1.0/queryables').href, `${self}/queryables`);
    assert.deepEqual(rel(c.links, 'license'), { href: 'https://opendatacommons.org/licenses/odbl/1-0/', rel: 'license', type: 'text/html', title: ODBL });
  }
  // The imported Shapefile keeps its provenance: the planner's VN-2000 zone as source CRS.
  const vn = body.collections.find((c) => c.id === `${VN_WS}__${VN_LAYER}`);
  assert.ok(vn?.description.includes('EPSG:9210'), vn?.description);
  assert.ok(vn?.title.startsWith(`${VN_WS_NAME}: `), vn?.title);
});

test('a workspace\'s API lists its layers under their own ids, and one collection reads the same at both addresses', async () => {
  const body = await json<{ collections: Collection[] }>('/ogc/hcmc/collections');
  assert.deepEqual(body.collections.map((c) => c.id), (await listLayers(store.db, 'hcmc')).map((l) => l.layer_id));
  const local = await json<Collection>('/ogc/hcmc/collections/bus-stops');
  const global = await json<Collection>('/ogc/collections/hcmc__bus-stops');
  assert.deepEqual(local, body.collections.find((c) => c.id === 'bus-stops'));
  assert.equal(local.title, 'Bus stops (OSM) · Transit stops / Điểm dừng giao thông công cộng');
  assert.equal(global.title, `Thành phố Hồ Chí Minh — Quận 1/Quận 3: ${local.title}`);
  assert.deepEqual({ ...global, id: '', title: '', links: [] }, { ...local, id: '', title: '', links: [] });
  assert.equal(rel(local.links, 'items').href, `${ORIGIN}/ogc/hcmc/collections/bus-stops/items`);
});

test('queryables: a JSON Schema of the kind\'s typed attributes and of the other properties the features carry', async () => {
  const res = await app.inject({ url: '/ogc/hcmc/collections/buildings/queryables' });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^application\/schema\+json/);
  const q = res.json<{ $schema: string; $id: string; type: string; properties: Record<string, { title: string; type?: string; description?: string }>; additionalProperties: boolean }>();
  assert.equal(q.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.equal(q.$id, `${ORIGIN}/ogc/hcmc/collections/buildings/queryables`);
  assert.equal(q.type, 'object');
  assert.equal(q.additionalProperties, false);
  assert.deepEqual(q.properties.levels, { title: 'Floors above ground', description: 'Số tầng nổi (floors)', type: 'integer' });
  assert.deepEqual(q.properties.owner_name, { title: 'Owner', description: 'Chủ sở hữu', type: 'string' });
  assert.deepEqual(q.properties.building, { title: 'building', type: 'string' });
  assert.deepEqual(q.properties['addr:street'], { title: 'addr:street', type: 'string' });
  assert.equal(q.properties['@id']?.type, 'number');
  const global = await json<{ properties: unknown }>('/ogc/collections/hcmc__buildings/queryables', /^application\/schema\+json/);
  assert.deepEqual(global.properties, q.properties);
});

function assertUnknownParam(res: LightMyRequestResponse, parameter: string): void {
  const e = assertError(res, 400, 'DOTHI_OGC_PARAMETER_UNKNOWN');
  assert.equal(e.details.parameter, parameter);
}

test('metadata resources reject unknown parameters, accept f=json and tolerate crs, and missing things are coded 404s', async () => {
  assertUnknownParam(await app.inject({ url: '/ogc?foo=1' }), 'foo');
  assertUnknownParam(await app.inject({ url: '/ogc/hcmc/collections?limit=5' }), 'limit');
  assertUnknownParam(await app.inject({ url: '/ogc/conformance?bbox=1,2,3,4' }), 'bbox');
  assertError(await app.inject({ url: '/ogc/collections?f=html' }), 400, 'DOTHI_USAGE');
  // GDAL appends the query of an OAPIF: URL to every request, so the CRS parameters pass everywhere.
  await json(`/ogc/hcmc/collections?crs=${EPSG(9210)}&crs=${EPSG(9210)}`);
  await json(`/ogc/collections/hcmc__roads?crs=${EPSG(5899)}&bbox-crs=${CRS84}`);

  for (const url of ['/ogc/collections/hcmc__nope', '/ogc/collections/nope__roads', '/ogc/collections/roads', '/ogc/collections/hcmc__',
    '/ogc/collections/hcmc__nope/items', '/ogc/hcmc/collections/nope', '/ogc/hcmc/collections/hcmc__roads/items', '/ogc/collections/hcmc__nope/queryables']) {
    const e = assertError(await app.inject({ url }), 404, 'DOTHI_OGC_COLLECTION_NOT_FOUND');
    assert.match(String(e.details.collections), /^\/ogc(\/hcmc)?\/collections$/);
  }
  for (const url of ['/ogc/nope', '/ogc/nope/conformance', '/ogc/nope/collections', '/ogc/nope/collections/roads/items']) {
    assertError(await app.inject({ url }), 404, 'DOTHI_WORKSPACE_NOT_FOUND');
  }
  assertError(await app.inject({ url: '/ogc/hcmc/collections/roads/items?version=9' }), 404, 'DOTHI_LAYER_VERSION_NOT_FOUND');
});
