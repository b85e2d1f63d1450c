// OGC API – Features items against a real embedded store seeded from OSM fixtures: response shape,
// paging through next links (every feature exactly once), bbox (with 6 numbers, across the
// antimeridian, in EPSG:4326 axis order), property filters, datetime, single items, version pinning.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Feature, Geometry } from '@dothi/engine';
import { buildApp } from '../../src/http/app.ts';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { assertError, FIXED_NOW, fixedClock } from '../http/helpers.ts';
import { HCMC_IMPORTED_AT, ODBL, readFixture, seedLayerVersion } from '../http/seed.ts';
import { seedOgc } from './seed.ts';

interface Link { href: string; rel: string; type: string }
interface OgcFeature { type: 'Feature'; id: number; geometry: Geometry; properties: Record<string, unknown>; links?: Link[] }
interface Page { type: string; timeStamp: string; numberMatched: number; numberReturned: number; links: Link[]; features: OgcFeature[] }

const ORIGIN = 'http://localhost:80';
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const buildings = readFixture('hcmc-buildings.geojson').features;
const stops = readFixture('hcmc-bus_stops.geojson').features;
const B = '/ogc/collections/hcmc__buildings/items';
const S = '/ogc/hcmc/collections/bus-stops/items';

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

/** A link's path and query, after checking it is absolute on this server. */
function local(href: string): string {
  assert.ok(href.startsWith(`${ORIGIN}/ogc/`), href);
  return href.slice(ORIGIN.length);
}

async function page(url: string): Promise<Page> {
  const res = await app.inject({ url });
  assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
  assert.equal(res.headers['content-type'], 'application/geo+json; charset=utf-8');
  assert.equal(res.headers['content-crs'], `<${CRS84}>`);
  const p = res.json<Page>();
  assert.deepEqual(Object.keys(p), ['type', 'timeStamp', 'numberMatched', 'numberReturned', 'links', 'features']);
  assert.equal(p.numberReturned, p.features.length);
  return p;
}

const link = (p: Page, rel: string): string | undefined => p.links.find((l) => l.rel === rel)?.href;

