// What the browser tests of the map page share: the built web app, a store holding the real HCMC
// demo imported through the OSM importer (as `dothi serve` loads it), the app serving both, Debian's
// Chromium, and ways to wait for a settled map and to count the colours it shows.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildApp } from '../../src/http/app.ts';
import { DEMO, EXAMPLES_DIR } from '../../src/demo/demo.ts';
import { importFile, limitsFromEnv } from '../../src/imports/import-file.ts';
import { createWorkspace } from '../../src/store/workspaces.ts';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { fixedClock } from './helpers.ts';

export const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const WEB = path.join(REPO, 'packages/web');
const DIST = path.join(WEB, 'dist');
export const ARTIFACTS = path.join(REPO, 'test-artifacts');

// DESIGN.md §6: Debian's Chromium, software WebGL, and nothing that reaches for the network.
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];

export const LAPTOP = { width: 1366, height: 768 };
export const TABLET_LANDSCAPE = { width: 1024, height: 768 };
export const TABLET_PORTRAIT = { width: 768, height: 1024 };

// The page-side functions run in the browser. The server's tsconfig has no DOM library, so they
// see the few browser globals they use through these narrow, module-local declarations.
interface PageElement {
  dataset: Record<string, string | undefined>;
}
interface PageCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { drawImage(img: unknown, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}
declare const document: { querySelector(selector: string): PageElement | null; createElement(tag: 'canvas'): PageCanvas };
declare const Image: new () => { src: string; width: number; height: number; decode(): Promise<void> };

function newestMtime(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) if (e !== 'node_modules' && e !== 'dist') newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/** Builds the web app when dist is missing or older than anything it is built from. */
export async function ensureWebBuilt(): Promise<void> {
  const index = path.join(DIST, 'index.html');
  const sources = Math.max(newestMtime(WEB), newestMtime(path.join(REPO, 'packages/engine/src')));
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) return;
  const { build } = await import('vite');
  await build({ root: WEB, configFile: path.join(WEB, 'vite.config.ts'), logLevel: 'warn' });
}

export interface WebServer {
  store: TestStore;
  app: FastifyInstance;
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

/** The HCMC demo as `dothi serve` loads it (demo.ts), without Las Palmas, which only makes the tests slower. */
async function loadHcmcDemo(store: TestStore): Promise<void> {
  const d = DEMO.find((x) => x.workspace === 'hcmc');
  assert.ok(d, 'the demo has an HCMC set');
  await createWorkspace(store.db, d.workspace, d.name, d.kind);
  await importFile(store.db, {
    workspace: d.workspace, paths: [path.join(EXAMPLES_DIR, d.file)], name: d.layerName, onInvalid: 'repair',
    licence: 'ODbL 1.0, © OpenStreetMap contributors', importer: 'dothi demo', limits: limitsFromEnv(), clock: fixedClock,
  });
}

export async function startWebServer(): Promise<WebServer> {
  await ensureWebBuilt();
  const store = await openTestStore('embedded');
  await loadHcmcDemo(store);
  const app = await buildApp(store.db, { clock: fixedClock, webRoot: DIST });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    store, app, base, browser,
    async close() {
      await browser.close();
      await app.close();
      await store.close();
    },
  };
}

export interface OpenPage {
  context: BrowserContext;
  page: Page;
  /** Errors the page logged or threw; a test ends by asserting there were none. */
  problems: string[];
}

export async function openPage(server: WebServer, viewport = LAPTOP, locale = 'en-GB'): Promise<OpenPage> {
  const context = await server.browser.newContext({ viewport, locale, deviceScaleFactor: 1, acceptDownloads: true });
  // Nothing may leave the machine unless a test routes it on purpose.
  await context.route((url) => !url.href.startsWith(server.base), (route) => route.abort('blockedbyclient'));
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return { context, page, problems };
}

export async function idleCount(page: Page): Promise<number> {
  return page.evaluate(() => Number(document.querySelector('.map')?.dataset.idleCount ?? 0));
}

/** Waits until the map has drawn, after `since` idle moments (so a change made before is on screen). */
export async function waitIdle(page: Page, since = 0): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const el = document.querySelector('.map');
      return el?.dataset.mapState === 'idle' && Number(el.dataset.idleCount ?? 0) > n;
    },
    since,
    { timeout: 60_000 },
  );
}

/** Does `act` and waits for the map to settle after it. */
export async function settled(page: Page, act: () => Promise<unknown>): Promise<void> {
  const seen = await idleCount(page);
  await act();
  await waitIdle(page, seen);
}

export interface PixelCount {
  count: number;
  /** A pixel of the colour, in page coordinates, to click on. */
  at: { x: number; y: number } | null;
}

/** What lies over the map (legend swatches, the inspector's) and must not count as the map's own pixels. */
const OVERLAYS = '.inspector, .legend, .map-hint, .attribution, .maplibregl-control-container, .dialog-backdrop';

/** Pixels of the map, as on screen, within `tol` of any of `targets`; overlays are masked out in magenta. */
export async function countPixels(page: Page, targets: Array<[number, number, number]>, tol = 10): Promise<PixelCount> {
  const canvas = page.locator('.map canvas');
  const box = await canvas.boundingBox();
  assert.ok(box, 'the map canvas is on the page');
  const png = (await canvas.screenshot({ mask: [page.locator(OVERLAYS)], maskColor: '#ff00ff' })).toString('base64');
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
    let best = -1;
    for (let i = 0; i < d.length; i += 4) {
      const hit = targets.some(([r, gg, b]) => Math.abs(d[i]! - r) <= tol && Math.abs(d[i + 1]! - gg) <= tol && Math.abs(d[i + 2]! - b) <= tol);
      if (!hit) continue;
      count++;
      // A pixel whose neighbours four pixels away share its colour: inside a shape, not on an edge.
      // (No helper functions in here: tsx would wrap them in a __name() the page does not have.)
      const p = i / 4;
      const x = p % c.width, y = Math.floor(p / c.width);
      let score = 0;
      for (const [dx, dy] of [[4, 0], [-4, 0], [0, 4], [0, -4]] as const) {
        const j = ((y + dy) * c.width + (x + dx)) * 4;
        if (j >= 0 && j < d.length && Math.abs(d[j]! - d[i]!) + Math.abs(d[j + 1]! - d[i + 1]!) + Math.abs(d[j + 2]! - d[i + 2]!) < 6) score++;
      }
      // Prefer the middle of the map, away from the overlays at its edges.
      const central = Math.abs(x - c.width / 2) < c.width / 3 && Math.abs(y - c.height / 2) < c.height / 3 ? 1 : 0;
      if (score * 2 + central > best) {
        best = score * 2 + central;
        at = { x, y };
      }
    }
    return { count, at };
  }, { png, targets, tol });
  return { count: r.count, at: r.at ? { x: box.x + r.at.x, y: box.y + r.at.y } : null };
}

export function artifact(name: string): string {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

/** The view in the page's URL hash, field by field (values still encoded). */
export function hashFields(url: string): Map<string, string> {
  const hash = url.split('#')[1] ?? '';
  return new Map(hash.split('&').filter(Boolean).map((p) => {
    const i = p.indexOf('=');
    return [p.slice(0, i), p.slice(i + 1)] as [string, string];
  }));
}
