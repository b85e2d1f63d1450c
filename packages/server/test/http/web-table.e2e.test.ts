// Styling by attribute and the attribute table, end to end on the real HCMC demo. The oracle for
// the legend is SQL over the same store (counts per category and per class), for the table the
// REST API's own answers to the sort and page the table asks for; the selection is followed from
// a table row to the map, the URL and a reload, and from a map click back to the table.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { SqlParam } from '../../src/store/db.ts';
import { blendOverBackground, fillOpacity, kindColour } from '../../../web/src/map/colours.ts';
import { CATEGORY_COLOURS, THEMATIC_FILL_OPACITY } from '../../../web/src/map/thematic.ts';
import { artifact, countPixels, hashFields, LAPTOP, openPage, settled, startWebServer, TABLET_LANDSCAPE, TABLET_PORTRAIT, waitIdle } from './web-helpers.ts';
import type { WebServer } from './web-helpers.ts';

let server: WebServer;

before(async () => {
  server = await startWebServer();
});

after(async () => {
  await server?.close();
});

const LAYER = "workspace_id = 'hcmc' and layer_id = $1 and version = 1";

async function sqlRows<T>(sql: string, params: readonly SqlParam[]): Promise<T[]> {
  return (await server.store.db.query<T>(sql, params)).rows;
}

async function apiIds(query: string): Promise<string[]> {
  const res = await server.app.inject(`/api/workspaces/hcmc/layers/osm-buildings/features?${query}`);
  return res.json<{ features: Array<{ id: string }> }>().features.map((f) => f.id);
}

async function legendRows(page: Page, layer: string): Promise<Array<{ value: string; count: number; label: string }>> {
  return page.locator(`.legend-layer[data-layer="${layer}"] li`).evaluateAll((els) =>
    els.map((e) => ({ value: e.getAttribute('data-value') ?? '', count: Number(e.getAttribute('data-count')), label: (e.textContent ?? '').trim() })));
}

async function tableIds(page: Page): Promise<string[]> {
  return page.locator('.data-table tbody tr:not(.pinned)').evaluateAll((els) => els.map((e) => e.getAttribute('data-key') ?? ''));
}

/** Counts of buildings per class, by SQL, for classes given as from..to (to excluded) or from..=to. */
async function classCounts(rows: Array<{ value: string }>): Promise<number[]> {
  const out: number[] = [];
  for (const r of rows.filter((x) => x.value)) {
    const [from, to] = r.value.split(/\.\.=?/).map(Number);
    assert.ok(from !== undefined && to !== undefined && Number.isFinite(from) && Number.isFinite(to), r.value);
    const op = r.value.includes('..=') ? '<=' : '<';
    const [c] = await sqlRows<{ n: number }>(
      `select count(*)::int n from feature where ${LAYER} and jsonb_typeof(props->'levels') = 'number'
          and (props->>'levels')::float8 >= $2 and (props->>'levels')::float8 ${op} $3`,
      ['osm-buildings', from, to],
    );
    out.push(c?.n ?? -1);
  }
  return out;
}