async function walk(url: string): Promise<{ pages: Page[]; ids: number[] }> {
  const pages: Page[] = [];
  for (let next: string | undefined = url; next; next = link(pages[pages.length - 1] as Page, 'next')) {
    const p = await page(pages.length ? local(next) : next);
    if (pages[0]) assert.equal(p.numberMatched, pages[0].numberMatched);
    pages.push(p);
  }
  return { pages, ids: pages.flatMap((p) => p.features.map((f) => f.id)) };
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
const coords = (g: Geometry | null): number[][] => {
  const out: number[][] = [];
  const walkG = (x: unknown): void => {
    if (Array.isArray(x) && typeof x[0] === 'number') out.push(x as number[]);
    else if (Array.isArray(x)) x.forEach(walkG);
  };
  walkG(g && 'coordinates' in g ? g.coordinates : []);
  return out;
};

test('items: GeoJSON, 10 a page by default, fid ids, the source id and the stored geometry', async () => {
  const p = await page(B);
  assert.deepEqual([p.type, p.timeStamp, p.numberMatched, p.numberReturned], ['FeatureCollection', FIXED_NOW.toISOString(), 156, 10]);
  assert.deepEqual(p.features.map((f) => f.id), range(10));
  p.features.forEach((f, i) => {
    const src = buildings[i] as Feature;
    assert.deepEqual(Object.keys(f), ['type', 'id', 'geometry', 'properties']);
    assert.equal(f.properties['dothi:source_id'], src.id);
    assert.equal(f.properties.building, src.properties?.building);
    assert.equal(f.geometry.type, src.geometry?.type);
    const [got, want] = [coords(f.geometry), coords(src.geometry)];
    assert.equal(got.length, want.length);
    got.forEach((c, k) => assert.ok(Math.abs((c[0] as number) - (want[k]?.[0] as number)) < 1e-9 && Math.abs((c[1] as number) - (want[k]?.[1] as number)) < 1e-9));
  });
  assert.equal(link(p, 'self'), `${ORIGIN}${B}?limit=10&offset=0&version=1`);
  assert.equal(link(p, 'next'), `${ORIGIN}${B}?limit=10&offset=10&version=1`);
  assert.equal(link(p, 'collection'), `${ORIGIN}/ogc/collections/hcmc__buildings`);
  assert.equal(link(p, 'prev'), undefined);
});

test('following next links yields every feature exactly once, in fid order; prev links go back', async () => {
  const { pages, ids } = await walk(`${B}?limit=7`);
  assert.deepEqual(ids, range(156));
  assert.equal(pages.length, Math.ceil(156 / 7));
  assert.equal(link(pages[pages.length - 1] as Page, 'next'), undefined);
  assert.equal(link(pages[1] as Page, 'prev'), `${ORIGIN}${B}?limit=7&offset=0&version=1`);
  const last = pages[pages.length - 1] as Page;
  assert.equal(last.numberReturned, 156 % 7);
  const back = await page(local(link(last, 'prev') as string));
  assert.deepEqual(back.features.map((f) => f.id), range(7).map((i) => 147 + i));
  // The workspace API pages the same layer the same way.
  assert.deepEqual((await walk('/ogc/hcmc/collections/buildings/items?limit=40')).ids, range(156));
});

test('limit: larger than 10000 is served as 10000, below 1 or not a number is a 400', async () => {
  const p = await page(`${B}?limit=50000`);
  assert.equal(p.numberReturned, 156);
  assert.equal(link(p, 'self'), `${ORIGIN}${B}?limit=10000&offset=0&version=1`);
  for (const bad of ['limit=0', 'limit=abc', 'limit=2.5', 'offset=-1']) assertError(await app.inject({ url: `${B}?${bad}` }), 400, 'DOTHI_USAGE');
});

const lonLat = (f: Feature): [number, number] => (f.geometry as unknown as { coordinates: [number, number] }).coordinates;

test('bbox selects the features whose geometry meets it; 6 numbers, EPSG:4326 order and antimeridian boxes too', async () => {
  const box = [106.6905, 10.7835, 106.6925, 10.7870] as const;
  const inside = (f: Feature): boolean => {
    const [x, y] = lonLat(f);
    return x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3];
  };
  const want = stops.map((f, i) => (inside(f) ? i + 1 : 0)).filter((i) => i > 0);
  assert.ok(want.length >= 3 && want.length < stops.length, `${want.length} stops in the box`);
  const p = await page(`${S}?bbox=${box.join(',')}&limit=100`);
  assert.deepEqual(p.features.map((f) => f.id), want);
  assert.equal(p.numberMatched, want.length);
  const six = await page(`${S}?bbox=${box[0]},${box[1]},-5,${box[2]},${box[3]},50&limit=100`);
  assert.deepEqual(six.features.map((f) => f.id), want);
  const latLon = await page(`${S}?bbox=${box[1]},${box[0]},${box[3]},${box[2]}&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326&limit=100`);
  assert.deepEqual(latLon.features.map((f) => f.id), want);
  // West > east crosses the antimeridian: from 106.6905°E eastwards round to 179°W.
  const east = stops.map((f, i) => (lonLat(f)[0] >= box[0] ? i + 1 : 0)).filter((i) => i > 0);
  const wrap = await page(`${S}?bbox=${box[0]},10,-179,11&limit=100`);
  assert.deepEqual(wrap.features.map((f) => f.id), east);

  // Polygons: every building lying wholly inside the box is selected, and none whose extent misses it.
  const bb = [106.6900, 10.7840, 106.6920, 10.7860] as const;
  const { ids } = await walk(`${B}?bbox=${bb.join(',')}&limit=25`);
  buildings.forEach((f, i) => {
    const c = coords(f.geometry);
    const within = c.every(([x, y]) => (x as number) >= bb[0] && (x as number) <= bb[2] && (y as number) >= bb[1] && (y as number) <= bb[3]);
    const misses = c.every(([x]) => (x as number) < bb[0]) || c.every(([x]) => (x as number) > bb[2]) ||
      c.every(([, y]) => (y as number) < bb[1]) || c.every(([, y]) => (y as number) > bb[3]);
    if (within) assert.ok(ids.includes(i + 1), `building ${i + 1} lies inside`);
    if (misses) assert.ok(!ids.includes(i + 1), `building ${i + 1} lies outside`);
  });
  assert.ok(ids.length > 10 && ids.length < 156, `${ids.length} buildings`);

  for (const bad of ['1,2,3', '106,11,107,10', 'a,b,c,d', '106,10,200,11']) assertError(await app.inject({ url: `${S}?bbox=${bad}` }), 400, 'DOTHI_USAGE');
  assertError(await app.inject({ url: `${S}?bbox=${box.join(',')}&bbox-crs=EPSG:4326` }), 400, 'DOTHI_OGC_CRS_UNSUPPORTED');
});

