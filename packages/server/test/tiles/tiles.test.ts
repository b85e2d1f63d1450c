// Vector tiles through the whole app against a real embedded store: tiles decoded the way a map
// decodes them and checked against the source geometry, the attribute whitelist, empty tiles,
// conditional requests beside the app's own ETag hook, TileJSON and the OpenAPI document.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Feature, Geometry } from '@dothi/engine';
import { setVisibility } from '../../src/auth/visibility.ts';
import { buildApp } from '../../src/http/app.ts';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { assertError, fixedClock } from '../http/helpers.ts';
import { ODBL, readFixture, seedHcmc, seedLayerVersion } from '../http/seed.ts';
import { decodeTile, pixelSize, ringMatches, tileBounds, tileOf } from './decode.ts';
import type { DecodedTile } from './decode.ts';

const MVT = 'application/vnd.mapbox-vector-tile';
const BUILDING_FIELDS = ['fid', 'source_id', 'use', 'levels', 'height_m', 'floor_area_m2', 'year_built', 'name'];

let store: TestStore;
let app: FastifyInstance;
const buildings = readFixture('hcmc-buildings.geojson').features;
const stops = readFixture('hcmc-bus_stops.geojson').features;

before(async () => {
  store = await openTestStore('embedded');
  await seedHcmc(store.db);
  app = await buildApp(store.db, { clock: fixedClock });
});

after(async () => {
  await app?.close();
  await store?.close();
});

async function get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return app.inject({ url, headers: { 'accept-encoding': 'identity', ...headers } });
}

async function tile(ws: string, layer: string, z: number, x: number, y: number): Promise<DecodedTile> {
  const res = await get(`/tiles/${ws}/${layer}/${z}/${x}/${y}.pbf`);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], MVT);
  const t = decodeTile(res.rawPayload, z, x, y);
  assert.deepEqual(t.layers, [layer], 'one source-layer, named by the layer id');
  assert.equal(t.extent, 4096);
  return t;
}

const rings = (g: Geometry | null): number[][][] => {
  if (g?.type === 'Polygon') return g.coordinates;
  if (g?.type === 'MultiPolygon') return g.coordinates.flat(1);
  throw new Error(`not a polygon: ${g?.type}`);
};

function inside(b: number[], g: Geometry | null): boolean {
  return rings(g).every((r) => r.every(([lon = NaN, lat = NaN]) => lon > b[0]! && lon < b[2]! && lat > b[1]! && lat < b[3]!));
}

test('at z=16 the buildings of a tile are there by fid, with their source ids, attributes and exact outlines', async () => {
  // Buildings wholly inside the z16 tile of their first vertex, so no clipping changes their rings.
  const picked: Array<{ f: Feature; fid: number; x: number; y: number }> = [];
  for (const [i, f] of buildings.entries()) {
    const first = rings(f.geometry)[0]?.[0];
    if (!first) continue;
    const { x, y } = tileOf(first[0]!, first[1]!, 16);
    if (inside(tileBounds(16, x, y), f.geometry)) picked.push({ f, fid: i + 1, x, y });
    if (picked.length === 6) break;
  }
  assert.equal(picked.length, 6, 'the fixture has buildings that fit in one z16 tile');
  let named = 0;
  for (const { f, fid, x, y } of picked) {
    const t = await tile('hcmc', 'buildings', 16, x, y);
    const got = t.features.find((d) => d.id === fid);
    assert.ok(got, `building fid ${fid} (${String(f.id)}) in tile 16/${x}/${y}`);
    assert.equal(got.type, 3);
    assert.equal(got.properties.fid, fid);
    assert.equal(got.properties.source_id, String(f.id));
    const name = f.properties?.name;
    if (typeof name === 'string') {
      assert.equal(got.properties.name, name);
      named++;
    } else {
      assert.equal(got.properties.name, undefined);
    }
    const want = rings(f.geometry);
    assert.equal(got.parts.length, want.length, `ring count of ${String(f.id)}`);
    const lat = want[0]![0]![1]!;
    for (const [r, ring] of want.entries()) {
      assert.ok(ringMatches(got.parts[r]!, ring, pixelSize(16, t.extent, lat)), `ring ${r} of ${String(f.id)} within a tile pixel`);
    }
  }
  assert.ok(named > 0, 'some picked buildings carry a name to compare');
});

