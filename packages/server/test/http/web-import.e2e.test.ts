// Imports, exports and settings from the map page, end to end: a small GeoJSON through the import
// dialog (upload, progress by Server-Sent Events, the validation report, the new layer on the map),
// bad files failing with their coded errors in Vietnamese, the whole dialog by keyboard alone,
// exports downloaded in the format and CRS chosen, and the online basemap that stays off until asked.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Page } from 'playwright-core';
import { ERRORS } from '@dothi/engine';
import { blendOverBackground, fillOpacity, hexToRgb, kindColour } from '../../../web/src/map/colours.ts';
import { artifact, countPixels, LAPTOP, openPage, settled, startWebServer, waitIdle } from './web-helpers.ts';
import type { WebServer } from './web-helpers.ts';

let server: WebServer;
let dir: string;

/** Two parks in District 1 and a bow-tie polygon that no GEOS check lets through. */
const PARKS = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', id: 'tao-dan', properties: { name: 'Công viên Tao Đàn', type: 'park' }, geometry: { type: 'Polygon', coordinates: [[[106.6920, 10.7745], [106.6955, 10.7745], [106.6955, 10.7775], [106.6920, 10.7775], [106.6920, 10.7745]]] } },
    { type: 'Feature', id: '30-4', properties: { name: 'Công viên 30/4', type: 'park' }, geometry: { type: 'Polygon', coordinates: [[[106.6975, 10.7790], [106.6995, 10.7790], [106.6995, 10.7805], [106.6975, 10.7805], [106.6975, 10.7790]]] } },
    { type: 'Feature', id: 'bad-bowtie', properties: { name: 'Bow tie', type: 'garden' }, geometry: { type: 'Polygon', coordinates: [[[106.70, 10.78], [106.701, 10.781], [106.701, 10.78], [106.70, 10.781], [106.70, 10.78]]] } },
  ],
};

before(async () => {
  server = await startWebServer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dothi-web-import-'));
  fs.writeFileSync(path.join(dir, 'parks-d1.geojson'), JSON.stringify(PARKS));
  fs.writeFileSync(path.join(dir, 'broken.geojson'), '{"type":"FeatureCollection","features":[ {"type":"Feature"');
});

after(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const file = (name: string): string => path.join(dir, name);

const BASEMAP_BLUE = '#78aae6';

/** A square PNG of one colour (8-bit RGB, no filter), for a stand-in map tile. */
function solidPng(size: number, colour: string): Buffer {
  const [r, g, b] = hexToRgb(colour);
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => [r, g, b]).flat())]);
  const pixels = zlib.deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}


/** Fills `{name}` placeholders of a catalog message, as the server does. */
function fill(template: string, details: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(details[k] ?? `{${k}}`));
}

