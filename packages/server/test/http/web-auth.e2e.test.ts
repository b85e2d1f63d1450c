// Signing in and out in Chromium, once the server has accounts: the public sees the sign-in button,
// a wrong password is reported in the dialog in the page's language, the right one shows the account,
// and a change made while signed in carries the session's CSRF token.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../../src/auth/accounts.ts';
import { fixedClock } from './helpers.ts';
import { openPage, startWebServer } from './web-helpers.ts';
import type { WebServer } from './web-helpers.ts';

let server: WebServer;

before(async () => {
  server = await startWebServer();
  await createUser(server.store.db, { email: 'admin@example.vn', password: 'correct horse battery', isAdmin: true }, fixedClock);
});

after(async () => {
  await server?.close();
});

test('sign in, make a change with the CSRF token, sign out', async () => {
  const { page, problems, context } = await openPage(server);
  await page.goto(`${server.base}/`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Email').fill('admin@example.vn');
  await dialog.getByLabel('Password').fill('not the password');
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await dialog.getByText('Wrong email or password').waitFor();
  await dialog.getByLabel('Password').fill('correct horse battery');
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.account-email', { hasText: 'admin@example.vn' }).waitFor();
  const cookies = await context.cookies();
  assert.equal(cookies.find((c) => c.name === 'dothi_session')?.httpOnly, true);
  assert.equal(cookies.find((c) => c.name === 'dothi_csrf')?.httpOnly, false);

  // The dashboard's dialog posts through the app's own fetch, which adds x-csrf-token.
  await page.goto(`${server.base}/dashboard#ws=hcmc`);
  await page.locator('.dash-head').getByRole('button', { name: 'Add indicator' }).click();
  const form = page.locator('#custom-indicator');
  await form.locator('[name="slug"]').fill('shade-trees');
  await form.locator('[name="name_en"]').fill('Street trees per km');
  await form.locator('[name="name_vi"]').fill('Cây xanh đường phố trên mỗi km');
  await form.locator('[name="source_title"]').fill('Test input');
  await form.locator('[name="source_publisher"]').fill('dothi tests');
  await page.locator('.dialog-foot button[type="submit"]').click();
  await page.locator('.card[data-indicator="custom:shade-trees"]').waitFor();
  const { rows } = await server.store.db.query<{ actor: string }>("select actor from audit_log where action = 'POST /api/workspaces/:ws/indicators'");
  assert.deepEqual(rows, [{ actor: 'user:admin@example.vn' }]);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  assert.deepEqual(problems.filter((p) => !p.includes('401')), []);
  await context.close();
});
