// Tiles of layers made by the real importer from the OSM extract of District 1 and 3 (ODbL, see
// examples/hcmc), and a new version imported while the server runs: the same URLs must serve it.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Feature } from '@dothi/engine';
import { buildApp } from '../../src/http/app.ts';
import { importFile } from '../../src/imports/import-file.ts';
import type { ImportReport } from '../../src/imports/import-file.ts';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { fixedClock } from '../http/helpers.ts';
import { ODBL, seedWorkspace } from '../http/seed.ts';
import { decodeTile, pixelSize, tileOf } from './decode.ts';
import type { DecodedTile } from './decode.ts';

const PBF = new URL('../../../../examples/hcmc/hcmc-d1-d3.osm.pbf', import.meta.url);
const STOPS = new URL('../fixtures/osm-geojson/hcmc-d1-d3-bus_stops.geojson', import.meta.url);
const LIMITS = { maxBytes: 100 * 1024 ** 2, maxFeatures: 1_000_000 };

interface TileJsonDoc {
  version: string;
  layer_version: number;
  bounds: number[];
  vector_layers: Array<{ id: string; fields: Record<string, string> }>;
}

let store: TestStore;
let app: FastifyInstance;
let report: ImportReport;
let tmp: string;

const layerOf = (kind: string): { layer: string; imported: number } => {
  const l = report.layers.find((x) => x.kind === kind);
  assert.ok(l, `the extract has a ${kind} layer`);
  return l;
};

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dothi-tiles-'));
  store = await openTestStore('embedded');
  await seedWorkspace(store.db, 'hcmc', 'Thành phố Hồ Chí Minh');
  report = await importFile(store.db, {
    workspace: 'hcmc', paths: [PBF.pathname], onInvalid: 'repair', licence: ODBL, importer: 'test', limits: LIMITS, clock: fixedClock,
  });
  app = await buildApp(store.db, { clock: fixedClock });
});

after(async () => {
  await app?.close();
  await store?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
  app.inject({ url, headers: { 'accept-encoding': 'identity', ...headers } });

async function tileJson(layer: string): Promise<TileJsonDoc> {
  const res = await get(`/tiles/hcmc/${layer}.json`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json<TileJsonDoc>();
}

/** The decoded tile, or undefined for 204. */
async function tile(layer: string, z: number, x: number, y: number): Promise<DecodedTile | undefined> {
  const res = await get(`/tiles/hcmc/${layer}/${z}/${x}/${y}.pbf`);
  if (res.statusCode === 204) return undefined;
  assert.equal(res.statusCode, 200, res.body);
  return decodeTile(res.rawPayload, z, x, y);
}

test('imported OSM layers: every stop in the z0 tile, every building across the z16 tiles, no OSM tags', async () => {
  const stops = layerOf('transit_stops');
  const z0 = await tile(stops.layer, 0, 0, 0);
  assert.deepEqual(z0?.features.map((f) => f.id).sort((a, b) => (a ?? 0) - (b ?? 0)), Array.from({ length: stops.imported }, (_, i) => i + 1));

  const buildings = layerOf('buildings');
  const doc = await tileJson(buildings.layer);
  const fields = Object.keys(doc.vector_layers[0]?.fields ?? {});
  const [w, s, e, n] = doc.bounds as [number, number, number, number];
  const nw = tileOf(w, n, 16);
  const se = tileOf(e, s, 16);
  const seen = new Set<number>();
  for (let x = nw.x; x <= se.x; x++) {
    for (let y = nw.y; y <= se.y; y++) {
      for (const f of (await tile(buildings.layer, 16, x, y))?.features ?? []) {
        seen.add(f.id ?? 0);
        for (const key of Object.keys(f.properties)) assert.ok(fields.includes(key), `${key} is not a tile field`);
      }
    }
  }
  assert.equal(seen.size, buildings.imported);
  assert.deepEqual([Math.min(...seen), Math.max(...seen)], [1, buildings.imported]);

  // The importer keeps every OSM tag in osm_tags and more beside the kind's attributes; tiles carry none of it.
  const roads = layerOf('roads');
  const { x, y } = tileOf((w + e) / 2, (s + n) / 2, 14);
  const t = await tile(roads.layer, 14, x, y);
  assert.ok(t && t.features.length > 50);
  const keys = new Set(t.features.flatMap((f) => Object.keys(f.properties)));
  assert.ok(keys.has('highway') && keys.has('name'));
  for (const k of ['osm_tags', 'osm_id', 'oneway_reversed']) assert.ok(!keys.has(k), k);
});

test('a new version imported while the server runs is what the same URLs serve', async () => {
  const layer = layerOf('transit_stops').layer;
  const before = await get(`/tiles/hcmc/${layer}/0/0/0.pbf`);
  assert.equal(before.headers.etag, `"hcmc/${layer}/v1/0/0/0"`);
  assert.equal((await tileJson(layer)).layer_version, 1);

  // Ten stops, the first moved about 500 m north-east.
  const src = (JSON.parse(fs.readFileSync(STOPS, 'utf8')) as { features: Feature[] }).features.slice(0, 10);
  const first = src[0]!.geometry as { type: 'Point'; coordinates: number[] };
  const moved: [number, number] = [first.coordinates[0]! + 0.004, first.coordinates[1]! + 0.003];
  first.coordinates = moved;
  const file = path.join(tmp, 'ten-stops.geojson');
  fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: src }));
  const movedTile = tileOf(moved[0], moved[1], 16);
  const beforeMoved = await tile(layer, 16, movedTile.x, movedTile.y);
  assert.ok(!beforeMoved?.features.some((f) => f.properties.source_id === String(src[0]!.id)), 'nothing at the new place yet');

  const again = await importFile(store.db, {
    workspace: 'hcmc', paths: [file], kind: 'transit_stops', name: layer, onInvalid: 'reject', licence: ODBL, importer: 'test',
    limits: LIMITS, clock: fixedClock,
  });
  assert.deepEqual([again.layers[0]?.layer, again.layers[0]?.version], [layer, 2]);

  const after = await get(`/tiles/hcmc/${layer}/0/0/0.pbf`, { 'if-none-match': String(before.headers.etag) });
  assert.equal(after.statusCode, 200, 'the old ETag no longer matches');
  assert.equal(after.headers.etag, `"hcmc/${layer}/v2/0/0/0"`);
  assert.equal(after.headers['x-dothi-layer-version'], '2');
  assert.equal(decodeTile(after.rawPayload, 0, 0, 0).features.length, 10);

  const there = await tile(layer, 16, movedTile.x, movedTile.y);
  const stop = there?.features.find((f) => f.id === 1);
  assert.ok(stop, 'the moved stop is in the tile of its new place');
  const tol = pixelSize(16, 4096, moved[1]);
  const [lon, lat] = stop.parts[0]![0]!;
  assert.ok(Math.abs(lon - moved[0]) <= tol.lon && Math.abs(lat - moved[1]) <= tol.lat, `${lon},${lat} vs ${moved.join(',')}`);

  const doc = await tileJson(layer);
  assert.deepEqual([doc.layer_version, doc.version], [2, '2.0.0']);
  const lons = src.map((f) => (f.geometry as { coordinates: number[] }).coordinates[0]!);
  assert.equal(doc.bounds[2], Math.max(...lons));
});