test('styling by attribute colours the map and its legend counts what the data holds', { timeout: 90_000 }, async () => {
  const { context, page, problems } = await openPage(server, LAPTOP);
  await page.goto(`${server.base}/`);
  await waitIdle(page);
  const commercial = [blendOverBackground(CATEGORY_COLOURS[0] as string, THEMATIC_FILL_OPACITY)];
  assert.ok((await countPixels(page, commercial, 6)).count < 50, 'the first category colour is not on the map before styling');

  // Land use by class: every class with its exact count, most frequent first.
  await page.locator('.layer[data-layer="osm-land_use"] .expander').click();
  await settled(page, async () => {
    await page.locator('.layer[data-layer="osm-land_use"] [data-testid="style-attr"]').selectOption('class');
    await page.locator('.legend-layer[data-layer="osm-land_use"]').waitFor();
  });
  const classes = await sqlRows<{ v: string; n: number }>(
    `select props->>'class' v, count(*)::int n from feature where ${LAYER} and props->>'class' is not null group by 1 order by 2 desc, 1`,
    ['osm-land_use'],
  );
  assert.ok(classes.length >= 3);
  assert.deepEqual((await legendRows(page, 'osm-land_use')).map((r) => [r.value, r.count]), classes.map((c) => [c.v, c.n]));
  assert.ok((await countPixels(page, commercial, 6)).count > 1500, `the map shows ${classes[0]?.v} in the legend's first colour`);
  assert.equal(hashFields(page.url()).get('style'), 'osm-land_use:class');

  // Buildings by floors, in quantile classes, then equal intervals: each class's count is what SQL counts.
  await page.locator('.layer[data-layer="osm-buildings"] .expander').click();
  await page.locator('.layer[data-layer="osm-buildings"] [data-testid="style-attr"]').selectOption('levels');
  await page.locator('.legend-layer[data-layer="osm-buildings"] li').first().waitFor();
  const [numbered] = await sqlRows<{ n: number }>(`select count(*)::int n from feature where ${LAYER} and jsonb_typeof(props->'levels') = 'number'`, ['osm-buildings']);
  for (const method of ['quantile', 'equal'] as const) {
    if (method === 'equal') {
      await page.locator('.layer[data-layer="osm-buildings"] .style-picker select').nth(1).selectOption('equal');
      await page.waitForFunction(() => window.location.hash.includes('osm-buildings:levels:equal'));
      await page.waitForFunction(() => document.querySelector('.legend-layer[data-layer="osm-buildings"] li')?.getAttribute('data-value')?.startsWith('0..') === true
        && document.querySelectorAll('.legend-layer[data-layer="osm-buildings"] li').length === 6);
    }
    const rows = await legendRows(page, 'osm-buildings');
    const ranges = rows.filter((r) => r.value);
    assert.ok(ranges.length >= 3 && ranges.length <= 5, `${method}: ${ranges.length} classes`);
    assert.deepEqual(ranges.map((r) => r.count), await classCounts(ranges), `${method}: class counts`);
    assert.equal(ranges.reduce((n, r) => n + r.count, 0), numbered?.n);
    assert.equal(rows.at(-1)?.count, 695 - (numbered?.n ?? 0), 'buildings without floors are counted as no value');
  }

  // The styles are in the link: a new page draws the same legend.
  const again = await context.newPage();
  await again.goto(page.url());
  await again.locator('.legend-layer[data-layer="osm-buildings"] li').first().waitFor();
  await waitIdle(again);
  assert.deepEqual(await legendRows(again, 'osm-buildings'), await legendRows(page, 'osm-buildings'));
  assert.equal(await again.locator('.legend-layer').count(), 2);
  await again.close();
  await context.close();
  assert.deepEqual(problems, []);
});

