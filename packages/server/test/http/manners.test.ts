// Production manners over the whole app: request ids in responses and in pino's structured log
// lines, gzip and brotli negotiated (and decoded back to the same bytes), weak ETags with 304s,
// CORS only when configured, and 413/415 answered in the one error shape.

import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import { noneMatch, parseCorsOrigins } from '../../src/http/manners.ts';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { assertError, fixedClock } from './helpers.ts';
import { seedHcmc } from './seed.ts';

let store: TestStore;
let app: FastifyInstance;
const logLines: string[] = [];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const FEATURES = '/api/workspaces/hcmc/layers/buildings/features';

before(async () => {
  store = await openTestStore('embedded');
  await seedHcmc(store.db);
  app = await buildApp(store.db, { clock: fixedClock, corsOrigins: '', logger: { level: 'info', stream: { write: (l) => void logLines.push(l) } } });
});

after(async () => {
  await app?.close();
  await store?.close();
});

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
}

const logs = (): LogLine[] => logLines.map((l) => JSON.parse(l) as LogLine);

describe('request ids', () => {
  test('a sane X-Request-Id is kept and echoed; a missing or unsafe one is replaced by a fresh UUID', async () => {
    const kept = await app.inject({ url: '/api/health', headers: { 'x-request-id': 'trace-42.a:b' } });
    assert.equal(kept.headers['x-request-id'], 'trace-42.a:b');
    for (const bad of ['has space', 'semi;colon', 'x'.repeat(129), '"quoted"']) {
      const res = await app.inject({ url: '/api/health', headers: { 'x-request-id': bad } });
      assert.match(String(res.headers['x-request-id']), UUID, bad);
    }
    const a = await app.inject({ url: '/api/health' });
    const b = await app.inject({ url: '/api/health' });
    assert.match(String(a.headers['x-request-id']), UUID);
    assert.notEqual(a.headers['x-request-id'], b.headers['x-request-id']);
    // Errors and unknown paths carry it too.
    const missing = await app.inject({ url: '/api/nothing', headers: { 'x-request-id': 'nf-1' } });
    assertError(missing, 404, 'DOTHI_API_NOT_FOUND');
    assert.equal(missing.headers['x-request-id'], 'nf-1');
    const bad = await app.inject({ url: `${FEATURES}?limit=0`, headers: { 'x-request-id': 'usage-1' } });
    assertError(bad, 400, 'DOTHI_USAGE');
    assert.equal(bad.headers['x-request-id'], 'usage-1');
  });

  test('the hijacked Server-Sent Events stream carries it as well', async () => {
    await store.db.query(
      `insert into job (workspace_id, job_id, kind, status, input, created_at, finished_at) values ('hcmc', 'done-9', 'import', 'succeeded', '{}', now(), now())`,
    );
    const res = await app.inject({ url: '/api/jobs/hcmc/done-9/events', headers: { 'x-request-id': 'sse-1' } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['x-request-id'], 'sse-1');
  });

  test('pino writes structured lines, and every line about a request names its id', async () => {
    await app.inject({ url: `${FEATURES}?limit=2`, headers: { 'x-request-id': 'log-77' } });
    const mine = logs().filter((l) => l.reqId === 'log-77');
    assert.deepEqual(mine.map((l) => l.msg), ['incoming request', 'request completed']);
    assert.equal(mine[0]?.req?.url, `${FEATURES}?limit=2`);
    assert.equal(mine[1]?.res?.statusCode, 200);
    const aboutRequests = logs().filter((l) => l.req || l.res);
    assert.ok(aboutRequests.length >= 10);
    for (const l of aboutRequests) assert.ok(l.reqId, `a line without its request id: ${JSON.stringify(l)}`);
  });
});

describe('compression', () => {
  test('gzip and brotli are negotiated for large JSON and decode to the identity bytes', async () => {
    const plain = await app.inject({ url: FEATURES });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.ok(plain.rawPayload.length > 20_000, String(plain.rawPayload.length));
    const gz = await app.inject({ url: FEATURES, headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.match(String(gz.headers.vary), /accept-encoding/i);
    assert.ok(gz.rawPayload.length < plain.rawPayload.length / 3);
    assert.deepEqual(zlib.gunzipSync(gz.rawPayload), plain.rawPayload);
    const br = await app.inject({ url: FEATURES, headers: { 'accept-encoding': 'gzip;q=0.5, br' } });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.deepEqual(zlib.brotliDecompressSync(br.rawPayload), plain.rawPayload);
  });

  test('small responses and already-compressed types go as they are', async () => {
    const small = await app.inject({ url: '/api/health', headers: { 'accept-encoding': 'gzip, br' } });
    assert.ok(small.rawPayload.length < 1024);
    assert.equal(small.headers['content-encoding'], undefined);
    for (const format of ['shapefile', 'geopackage']) {
      const res = await app.inject({ url: `/api/workspaces/hcmc/layers/bus-stops/export?format=${format}`, headers: { 'accept-encoding': 'gzip, br' } });
      assert.equal(res.statusCode, 200, res.body);
      assert.ok(res.rawPayload.length > 1024);
      assert.equal(res.headers['content-encoding'], undefined, format);
    }
  });

  test('gzip-encoded request bodies are accepted; unknown encodings are a coded 415', async () => {
    const body = zlib.gzipSync(JSON.stringify({ workspace_id: 'can-tho', name: 'Cần Thơ' }));
    const ok = await app.inject({ method: 'POST', url: '/api/workspaces', payload: body, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
    assert.equal(ok.statusCode, 201, ok.body);
    const bad = await app.inject({ method: 'POST', url: '/api/workspaces', payload: '{}', headers: { 'content-type': 'application/json', 'content-encoding': 'zstd-ish' } });
    assert.match(String(assertError(bad, 415, 'DOTHI_API_UNSUPPORTED_MEDIA_TYPE').details.type), /zstd-ish/);
  });
});

describe('ETags', () => {
  test('GETs carry a weak ETag; If-None-Match answers 304 whatever the encoding', async () => {
    const first = await app.inject({ url: FEATURES });
    const etag = String(first.headers.etag);
    assert.match(etag, /^W\/"[A-Za-z0-9_-]+"$/);
    assert.equal((await app.inject({ url: FEATURES })).headers.etag, etag, 'the same bytes, the same tag');
    const other = await app.inject({ url: `${FEATURES}?limit=5` });
    assert.notEqual(other.headers.etag, etag);

    const cached = await app.inject({ url: FEATURES, headers: { 'if-none-match': etag } });
    assert.equal(cached.statusCode, 304);
    assert.equal(cached.rawPayload.length, 0);
    assert.equal(cached.headers.etag, etag);
    const gz = await app.inject({ url: FEATURES, headers: { 'if-none-match': etag.replace(/^W\//, ''), 'accept-encoding': 'gzip' } });
    assert.equal(gz.statusCode, 304);
    const listed = await app.inject({ url: FEATURES, headers: { 'if-none-match': `W/"stale", ${etag}` } });
    assert.equal(listed.statusCode, 304);
    const stale = await app.inject({ url: FEATURES, headers: { 'if-none-match': 'W/"stale"' } });
    assert.equal(stale.statusCode, 200);
    assert.deepEqual(stale.rawPayload, first.rawPayload);
  });

  test('no ETag on errors or writes', async () => {
    const missing = await app.inject({ url: '/api/workspaces/hcmc/layers/nope' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.headers.etag, undefined);
    const created = await app.inject({ method: 'POST', url: '/api/workspaces', payload: { workspace_id: 'hue', name: 'Huế' } });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.headers.etag, undefined);
  });

  test('If-None-Match parsing', () => {
    assert.equal(noneMatch('*', 'W/"a"'), true);
    assert.equal(noneMatch('"a"', 'W/"a"'), true);
    assert.equal(noneMatch('W/"b" , W/"a"', 'W/"a"'), true);
    assert.equal(noneMatch('W/"b"', 'W/"a"'), false);
    assert.equal(noneMatch(undefined, 'W/"a"'), false);
  });
});

describe('CORS', () => {
  const ORIGIN = 'https://quyhoach.danang.gov.vn';

  test('none by default: no CORS headers at all', async () => {
    const res = await app.inject({ url: '/api/health', headers: { origin: ORIGIN } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    const pre = await app.inject({ method: 'OPTIONS', url: '/api/workspaces', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } });
    assert.equal(pre.headers['access-control-allow-origin'], undefined);
  });

  test('listed origins only, with the useful headers exposed and preflights answered', async () => {
    const cors = await buildApp(store.db, { clock: fixedClock, corsOrigins: `${ORIGIN}, https://qgis.example/` });
    try {
      const res = await cors.inject({ url: '/api/health', headers: { origin: ORIGIN } });
      assert.equal(res.headers['access-control-allow-origin'], ORIGIN);
      assert.match(String(res.headers.vary), /origin/i);
      const exposed = String(res.headers['access-control-expose-headers']).toLowerCase();
      for (const h of ['etag', 'x-request-id', 'content-disposition']) assert.ok(exposed.includes(h), exposed);
      assert.equal((await cors.inject({ url: '/api/health', headers: { origin: 'https://qgis.example' } })).headers['access-control-allow-origin'], 'https://qgis.example');
      const stranger = await cors.inject({ url: '/api/health', headers: { origin: 'https://evil.example' } });
      assert.equal(stranger.statusCode, 200);
      assert.equal(stranger.headers['access-control-allow-origin'], undefined);
      const pre = await cors.inject({ method: 'OPTIONS', url: '/api/workspaces/hcmc/imports', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } });
      assert.equal(pre.statusCode, 204);
      assert.equal(pre.headers['access-control-allow-origin'], ORIGIN);
      assert.match(String(pre.headers['access-control-allow-methods']), /POST/);
    } finally {
      await cors.close();
    }
  });

  test('`*` and the DOTHI_CORS_ORIGINS variable', async () => {
    const saved = process.env.DOTHI_CORS_ORIGINS;
    process.env.DOTHI_CORS_ORIGINS = '*';
    try {
      const any = await buildApp(store.db, { clock: fixedClock });
      try {
        const res = await any.inject({ url: '/api/health', headers: { origin: 'https://anyone.example' } });
        assert.equal(res.headers['access-control-allow-origin'], '*');
      } finally {
        await any.close();
      }
    } finally {
      if (saved === undefined) delete process.env.DOTHI_CORS_ORIGINS;
      else process.env.DOTHI_CORS_ORIGINS = saved;
    }
    assert.deepEqual(parseCorsOrigins(' https://a.example/ ,https://b.example,'), ['https://a.example', 'https://b.example']);
    assert.equal(parseCorsOrigins('https://a.example,*'), '*');
    assert.equal(parseCorsOrigins(' , '), undefined);
  });
});

describe('transport errors in the one shape', () => {
  test('a body over the limit is 413 and an unknown content type 415, both coded', async () => {
    const huge = JSON.stringify({ workspace_id: 'big', name: 'x'.repeat(1_100_000) });
    assertError(await app.inject({ method: 'POST', url: '/api/workspaces', payload: huge, headers: { 'content-type': 'application/json' } }), 413, 'DOTHI_API_PAYLOAD_TOO_LARGE');
    const xml = await app.inject({ method: 'POST', url: '/api/workspaces', payload: '<workspace/>', headers: { 'content-type': 'application/xml' } });
    assert.equal(assertError(xml, 415, 'DOTHI_API_UNSUPPORTED_MEDIA_TYPE').details.type, 'application/xml');
  });
});
