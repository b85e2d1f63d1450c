// The composite-index page end to end in Chromium, on the demo's ASEM workspace (COINr's example data
// and build, with a stored Monte Carlo of the ranks). Oracles: the stored result and the preview
// endpoint over the same store; the drill-down's raw value is the iData cell itself.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ASEM_DEMO, loadDemoIndex } from '../../src/demo/demo-index.ts';
import { EXAMPLES_DIR } from '../../src/demo/demo.ts';
import { fixedClock } from './helpers.ts';
import { artifact, LAPTOP, openPage, startWebServer } from './web-helpers.ts';
import type { WebServer } from './web-helpers.ts';

let server: WebServer;
const WS = ASEM_DEMO.workspace;

interface Unit { code: string; ranks: Record<string, number | null>; scores: Record<string, number | null>; uncertainty?: { p05: number; p95: number; medianRank: number } }
interface Result { units: Unit[]; tables: Array<{ name: string; rows: Array<Record<string, unknown>> }> }

async function api<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  const res = await server.app.inject({ method, url, ...(body === undefined ? {} : { payload: body as object }) });
  assert.ok(res.statusCode < 300, `${url}: ${res.statusCode} ${res.body}`);
  return res.json<T>();
}

before(async () => {
  server = await startWebServer();
  await loadDemoIndex(server.store.db, EXAMPLES_DIR, fixedClock);
});

after(async () => {
  await server?.close();
});

const shownRanking = (page: import('playwright-core').Page) => page.locator('.ranking tbody tr').evaluateAll((els) =>
  els.map((e) => ({ unit: e.getAttribute('data-unit'), rank: Number(e.getAttribute('data-rank')), p05: e.querySelector('td[data-p05]')?.getAttribute('data-p05') ?? null })));

test('index page: ranking with uncertainty, drill-down to the data, and the builder previewing and saving', { timeout: 180_000 }, async () => {
  const [row] = (await api<{ results: Array<{ result_id: string }> }>('GET', `/api/workspaces/${WS}/index-results`)).results;
  assert.ok(row);
  const stored = (await api<{ result: Result }>('GET', `/api/workspaces/${WS}/index-results/${row.result_id}`)).result;

  const { context, page, problems } = await openPage(server, LAPTOP);
  await page.goto(`${server.base}/indices#ws=${WS}`);
  await page.locator('.ranking tbody tr').first().waitFor();

  // Every unit, in the stored rank order, with its 5–95 % rank interval.
  const ranked = [...stored.units].sort((a, b) => (a.ranks.Index ?? 0) - (b.ranks.Index ?? 0) || a.code.localeCompare(b.code));
  assert.deepEqual(await shownRanking(page), ranked.map((u) => ({ unit: u.code, rank: u.ranks.Index, p05: String(u.uncertainty?.p05) })));
  assert.equal(await page.locator('.ranking .unc-bar').count(), 51);
  assert.equal(await page.locator('.sens tbody tr').count(), 2, 'weights and normalisation, the spec\'s uncertain assumptions');

  // Drill-down: a unit, then Connectivity, Physical, and the LPI indicator down to its raw value.
  await page.locator('.ranking tr[data-unit="AUT"] button').click();
  await page.locator('.drill[data-node="Index"]').waitFor();
  await page.locator('.drill-children tr[data-code="Conn"] button').click();
  await page.locator('.drill-children tr[data-code="Physical"] button').click();
  await page.locator('.drill-children tr[data-code="LPI"] button').click();
  await page.locator('.drill[data-node="LPI"]').waitFor();
  const iData = fs.readFileSync(path.join(EXAMPLES_DIR, 'coinr-asem', 'ASEM_iData.csv'), 'utf8').split(/\r?\n/);
  // COINr writes every field quoted; no ASEM field holds a comma.
  const cells = (l: string): string[] => l.split(',').map((c) => c.replace(/^"|"$/g, ''));
  const header = cells(iData[0]!);
  const aut = cells(iData.find((l) => cells(l)[1] === 'AUT')!);
  const raw = Number(aut[header.indexOf('LPI')]);
  assert.match(await page.locator('.drill-steps tr[data-table="raw"] td').innerText(), new RegExp(String(raw.toFixed(3)).replace('.', '\\.')));
  const norm = stored.tables.find((t) => t.name === 'normalised')!.rows.find((r) => r.uCode === 'AUT')!.LPI as number;
  assert.match(await page.locator('.drill-steps tr[data-table="normalised"] td').innerText(), new RegExp(norm.toFixed(2).replace('.', '\\.')));
  assert.match(await page.locator('.drill-prov').innerText(), /MIT/);
  assert.match(page.url(), /unit=AUT&node=LPI/);

  // The builder: rank normalisation is previewed, and the ranking is the server's build of that spec.
  await page.locator('[data-testid="b-normalise"]').selectOption('rank');
  await page.locator('[data-state="preview"]').waitFor();
  const spec = (await api<{ spec: { steps: Array<Record<string, unknown>> } }>('GET', `/api/workspaces/${WS}/index-specs/${ASEM_DEMO.spec}`)).spec;
  const draft = { ...spec, steps: spec.steps.map((s) => (s.step === 'normalise' ? { step: 'normalise', method: 'rank' } : s)) };
  const preview = await api<Result>('POST', `/api/workspaces/${WS}/index-preview`, { dataset_id: ASEM_DEMO.dataset, spec: draft });
  const byRank = [...preview.units].sort((a, b) => (a.ranks.Index ?? 0) - (b.ranks.Index ?? 0) || a.code.localeCompare(b.code));
  await page.locator(`.ranking tbody tr:first-child[data-unit="${byRank[0]!.code}"]`).waitFor();
  assert.deepEqual((await shownRanking(page)).map((r) => [r.unit, r.rank]), byRank.map((u) => [u.code, u.ranks.Index]));
  assert.notDeepEqual(byRank.map((u) => u.code), ranked.map((u) => u.code), 'rank normalisation changes the order');
  await page.screenshot({ path: artifact('index-preview-en.png') });

  // Saved and built: a new stored result of the new spec, shown as stored.
  await page.locator('.builder button[type="submit"]').click();
  await page.locator('[data-state="stored"]').waitFor();
  const results = (await api<{ results: Array<{ result_id: string; spec_hash: string }> }>('GET', `/api/workspaces/${WS}/index-results`)).results;
  assert.equal(results.length, 2);
  const savedSpec = (await api<{ spec: unknown }>('GET', `/api/workspaces/${WS}/index-specs/${ASEM_DEMO.spec}`)).spec as typeof spec;
  assert.deepEqual(savedSpec.steps.find((s) => s.step === 'normalise'), { step: 'normalise', method: 'rank' });
  assert.deepEqual((await shownRanking(page)).map((r) => [r.unit, r.rank]), byRank.map((u) => [u.code, u.ranks.Index]));

  await page.locator('.lang-switch button[lang="vi"]').click();
  assert.equal((await page.locator('#idx-builder-title').innerText()).trim(), 'Trình dựng chỉ số');
  await page.screenshot({ path: artifact('index-vi.png') });
  assert.deepEqual(problems, []);
  await context.close();
});
