// OGC API – Features Part 2 (CRS by reference) against PROJ: items written in VN-2000 TM-3 zones,
// VN-2000 geographic (lat, lon), EPSG:4326 (lat, lon), UTM and Pseudo-Mercator agree with Debian's
// PROJ to 1 cm; a planner's VN-2000 Shapefile comes back in its own coordinates; bbox-crs selects
// in the planner's CRS; the Content-Crs header names the CRS of every items and item response.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Geometry } from '@dothi/engine';
import { buildApp } from '../../src/http/app.ts';
import { offeredCrs } from '../../src/ogc/crs.ts';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { assertError, fixedClock } from '../http/helpers.ts';
import { cs2cs, projVn2000 } from './proj.ts';
import { seedOgc, shapefileStops, VN_LAYER, VN_WS } from './seed.ts';

type XY = [number, number];
interface Page { numberMatched: number; links: Array<{ rel: string; href: string }>; features: Array<{ id: number; geometry: Geometry; properties: Record<string, unknown> }> }

const ORIGIN = 'http://localhost:80';
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const EPSG = (n: number): string => `http://www.opengis.net/def/crs/EPSG/0/${n}`;
const VN = `/ogc/${VN_WS}/collections/${VN_LAYER}/items`;

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

async function page(url: string, crs: string): Promise<Page> {
  const res = await app.inject({ url });
  assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
  assert.equal(res.headers['content-crs'], `<${crs}>`, url);
  return res.json<Page>();
}

function positions(g: Geometry): XY[] {
  const out: XY[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x) && typeof x[0] === 'number') out.push([x[0] as number, x[1] as number]);
    else if (Array.isArray(x)) x.forEach(walk);
  };
  walk('coordinates' in g ? g.coordinates : []);
  return out;
}

const allPositions = (p: Page): XY[] => p.features.flatMap((f) => positions(f.geometry));

function assertClose(got: readonly XY[], want: readonly XY[], tol: number, what: string): void {
  assert.equal(got.length, want.length, what);
  got.forEach(([x, y], i) => {
    const [wx, wy] = want[i] as XY;
    assert.ok(Math.abs(x - wx) <= tol && Math.abs(y - wy) <= tol, `${what} #${i}: ${x},${y} vs PROJ ${wx},${wy}`);
  });
}

const LAYERS = ['/ogc/collections/hcmc__buildings/items', '/ogc/hcmc/collections/bus-stops/items', '/ogc/hcmc/collections/roads/items'];

test('items in VN-2000 TM-3 zones (EPSG:5899, EPSG:9210) match PROJ\'s EPSG:6960 pipeline to 1 cm, easting first', async () => {
  for (const base of LAYERS) {
    const lonLat = allPositions(await page(`${base}?limit=1000`, CRS84));
    assert.ok(lonLat.length > 10);
    for (const code of [5899, 9210]) {
      const p = await page(`${base}?limit=1000&crs=${EPSG(code)}`, EPSG(code));
      assertClose(allPositions(p), projVn2000(`EPSG:${code}`, lonLat), 0.01, `${base} EPSG:${code}`);
      assert.ok(p.links.find((l) => l.rel === 'self')?.href.includes(`crs=${EPSG(code)}&`));
    }
  }
});

test('geographic CRSs follow EPSG axis order: VN-2000 (EPSG:4756) and EPSG:4326 are latitude, longitude', async () => {
  const base = LAYERS[0] as string;
  const lonLat = allPositions(await page(`${base}?limit=1000`, CRS84));
  assertClose(allPositions(await page(`${base}?limit=1000&crs=${EPSG(4756)}`, EPSG(4756))), projVn2000('EPSG:4756', lonLat), 1e-7, 'EPSG:4756');
  const latLon = allPositions(await page(`${base}?limit=1000&crs=${EPSG(4326)}`, EPSG(4326)));
  assertClose(latLon, lonLat.map(([x, y]) => [y, x]), 1e-12, 'EPSG:4326');
});

test('UTM (VN-2000 48N, WGS 84 48N/49N) and Pseudo-Mercator match PROJ to 1 cm', async () => {
  const base = LAYERS[1] as string;
  const lonLat = allPositions(await page(base, CRS84));
  assertClose(allPositions(await page(`${base}?crs=${EPSG(3405)}`, EPSG(3405))), projVn2000('EPSG:3405', lonLat), 0.01, 'EPSG:3405');
  for (const code of [32648, 32649, 3857]) {
    assertClose(allPositions(await page(`${base}?crs=${EPSG(code)}`, EPSG(code))), cs2cs(`EPSG:${code}`, lonLat), 0.01, `EPSG:${code}`);
  }
});

test('a planner\'s VN-2000 Shapefile, imported, is served back in EPSG:9210 with its own coordinates and names', async () => {
  const shp = shapefileStops();
  assert.equal(shp.length, 43);
  const p = await page(`${VN}?limit=100&crs=${EPSG(9210)}`, EPSG(9210));
  assertClose(allPositions(p), shp.map((s) => [s.x, s.y]), 0.01, 'round trip');
  assert.deepEqual(p.features.map((f) => f.properties.name), shp.map((s) => s.name));
  assert.ok(p.features.some((f) => f.properties.name === 'Viện Pasteur'));
});