test('property filters: any queryable, Vietnamese values, several at once, kept by next links; unknown names are a 400', async () => {
  const roofs = buildings.map((f, i) => (f.properties?.building === 'roof' ? i + 1 : 0)).filter((i) => i > 0);
  assert.ok(roofs.length > 10);
  const { pages, ids } = await walk(`${B}?building=roof&limit=4`);
  assert.deepEqual(ids, roofs);
  assert.equal(pages[0]?.numberMatched, roofs.length);
  assert.equal(link(pages[0] as Page, 'next'), `${ORIGIN}${B}?building=roof&limit=4&offset=4&version=1`);

  const street = 'Nam Kỳ Khởi Nghĩa';
  const onStreet = buildings.map((f, i) => (f.properties?.['addr:street'] === street ? i + 1 : 0)).filter((i) => i > 0);
  const q = `${encodeURIComponent('addr:street')}=${encodeURIComponent(street)}`;
  const p = await page(`${B}?${q}&building=hospital`);
  assert.deepEqual(p.features.map((f) => f.properties.name), ['Phòng Khám Quốc Tế Raffles']);
  assert.deepEqual((await page(`${B}?${q}`)).features.map((f) => f.id), onStreet);
  assert.ok(link(p, 'self')?.includes(`addr:street=${encodeURIComponent(street)}&building=hospital`), link(p, 'self'));

  const name = stops[0]?.properties?.name as string;
  const named = stops.map((f, i) => (f.properties?.name === name ? i + 1 : 0)).filter((i) => i > 0);
  assert.ok(named.length > 1 && named.length < stops.length);
  assert.deepEqual((await page(`${S}?name=${encodeURIComponent(name)}`)).features.map((f) => f.id), named);
  // The seed keeps OSM's shelter=yes/no where mapped and sets a boolean false elsewhere: both compare as text.
  assert.equal((await page(`${S}?shelter=yes`)).numberMatched, stops.filter((f) => f.properties?.shelter === 'yes').length);
  const unmapped = stops.filter((f) => f.properties?.shelter === undefined).length;
  assert.ok(unmapped > 0);
  assert.equal((await page(`${S}?shelter=false`)).numberMatched, unmapped);
  // A kind attribute no feature carries is queryable, and matches nothing.
  assert.equal((await page(`${B}?owner_name=x`)).numberMatched, 0);
  // The same value twice is one filter; two values for one property are an error.
  assert.deepEqual((await page(`${B}?building=roof&building=roof&limit=200`)).features.map((f) => f.id), roofs);
  assertError(await app.inject({ url: `${B}?building=roof&building=yes` }), 400, 'DOTHI_USAGE');
  const e = assertError(await app.inject({ url: `${B}?buildng=roof` }), 400, 'DOTHI_OGC_PROPERTY_UNKNOWN');
  assert.deepEqual([e.details.parameter, e.details.collection, e.details.queryables], ['buildng', 'hcmc__buildings', `${ORIGIN}/ogc/collections/hcmc__buildings/queryables`]);
  assertError(await app.inject({ url: `${B}?sortby=name` }), 400, 'DOTHI_OGC_PROPERTY_UNKNOWN');
});

test('datetime is checked and, the layers having no temporal geometry, matches every feature; links keep it', async () => {
  for (const dt of ['2026-01-01T00:00:00Z', '2025-07-01T00:00:00Z/..', '../2026-03-01T09:15:00+07:00', '2020-01-01/2026-01-01']) {
    const p = await page(`${S}?datetime=${encodeURIComponent(dt)}&limit=5`);
    assert.equal(p.numberMatched, stops.length);
    assert.ok(link(p, 'next')?.includes(`datetime=${dt.replace('+', '%2B')}&`), link(p, 'next'));
  }
  for (const bad of ['yesterday', '2026-13-01', '2026-01-01T25:00:00Z', '2026-01-01T00:00:00', '../..', '/']) assertError(await app.inject({ url: `${S}?datetime=${encodeURIComponent(bad)}` }), 400, 'DOTHI_USAGE');
});

test('a single item by fid, with links and Content-Crs; other ids are coded 404s', async () => {
  for (const url of [`${B}/5`, '/ogc/hcmc/collections/buildings/items/5']) {
    const res = await app.inject({ url });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/geo+json; charset=utf-8');
    assert.equal(res.headers['content-crs'], `<${CRS84}>`);
    const f = res.json<OgcFeature>();
    assert.deepEqual([f.type, f.id, f.properties['dothi:source_id']], ['Feature', 5, buildings[4]?.id]);
    assert.deepEqual(f.links?.map((l) => [l.rel, l.href]), [['self', `${ORIGIN}${url}?version=1`], ['collection', `${ORIGIN}${url.replace('/items/5', '')}`]]);
    assert.deepEqual(coords(f.geometry), coords(buildings[4]?.geometry ?? null));
  }
  for (const id of ['0', '157', 'abc', '-1', '1.0', '99999999999']) {
    const e = assertError(await app.inject({ url: `${B}/${id}` }), 404, 'DOTHI_OGC_FEATURE_NOT_FOUND');
    assert.equal(e.details.feature, id);
  }
  assertError(await app.inject({ url: `${B}/5?bbox=1,2,3,4` }), 400, 'DOTHI_OGC_PARAMETER_UNKNOWN');
});

test('links pin the version: a client paging while a new version is imported keeps reading the old one', async () => {
  const first = await page('/ogc/hcmc/collections/roads/items?limit=10');
  const total = first.numberMatched;
  const roads = readFixture('hcmc-roads.geojson');
  await seedLayerVersion(store.db, {
    workspace: 'hcmc', layer: 'roads', kind: 'roads', title: 'Roads (OSM), trimmed', sourceFile: 'hcmc-roads.geojson',
    sourceText: roads.text, licence: ODBL, importedAt: HCMC_IMPORTED_AT, features: roads.features.slice(0, 5),
  });
  const { ids } = await walk(local(link(first, 'next') as string));
  assert.deepEqual([...first.features.map((f) => f.id), ...ids], range(total));
  const now = await page('/ogc/hcmc/collections/roads/items');
  assert.equal(now.numberMatched, 5);
  assert.match(link(now, 'self') ?? '', /version=2$/);
  assert.equal((await page('/ogc/hcmc/collections/roads/items?version=1')).numberMatched, total);
});