/** Notes whether a <progress> was ever on the page: a small import may show it only for a moment. */
async function watchForProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { sawProgress: boolean };
    w.sawProgress = false;
    new MutationObserver(() => {
      if (document.querySelector('.dialog progress')) w.sawProgress = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
}

test('a GeoJSON imported through the dialog shows its progress and report, and the new layer is drawn', { timeout: 90_000 }, async () => {
  const { context, page, problems } = await openPage(server, LAPTOP);
  const streams: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/events')) streams.push(r.url());
  });
  await page.goto(`${server.base}/`);
  await waitIdle(page);
  await page.getByRole('button', { name: 'Import data' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import data' });
  await dialog.waitFor();
  assert.equal(await page.evaluate(() => document.querySelector('[role=dialog]')?.contains(document.activeElement)), true, 'focus moved into the dialog');
  await dialog.locator('input[type=file]').setInputFiles(file('parks-d1.geojson'));
  await dialog.getByLabel('Layer kind').selectOption('green_spaces');
  await dialog.getByLabel('Layer name').fill('Parks D1');
  await dialog.getByLabel('Licence').fill('CC BY 4.0');
  await dialog.getByLabel('Leave out invalid features and import the rest').check();
  await watchForProgress(page);
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();

  const report = dialog.locator('[data-testid="import-report"]');
  await report.waitFor();
  assert.equal(await page.evaluate(() => (window as unknown as { sawProgress: boolean }).sawProgress), true, 'a progress bar was shown');
  assert.ok(streams.some((u) => /\/api\/jobs\/hcmc\/[^/]+\/events$/.test(u)), 'progress came from the job\'s event stream');
  const text = await report.innerText();
  assert.match(text, /Import finished: 2 features imported, 1 rejected/);
  assert.match(text, /parks-d1 · Green spaces · version 1/);
  assert.match(text, /2 of 3 imported · 1 rejected · 0 repaired/);
  assert.match(text, /Read as EPSG:4326/);
  const rejected = report.locator('.problems tbody tr');
  assert.equal(await rejected.count(), 1);
  assert.match(await rejected.innerText(), /bad-bowtie\s+invalid geometry: Self-intersection/);
  await page.screenshot({ path: artifact('web-import-report.png') });

  // Shown on the map: the new layer in the list with its provenance, and its colour where it is.
  await settled(page, () => dialog.getByRole('button', { name: 'Show on the map' }).click());
  await dialog.waitFor({ state: 'detached' });
  const row = page.locator('.layer[data-layer="parks-d1"]');
  assert.match(await row.innerText(), /Parks D1[\s\S]*2 features[\s\S]*parks-d1\.geojson[\s\S]*CC BY 4\.0/);
  const green = [hexToRgb(kindColour('green_spaces')), blendOverBackground(kindColour('green_spaces'), fillOpacity('green_spaces'))];
  const on = await countPixels(page, green);
  await settled(page, () => page.locator('#layer-parks-d1').uncheck());
  const off = await countPixels(page, green);
  assert.ok(on.count - off.count > 5000, `the new parks are drawn: ${on.count} green pixels with them, ${off.count} without`);
  await context.close();
  assert.deepEqual(problems, []);
});

test('bad files fail with their coded errors, in Vietnamese, listing the rejected features', { timeout: 60_000 }, async () => {
  const { context, page, problems } = await openPage(server, LAPTOP, 'vi-VN');
  await page.goto(`${server.base}/`);
  await waitIdle(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  await page.getByRole('button', { name: 'Nhập dữ liệu' }).click();
  const dialog = page.getByRole('dialog', { name: 'Nhập dữ liệu' });

  // Checked before sending: no file, then a file that needs a kind.
  await dialog.getByRole('button', { name: 'Nhập', exact: true }).click();
  await dialog.getByText('Hãy chọn ít nhất một tệp.').waitFor();
  await dialog.locator('input[type=file]').setInputFiles(file('broken.geojson'));
  await dialog.getByRole('button', { name: 'Nhập', exact: true }).click();
  await dialog.getByText('Hãy chọn loại lớp: chỉ tệp OpenStreetMap tự ghi loại của nó.').waitFor();
  assert.equal(await dialog.getByLabel('Loại lớp').evaluate((el) => el === document.activeElement), true, 'focus is on the field to fix');

  // Unreadable: the whole file fails with the catalog's Vietnamese message and its code.
  await dialog.getByLabel('Loại lớp').selectOption('green_spaces');
  await dialog.getByRole('button', { name: 'Nhập', exact: true }).click();
  const alert = dialog.getByRole('alert');
  await alert.waitFor();
  const unreadable = await alert.innerText();
  assert.match(unreadable, /^Nhập dữ liệu thất bại:/);
  assert.ok(unreadable.includes(fill(ERRORS.DOTHI_IMPORT_UNREADABLE.vi, { file: 'broken.geojson', format: 'GeoJSON', detail: '' }).replace(/: $/, '')), unreadable);
  assert.match(unreadable, /DOTHI_IMPORT_UNREADABLE/);
  await page.screenshot({ path: artifact('web-import-error-vi.png') });

  // An invalid feature under "reject": nothing imported, and the feature named with its reason.
  await dialog.getByRole('button', { name: 'Đổi tùy chọn và thử lại' }).click();
  await dialog.locator('input[type=file]').setInputFiles(file('parks-d1.geojson'));
  await dialog.getByLabel('Từ chối tệp: không nhập gì nếu có đối tượng không hợp lệ').check();
  await dialog.getByRole('button', { name: 'Nhập', exact: true }).click();
  await alert.waitFor();
  const invalid = await alert.innerText();
  assert.match(invalid, /1 trên 3 đối tượng trong parks-d1\.geojson không hợp lệ; không có gì được nhập/);
  assert.match(invalid, /DOTHI_IMPORT_INVALID_FEATURES/);
  assert.match(await dialog.locator('.problems').innerText(), /Đối tượng bị loại \(1\)[\s\S]*bad-bowtie\s+invalid geometry: Self-intersection/);
  await dialog.getByRole('button', { name: 'Đóng' }).first().click();
  const versions = await server.store.db.query<{ n: number }>("select count(*)::int n from layer_version where workspace_id = 'hcmc' and layer_id = 'parks-d1'");
  assert.equal(versions.rows[0]?.n, 1, 'the failed imports wrote nothing (version 1 is the first test\'s)');
  await context.close();
  assert.deepEqual(problems, []);
});

/** Presses Tab until the focused element's accessible text matches, checking focus never leaves `within`. */
async function tabTo(page: Page, name: RegExp, within: string | null, max = 40, key = 'Tab'): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const at = await page.evaluate((sel) => {
      const el = document.activeElement as unknown as {
        getAttribute(n: string): string | null; textContent: string | null; id: string; closest(s: string): { textContent: string | null } | null;
      } | null;
      const label = el?.getAttribute('aria-label') ?? (el?.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null)
        ?? el?.closest('label')?.textContent ?? el?.textContent ?? '';
      return { label: label.trim(), inside: sel === null || document.querySelector(sel)?.contains(document.activeElement) === true };
    }, within);
    assert.ok(at.inside, `focus stayed in ${within} (at "${at.label}")`);
    if (name.test(at.label)) return;
  }
  assert.fail(`no ${name} within ${max} presses of ${key}`);
}