test('the table sorts, filters and pages on the server, and the selection links it with the map and the URL', { timeout: 120_000 }, async () => {
  const { context, page, problems } = await openPage(server, LAPTOP);
  await page.goto(`${server.base}/`);
  await waitIdle(page);
  await page.locator('.layer[data-layer="osm-buildings"] .row-button').first().click();
  await page.waitForFunction(() => document.querySelector('.table-range')?.textContent === '1–50 of 695');
  assert.deepEqual(await tableIds(page), await apiIds('limit=50'));
  assert.equal(hashFields(page.url()).get('table'), 'osm-buildings');

  // Sort by floors: ascending, then descending, as the API sorts.
  const header = page.locator('.data-table th', { hasText: 'Floors above ground' });
  await header.getByRole('button').click();
  await page.waitForFunction(() => document.querySelector('.data-table th[aria-sort="ascending"]') !== null && !document.querySelector('.table-scroll.busy'));
  assert.deepEqual(await tableIds(page), await apiIds('limit=50&sortby=levels'));
  await header.getByRole('button').click();
  await page.waitForFunction(() => document.querySelector('.data-table th[aria-sort="descending"]') !== null && !document.querySelector('.table-scroll.busy'));
  const firstPage = await tableIds(page);
  assert.deepEqual(firstPage, await apiIds('limit=50&sortby=-levels'));

  // Paging keeps the sort.
  await page.getByRole('button', { name: 'Next page' }).click();
  await page.waitForFunction(() => document.querySelector('.table-range')?.textContent === '51–100 of 695' && !document.querySelector('.table-scroll.busy'));
  assert.deepEqual(await tableIds(page), await apiIds('limit=50&offset=50&sortby=-levels'));
  await page.getByRole('button', { name: 'Last page' }).click();
  await page.waitForFunction(() => document.querySelector('.table-range')?.textContent === '651–695 of 695' && !document.querySelector('.table-scroll.busy'));
  assert.equal((await tableIds(page)).length, 45);

  // Filter by a property: the count is SQL's.
  const [use] = await sqlRows<{ v: string; n: number }>(
    `select props->>'use' v, count(*)::int n from feature where ${LAYER} and props->>'use' is not null group by 1 order by 2 desc, 1 limit 1`, ['osm-buildings']);
  assert.ok(use && use.n > 1);
  await page.locator('.filter-form select').selectOption('use');
  await page.locator('.filter-form input').fill(use.v);
  await page.getByRole('button', { name: 'Add filter' }).click();
  await page.waitForFunction((n) => document.querySelector(".table-range")?.textContent === `1–${Math.min(n, 50)} of ${n}`, use.n);
  assert.deepEqual(await tableIds(page), await apiIds(`limit=50&sortby=-levels&use=${encodeURIComponent(use.v)}`));
  await page.getByRole('button', { name: `Remove the filter Use = ${use.v}` }).click();
  await page.waitForFunction(() => document.querySelector('.table-range')?.textContent === '1–50 of 695');

  // A row selects its feature: the map zooms to it and draws its outline in ink; the URL names it.
  // One that is not on the first page in import order, so the reload below has to pin it.
  const importOrder = await apiIds('limit=50');
  const key = firstPage.find((k) => !importOrder.includes(k));
  assert.ok(key);
  await settled(page, () => page.locator(`.data-table tbody tr[data-key="${key}"]`).click());
  assert.equal(decodeURIComponent(hashFields(page.url()).get('sel') ?? ''), `osm-buildings:${key}`);
  assert.ok(Number(hashFields(page.url()).get('map')?.split('/')[0]) >= 16, 'zoomed to the feature');
  const inspector = page.locator('.inspector');
  assert.match(await inspector.locator('.inspector-id').innerText(), new RegExp(`ID ${key}$`));
  const [feature] = await sqlRows<{ name: string | null }>(`select props->>'name' name from feature where ${LAYER} and source_id = $2`, ['osm-buildings', key]);
  if (feature?.name) assert.equal(await inspector.locator('h2').innerText(), feature.name);
  assert.ok((await countPixels(page, [[0x1b, 0x1f, 0x24]], 12)).count > 100, 'the selected feature is outlined');
  assert.equal(await page.locator(`.data-table tbody tr[data-key="${key}"]`).getAttribute('aria-selected'), 'true');
  await page.screenshot({ path: artifact('web-table.png') });

  // A reload reproduces it: the map finds the feature in its tiles and the inspector reads its record.
  const again = await context.newPage();
  await again.goto(page.url());
  await waitIdle(again);
  await again.waitForFunction(() => document.querySelector('.inspector')?.getAttribute('data-status') === 'ready');
  assert.equal(await again.locator('.inspector .inspector-id').innerText(), await inspector.locator('.inspector-id').innerText());
  assert.match(await again.locator('.inspector').innerText(), new RegExp(`osm_id\\s+${key.replace('/', '\\/')}`));
  // The new table is in import order, where this feature is not on the first page: it is pinned on top.
  const pinned = again.locator('.data-table tbody tr.pinned');
  assert.equal(await pinned.getAttribute('data-key'), key);
  assert.equal(await pinned.getAttribute('aria-selected'), 'true');
  assert.deepEqual(await tableIds(again), importOrder);
  await again.close();
  // A page in a background tab gets no animation frames, so its map would never settle.
  await page.bringToFront();

  // A click on the map selects the row of the feature clicked.
  await settled(page, () => page.getByRole('button', { name: 'Zoom to the data' }).click());
  const spot = (await countPixels(page, [blendOverBackground(kindColour('buildings'), fillOpacity('buildings'))])).at;
  assert.ok(spot, 'a building to click');
  await settled(page, () => page.mouse.click(spot.x, spot.y));
  await page.waitForFunction(() => document.querySelector('.inspector')?.getAttribute('data-status') === 'ready');
  const clicked = decodeURIComponent(hashFields(page.url()).get('sel') ?? '').replace(/^[^:]+:/, '');
  assert.ok(clicked && clicked !== key, `a new feature is selected (${clicked})`);
  assert.match(hashFields(page.url()).get('sel') ?? '', /^osm-buildings:/, 'a building was clicked');
  assert.equal(await page.locator('.data-table tbody tr[aria-selected="true"]').getAttribute('data-key'), clicked);

  // Rows by keyboard: one tab stop, arrows move, Enter selects.
  await page.locator('.data-table tbody tr:not(.pinned)').first().focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const third = await page.evaluate(() => document.activeElement?.getAttribute('data-key'));
  await page.keyboard.press('Enter');
  await page.waitForFunction((k) => decodeURIComponent(window.location.hash).includes(`sel=osm-buildings:${k}`), third);
  await context.close();
  assert.deepEqual(problems, []);
});

