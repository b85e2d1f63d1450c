// The map page end to end: the built web app served by buildApp from a store holding the real HCMC
// demo (imported through the OSM importer), its layers drawn from the vector tiles, driven in
// Debian's Chromium. What is checked is what a person sees: pixels of the layers' colours on the
// map, gone when a layer is switched off, the inspector with the feature's full record, Vietnamese
// labels, and a view that survives a reload through the URL hash.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { blendOverBackground, fillOpacity, hexToRgb, kindColour } from '../../../web/src/map/colours.ts';
import { artifact, countPixels, hashFields, idleCount, LAPTOP, openPage, settled, startWebServer, waitIdle } from './web-helpers.ts';
import type { WebServer } from './web-helpers.ts';

let server: WebServer;

before(async () => {
  server = await startWebServer();
});

after(async () => {
  await server?.close();
});

/** By layer id, the order the API lists them in (and the hash keeps). */
const DEMO_LAYERS = ['osm-amenities', 'osm-buildings', 'osm-green_spaces', 'osm-land_use', 'osm-roads', 'osm-transit_stops', 'osm-water_bodies'];

function targetsOf(kind: string): Array<[number, number, number]> {
  const colour = kindColour(kind);
  return [hexToRgb(colour), blendOverBackground(colour, fillOpacity(kind))];
}

test('the map draws the demo from vector tiles, toggles layers, inspects a feature and speaks Vietnamese', { timeout: 120_000 }, async () => {
  const { context, page, problems } = await openPage(server, LAPTOP);
  const tiles: string[] = [];
  const geojsonReads: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/tiles/')) tiles.push(r.url());
    if (/\/features\?/.test(r.url())) geojsonReads.push(r.url());
  });

  await page.goto(`${server.base}/`);
  await waitIdle(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.deepEqual((await page.locator('.layer').evaluateAll((els) => els.map((e) => e.getAttribute('data-layer')))).sort(), DEMO_LAYERS);
  assert.equal(await page.locator('.layer input:checked').count(), DEMO_LAYERS.length);
  await page.getByText('Built environment', { exact: true }).waitFor();
  const buildingsRow = page.locator('.layer[data-layer="osm-buildings"]');
  const rowText = await buildingsRow.innerText();
  assert.match(rowText, /hcmc-d1-d3\.osm\.pbf/);
  assert.match(rowText, /ODbL 1\.0, © OpenStreetMap contributors/);
  assert.match(rowText, /695 features/);
  assert.match(rowText, /1 Mar 2026/);
  assert.match(page.url(), /#ws=hcmc&map=/);
  // Drawn from the tiles of each layer's current version; no layer was downloaded as GeoJSON.
  assert.ok(tiles.some((u) => /\/tiles\/hcmc\/osm-buildings\/\d+\/\d+\/\d+\.pbf\?v=1$/.test(u)), 'building tiles requested');
  assert.deepEqual(geojsonReads, []);

  const buildings = await countPixels(page, targetsOf('buildings'));
  const roads = await countPixels(page, targetsOf('roads'));
  assert.ok(buildings.count > 2000, `buildings drawn in their colour: ${buildings.count} pixels`);
  assert.ok(roads.count > 2000, `roads drawn in their colour: ${roads.count} pixels`);

  // Click a building: the inspector shows that feature's full record, read through the API.
  assert.ok(buildings.at);
  await settled(page, () => page.mouse.click(buildings.at!.x, buildings.at!.y));
  const inspector = page.locator('.inspector');
  await page.waitForFunction(() => document.querySelector('.inspector')?.getAttribute('data-status') === 'ready');
  const idText = await inspector.locator('.inspector-id').innerText();
  assert.match(idText, /^osm — Buildings · ID way\/\d+$/);
  const key = /ID (\S+)/.exec(idText)?.[1] ?? '';
  // osm_id and the nested OSM tags are only in the full record, not in the tiles.
  assert.match(await inspector.innerText(), new RegExp(`osm_id\\s+${key.replace('/', '\\/')}\\b`));
  assert.ok(await inspector.locator('.attrs-group').count() > 0, 'the OSM tags are shown');
  assert.equal(decodeURIComponent(hashFields(page.url()).get('sel') ?? ''), `osm-buildings:${key}`);
  await inspector.getByRole('button', { name: 'Close' }).click();
  await page.waitForFunction(() => !window.location.hash.includes('sel='));

  // Off: the colour leaves the map; the hash lists the layers still shown.
  await settled(page, () => page.locator('#layer-osm-buildings').uncheck());
  const off = await countPixels(page, targetsOf('buildings'));
  assert.ok(off.count < buildings.count / 100, `buildings hidden: ${off.count} pixels left of ${buildings.count}`);
  assert.equal(hashFields(page.url()).get('layers'), DEMO_LAYERS.filter((l) => l !== 'osm-buildings').join(','));

  // On again, in Vietnamese.
  await settled(page, () => page.locator('#layer-osm-buildings').check());
  assert.ok((await countPixels(page, targetsOf('buildings'))).count > 2000);
  await page.getByRole('button', { name: 'VI', exact: true }).click();
  await page.getByText('Môi trường xây dựng', { exact: true }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  assert.match(await buildingsRow.innerText(), /Công trình/);
  assert.match(await buildingsRow.innerText(), /695 đối tượng/);
  assert.match(await buildingsRow.innerText(), /01\/03\/2026/);
  assert.equal(await page.getByRole('button', { name: 'Nhập dữ liệu' }).count(), 1);

  // The view in the hash survives a reload in a new page: roads off, the same place.
  await page.locator('#layer-osm-roads').uncheck();
  await page.waitForFunction(() => !window.location.hash.includes('osm-roads'));
  const url = page.url();
  const again = await context.newPage();
  await again.goto(url);
  await waitIdle(again);
  assert.equal(await again.locator('#layer-osm-roads').isChecked(), false);
  assert.equal(await again.locator('#layer-osm-buildings').isChecked(), true);
  assert.equal(hashFields(again.url()).get('map'), hashFields(url).get('map'));
  assert.equal((await countPixels(again, targetsOf('roads'))).count < roads.count / 100, true, 'roads stay hidden after the reload');
  // Editing the hash of the open page moves it to that view, and the page keeps it.
  const seen = await idleCount(again);
  await again.evaluate(() => {
    window.location.hash = '#ws=hcmc&layers=osm-roads&map=16.00/10.7850000/106.6910000';
  });
  await again.waitForFunction(() => (document.querySelector('#layer-osm-buildings') as unknown as { checked: boolean }).checked === false);
  await waitIdle(again, seen);
  assert.equal(await again.locator('#layer-osm-roads').isChecked(), true);
  assert.equal(hashFields(again.url()).get('map'), '16.00/10.7850000/106.6910000');
  await again.close();

  await page.screenshot({ path: artifact('web-map.png') });
  await context.close();
  assert.deepEqual(problems, [], 'no errors in the page');
});

declare const window: { location: { hash: string } };
declare const document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null };