test('the z=0 tile of a point layer holds every feature, each at its place to within a pixel', async () => {
  const t = await tile('hcmc', 'bus-stops', 0, 0, 0);
  assert.equal(t.features.length, stops.length);
  assert.deepEqual(t.features.map((f) => f.id).sort((a, b) => (a ?? 0) - (b ?? 0)), stops.map((_, i) => i + 1));
  for (const d of t.features) {
    const src = stops[(d.id ?? 0) - 1]!;
    assert.equal(d.type, 1);
    assert.equal(d.properties.source_id, String(src.id));
    assert.equal(d.properties.mode, 'bus');
    const coord = (src.geometry as { coordinates: number[] }).coordinates;
    const tol = pixelSize(0, t.extent, coord[1]!);
    assert.ok(Math.abs(d.parts[0]![0]![0] - coord[0]!) <= tol.lon && Math.abs(d.parts[0]![0]![1] - coord[1]!) <= tol.lat);
  }
});

test('tiles carry only the kind\'s declared, non-personal, scalar attributes', async () => {
  const withAddress = buildings.filter((f) => f.properties?.['addr:street']).length;
  assert.ok(withAddress > 0, 'the seed gives some buildings an address (personal data) to leave out');
  const { x, y } = tileOf(106.691, 10.7855, 14);
  const t = await tile('hcmc', 'buildings', 14, x, y);
  assert.ok(t.features.length > 100);
  for (const f of t.features) {
    for (const key of Object.keys(f.properties)) assert.ok(BUILDING_FIELDS.includes(key), `attribute ${key} is not for tiles`);
    assert.equal(f.properties.address, undefined);
    assert.equal(f.properties.owner_name, undefined);
    assert.equal(f.properties.fid, f.id);
  }
  // A declared attribute that holds an object is dropped, the same one holding text is kept.
  await seedLayerVersion(store.db, {
    workspace: 'hcmc', layer: 'nested', kind: 'roads', title: 'Nested', sourceFile: 'nested.geojson', sourceText: 'nested',
    licence: null, importedAt: new Date('2026-02-11T00:00:00Z'),
    features: [
      { type: 'Feature', id: 'a', geometry: { type: 'LineString', coordinates: [[106.69, 10.78], [106.691, 10.781]] }, properties: { highway: 'primary', name: { vi: 'Lê Duẩn', en: 'Le Duan' }, osm_tags: { highway: 'primary' } } },
      { type: 'Feature', id: 'b', geometry: { type: 'LineString', coordinates: [[106.692, 10.78], [106.693, 10.781]] }, properties: { highway: 'tertiary', name: 'Pasteur', lanes: 2 } },
    ],
  });
  // z14: at low zooms geojson-vt drops lines shorter than a pixel or so.
  const at = tileOf(106.6915, 10.7805, 14);
  const n = await tile('hcmc', 'nested', 14, at.x, at.y);
  const byId = new Map(n.features.map((f) => [f.id, f.properties]));
  assert.deepEqual(byId.get(1), { fid: 1, source_id: 'a', highway: 'primary' });
  assert.deepEqual(byId.get(2), { fid: 2, source_id: 'b', highway: 'tertiary', name: 'Pasteur', lanes: 2 });
});

test('a tile where the layer has nothing is 204 No Content', async () => {
  const hanoi = tileOf(105.85, 21.03, 12);
  for (const url of ['/tiles/hcmc/buildings/12/' + `${hanoi.x}/${hanoi.y}.pbf`, '/tiles/hcmc/bus-stops/3/0/0.pbf']) {
    const res = await get(url);
    assert.equal(res.statusCode, 204, url);
    assert.equal(res.rawPayload.length, 0);
    assert.equal(res.headers['content-type'], undefined);
  }
});

test('ETag names the version and tile; If-None-Match answers 304, also through compression', async () => {
  const { x, y } = tileOf(106.691, 10.7855, 15);
  const url = `/tiles/hcmc/buildings/15/${x}/${y}.pbf`;
  const first = await get(url);
  assert.equal(first.statusCode, 200);
  const etag = `"hcmc/buildings/v1/15/${x}/${y}"`;
  assert.equal(first.headers.etag, etag);
  // A layer seen by the workspace only may be kept by the browser, never by a shared cache.
  assert.equal(first.headers['cache-control'], 'private, max-age=60');
  assert.equal(first.headers['x-dothi-layer-version'], '1');
  for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
    const again = await get(url, { 'if-none-match': inm });
    assert.equal(again.statusCode, 304, inm);
    assert.equal(again.rawPayload.length, 0);
    assert.equal(again.headers.etag, etag);
  }
  // The web adds ?v=<version> so each version has its own browser-cache URLs; the server ignores it.
  const versioned = await get(`${url}?v=1`);
  assert.deepEqual([versioned.statusCode, versioned.headers.etag], [200, etag]);
  const other = await get(url, { 'if-none-match': `"hcmc/buildings/v1/15/${x}/${y + 1}"` });
  assert.equal(other.statusCode, 200);
  assert.deepEqual(other.rawPayload, first.rawPayload);
  // The app compresses tiles; its own ETag hook must keep the route's tag, not hash the bytes.
  const gz = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
  assert.equal(gz.statusCode, 200);
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gz.headers.etag, etag);
});

