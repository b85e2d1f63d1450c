// The map page end to end: the built web app served by buildApp from a store seeded with real OSM
// features, driven in Debian's Chromium. What is checked is what a person sees: pixels of the
// layer's colour on the map, gone when the layer is switched off, the inspector, Vietnamese labels,
// and a view that survives a reload through the URL hash.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import type { Feature } from '@dothi/engine';
import { buildApp } from '../../src/http/app.ts';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { blendOverBackground, fillOpacity, hexToRgb, kindColour } from '../../../web/src/map/colours.ts';
import { fixedClock } from './helpers.ts';
import { readFixture, seedHcmc } from './seed.ts';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const WEB = path.join(REPO, 'packages/web');
const DIST = path.join(WEB, 'dist');
const SCREENSHOT = path.join(REPO, 'test-artifacts/web-map.png');
// DESIGN.md §6: Debian's Chromium, software WebGL, and nothing that reaches for the network.
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];

// The page-side functions below run in the browser. The server's tsconfig has no DOM library, so
// they see the few browser globals they use through these narrow, module-local declarations.
interface PageElement {
  dataset: Record<string, string | undefined>;
}
interface PageCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { drawImage(img: unknown, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}
declare const document: { querySelector(selector: string): (PageElement & { checked?: boolean }) | null; createElement(tag: 'canvas'): PageCanvas };
declare const Image: new () => { src: string; width: number; height: number; decode(): Promise<void> };
declare const window: { location: { hash: string } };

function newestMtime(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) if (e !== 'node_modules' && e !== 'dist') newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/** Builds the web app when dist is missing or older than anything it is built from. */
async function ensureWebBuilt(): Promise<void> {
  const index = path.join(DIST, 'index.html');
  const sources = Math.max(newestMtime(WEB), newestMtime(path.join(REPO, 'packages/engine/src/layers')));
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) return;
  const { build } = await import('vite');
  await build({ root: WEB, configFile: path.join(WEB, 'vite.config.ts'), logLevel: 'warn' });
}

let store: TestStore;
let app: FastifyInstance;
let browser: Browser;
let base: string;

before(async () => {
  await ensureWebBuilt();
  store = await openTestStore('embedded');
  await seedHcmc(store.db);
  app = await buildApp(store.db, { clock: fixedClock, webRoot: DIST });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
});

async function idleCount(page: Page): Promise<number> {
  return page.evaluate(() => Number(document.querySelector('.map')?.dataset.idleCount ?? 0));
}

/** Waits until the map has drawn, after `since` idle moments (so a change made before is on screen). */
async function waitIdle(page: Page, since = 0): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const el = document.querySelector('.map');
      return el?.dataset.mapState === 'idle' && Number(el.dataset.idleCount ?? 0) > n;
    },
    since,
    { timeout: 60_000 },
  );
}

type Ring = number[][];

function rings(f: Feature): Ring[] {
  const g = f.geometry;
  if (g?.type === 'Polygon') return g.coordinates;
  if (g?.type === 'MultiPolygon') return g.coordinates.flat();
  return [];
}

function inRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function segmentDistance(x: number, y: number, a: number[], b: number[]): number {
  const [ax, ay] = a as [number, number];
  const [bx, by] = b as [number, number];
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

function lines(f: Feature): Ring[] {
  const g = f.geometry;
  if (g?.type === 'LineString') return [g.coordinates];
  if (g?.type === 'MultiLineString') return g.coordinates;
  return [];
}

/** A point inside `target`, outside every other building, as far as a grid finds from any outline or road. */
function clickablePoint(target: Feature, all: Feature[], roads: Feature[]): { lon: number; lat: number } {
  const own = rings(target);
  const others = all.filter((f) => f !== target).flatMap(rings);
  const roadLines = roads.flatMap(lines);
  const xs = own.flat().map((p) => p[0] as number), ys = own.flat().map((p) => p[1] as number);
  let best = { lon: NaN, lat: NaN, d: -1 };
  for (let i = 1; i < 40; i++) {
    for (let j = 1; j < 40; j++) {
      const x = Math.min(...xs) + ((Math.max(...xs) - Math.min(...xs)) * i) / 40;
      const y = Math.min(...ys) + ((Math.max(...ys) - Math.min(...ys)) * j) / 40;
      if (!own.some((r) => inRing(x, y, r)) || others.some((r) => inRing(x, y, r))) continue;
      let d = Infinity;
      for (const r of [...own, ...others, ...roadLines]) for (let k = 1; k < r.length; k++) d = Math.min(d, segmentDistance(x, y, r[k - 1]!, r[k]!));
      if (d > best.d) best = { lon: x, lat: y, d };
    }
  }
  assert.ok(best.d > 0, 'the building has a point of its own');
  return best;
}

interface PixelCount {
  count: number;
  /** A pixel of the colour, in page coordinates, to click on. */
  at: { x: number; y: number } | null;
}

/** Pixels of the map, as on screen, within `tol` of any of `targets`. */
async function countPixels(page: Page, targets: Array<[number, number, number]>, tol = 10): Promise<PixelCount> {
  const canvas = page.locator('.map canvas');
  const box = await canvas.boundingBox();
  assert.ok(box, 'the map canvas is on the page');
  const png = (await canvas.screenshot()).toString('base64');
  const r = await page.evaluate(async ({ png, targets, tol }) => {
    const img = new Image();
    img.src = `data:image/png;base64,${png}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext('2d');
    if (!g) throw new Error('no 2d context');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let count = 0;
    let at: { x: number; y: number } | null = null;
    for (let i = 0; i < d.length; i += 4) {
      const hit = targets.some(([r, gg, b]) => Math.abs(d[i]! - r) <= tol && Math.abs(d[i + 1]! - gg) <= tol && Math.abs(d[i + 2]! - b) <= tol);
      if (!hit) continue;
      count++;
      const p = i / 4;
      // Prefer a pixel away from the top-left corner, where the hint and inspector sit.
      if (!at || (at.x < 360 && (p % c.width) >= 360)) at = { x: p % c.width, y: Math.floor(p / c.width) };
    }
    return { count, at };
  }, { png, targets, tol });
  return { count: r.count, at: r.at ? { x: box.x + r.at.x, y: box.y + r.at.y } : null };
}

test('the map page shows the layers, toggles them, inspects a feature and speaks Vietnamese', { timeout: 180_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB', deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });

  await page.goto(`${base}/`);
  await waitIdle(page);
  // English by default for an English browser; all five layers listed and drawn.
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.locator('.layer').count(), 5);
  assert.equal(await page.locator('.layer input:checked').count(), 5);
  await page.getByText('Built environment', { exact: true }).waitFor();
  const buildingsRow = page.locator('.layer[data-layer="buildings"]');
  assert.match(await buildingsRow.innerText(), /hcmc-buildings\.geojson/);
  assert.match(await buildingsRow.innerText(), /ODbL-1\.0 © OpenStreetMap contributors/);
  assert.match(await buildingsRow.innerText(), /156 features/);
  assert.match(await buildingsRow.innerText(), /10 Feb 2026/);
  assert.match(page.url(), /#ws=hcmc&map=/);

  const colour = kindColour('buildings');
  const targets = [hexToRgb(colour), blendOverBackground(colour, fillOpacity('buildings'))];
  const on = await countPixels(page, targets);
  assert.ok(on.count > 2000, `buildings drawn in their colour: ${on.count} pixels`);

  // Click a building: the inspector shows that feature of that layer.
  assert.ok(on.at);
  await page.mouse.click(on.at.x, on.at.y);
  const inspector = page.locator('.inspector');
  await inspector.waitFor();
  const idText = await inspector.locator('.inspector-head .muted').innerText();
  assert.match(idText, /^Buildings \(OSM\) · ID /);
  const shownId = /ID (\S+)/.exec(idText)?.[1] ?? '';
  const clicked = readFixture('hcmc-buildings.geojson').features.find((f) => String(f.id) === shownId);
  assert.ok(clicked, `the inspector shows a building of the fixture (${idText})`);
  // Its own attributes, not a neighbour's: the OSM id is shown as is, without digit grouping.
  assert.match(await inspector.innerText(), new RegExp(`@id\\s+${String(clicked.properties?.['@id'])}\\b`));
  await inspector.getByRole('button', { name: 'Close' }).click();

  // Off: the colour leaves the map.
  let seen = await idleCount(page);
  await page.locator('#layer-buildings').uncheck();
  await waitIdle(page, seen);
  const off = await countPixels(page, targets);
  assert.ok(off.count < on.count / 100, `buildings hidden: ${off.count} pixels left of ${on.count}`);
  assert.match(page.url(), /layers=bus-stops,land-use,parks,roads/);

  // On again, in Vietnamese.
  seen = await idleCount(page);
  await page.locator('#layer-buildings').check();
  await waitIdle(page, seen);
  assert.ok((await countPixels(page, targets)).count > 2000);
  await page.getByRole('button', { name: 'VI' }).click();
  await page.getByText('Môi trường xây dựng', { exact: true }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  assert.match(await buildingsRow.innerText(), /Công trình/);
  assert.match(await buildingsRow.innerText(), /156 đối tượng/);
  assert.equal(await page.getByRole('button', { name: 'Hiện tất cả' }).count() + await page.getByRole('button', { name: 'Ẩn tất cả' }).count(), 1);

  // The view in the hash survives a reload in a new page: roads off, the same place.
  await page.locator('#layer-roads').uncheck();
  await page.waitForFunction(() => window.location.hash.includes('layers='));
  const url = page.url();
  const again = await context.newPage();
  await again.goto(url);
  await waitIdle(again);
  assert.equal(await again.locator('#layer-roads').isChecked(), false);
  assert.equal(await again.locator('#layer-buildings').isChecked(), true);
  const mapField = (u: string): string => /map=([^&]+)/.exec(u)?.[1] ?? '';
  assert.equal(mapField(again.url()), mapField(url));
  // Editing the hash of the open page moves it to that view, and the page keeps it.
  seen = await idleCount(again);
  await again.evaluate(() => {
    window.location.hash = '#ws=hcmc&layers=roads&map=16.00/10.7850000/106.6910000';
  });
  await again.waitForFunction(() => document.querySelector('#layer-buildings')?.checked === false);
  await waitIdle(again, seen);
  assert.equal(await again.locator('#layer-roads').isChecked(), true);
  assert.equal(mapField(again.url()), '16.00/10.7850000/106.6910000');
  await again.close();

  // A link to a place: centred on the ÊMM hotel (a1010074442), whose attributes the inspector reads in Vietnamese.
  const buildings = readFixture('hcmc-buildings.geojson').features;
  const hotel = buildings.find((f) => f.id === 'a1010074442');
  assert.ok(hotel);
  const spot = clickablePoint(hotel, buildings, readFixture('hcmc-roads.geojson').features);
  // A fresh document, as when a link is opened (a hash change on the open page is covered above).
  await page.goto('about:blank');
  await page.goto(`${base}/#ws=hcmc&map=17.30/${spot.lat.toFixed(7)}/${spot.lon.toFixed(7)}`);
  await waitIdle(page);
  assert.match(page.url(), /map=17\.30\//);
  assert.equal(await page.locator('#layer-roads').isChecked(), true, 'a hash without layers shows them all');
  const box = await page.locator('.map canvas').boundingBox();
  assert.ok(box);
  seen = await idleCount(page);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await inspector.waitFor();
  await waitIdle(page, seen); // the selection outline drawn
  const text = await inspector.innerText();
  assert.match(text, /Mã a1010074442/);
  assert.equal(await inspector.locator('h2').innerText(), 'ÊMM HOTEL SAIGON');
  assert.match(text, /Số tầng nổi\s+17 tầng/);
  assert.match(text, /dữ liệu cá nhân/, 'the address is marked as personal data');
  fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT });
  await context.close();

  assert.deepEqual(problems, [], 'no errors in the page');
});
