// A layer of households and comments on it, in Chromium: a stakeholder sees the layer only as its
// summary (both wards withheld: one has 2 households, under the minimum of 5, and the other goes with
// it so the total of 8 does not give it away) and comments on it; a planner, in Vietnamese, sees the
// full table and who wrote the comment, and publishes it.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { createUser, setMembership } from '../../src/auth/accounts.ts';
import { createSession } from '../../src/auth/credentials.ts';
import { importFile } from '../../src/imports/import-file.ts';
import { fixedClock } from './helpers.ts';
import { openPage, startWebServer } from './web-helpers.ts';
import type { WebServer } from './web-helpers.ts';

const HOUSEHOLDS = fileURLToPath(new URL('../fixtures/security/households.csv', import.meta.url));

let server: WebServer;

before(async () => {
  server = await startWebServer();
  const db = server.store.db;
  await importFile(db, {
    workspace: 'hcmc', paths: [HOUSEHOLDS], kind: 'population', name: 'households', onInvalid: 'reject', importer: 'test',
    limits: { maxBytes: 1e6, maxFeatures: 1e4 }, clock: fixedClock, visibility: 'published',
  });
  for (const role of ['stakeholder', 'planner'] as const) {
    await createUser(db, { email: `${role}@example.vn`, password: 'correct horse battery', isAdmin: false }, fixedClock);
    await setMembership(db, 'hcmc', `${role}@example.vn`, role, fixedClock);
  }
});

after(async () => {
  await server?.close();
});

async function signIn(context: BrowserContext, email: string): Promise<void> {
  const { rows } = await server.store.db.query<{ user_id: string }>('select user_id from app_user where email = $1', [email]);
  const s = await createSession(server.store.db, rows[0]!.user_id, fixedClock);
  await context.addCookies([
    { name: 'dothi_session', value: s.session, url: server.base, httpOnly: true, sameSite: 'Lax' },
    { name: 'dothi_csrf', value: s.csrf, url: server.base, sameSite: 'Strict' },
  ]);
}

test('a stakeholder reads a layer of households as its summary and comments; a planner publishes the comment', async () => {
  const stake = await openPage(server);
  await signIn(stake.context, 'stakeholder@example.vn');
  await stake.page.goto(`${server.base}/#ws=hcmc`);
  const row = stake.page.locator('li.layer[data-layer="households"]');
  await row.waitFor();
  assert.equal(await row.locator('input[type="checkbox"]').isDisabled(), true, 'not on the map');
  await row.getByRole('button', { name: 'Details, styling and export of households' }).click();
  await row.getByText('your role sees it as this summary only').waitFor();
  const summary = row.locator('.summary-table');
  await summary.waitFor();
  assert.deepEqual(await summary.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim())), ['26734 withheld', '26737 withheld']);
  assert.equal((await summary.locator('tfoot tr').innerText()).replace(/\s+/g, ' ').trim(), 'Total 8 32 8', 'records, population and households in all');
  await row.getByText('Groups of fewer than 5 records are withheld').waitFor();

  await row.getByLabel('Your comment').fill('Cần thêm cây xanh ở khu dân cư này.');
  await row.getByRole('button', { name: 'Send' }).click();
  const mine = row.locator('.comment', { hasText: 'Cần thêm cây xanh' });
  await mine.waitFor();
  assert.match(await mine.locator('.comment-meta').innerText(), /^You · .* · awaiting a planner$/);
  assert.deepEqual(stake.problems, []);
  await stake.context.close();

  const plan = await openPage(server, undefined, 'vi-VN');
  await signIn(plan.context, 'planner@example.vn');
  await plan.page.goto(`${server.base}/#ws=hcmc`);
  const prow = plan.page.locator('li.layer[data-layer="households"]');
  await prow.waitFor();
  assert.equal(await prow.locator('input[type="checkbox"]').isDisabled(), false, 'planners see the households on the map');
  await prow.locator('button.expander').click();
  const full = prow.locator('.summary-table');
  await full.waitFor();
  assert.deepEqual(await full.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim())), ['26734 6 24 6', '26737 2 8 2']);
  const theirs = prow.locator('.comment', { hasText: 'Cần thêm cây xanh' });
  await theirs.waitFor();
  assert.match(await theirs.locator('.comment-meta').innerText(), /^user:stakeholder@example\.vn · .* · chờ người lập quy hoạch duyệt$/);
  await theirs.getByRole('button', { name: 'Công bố' }).click();
  await theirs.locator('.comment-status', { hasText: 'đã công bố' }).waitFor();
  const { rows } = await server.store.db.query<{ status: string; moderated_by: string }>('select status, moderated_by from comment');
  assert.deepEqual(rows, [{ status: 'published', moderated_by: 'user:planner@example.vn' }]);
  assert.deepEqual(plan.problems, []);
  await plan.context.close();
});