test('bbox-crs reads the box in the planner\'s CRS: a TM-3 box and a VN-2000 lat/lon box select exactly the stops inside', async () => {
  const shp = shapefileStops();
  const box = [602300, 1192500, 602900, 1193100] as const;
  const margin = (v: number, a: number, b: number): number => Math.min(Math.abs(v - a), Math.abs(v - b));
  // Stops within half a metre of an edge would make the oracle depend on the densified edges.
  assert.ok(shp.every((s) => margin(s.x, box[0], box[2]) > 0.5 && margin(s.y, box[1], box[3]) > 0.5));
  const want = shp.map((s, i) => (s.x >= box[0] && s.x <= box[2] && s.y >= box[1] && s.y <= box[3] ? i + 1 : 0)).filter((i) => i > 0);
  assert.ok(want.length > 5 && want.length < 43, `${want.length} stops inside`);
  const ids: number[] = [];
  let url: string | undefined = `${VN}?bbox=${box.join(',')}&bbox-crs=${EPSG(9210)}&crs=${EPSG(9210)}&limit=4`;
  let matched = -1;
  while (url) {
    const p = await page(url, EPSG(9210));
    matched = p.numberMatched;
    ids.push(...p.features.map((f) => f.id));
    const next = p.links.find((l) => l.rel === 'next')?.href;
    url = next?.slice(ORIGIN.length);
    if (next) assert.ok(next.includes(`bbox=${box.join(',')}&bbox-crs=${EPSG(9210)}&crs=${EPSG(9210)}&`), next);
  }
  assert.deepEqual([ids, matched], [want, want.length]);

  const lonLat = allPositions(await page(`${VN}?limit=100`, CRS84));
  const latLon = projVn2000('EPSG:4756', lonLat);
  const g = [10.7840, 106.6880, 10.7880, 106.6920] as const;
  const inG = latLon.map(([la, lo], i) => (la >= g[0] && la <= g[2] && lo >= g[1] && lo <= g[3] ? i + 1 : 0)).filter((i) => i > 0);
  assert.ok(inG.length > 3 && inG.length < 43, `${inG.length} stops inside`);
  const q = await page(`${VN}?bbox=${g.join(',')}&bbox-crs=${EPSG(4756)}&limit=100`, CRS84);
  assert.deepEqual(q.features.map((f) => f.id), inG);

  assertError(await app.inject({ url: `${VN}?bbox=602900,1192500,602300,1193100&bbox-crs=${EPSG(9210)}` }), 400, 'DOTHI_USAGE');
});

test('a single item in a requested CRS, and the CRSs a collection does not offer are coded 400s', async () => {
  const list = await page(`${LAYERS[1]}?crs=${EPSG(5899)}`, EPSG(5899));
  const res = await app.inject({ url: `${LAYERS[1]}/3?crs=${EPSG(5899)}` });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-crs'], `<${EPSG(5899)}>`);
  const f = res.json<{ id: number; geometry: Geometry; links: Array<{ rel: string; href: string }> }>();
  assert.deepEqual(f.geometry, list.features[2]?.geometry);
  assert.equal(f.links[0]?.href, `${ORIGIN}${LAYERS[1]}/3?crs=${EPSG(5899)}&version=1`);
  // Safe CURIEs name the same CRS; the header always gives the URI.
  await page(`${LAYERS[1]}?crs=${encodeURIComponent('[EPSG:5899]')}`, EPSG(5899));

  for (const [param, value] of [['crs', EPSG(32633)], ['crs', 'EPSG:9210'], ['crs', EPSG(99999)], ['bbox-crs', EPSG(32633)], ['crs', 'http://www.opengis.net/def/crs/OGC/1.3/CRS83']] as const) {
    for (const url of [`${LAYERS[1]}?${param}=${encodeURIComponent(value)}`, ...(param === 'crs' ? [`${LAYERS[1]}/3?crs=${encodeURIComponent(value)}`] : [])]) {
      const e = assertError(await app.inject({ url }), 400, 'DOTHI_OGC_CRS_UNSUPPORTED');
      assert.deepEqual([e.details.parameter, e.details.crs, e.details.collection], [param, value, 'bus-stops']);
    }
  }
});

test('the offered CRSs follow the data: VN-2000 for Vietnam, the local UTM zone elsewhere, Mercator where it is defined', () => {
  const uris = (b: [number, number, number, number] | null): string[] => offeredCrs(b).map((c) => c.uri);
  assert.deepEqual(uris([-15.52, 28.05, -15.38, 28.18]), [CRS84, EPSG(4326), EPSG(3857), EPSG(32628)]);
  assert.deepEqual(uris([10, -79, 20, -75]), [CRS84, EPSG(4326), EPSG(3857), EPSG(32732), EPSG(32733), EPSG(32734)]);
  assert.deepEqual(uris([10, -88, 20, -75]), [CRS84, EPSG(4326)]);
  assert.deepEqual(uris([120, -40, 170, -10]), [CRS84, EPSG(4326), EPSG(3857)]);
  const vn = uris([108.1, 16.0, 108.3, 16.1]);
  assert.equal(vn.length, 3 + 1 + 18 + 4);
  assert.deepEqual(uris(null), vn);
});