test('the import dialog works by keyboard alone and keeps the focus inside', { timeout: 60_000 }, async () => {
  const { context, page, problems } = await openPage(server, LAPTOP);
  await page.goto(`${server.base}/`);
  await waitIdle(page);
  await tabTo(page, /^Import data$/, null);
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').waitFor();
  // The file field comes first; Space opens the chooser, as on any file input.
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Space');
  await (await chooser).setFiles(file('parks-d1.geojson'));
  await tabTo(page, /^Layer kind$/, '[role=dialog]');
  await page.keyboard.type('Green spaces');
  await tabTo(page, /^Layer name$/, '[role=dialog]');
  await page.keyboard.type('Parks by keyboard');
  // A radio group is one tab stop; the arrows move the choice within it.
  await tabTo(page, /^Reject the file/, '[role=dialog]');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.getByLabel('Leave out invalid features and import the rest').isChecked(), true);
  await tabTo(page, /^Import$/, '[role=dialog]');
  // Tab from the last control wraps to the first, Shift+Tab from the first back to the last.
  await page.keyboard.press('Tab');
  await tabTo(page, /^Import$/, '[role=dialog]', 40, 'Shift+Tab');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="import-report"]').waitFor();
  assert.match(await page.locator('[data-testid="import-report"]').innerText(), /parks-by-keyboard · Green spaces · version 1/);
  await tabTo(page, /^Show on the map$/, '[role=dialog]');
  await tabTo(page, /^Show on the map$/, '[role=dialog]');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => (document.activeElement?.textContent ?? '').trim()), 'Import data', 'focus went back to the button that opened it');
  await page.locator('.layer[data-layer="parks-by-keyboard"]').waitFor();
  await context.close();
  assert.deepEqual(problems, []);
});

