// Every registered route × every kind of caller × every visibility of the object it names: the
// answer is allowed or denied exactly as the table below says. The table is the specification,
// written out by hand (issue 6 §1), not computed from the code under test. A route that declares no
// permission fails here, and is refused to everyone at run time.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { createUser, setMembership } from '../../src/auth/accounts.ts';
import { createSession } from '../../src/auth/credentials.ts';
import { setVisibility } from '../../src/auth/visibility.ts';
import type { Permission, Visibility } from '../../src/auth/access.ts';
import { addDataset, buildAndStore, saveSpec } from '../../src/composite/index-store.ts';
import { AccountsProbe, registerAccessGuard, routeTable } from '../../src/http/access-guard.ts';
import { buildApp } from '../../src/http/app.ts';
import { installErrorHandlers } from '../../src/http/errors.ts';
import { addObservations } from '../../src/monitoring/observations.ts';
import { saveIndicatorResults } from '../../src/monitoring/results.ts';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { fixedClock } from '../http/helpers.ts';
import { HCMC_IMPORTED_AT, ODBL, readFixture, seedLayerVersion, seedWorkspace } from '../http/seed.ts';

type Caller = 'public' | 'stakeholder' | 'analyst' | 'planner' | 'owner' | 'outsider' | 'admin';
const CALLERS: readonly Caller[] = ['public', 'stakeholder', 'analyst', 'planner', 'owner', 'outsider', 'admin'];
const VISIBILITIES: readonly Visibility[] = ['private', 'workspace', 'published'];

/** What each caller may do in workspace "hcmc". The outsider owns another workspace and is the public here. */
const MAY: Readonly<Record<Caller, readonly Permission[]>> = {
  public: ['public', 'read'],
  outsider: ['public', 'read'],
  stakeholder: ['public', 'read', 'comment'],
  analyst: ['public', 'read', 'comment', 'view', 'compute'],
  planner: ['public', 'read', 'comment', 'view', 'compute', 'edit'],
  owner: ['public', 'read', 'comment', 'view', 'compute', 'edit', 'manage'],
  admin: ['public', 'read', 'comment', 'view', 'compute', 'edit', 'manage', 'admin'],
};
/** What each caller sees: stakeholders read published data only; private is for those who edit. */
const SEES: Readonly<Record<Caller, readonly Visibility[]>> = {
  public: ['published'],
  outsider: ['published'],
  stakeholder: ['published'],
  analyst: ['published', 'workspace'],
  planner: ['published', 'workspace', 'private'],
  owner: ['published', 'workspace', 'private'],
  admin: ['published', 'workspace', 'private'],
};
/** Codes by which a hidden object answers: the same as a missing one. */
const HIDDEN = new Set(['DOTHI_LAYER_NOT_FOUND', 'DOTHI_INDEX_SPEC_NOT_FOUND', 'DOTHI_INDEX_RESULT_NOT_FOUND', 'DOTHI_INDICATOR_UNKNOWN', 'DOTHI_OGC_COLLECTION_NOT_FOUND']);

const ASEM = fileURLToPath(new URL('../../../engine/test/fixtures/coinr-asem/', import.meta.url));
const SPEC = JSON.parse(fs.readFileSync(fileURLToPath(new URL('../../../../examples/index-specs/asem-coinr.json', import.meta.url)), 'utf8')) as unknown;
const INDICATOR: Readonly<Record<Visibility, string>> = { private: 'u4ssc:EC-I-T-2A', workspace: 'u4ssc:EC-ICT-ICT-1C', published: 'dothi:intersection_density' };

let store: TestStore;
let app: FastifyInstance;
const cookies = new Map<Caller, { cookie: string; csrf: string }>();
const resultOf = new Map<Visibility, string>();

async function signInAll(): Promise<void> {
  for (const c of CALLERS) {
    if (c === 'public') continue;
    const { rows } = await store.db.query<{ user_id: string }>('select user_id from app_user where email = $1', [`${c}@example.vn`]);
    const s = await createSession(store.db, rows[0]!.user_id, fixedClock);
    cookies.set(c, { cookie: `dothi_session=${s.session}`, csrf: s.csrf });
  }
}

