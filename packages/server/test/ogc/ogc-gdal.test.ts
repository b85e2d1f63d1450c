// GDAL's own OGC API – Features client (Debian gdal-bin, driver OAPIF) against the running server:
// ogrinfo lists every collection of every workspace with its feature count, ogr2ogr pages through
// whole layers with Vietnamese text intact, and the `crs` parameter of an OAPIF: URL (GDAL passes a
// URL's query on to every request it makes) brings the coordinates in VN-2000, checked against PROJ.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import { kindInfo } from '../../src/http/layers.route.ts';
import { getVersion, listLayers } from '../../src/store/layers.ts';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { fixedClock } from '../http/helpers.ts';
import { readFixture } from '../http/seed.ts';
import { projVn2000 } from './proj.ts';
import { seedOgc, shapefileStops, VN_LAYER, VN_WS } from './seed.ts';

const run = promisify(execFile);
const EPSG = (n: number): string => `http://www.opengis.net/def/crs/EPSG/0/${n}`;

let store: TestStore;
let app: FastifyInstance;
let root: string;
let dir: string;

before(async () => {
  store = await openTestStore('embedded');
  await seedOgc(store.db);
  app = await buildApp(store.db, { clock: fixedClock });
  await app.listen({ host: '127.0.0.1', port: 0 });
  root = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/ogc`;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dothi-ogc-gdal-'));
});

after(async () => {
  await app?.close();
  await store?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// The server runs in this process, so GDAL must run asynchronously; no proxy may stand in between.
async function gdal(cmd: 'ogrinfo' | 'ogr2ogr', args: string[]): Promise<string> {
  const env = { ...process.env, NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1', GDAL_HTTP_TIMEOUT: '60', CPL_DEBUG: 'OFF' };
  const { stdout, stderr } = await run(cmd, args, { env, maxBuffer: 1 << 26 });
  assert.doesNotMatch(stderr, /ERROR/, `${cmd} ${args.join(' ')}: ${stderr}`);
  return stdout;
}

/** Layer name → feature count, from `ogrinfo -al -so`. */
function layerCounts(out: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const block of out.split(/^Layer name: /m).slice(1)) {
    const name = block.split('\n')[0]?.trim() as string;
    const count = /^Feature Count: (\d+)$/m.exec(block)?.[1];
    assert.ok(count !== undefined, `no feature count for ${name}`);
    m.set(name, Number(count));
  }
  return m;
}

interface OutFeature { properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }

async function ogr2ogr(src: string, layer: string, extra: string[] = []): Promise<OutFeature[]> {
  const out = path.join(dir, `${layer}-${Math.random().toString(36).slice(2)}.json`);
  await gdal('ogr2ogr', ['-f', 'GeoJSON', ...extra, out, `OAPIF:${src}`, layer]);
  return (JSON.parse(fs.readFileSync(out, 'utf8')) as { features: OutFeature[] }).features;
}

test('ogrinfo OAPIF:/ogc lists every collection of every workspace with its feature count', async () => {
  const want = new Map<string, number>();
  for (const ws of ['hcmc', VN_WS]) {
    for (const l of await listLayers(store.db, ws)) want.set(`${ws}__${l.layer_id}`, (await getVersion(store.db, ws, l.layer_id)).feature_count);
  }
  assert.equal(want.size, 6);
  assert.equal(want.get('hcmc__buildings'), 156);
  assert.equal(want.get(`${VN_WS}__${VN_LAYER}`), 43);
  const got = layerCounts(await gdal('ogrinfo', ['-ro', '-al', '-so', `OAPIF:${root}`]));
  assert.deepEqual([...got.entries()], [...want.entries()]);
});

test('ogrinfo OAPIF:/ogc/{workspace} lists that workspace\'s layers under their own names', async () => {
  const out = await gdal('ogrinfo', ['-ro', '-so', `OAPIF:${root}/hcmc`]);
  // "1: buildings (title: Buildings (OSM) · Buildings / Công trình) (Multi Polygon)"
  const rows = [...out.matchAll(/^\d+: (\S+) \(title: (.*)\) \(([^()]+)\)$/gm)].map((m) => ({ name: m[1], title: m[2], geometry: m[3] }));
  const layers = await listLayers(store.db, 'hcmc');
  assert.deepEqual(rows.map((r) => r.name), layers.map((l) => l.layer_id));
  assert.deepEqual(rows.map((r) => r.title), layers.map((l) => `${l.title} · ${kindInfo(l.kind).en} / ${kindInfo(l.kind).vi}`));
  assert.deepEqual(rows.filter((r) => r.name === 'bus-stops' || r.name === 'roads').map((r) => r.geometry), ['Point', 'Line String']);
  const single = layerCounts(await gdal('ogrinfo', ['-ro', '-al', '-so', `OAPIF:${root}/${VN_WS}`]));
  assert.deepEqual([...single.entries()], [[VN_LAYER, 43]]);
});

test('ogr2ogr pages through whole layers: every feature once, Vietnamese text and coordinates intact', async () => {
  const buildings = readFixture('hcmc-buildings.geojson').features;
  const got = await ogr2ogr(root, 'hcmc__buildings');
  assert.equal(got.length, 156);
  assert.deepEqual(got.map((f) => f.properties['dothi:source_id']), buildings.map((f) => f.id));
  assert.deepEqual(got.map((f) => f.properties.name ?? null), buildings.map((f) => f.properties?.name ?? null));
  assert.ok(got.some((f) => f.properties.name === 'Phòng Khám Quốc Tế Raffles'));
  assert.deepEqual(got.map((f) => JSON.stringify(f.geometry.coordinates)), buildings.map((f) => JSON.stringify((f.geometry as { coordinates: unknown }).coordinates)));

  const stops = await ogr2ogr(`${root}/${VN_WS}`, VN_LAYER, ['-oo', 'PAGE_SIZE=7']);
  assert.deepEqual(stops.map((f) => f.properties.name ?? null), shapefileStops().map((s) => s.name));
  assert.ok(stops.some((f) => f.properties.name === 'Viện Pasteur'));
});

test('GDAL reads the items in VN-2000 through the crs parameter of the OAPIF: URL, to 1 cm of PROJ and of the planner\'s file', async () => {
  // GDAL 3.6 has no CRS open option (3.7 added one) and labels OAPIF layers CRS84: -a_srs names the truth.
  const shp = shapefileStops();
  const got = await ogr2ogr(`${root}/${VN_WS}?crs=${EPSG(9210)}`, VN_LAYER, ['-a_srs', 'EPSG:9210']);
  assert.equal(got.length, 43);
  got.forEach((f, i) => {
    const [x, y] = f.geometry.coordinates as [number, number];
    const s = shp[i] as { x: number; y: number; name: string | null };
    assert.equal(f.properties.name ?? null, s.name);
    assert.ok(Math.abs(x - s.x) < 0.01 && Math.abs(y - s.y) < 0.01, `stop ${i + 1}: ${x},${y} vs the Shapefile's ${s.x},${s.y}`);
  });

  const lonLat = (await ogr2ogr(root, 'hcmc__bus-stops')).map((f) => f.geometry.coordinates as [number, number]);
  const tm3 = await ogr2ogr(`${root}?crs=${EPSG(5899)}`, 'hcmc__bus-stops', ['-a_srs', 'EPSG:5899']);
  const want = projVn2000('EPSG:5899', lonLat);
  assert.equal(tm3.length, want.length);
  tm3.forEach((f, i) => {
    const [x, y] = f.geometry.coordinates as [number, number];
    const [wx, wy] = want[i] as [number, number];
    assert.ok(Math.abs(x - wx) < 0.01 && Math.abs(y - wy) < 0.01, `stop ${i + 1}: ${x},${y} vs PROJ ${wx},${wy}`);
  });
});
