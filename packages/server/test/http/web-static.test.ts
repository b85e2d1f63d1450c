// Serving the built web app: files as they are, the page for app paths, never the page for /api.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { DothiError } from '@dothi/engine';
import { buildApp } from '../../src/http/app.ts';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { assertError, fixedClock } from './helpers.ts';

let store: TestStore;
let app: FastifyInstance;
let root: string;
const PAGE = '<!doctype html><title>dothi</title><div id="root"></div>';

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'dothi-web-'));
  fs.writeFileSync(path.join(root, 'index.html'), PAGE);
  fs.mkdirSync(path.join(root, 'assets'));
  fs.writeFileSync(path.join(root, 'assets', 'index-abc123.js'), 'console.log("map")');
  store = await openTestStore('embedded');
  app = await buildApp(store.db, { clock: fixedClock, webRoot: root });
});

after(async () => {
  await app?.close();
  await store?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

test('the page at / and at any app path a browser asks for', async () => {
  for (const url of ['/', '/index.html', '/map/hcmc', '/workspaces?x=1']) {
    const res = await app.inject({ url, headers: { accept: 'text/html,application/xhtml+xml' } });
    assert.equal(res.statusCode, 200, url);
    assert.equal(res.body, PAGE, url);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.equal(res.headers['cache-control'], 'no-cache', url);
  }
});

test('hashed assets are served for a year; a missing asset is a 404, not the page', async () => {
  const res = await app.inject({ url: '/assets/index-abc123.js' });
  assert.equal(res.statusCode, 200);
  assert.equal(res.body, 'console.log("map")');
  assert.match(String(res.headers['cache-control']), /immutable/);
  assertError(await app.inject({ url: '/assets/missing.js', headers: { accept: '*/*' } }), 404, 'DOTHI_API_NOT_FOUND');
});

test('API paths never fall back to the page', async () => {
  assertError(await app.inject({ url: '/api/unknown', headers: { accept: 'text/html' } }), 404, 'DOTHI_API_NOT_FOUND');
  const health = await app.inject({ url: '/api/health' });
  assert.equal(health.statusCode, 200);
});

test('a web root without index.html is refused at start', async () => {
  await assert.rejects(
    buildApp(store.db, { clock: fixedClock, webRoot: path.join(root, 'assets') }),
    (e: unknown) => e instanceof DothiError && e.code === 'DOTHI_USAGE' && /index\.html/.test(e.message),
  );
});
