// Accounts, sessions, API tokens, single-user mode, personal attributes and the audit log, through
// the HTTP API on both backends.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createUser, hashPassword, setMembership, verifyPassword } from '../../src/auth/accounts.ts';
import { createToken } from '../../src/auth/credentials.ts';
import { buildApp } from '../../src/http/app.ts';
import { importFile } from '../../src/imports/import-file.ts';
import { createWorkspace } from '../../src/store/workspaces.ts';
import { BACKENDS, openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { assertError, fixedClock, FIXED_NOW } from '../http/helpers.ts';

const HOUSEHOLDS = fileURLToPath(new URL('../fixtures/security/households.csv', import.meta.url));
const PASSWORD = 'correct horse battery staple';
const PERSONAL = ['head_of_household', 'national_id', 'phone'];
const ACTOR_PERSONAL = ['contact_email', 'contact_person'];
/** Innovation actors are organisations: their records are public-able once the contact persons are left out. */
const ACTORS_CSV = [
  'lon,lat,name,actor_type,employees,contact_person,contact_email',
  '106.6580,10.7730,Trường Đại học Bách khoa,university,1200,Nguyễn Văn An,an@example.vn',
  '106.8030,10.8550,Vườn ươm Khu Công nghệ cao,incubator,40,Trần Thị Bình,binh@example.vn',
].join('\n');

test('scrypt hashes: salted, verifiable, and wrong passwords fail', async () => {
  const a = await hashPassword(PASSWORD);
  const b = await hashPassword(PASSWORD);
  assert.match(a, /^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
  assert.notEqual(a, b, 'a salt per hash');
  assert.equal(await verifyPassword(PASSWORD, a), true);
  assert.equal(await verifyPassword(`${PASSWORD}!`, a), false);
  assert.equal(await verifyPassword(PASSWORD, 'scrypt$garbage'), false);
});

test('single-user mode: this machine acts as administrator only on a loopback host and only until an account exists', async () => {
  const store = await openTestStore('embedded');
  const app = await buildApp(store.db, { clock: fixedClock, corsOrigins: '', ratePerMinute: 0 });
  try {
    const create = (host: string, remoteAddress = '127.0.0.1') =>
      app.inject({ method: 'POST', url: '/api/workspaces', headers: { host }, remoteAddress, payload: { workspace_id: `ws-${Math.random().toString(36).slice(2, 8)}` } });
    assert.equal((await create('localhost:8080')).statusCode, 201);
    assert.equal((await create('127.0.0.1:8080')).statusCode, 201);
    // A public host name (a reverse proxy, or a DNS-rebinding page) or another machine is the public.
    assertError(await create('dothi.example.vn'), 401, 'DOTHI_AUTH_REQUIRED');
    assertError(await create('localhost:8080', '192.0.2.10'), 401, 'DOTHI_AUTH_REQUIRED');
    assert.equal((await app.inject({ url: '/api/auth/me', headers: { host: 'localhost' } })).json<{ kind: string }>().kind, 'local');
    await createUser(store.db, { email: 'admin@example.vn', password: PASSWORD, isAdmin: true }, fixedClock);
    // The switch is seen within a second (the probe asks again at most once a second while there is no account).
    await new Promise((r) => setTimeout(r, 1100));
    assertError(await create('localhost:8080'), 401, 'DOTHI_AUTH_REQUIRED');
    const accounts = await buildApp(store.db, { clock: fixedClock, corsOrigins: '', ratePerMinute: 0, access: 'accounts' });
    assert.equal((await accounts.inject({ url: '/api/auth/me', headers: { host: 'localhost' } })).json<{ kind: string }>().kind, 'public');
    await accounts.close();
  } finally {
    await app.close();
    await store.close();
  }
});

for (const backend of BACKENDS) {
  describe(`accounts on ${backend}`, () => {
    let store: TestStore;
    let app: FastifyInstance;
    const req = (opts: { method?: string; url: string; cookie?: string; csrf?: string; token?: string; payload?: unknown }): Promise<LightMyRequestResponse> =>
      app.inject({
        method: (opts.method ?? 'GET') as 'GET',
        url: opts.url,
        headers: {
          ...(opts.cookie ? { cookie: opts.cookie } : {}),
          ...(opts.csrf ? { 'x-csrf-token': opts.csrf } : {}),
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        },
        ...(opts.payload !== undefined ? { payload: opts.payload as Record<string, unknown> } : {}),
      });

    async function login(email: string): Promise<{ cookie: string; csrf: string; res: LightMyRequestResponse }> {
      const res = await req({ method: 'POST', url: '/api/auth/login', payload: { email, password: PASSWORD } });
      assert.equal(res.statusCode, 200, res.body);
      const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
      const session = set.find((c) => c.startsWith('dothi_session='))!;
      return { cookie: session.split(';')[0]!, csrf: res.json<{ csrf_token: string }>().csrf_token, res };
    }

    before(async () => {
      store = await openTestStore(backend);
      await createWorkspace(store.db, 'hcmc');
      await createWorkspace(store.db, 'danang');
      await importFile(store.db, { workspace: 'hcmc', paths: [HOUSEHOLDS], kind: 'population', name: 'households', onInvalid: 'reject', importer: 'test', limits: { maxBytes: 1e6, maxFeatures: 1e4 }, clock: fixedClock, visibility: 'published' });
      const actors = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dothi-actors-')), 'actors.csv');
      fs.writeFileSync(actors, ACTORS_CSV);
      await importFile(store.db, { workspace: 'hcmc', paths: [actors], kind: 'innovation_actors', name: 'actors', onInvalid: 'reject', importer: 'test', limits: { maxBytes: 1e6, maxFeatures: 1e4 }, clock: fixedClock, visibility: 'published' });
      for (const [email, role] of [['owner@example.vn', 'owner'], ['planner@example.vn', 'planner'], ['analyst@example.vn', 'analyst']] as const) {
        await createUser(store.db, { email, password: PASSWORD, isAdmin: false }, fixedClock);
        await setMembership(store.db, 'hcmc', email, role, fixedClock);
      }
      app = await buildApp(store.db, { clock: fixedClock, corsOrigins: '', ratePerMinute: 0 });
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    test('sign-in sets an HttpOnly SameSite session cookie and a CSRF token; wrong passwords and unknown emails fail alike', async () => {
      const { res, cookie, csrf } = await login('Planner@Example.vn');
      const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
      assert.match(set.find((c) => c.startsWith('dothi_session='))!, /; Path=\/; Max-Age=43200; SameSite=Lax; HttpOnly$/);
      assert.match(set.find((c) => c.startsWith('dothi_csrf='))!, /; SameSite=Strict$/);
      assert.deepEqual(res.json<{ roles: unknown }>().roles, [{ workspace_id: 'hcmc', role: 'planner' }]);
      const me = (await req({ url: '/api/auth/me', cookie })).json<{ kind: string; email: string; csrf_token: string }>();
      assert.deepEqual([me.kind, me.email, me.csrf_token], ['user', 'planner@example.vn', csrf]);
      assertError(await req({ method: 'POST', url: '/api/auth/login', payload: { email: 'planner@example.vn', password: 'wrong password!' } }), 401, 'DOTHI_AUTH_LOGIN_FAILED');
      assertError(await req({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@example.vn', password: PASSWORD } }), 401, 'DOTHI_AUTH_LOGIN_FAILED');
    });

    test('a signed-in change needs the CSRF token; sign-out ends the session', async () => {
      const { cookie, csrf } = await login('planner@example.vn');
      const publish = { method: 'PUT', url: '/api/workspaces/hcmc/layers/households/visibility', payload: { visibility: 'published' } };
      assertError(await req({ ...publish, cookie }), 403, 'DOTHI_AUTH_CSRF');
      assertError(await req({ ...publish, cookie, csrf: 'forged' }), 403, 'DOTHI_AUTH_CSRF');
      assert.equal((await req({ ...publish, cookie, csrf })).statusCode, 200);
      assert.equal((await req({ method: 'POST', url: '/api/auth/logout', cookie, csrf })).statusCode, 204);
      assert.equal((await req({ url: '/api/auth/me', cookie })).json<{ kind: string }>().kind, 'public');
    });

    test('API tokens: scoped to a workspace and role, expiring, revocable; unknown tokens are refused', async () => {
      const { token, info } = await createToken(store.db, { workspace: 'hcmc', role: 'analyst', expiresDays: 1, createdBy: 'test' }, fixedClock);
      assert.match(token, /^dothi_[\w-]{43}$/);
      const { rows } = await store.db.query<{ token_hash: string }>('select token_hash from api_token where token_id = $1', [info.token_id]);
      assert.ok(rows[0] && !rows[0].token_hash.includes(token), 'only a hash is stored');
      assert.equal((await req({ url: '/api/workspaces/hcmc/index-datasets', token })).statusCode, 200, 'analysts view datasets');
      assertError(await req({ method: 'PUT', url: '/api/workspaces/hcmc/layers/households/visibility', token, payload: { visibility: 'private' } }), 403, 'DOTHI_AUTH_FORBIDDEN');
      assertError(await req({ url: '/api/workspaces/danang/index-datasets', token }), 403, 'DOTHI_AUTH_FORBIDDEN');
      // The OGC API honours the header too (QGIS and GDAL send it).
      assert.equal((await req({ url: '/ogc/hcmc/collections/actors/items', token })).statusCode, 200);
      const later = new Date(FIXED_NOW.getTime() + 2 * 86_400_000);
      const tomorrow = await buildApp(store.db, { clock: () => later, corsOrigins: '', ratePerMinute: 0 });
      assertError(await tomorrow.inject({ url: '/api/health', headers: { authorization: `Bearer ${token}` } }), 401, 'DOTHI_AUTH_TOKEN_INVALID');
      await tomorrow.close();
      const owner = await login('owner@example.vn');
      const revoked = await req({ method: 'DELETE', url: `/api/workspaces/hcmc/tokens/${info.token_id}`, cookie: owner.cookie, csrf: owner.csrf });
      assert.equal(revoked.statusCode, 200);
      assertError(await req({ url: '/api/health', token }), 401, 'DOTHI_AUTH_TOKEN_INVALID');
      assertError(await req({ url: '/api/health', token: 'dothi_guessed' }), 401, 'DOTHI_AUTH_TOKEN_INVALID');
    });

    test('a layer of households reaches planners and owners only; other roles read it as its published summary', async () => {
      const { token } = await createToken(store.db, { workspace: 'hcmc', role: 'analyst', createdBy: 'test' }, fixedClock);
      const planner = await login('planner@example.vn');
      const refused = [
        '/api/workspaces/hcmc/layers/households/features',
        '/ogc/hcmc/collections/households/items?limit=100',
        '/ogc/hcmc/collections/households',
        '/api/workspaces/hcmc/layers/households/export?format=geojson',
        '/tiles/hcmc/households/14/13048/7698.pbf',
        '/tiles/hcmc/households.json',
      ];
      for (const who of [{ token }, {}]) {
        for (const url of refused) {
          const res = await req({ url, ...who });
          assertError(res, 403, 'DOTHI_AUTH_PERSONAL_RECORDS');
          assert.match(res.json<{ error: { message: string } }>().error.message, /\/api\/workspaces\/hcmc\/layers\/households\/summary/);
        }
        const collections = (await req({ url: '/ogc/hcmc/collections', ...who })).json<{ collections: Array<{ id: string }> }>().collections.map((c) => c.id);
        assert.deepEqual(collections.filter((id) => id === 'households'), [], 'not offered as an OGC collection');
        const listed = (await req({ url: '/api/workspaces/hcmc/layers', ...who })).json<{ layers: Array<{ layer_id: string; summary_only: boolean }> }>().layers;
        assert.deepEqual(listed.filter((l) => l.layer_id === 'households').map((l) => l.summary_only), [true]);
        assert.equal((await req({ url: '/api/workspaces/hcmc/layers/households/summary?by=unit_code&sum=population', ...who })).statusCode, 200);
      }
      const keys = (res: LightMyRequestResponse) => [...new Set(res.json<{ features: Array<{ properties: Record<string, unknown> }> }>().features.flatMap((f) => Object.keys(f.properties)))];
      const full = await req({ url: '/api/workspaces/hcmc/layers/households/features', cookie: planner.cookie });
      assert.deepEqual(keys(full).filter((k) => PERSONAL.includes(k)).sort(), PERSONAL);
      assert.equal((await req({ url: '/api/workspaces/hcmc/layers/households/features?phone=0901000001', cookie: planner.cookie })).json<{ numberMatched: number }>().numberMatched, 1);
      const mine = (await req({ url: '/api/workspaces/hcmc/layers', cookie: planner.cookie })).json<{ layers: Array<{ layer_id: string; summary_only: boolean }> }>().layers;
      assert.deepEqual(mine.filter((l) => l.layer_id === 'households').map((l) => l.summary_only), [false]);
    });

    test('personal attributes of other layers go to planners and owners only, and cannot be filtered or sorted on by others', async () => {
      const { token } = await createToken(store.db, { workspace: 'hcmc', role: 'analyst', createdBy: 'test' }, fixedClock);
      const planner = await login('planner@example.vn');
      const keys = (res: LightMyRequestResponse) => [...new Set(res.json<{ features: Array<{ properties: Record<string, unknown> }> }>().features.flatMap((f) => Object.keys(f.properties)))];
      const url = '/api/workspaces/hcmc/layers/actors/features';
      for (const who of [{ token }, {}]) {
        const res = await req({ url, ...who });
        assert.equal(res.statusCode, 200);
        assert.deepEqual(keys(res).sort(), ['actor_type', 'employees', 'name'], 'the organisations, without their contact persons');
        const ogc = await req({ url: '/ogc/hcmc/collections/actors/items?limit=100', ...who });
        assert.deepEqual(keys(ogc).filter((k) => ACTOR_PERSONAL.includes(k)), [], 'nor in OGC items');
        const csv = await req({ url: '/api/workspaces/hcmc/layers/actors/export?format=geojson', ...who });
        assert.equal(csv.statusCode, 200);
        assert.ok(!csv.body.includes('an@example.vn') && !csv.body.includes('Nguyễn Văn An'), 'nor in exports');
        assertError(await req({ url: `${url}?contact_email=an@example.vn`, ...who }), 403, 'DOTHI_AUTH_PERSONAL_ATTRIBUTE');
        assertError(await req({ url: `${url}?sortby=contact_person`, ...who }), 403, 'DOTHI_AUTH_PERSONAL_ATTRIBUTE');
        assertError(await req({ url: '/ogc/hcmc/collections/actors/items?contact_email=an@example.vn', ...who }), 400, 'DOTHI_OGC_PROPERTY_UNKNOWN');
      }
      const full = await req({ url, cookie: planner.cookie });
      assert.deepEqual(keys(full).filter((k) => ACTOR_PERSONAL.includes(k)).sort(), ACTOR_PERSONAL);
      assert.equal((await req({ url: `${url}?contact_email=an@example.vn`, cookie: planner.cookie })).json<{ numberMatched: number }>().numberMatched, 1);
    });

    test('every accepted write is in the audit log with actor and request id; the log refuses updates, deletes and truncation', async () => {
      const owner = await login('owner@example.vn');
      const r = await req({ method: 'PUT', url: '/api/workspaces/hcmc/layers/households/visibility', cookie: owner.cookie, csrf: owner.csrf, payload: { visibility: 'workspace' } });
      assert.equal(r.statusCode, 200);
      const log = await req({ url: '/api/workspaces/hcmc/audit', cookie: owner.cookie });
      assert.equal(log.statusCode, 200);
      const entries = log.json<{ entries: Array<{ actor: string; action: string; target: string; request_id: string; summary: Record<string, unknown> }> }>().entries;
      const last = entries.at(-1)!;
      assert.deepEqual([last.actor, last.action, last.target], ['user:owner@example.vn', 'PUT /api/workspaces/:ws/layers/:layer/visibility', '{"layer":"households"}']);
      assert.equal(last.request_id, r.headers['x-request-id']);
      assert.deepEqual([last.summary.before, last.summary.after], [{ visibility: 'published' }, { visibility: 'workspace' }]);
      const csv = await req({ url: '/api/workspaces/hcmc/audit?format=csv', cookie: owner.cookie });
      assert.match(csv.body, /^audit_id,at,workspace_id,actor,action,target,request_id,summary\r\n/);
      // Sign-ins are site-wide entries, failed ones included; the secret never is.
      const site = await store.db.query<{ actor: string; summary: { status: number; request: Record<string, unknown> } }>("select actor, summary from audit_log where action = 'POST /api/auth/login' order by audit_id");
      assert.ok(site.rows.some((x) => x.summary.status === 401));
      assert.ok(site.rows.every((x) => x.summary.request.password === '[redacted]'));
      const planner = await login('planner@example.vn');
      assertError(await req({ url: '/api/workspaces/hcmc/audit', cookie: planner.cookie }), 403, 'DOTHI_AUTH_FORBIDDEN');
      for (const sql of ['update audit_log set actor = $1', 'delete from audit_log where actor <> $1', 'truncate audit_log']) {
        await assert.rejects(store.db.query(sql, sql.includes('$1') ? ['someone'] : []), /DOTHI_AUDIT_APPEND_ONLY/, sql);
      }
    });
  });
}