test('an export downloads the layer in the format and coordinate system chosen', { timeout: 60_000 }, async () => {
  const { context, page, problems } = await openPage(server, LAPTOP);
  await page.goto(`${server.base}/`);
  await waitIdle(page);
  await page.locator('.layer[data-layer="osm-buildings"] .expander').click();
  await page.locator('.layer[data-layer="osm-buildings"]').getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export osm — Buildings' });
  await dialog.getByLabel('GeoJSON').check();
  await dialog.getByLabel('Coordinate system').selectOption('EPSG:9210');
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download' }).click()]);
  const saved = path.join(dir, download.suggestedFilename());
  await download.saveAs(saved);
  assert.match(download.suggestedFilename(), /\.geojson$/);
  const doc = JSON.parse(fs.readFileSync(saved, 'utf8')) as { features: Array<{ geometry: { coordinates: number[][][] } }> };
  assert.equal(doc.features.length, 695);
  // VN-2000 / TM-3 105°45′: metres around the 500 km false easting, not degrees.
  const [x, y] = doc.features[0]?.geometry.coordinates[0]?.[0] ?? [];
  assert.ok(x !== undefined && x > 600_000 && x < 700_000 && y !== undefined && y > 1_150_000 && y < 1_250_000, `projected: ${x}, ${y}`);
  await dialog.getByRole('status').getByText(download.suggestedFilename(), { exact: false }).waitFor();

  // A zipped Shapefile, and a CRS name the registry does not know stopped before anything is asked.
  await dialog.getByLabel('Shapefile (zipped)').check();
  await dialog.getByLabel('Coordinate system').selectOption('');
  const [zip] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download' }).click()]);
  const zipPath = path.join(dir, zip.suggestedFilename());
  await zip.saveAs(zipPath);
  assert.equal(fs.readFileSync(zipPath).subarray(0, 2).toString('latin1'), 'PK');
  await dialog.getByLabel('Coordinate system').selectOption('__other__');
  await dialog.getByLabel('EPSG code or name').fill('vn2000:atlantis');
  await dialog.getByRole('button', { name: 'Download' }).click();
  await dialog.getByText('This coordinate system is not known').waitFor();
  await dialog.getByLabel('EPSG code or name').fill('vn2000:danang');
  await dialog.locator('.field-hint', { hasText: 'VN-2000 / TM-3 107°45′' }).waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await context.close();
  assert.deepEqual(problems, []);
});

test('the online basemap is never loaded unless turned on in the settings', { timeout: 60_000 }, async () => {
  const { context, page, problems } = await openPage(server, LAPTOP);
  const osm: string[] = [];
  // A plain blue tile stands in for OpenStreetMap's: the test must not depend on the internet.
  const tile = solidPng(256, BASEMAP_BLUE);
  await page.route('https://tile.openstreetmap.org/**', (route) => {
    osm.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'image/png', body: tile });
  });
  await page.goto(`${server.base}/`);
  await waitIdle(page);
  assert.deepEqual(osm, [], 'no basemap request by default');
  assert.equal(await page.locator('.basemap-credit').count(), 0);

  await page.getByRole('button', { name: 'Settings' }).click();
  await settled(page, () => page.getByLabel('OpenStreetMap (online)').check());
  assert.ok(osm.length > 0 && osm.every((u) => /^https:\/\/tile\.openstreetmap\.org\/\d+\/\d+\/\d+\.png$/.test(u)), `tiles asked: ${osm.length}`);
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  // Drawn under the data, at the basemap's opacity over the background.
  const shown = blendOverBackground(BASEMAP_BLUE, 0.85);
  assert.ok((await countPixels(page, [shown], 4)).count > 20_000, 'the basemap is drawn');
  assert.match(await page.locator('.basemap-credit').innerText(), /© OpenStreetMap contributors/);

  // Kept in this browser: a reload draws it again; turned off, it goes with its credit.
  const before = osm.length;
  await page.reload();
  await waitIdle(page);
  assert.ok(osm.length > before, 'still on after a reload');
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('None: only the data (works offline)').check();
  await page.keyboard.press('Escape');
  await page.locator('.basemap-credit').waitFor({ state: 'detached' });
  await context.close();
  assert.deepEqual(problems, []);
});

declare const window: unknown;
declare class MutationObserver {
  constructor(cb: () => void);
  observe(target: unknown, opts: { childList: boolean; subtree: boolean }): void;
}
declare const document: {
  body: unknown;
  activeElement: { textContent: string | null } | null;
  querySelector(selector: string): { contains(el: unknown): boolean; textContent: string | null } | null;
};
