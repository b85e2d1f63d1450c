// The indicator dashboard end to end in Chromium, on the HCMC demo with its indicators computed from
// the OSM layers and recorded as observations (as `dothi serve` loads it), plus test inputs: an
// earlier observation and a target (so a card has a trend and a status) and a second workspace to
// compare with. The oracle for every number the page shows is the REST API over the same store.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDemoIndicators } from '../../src/demo/demo-indicators.ts';
import { createWorkspace } from '../../src/store/workspaces.ts';
import { RAMP_COLOURS, THEMATIC_FILL_OPACITY } from '../../../web/src/map/thematic.ts';
import { blendOverBackground } from '../../../web/src/map/colours.ts';
import { fixedClock } from './helpers.ts';
import { artifact, countPixels, LAPTOP, openPage, startWebServer, waitIdle } from './web-helpers.ts';
import type { WebServer } from './web-helpers.ts';

let server: WebServer;
const SHARE = 'dothi:green_space_share';

interface ProgressRow { indicator_id: string; series: unknown[]; progress: { status: string } }
interface Run { result_id: number; calculator: string; inputs: Array<{ role: string; layerId: string; version: number }>; values: Array<{ unit_code: string; value: number | null }> }

async function api<T>(url: string, body?: unknown): Promise<T> {
  const res = await server.app.inject(body === undefined ? { url } : { method: 'POST', url, payload: body as object });
  assert.ok(res.statusCode < 300, `${url}: ${res.statusCode} ${res.body}`);
  return res.json<T>();
}

before(async () => {
  server = await startWebServer();
  const db = server.store.db;
  await loadDemoIndicators(db, 'hcmc', { cellMetres: 250, modelPopulation: true, period: '2026-01' }, fixedClock);
  // Test inputs, not claims about the city: an earlier value and a 2030 target for one indicator,
  // and a peer workspace with values on the same indicators.
  await api('/api/workspaces/hcmc/observations', { observations: [{ indicator_id: SHARE, unit_code: '_workspace', period: '2020', value: 2, quality: 'estimated', source: 'test input' }] });
  await api('/api/workspaces/hcmc/targets', { indicator_id: SHARE, unit_code: '_workspace', year: 2030, value: 25, source: 'test input' });
  await createWorkspace(db, 'peer', 'Peer city (test input)', 'city');
  const whole = (await api<{ observations: Array<{ indicator_id: string; value: number }> }>('/api/workspaces/hcmc/observations?unit=_workspace')).observations;
  await api('/api/workspaces/peer/observations', {
    observations: [...new Map(whole.map((o) => [o.indicator_id, o])).values()].map((o) => ({ indicator_id: o.indicator_id, unit_code: '_workspace', period: '2025', value: o.value * 1.5 + 1, source: 'test input' })),
  });
});

after(async () => {
  await server?.close();
});