test('the page reads well on a laptop and on a tablet held either way', { timeout: 90_000 }, async () => {
  const view = '#ws=hcmc&style=osm-land_use:class&table=osm-amenities';
  for (const [name, viewport] of [['laptop', LAPTOP], ['tablet-landscape', TABLET_LANDSCAPE], ['tablet-portrait', TABLET_PORTRAIT]] as const) {
    const { context, page, problems } = await openPage(server, viewport);
    await page.goto(`${server.base}/${view}`);
    await waitIdle(page);
    await page.locator('.legend-layer').waitFor();
    await page.locator('.data-table tbody tr').first().waitFor();
    // Nothing wider than the window, and every top-bar control on screen.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name}: no sideways scroll`);
    for (const b of await page.locator('.topbar button, .topbar select').all()) {
      const box = await b.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= viewport.width, `${name}: ${await b.getAttribute('aria-label') ?? await b.innerText()} on screen`);
    }
    const narrow = viewport.width <= 1100;
    assert.equal(await page.locator('.sidebar').isVisible(), !narrow, `${name}: the layer list is ${narrow ? 'a drawer' : 'docked'}`);
    await page.screenshot({ path: artifact(`web-${name}.png`) });
    if (narrow) {
      // The drawer opens over the map, takes the focus's Escape, and gives the map back.
      await page.getByRole('button', { name: 'Layers' }).click();
      await page.locator('.sidebar.drawer').waitFor();
      assert.equal(await page.evaluate(() => document.querySelector('.sidebar.drawer')?.contains(document.activeElement)), true, `${name}: focus in the drawer`);
      await page.screenshot({ path: artifact(`web-${name}-drawer.png`) });
      await page.keyboard.press('Escape');
      await page.locator('.sidebar').waitFor({ state: 'detached' });
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-controls')), 'layer-drawer', `${name}: focus back on the Layers button`);
    }
    await context.close();
    assert.deepEqual(problems, [], name);
  }
});

declare const window: { location: { hash: string }; innerWidth: number };
declare const document: {
  querySelector(selector: string): { textContent: string | null; getAttribute(n: string): string | null; contains(el: unknown): boolean } | null;
  querySelectorAll(selector: string): { length: number };
  activeElement: { getAttribute(n: string): string | null } | null;
  documentElement: { scrollWidth: number };
};