/** Puts back what an allowed write may have changed, so every case starts from the same store. */
async function restore(): Promise<void> {
  for (const v of VISIBILITIES) {
    await store.db.query('delete from index_spec where workspace_id = $1 and spec_id = $2', ['hcmc', `spec-${v}`]);
    await saveSpec(store.db, 'hcmc', `spec-${v}`, SPEC, 'create');
    await setVisibility(store.db, 'index_spec', 'hcmc', `spec-${v}`, v);
    await setVisibility(store.db, 'layer', 'hcmc', `lyr-${v}`, v);
    await setVisibility(store.db, 'indicator', 'hcmc', INDICATOR[v], v);
  }
  await signInAll();
}

before(async () => {
  store = await openTestStore('embedded');
  const db = store.db;
  await seedWorkspace(db, 'hcmc', 'TP. Hồ Chí Minh');
  await seedWorkspace(db, 'danang', 'Đà Nẵng');
  const stops = readFixture('hcmc-bus_stops.geojson');
  for (const v of VISIBILITIES) {
    await seedLayerVersion(db, { workspace: 'hcmc', layer: `lyr-${v}`, kind: 'transit_stops', title: `Stops (${v})`, sourceFile: 'hcmc-bus_stops.geojson', sourceText: stops.text, licence: ODBL, importedAt: HCMC_IMPORTED_AT, features: stops.features.slice(0, 5) });
  }
  await addDataset(db, 'hcmc', { dataset_id: 'asem', name: 'ASEM', idata: fs.readFileSync(`${ASEM}ASEM_iData.csv`, 'utf8'), imeta: fs.readFileSync(`${ASEM}ASEM_iMeta.csv`, 'utf8') }, fixedClock);
  for (const v of VISIBILITIES) {
    await saveSpec(db, 'hcmc', `spec-${v}`, SPEC, 'create');
    resultOf.set(v, (await buildAndStore(db, 'hcmc', `spec-${v}`, 'asem', undefined, fixedClock)).result_id);
    await addObservations(db, 'hcmc', [{ indicator_id: INDICATOR[v], unit_code: '_workspace', period: '2024', value: 10, quality: 'measured' }]);
  }
  await saveIndicatorResults(db, 'hcmc', { calculator: 'intersection_density', version: '1.0.0', unit: '/km²', values: [], whole: 50, inputs: [] }, fixedClock);
  await db.query(`insert into job (workspace_id, job_id, kind, status, input, created_at) values ('hcmc', 'job-1', 'import', 'succeeded', '{}', $1)`, [fixedClock()]);
  for (const c of CALLERS) {
    if (c === 'public') continue;
    await createUser(db, { email: `${c}@example.vn`, password: 'correct horse battery', isAdmin: c === 'admin' }, fixedClock);
    if (c === 'outsider') await setMembership(db, 'danang', `${c}@example.vn`, 'owner', fixedClock);
    else if (c !== 'admin') await setMembership(db, 'hcmc', `${c}@example.vn`, c, fixedClock);
  }
  await restore();
  app = await buildApp(db, { clock: fixedClock, corsOrigins: '', ratePerMinute: 0 });
  await app.ready();
});

after(async () => {
  await app?.close();
  await store?.close();
});

/** The object a route names, at a visibility; null for routes that name none with a visibility. */
function urlFor(url: string, v: Visibility): { path: string; visible: boolean } {
  let visible = false;
  const path = url.replace(/:(\w+)/g, (_m, name: string) => {
    switch (name) {
      case 'ws':
        return 'hcmc';
      case 'layer':
        visible = true;
        return `lyr-${v}`;
      case 'collectionId':
        visible = true;
        return url.startsWith('/ogc/:ws') ? `lyr-${v}` : `hcmc__lyr-${v}`;
      case 'id':
        if (url.includes('/index-specs/')) {
          visible = true;
          return `spec-${v}`;
        }
        if (url.includes('/index-results/')) {
          visible = true;
          return resultOf.get(v)!;
        }
        if (url.includes('/workspaces/:ws/indicators/')) {
          visible = true;
          return encodeURIComponent(INDICATOR[v]);
        }
        if (url.includes('/index-datasets/')) return 'asem';
        if (url.startsWith('/api/jobs/')) return 'job-1';
        return '1';
      case 'featureId':
        return '1';
      case 'email':
        return 'nobody@example.vn';
      case 'token':
        return 't_none';
      case 'v':
      case 'z':
      case 'x':
      case 'y':
        return name === 'v' ? '1' : '0';
      default:
        throw new Error(`no test value for :${name} in ${url}`);
    }
  });
  return { path, visible };
}