test('TileJSON 3.0.0: absolute tile URLs on the request\'s host, bounds, the source-layer and its fields', async () => {
  // From a public host name the caller is the public, which sees published layers only.
  assertError(await get('/tiles/hcmc/buildings.json', { host: 'dothi.example.vn:8443' }), 404, 'DOTHI_LAYER_NOT_FOUND');
  await setVisibility(store.db, 'layer', 'hcmc', 'buildings', 'published');
  const t = tileOf(106.691, 10.7855, 15);
  const published = await get(`/tiles/hcmc/buildings/15/${t.x}/${t.y}.pbf`, { host: 'dothi.example.vn:8443' });
  assert.deepEqual([published.statusCode, published.headers['cache-control']], [200, 'public, max-age=60']);
  const res = await get('/tiles/hcmc/buildings.json', { host: 'dothi.example.vn:8443' });
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  const doc = res.json<Record<string, unknown> & { vector_layers: Array<{ id: string; fields: Record<string, string> }> }>();
  const layer = (await get('/api/workspaces/hcmc/layers/buildings')).json<{ bbox: number[]; version: number }>();
  assert.deepEqual(doc, {
    tilejson: '3.0.0',
    name: 'Buildings (OSM)',
    description: 'Buildings / Công trình: hcmc/buildings version 1',
    version: '1.0.0',
    layer_version: 1,
    attribution: ODBL,
    scheme: 'xyz',
    tiles: ['http://dothi.example.vn:8443/tiles/hcmc/buildings/{z}/{x}/{y}.pbf'],
    minzoom: 0,
    maxzoom: 16,
    bounds: layer.bbox,
    center: [(layer.bbox[0]! + layer.bbox[2]!) / 2, (layer.bbox[1]! + layer.bbox[3]!) / 2, doc.center instanceof Array ? doc.center[2] : -1],
    vector_layers: [{
      id: 'buildings', description: 'Buildings (OSM)', minzoom: 0, maxzoom: 16,
      fields: { fid: 'Number', source_id: 'String', use: 'String', levels: 'Number', height_m: 'Number', floor_area_m2: 'Number', year_built: 'Number', name: 'String' },
    }],
  });
  const zoom = (doc.center as number[])[2]!;
  assert.ok(zoom >= 14 && zoom <= 16, `a 500 m extent opens at a street zoom, not ${zoom}`);
  // The template, filled in, is a tile the server serves.
  const { x, y } = tileOf(106.691, 10.7855, 16);
  const path = new URL(doc.tiles instanceof Array ? String(doc.tiles[0]) : '').pathname.replace('%7Bz%7D/%7Bx%7D/%7By%7D', `16/${x}/${y}`);
  assert.equal((await get(path)).statusCode, 200, path);
});

test('unknown layers and workspaces are 404, tiles off the grid 400, with codes', async () => {
  assertError(await get('/tiles/hcmc/nope/0/0/0.pbf'), 404, 'DOTHI_LAYER_NOT_FOUND');
  assertError(await get('/tiles/hcmc/nope.json'), 404, 'DOTHI_LAYER_NOT_FOUND');
  assertError(await get('/tiles/nowhere/buildings/0/0/0.pbf'), 404, 'DOTHI_WORKSPACE_NOT_FOUND');
  for (const zxy of ['17/0/0', '-1/0/0', '2/4/0', '2/0/4', '3/-1/2']) {
    const e = assertError(await get(`/tiles/hcmc/buildings/${zxy}.pbf`), 400, 'DOTHI_TILE_OUT_OF_RANGE');
    assert.deepEqual([e.details.z, e.details.x, e.details.y].join('/'), zxy);
  }
  assertError(await get('/tiles/hcmc/buildings/1.5/0/0.pbf'), 400, 'DOTHI_USAGE');
});

test('/api/openapi.json documents both routes under the tiles tag', async () => {
  const doc = (await get('/api/openapi.json')).json<{ paths: Record<string, { get?: { tags?: string[]; responses: Record<string, { content?: Record<string, unknown> }> } }> }>();
  const t = doc.paths['/tiles/{ws}/{layer}/{z}/{x}/{y}.pbf']?.get;
  const j = doc.paths['/tiles/{ws}/{layer}.json']?.get;
  assert.deepEqual(t?.tags, ['tiles']);
  assert.deepEqual(j?.tags, ['tiles']);
  assert.deepEqual(Object.keys(t?.responses['200']?.content ?? {}), [MVT]);
  assert.deepEqual(Object.keys(t?.responses['404']?.content ?? {}), ['application/json']);
  assert.ok(t?.responses['204'] && t.responses['304']);
  assert.ok(j?.responses['200']?.content?.['application/json']);
});
