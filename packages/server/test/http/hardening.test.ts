// Hardening over the whole app: security headers on every kind of response (API, errors, the API
// docs, OGC), HSTS only when HTTPS is proven by a trusted proxy, a token-bucket rate limit per client
// (per bearer token, else per address) answered with 429 in the one error shape, and the body and
// request-time limits. The rate limiter runs on a test clock; no timing is asserted.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createToken } from '../../src/auth/credentials.ts';
import { createWorkspace } from '../../src/store/workspaces.ts';
import { buildApp } from '../../src/http/app.ts';
import { CONTENT_SECURITY_POLICY, hardeningFromEnv, RateLimiter } from '../../src/http/hardening.ts';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { assertError, fixedClock } from './helpers.ts';

let store: TestStore;
let app: FastifyInstance;

before(async () => {
  store = await openTestStore('embedded');
  app = await buildApp(store.db, { clock: fixedClock, corsOrigins: '', ratePerMinute: 0 });
});

after(async () => {
  await app?.close();
  await store?.close();
});

describe('security headers', () => {
  test('every kind of response carries them, with a CSP that allows no inline code and no framing', async () => {
    const responses = await Promise.all([
      app.inject({ url: '/api/health' }),
      app.inject({ url: '/api/nothing-here' }),
      app.inject({ method: 'POST', url: '/api/workspaces', payload: { workspace_id: '' } }),
      app.inject({ url: '/api/docs/' }),
      app.inject({ url: '/ogc' }),
      app.inject({ url: '/api/openapi.json' }),
    ]);
    assert.deepEqual(responses.map((r) => r.statusCode), [200, 404, 400, 200, 200, 200]);
    for (const r of responses) {
      const csp = String(r.headers['content-security-policy']);
      assert.equal(csp, CONTENT_SECURITY_POLICY);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.equal(r.headers['x-frame-options'], 'DENY');
      assert.equal(r.headers['referrer-policy'], 'no-referrer');
      assert.equal(r.headers['strict-transport-security'], undefined, 'no HSTS over plain HTTP');
    }
  });

  test('HSTS when a trusted proxy says the client used HTTPS, and never on the word of an untrusted one', async () => {
    const spoofed = await app.inject({ url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(spoofed.headers['strict-transport-security'], undefined);
    process.env.DOTHI_TRUST_PROXY = '127.0.0.1';
    const proxied = await buildApp(store.db, { clock: fixedClock, corsOrigins: '', ratePerMinute: 0 }).finally(() => delete process.env.DOTHI_TRUST_PROXY);
    try {
      const r = await proxied.inject({ url: '/api/health', headers: { 'x-forwarded-proto': 'https' }, remoteAddress: '127.0.0.1' });
      assert.equal(r.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
      const other = await proxied.inject({ url: '/api/health', headers: { 'x-forwarded-proto': 'https' }, remoteAddress: '192.0.2.7' });
      assert.equal(other.headers['strict-transport-security'], undefined, 'only the named proxy is believed');
    } finally {
      await proxied.close();
    }
  });
});

describe('rate limit', () => {
  test('a client over its budget gets 429 with Retry-After; other clients and tokens keep their own budgets; time refills', async () => {
    let now = 1_000_000;
    // Its own store: the API tokens it needs belong to a workspace the other tests do not expect.
    const own = await openTestStore('embedded');
    await createWorkspace(own.db, 'hcmc');
    const limited = await buildApp(own.db, { clock: fixedClock, corsOrigins: '', ratePerMinute: 5, rateClock: () => now });
    try {
      const get = (remoteAddress: string, token?: string) =>
        limited.inject({ url: '/api/health', remoteAddress, ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}) });
      const remaining: string[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await get('198.51.100.1');
        assert.equal(r.statusCode, 200);
        remaining.push(String(r.headers['ratelimit-remaining']));
      }
      assert.deepEqual(remaining, ['4', '3', '2', '1', '0']);
      const over = await get('198.51.100.1');
      const err = assertError(over, 429, 'DOTHI_API_RATE_LIMITED');
      // 5 a minute is one token per 12 s.
      assert.equal(over.headers['retry-after'], '12');
      assert.deepEqual(err.details, { limit: 5, seconds: 12 });
      assert.equal(over.headers['x-request-id'] !== undefined, true);
      assert.equal(over.headers['content-security-policy'], CONTENT_SECURITY_POLICY);

      assert.equal((await get('198.51.100.2')).statusCode, 200, 'another address has its own budget');
      // A script's token is its own client, wherever it runs from; the token is never the key itself.
      const script = (await createToken(own.db, { workspace: 'hcmc', role: 'analyst', createdBy: 'test' }, fixedClock)).token;
      const other = (await createToken(own.db, { workspace: 'hcmc', role: 'analyst', createdBy: 'test' }, fixedClock)).token;
      for (let i = 0; i < 5; i++) assert.equal((await get('198.51.100.1', script)).statusCode, 200);
      assert.equal((await get('198.51.100.1', script)).statusCode, 429);
      assert.equal((await get('198.51.100.1', other)).statusCode, 200);
      // An unknown token is refused, not taken for the public (and counts against its own budget first).
      assertError(await get('198.51.100.3', 'guessed-token'), 401, 'DOTHI_AUTH_TOKEN_INVALID');

      now += 11_999;
      assert.equal((await get('198.51.100.1')).statusCode, 429);
      now += 1;
      assert.equal((await get('198.51.100.1')).statusCode, 200);
      assert.equal((await get('198.51.100.1')).statusCode, 429);
    } finally {
      await limited.close();
      await own.close();
    }
  });

  test('the bucket never holds more than a minute of requests, and full buckets are forgotten', () => {
    let now = 0;
    const rl = new RateLimiter(60, () => now);
    assert.deepEqual(rl.take('a'), { ok: true, remaining: 59 });
    now += 3_600_000;
    assert.deepEqual(rl.take('a'), { ok: true, remaining: 59 }, 'an idle hour refills to 60, not 3,600');
  });

  test('limits come from the environment, and a bad value is a coded error', () => {
    assert.deepEqual(hardeningFromEnv({}), { ratePerMinute: 1200, bodyLimit: 1048576, requestTimeout: 120000 });
    assert.deepEqual(hardeningFromEnv({ DOTHI_RATE_LIMIT: '0', DOTHI_BODY_LIMIT_BYTES: '2048', DOTHI_REQUEST_TIMEOUT_MS: '5000' }), {
      ratePerMinute: 0, bodyLimit: 2048, requestTimeout: 5000,
    });
    assert.throws(() => hardeningFromEnv({ DOTHI_RATE_LIMIT: 'lots' }), (e: Error & { code?: string }) => e.code === 'DOTHI_USAGE' && /DOTHI_RATE_LIMIT/.test(e.message));
  });
});

describe('request limits', () => {
  test('a JSON body over the limit is refused with 413 before any handler runs', async () => {
    const big = JSON.stringify({ workspace_id: 'big', name: 'x'.repeat(1024 * 1024) });
    const r = await app.inject({ method: 'POST', url: '/api/workspaces', payload: big, headers: { 'content-type': 'application/json' } });
    assertError(r, 413, 'DOTHI_API_PAYLOAD_TOO_LARGE');
    const list = await app.inject({ url: '/api/workspaces' });
    assert.deepEqual(list.json<{ workspaces: unknown[] }>().workspaces, [], 'nothing was created');
  });

  test('the HTTP server ends requests that take too long to arrive (slow clients cannot hold connections)', () => {
    assert.equal(app.server.requestTimeout, 120_000);
    assert.ok(app.server.headersTimeout > 0 && app.server.headersTimeout <= 120_000);
  });
});