/** Query strings some reads need to get past validation to the handler. */
const QUERY: Readonly<Record<string, string>> = {
  '/api/workspaces/:ws/benchmark': `indicators=${encodeURIComponent(INDICATOR.published)}`,
};
/** Valid bodies where the object check comes after validation (the rest get an invalid one). */
const BODY: Readonly<Record<string, unknown>> = {
  '/api/workspaces/:ws/index-specs/:id/build': { dataset_id: 'asem' },
  '/api/workspaces/:ws/layers/:layer/comments': { body: 'Góp ý cho lớp này' },
};

test('every route declares a permission', () => {
  const table = routeTable(app);
  assert.ok(table.length > 60, `the route table holds the API (${table.length} routes)`);
  assert.deepEqual(table.filter((r) => r.permission === undefined).map((r) => `${r.method} ${r.url}`), []);
});

test('a route without a declared permission is refused to everyone', async () => {
  const bare = Fastify();
  installErrorHandlers(bare);
  registerAccessGuard(bare, store.db, { mode: 'local', clock: fixedClock }, new AccountsProbe(store.db));
  bare.get('/forgotten', async () => ({ secret: true }));
  const res = await bare.inject({ url: '/forgotten', headers: { cookie: cookies.get('admin')!.cookie } });
  assert.equal(res.statusCode, 500);
  assert.equal(res.json<{ error: { code: string } }>().error.code, 'DOTHI_AUTH_UNDECLARED');
  assert.deepEqual(routeTable(bare).map((r) => [r.method, r.url, r.permission]), [['GET', '/forgotten', undefined], ['HEAD', '/forgotten', undefined]]);
  await bare.close();
});

test('every route × caller × visibility is allowed or denied as the table says', async () => {
  const wrong: string[] = [];
  let cases = 0;
  for (const r of routeTable(app)) {
    if (r.method === 'HEAD' || r.method === 'OPTIONS' || r.url.startsWith('/api/docs') || r.permission === undefined) continue;
    for (const v of VISIBILITIES) {
      const { path, visible } = urlFor(r.url, v);
      if (!visible && v !== 'published') continue;
      for (const caller of CALLERS) {
        const c = cookies.get(caller);
        const query = QUERY[r.url];
        const res = await app.inject({
          method: r.method as 'GET',
          url: query ? `${path}?${query}` : path,
          headers: c ? { cookie: c.cookie, 'x-csrf-token': c.csrf } : {},
          // Bodies that fail validation: a write that gets past the guard changes nothing.
          ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { payload: BODY[r.url] ?? { not_a_field: true } }),
        });
        cases++;
        const code = (() => {
          try {
            return res.json<{ error?: { code?: string } }>().error?.code;
          } catch {
            return undefined;
          }
        })();
        const denied = res.statusCode === 401 || res.statusCode === 403 || (visible && res.statusCode === 404 && code !== undefined && HIDDEN.has(code));
        const expected = MAY[caller].includes(r.permission) && (!visible || SEES[caller].includes(v));
        if (denied === expected) wrong.push(`${r.method} ${r.url} [${visible ? v : '-'}] as ${caller}: expected ${expected ? 'allowed' : 'denied'}, got ${res.statusCode} ${code ?? ''}`);
        if (res.statusCode < 300 && r.method !== 'GET') await restore();
      }
    }
  }
  assert.ok(cases > 600, `${cases} cases`);
  assert.deepEqual(wrong, []);
});