test('dashboard: cards as the API reports them, the indicator by unit on the map, and the peer radar', { timeout: 180_000 }, async () => {
  const progress = (await api<{ progress: ProgressRow[] }>('/api/workspaces/hcmc/progress?unit=_workspace')).progress;
  const runs = (await api<{ results: Run[] }>('/api/workspaces/hcmc/results?latest=true')).results;
  assert.ok(runs.length >= 8, `the HCMC demo computes most calculators (${runs.length})`);

  const { context, page, problems } = await openPage(server, LAPTOP);
  await page.goto(`${server.base}/dashboard#ws=hcmc`);
  await page.locator('.card').first().waitFor();
  // One card per indicator with observations or a computed run (every run is recorded under dothi:<calculator>).
  const ids = await page.locator('.card').evaluateAll((els) => els.map((e) => e.getAttribute('data-indicator')));
  const expected = new Set([...progress.map((p) => p.indicator_id), ...runs.map((r) => `dothi:${r.calculator}`)]);
  assert.deepEqual(new Set(ids), expected);

  // Status and trend of the card with a target, as the progress API assesses them.
  const row = progress.find((p) => p.indicator_id === SHARE);
  assert.ok(row && row.series.length === 2);
  const card = page.locator(`.card[data-indicator="${SHARE}"]`);
  assert.equal(await card.getAttribute('data-status'), row.progress.status);
  assert.equal(await card.locator('.sparkline').getAttribute('data-points'), '2');
  assert.match(await card.locator('.card-target').innerText(), /25 .* 2030/);
  // A value that rests on the modelled residents says so.
  assert.equal((await page.locator('.card[data-indicator="dothi:population_density"] .quality').innerText()).trim(), 'Modelled');

  // Provenance: the run and the layer versions it read.
  const run = runs.find((r) => r.calculator === 'green_space_share');
  assert.ok(run);
  await card.locator('.card-prov summary').click();
  const prov = await card.locator('.run-prov').innerText();
  for (const i of run.inputs) assert.ok(prov.includes(`${i.layerId} v${i.version}`), `${prov} names ${i.layerId} v${i.version}`);

  // The indicator by unit: the legend counts every unit with a value, and its classes are on the map.
  await card.locator('.card-select').click();
  await page.locator(`.choro-map[data-result="${run.result_id}"]`).waitFor();
  await waitIdle(page);
  const counts = await page.locator('.choro-legend li').evaluateAll((els) => els.map((e) => ({ n: Number(e.getAttribute('data-count')), colour: e.getAttribute('data-colour') })));
  const withValue = run.values.filter((v) => v.value !== null).length;
  const units = (await api<{ numberMatched: number }>(`/api/workspaces/hcmc/layers/${run.inputs.find((i) => i.role === 'units')!.layerId}/features?limit=1`)).numberMatched;
  assert.equal(counts.filter((c) => c.colour !== '#d4d2cc').reduce((a, c) => a + c.n, 0), withValue);
  assert.equal(counts.reduce((a, c) => a + c.n, 0), units, 'every unit is in the legend, with a value or as no value');
  const darkest = counts.filter((c) => c.colour !== '#d4d2cc').at(-1)!.colour!;
  assert.ok(RAMP_COLOURS.includes(darkest));
  assert.ok((await countPixels(page, [blendOverBackground(darkest, THEMATIC_FILL_OPACITY)], 8)).count > 100, 'the top class is drawn');
  assert.match(page.url(), /ind=dothi%3Agreen_space_share/);

  // The radar: this workspace and the peer, one polygon each, and the table of values and ranks.
  await page.locator('.benchmark').waitFor();
  assert.equal(await page.locator('.radar .radar-series').count(), 2);
  assert.equal(await page.locator('.benchmark').getAttribute('data-units'), '2');
  const bench = await api<{ indicators: Array<{ id: string }>; units: Array<{ unit: string; ranks: Array<number | null> }> }>(
    `/api/workspaces/hcmc/benchmark?indicators=${encodeURIComponent((await page.locator('.bench-table tbody tr').evaluateAll((els) => els.map((e) => e.getAttribute('data-indicator')))).join(','))}&peers=peer`);
  const shownRanks = await page.locator('.bench-table tbody tr').evaluateAll((els) => els.map((e) => [...e.querySelectorAll('td')].map((td) => td.getAttribute('data-rank'))));
  assert.deepEqual(shownRanks, bench.indicators.map((_, j) => bench.units.map((u) => String(u.ranks[j] ?? ''))));
  await page.screenshot({ path: artifact('dashboard-en.png'), fullPage: true });

  // A workspace's own indicator, added in the dialog: stored in the catalogs' schema, shown as a card
  // awaiting values; the same code again is refused with the API's coded error, in the dialog.
  const addCustom = async (): Promise<void> => {
    await page.locator('.dash-head').getByRole('button', { name: 'Add indicator' }).click();
    const form = page.locator('#custom-indicator');
    await form.locator('[name="slug"]').fill('tree-canopy');
    await form.locator('[name="name_en"]').fill('Tree canopy cover');
    await form.locator('[name="name_vi"]').fill('Độ che phủ tán cây');
    await form.locator('[name="unit"]').fill('%');
    await form.locator('[name="source_title"]').fill('Test input');
    await form.locator('[name="source_publisher"]').fill('dothi tests');
    await page.locator('.dialog-foot button[type="submit"]').click();
  };
  await addCustom();
  await page.locator('.card[data-indicator="custom:tree-canopy"]').waitFor();
  assert.equal(await page.locator('.card[data-indicator="custom:tree-canopy"]').getAttribute('data-status'), 'none');
  const custom = (await api<{ indicators: Array<{ definition: Record<string, unknown> }> }>('/api/workspaces/hcmc/indicators')).indicators;
  assert.deepEqual(custom.map((c) => c.definition), [{
    id: 'custom:tree-canopy', framework: 'custom', code: 'tree-canopy', name: { en: 'Tree canopy cover', vi: 'Độ che phủ tán cây' }, unit: '%', direction: 1,
    source: { title: 'Test input', publisher: 'dothi tests', year: null },
  }]);
  await addCustom();
  await page.locator('.dialog .error-code', { hasText: 'DOTHI_INDICATOR_CUSTOM_EXISTS' }).waitFor();
  await page.locator('.dialog-close').click();
  await page.locator('.dialog').waitFor({ state: 'detached' });
  // The 409 the browser logged for the refused request is the point of that step, not a page error.
  const refused = problems.filter((p) => /409/.test(p));
  assert.ok(refused.length <= 1);
  problems.splice(0, problems.length, ...problems.filter((p) => !/409/.test(p)));
  // Its values and target, recorded in the dialog: two observed years and a 2030 target, which put it
  // on track (12 → 18 over 2020–2024 is 1.5 a year; 25 by 2030 needs 7 in 6 years, 1.17 a year).
  const record = async (what: 'Observed value' | 'Target', fields: Record<string, string>): Promise<void> => {
    await page.locator('.dash-head').getByRole('button', { name: 'Record a value or target' }).click();
    const form = page.locator('#record-form');
    await form.getByLabel(what).check();
    await form.locator('[name="indicator"]').selectOption('custom:tree-canopy');
    for (const [name, value] of Object.entries(fields)) await form.locator(`[name="${name}"]`).fill(value);
    await page.locator('.dialog-foot button[type="submit"]').click();
    await page.locator('.dialog').waitFor({ state: 'detached' });
  };
  await record('Observed value', { period: '2020', value: '12', source: 'Landsat canopy survey' });
  await record('Observed value', { period: '2024', value: '18', source: 'Landsat canopy survey' });
  await record('Target', { year: '2030', value: '25', source: 'Green city action plan' });
  const canopy = page.locator('.card[data-indicator="custom:tree-canopy"]');
  await page.locator('.card[data-indicator="custom:tree-canopy"][data-status="on_track"]').waitFor();
  assert.match(await canopy.innerText(), /18/);
  const obs = (await api<{ observations: Array<{ period: string; value: number; source: string | null; quality: string | null }> }>('/api/workspaces/hcmc/observations?indicator=custom%3Atree-canopy')).observations;
  assert.deepEqual(obs.map((o) => [o.period, o.value, o.source, o.quality]), [['2020', 12, 'Landsat canopy survey', 'measured'], ['2024', 18, 'Landsat canopy survey', 'measured']]);
  const targets = (await api<{ targets: Array<{ year: number; value: number; comparator: string }> }>('/api/workspaces/hcmc/targets?indicator=custom%3Atree-canopy')).targets;
  assert.deepEqual(targets.map((x) => [x.year, x.value, x.comparator]), [[2030, 25, 'at_least']]);
  // The new indicator has no values by unit; choosing green space again brings its map back.
  await card.locator('.card-select').click();

  // Vietnamese: the same page in the other language.
  await page.locator('.lang-switch button[lang="vi"]').click();
  assert.equal((await page.locator('.card[data-indicator="dothi:population_density"] .quality').innerText()).trim(), 'Mô hình hóa');
  assert.equal((await page.locator('#dash-bench-title').innerText()).trim(), 'So sánh với các không gian làm việc khác');
  await page.screenshot({ path: artifact('dashboard-vi.png'), fullPage: true });

  // A reload keeps the workspace and the indicator.
  await page.reload();
  await page.locator(`.choro-map[data-result="${run.result_id}"]`).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
