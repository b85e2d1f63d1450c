// Tenant isolation as a property (fast-check): for random callers (a user with random roles in random
// workspaces, a token for one workspace and role, or the public) and random requests against three
// workspaces, no answer contains an object the caller may not see, no write crosses into a workspace
// where the caller may not write, and no request changes another workspace's rows.
//
// Every object is named "<workspace>-<what>-<visibility>", so a leak is a string in a response body.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import type { Role, Visibility } from '../../src/auth/access.ts';
import { createUser } from '../../src/auth/accounts.ts';
import { createSession, createToken } from '../../src/auth/credentials.ts';
import { setVisibility } from '../../src/auth/visibility.ts';
import { saveSpec } from '../../src/composite/index-store.ts';
import { buildApp } from '../../src/http/app.ts';
import { addObservations } from '../../src/monitoring/observations.ts';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { fixedClock } from '../http/helpers.ts';
import { HCMC_IMPORTED_AT, ODBL, readFixture, seedLayerVersion, seedWorkspace } from '../http/seed.ts';

const WORKSPACES = ['alpha', 'beta', 'gamma'] as const;
type Ws = (typeof WORKSPACES)[number];
const ROLES: readonly Role[] = ['owner', 'planner', 'analyst', 'stakeholder'];
const VIS: readonly Visibility[] = ['private', 'workspace', 'published'];
/** The specification, by hand: who sees what, who writes. */
const SEES: Readonly<Record<Role | 'none', readonly Visibility[]>> = {
  none: ['published'],
  stakeholder: ['published'],
  analyst: ['published', 'workspace'],
  planner: ['published', 'workspace', 'private'],
  owner: ['published', 'workspace', 'private'],
};
const WRITES: readonly Role[] = ['owner', 'planner'];
const INDICATOR: Readonly<Record<Visibility, string>> = { private: 'u4ssc:EC-I-T-2A', workspace: 'u4ssc:EC-ICT-ICT-1C', published: 'dothi:intersection_density' };
const SPEC = JSON.parse(fs.readFileSync(fileURLToPath(new URL('../../../../examples/index-specs/asem-coinr.json', import.meta.url)), 'utf8')) as unknown;
const TABLES = ['layer', 'layer_version', 'feature', 'index_spec', 'observation', 'target', 'indicator_visibility', 'api_token', 'membership'];

let store: TestStore;
let app: FastifyInstance;
let userId = '';

before(async () => {
  store = await openTestStore('embedded');
  const db = store.db;
  const stops = readFixture('hcmc-bus_stops.geojson');
  for (const ws of WORKSPACES) {
    await seedWorkspace(db, ws, ws);
    for (const v of VIS) {
      await seedLayerVersion(db, { workspace: ws, layer: `${ws}-stops-${v}`, kind: 'transit_stops', title: `${ws}-title-${v}`, sourceFile: `${ws}-file-${v}.geojson`, sourceText: stops.text, licence: ODBL, importedAt: HCMC_IMPORTED_AT, features: stops.features.slice(0, 3), props: (f) => ({ name: `${ws}-stop-${v}`, source_id: String(f.id ?? '') }) });
      await setVisibility(db, 'layer', ws, `${ws}-stops-${v}`, v);
      await saveSpec(db, ws, `${ws}-spec-${v}`, SPEC, 'create');
      await setVisibility(db, 'index_spec', ws, `${ws}-spec-${v}`, v);
      await addObservations(db, ws, [{ indicator_id: INDICATOR[v], unit_code: '_workspace', period: '2024', value: 1, quality: 'measured', source: `${ws}-obs-${v}` }]);
      await setVisibility(db, 'indicator', ws, INDICATOR[v], v);
    }
  }
  userId = (await createUser(db, { email: 'someone@example.vn', password: 'correct horse battery', isAdmin: false }, fixedClock)).user_id;
  app = await buildApp(db, { clock: fixedClock, corsOrigins: '', ratePerMinute: 0 });
});

after(async () => {
  await app?.close();
  await store?.close();
});

type Caller = { kind: 'public' } | { kind: 'user'; roles: Partial<Record<Ws, Role>> } | { kind: 'token'; ws: Ws; role: Role };

const caller: fc.Arbitrary<Caller> = fc.oneof(
  fc.constant({ kind: 'public' as const }),
  fc.record({ kind: fc.constant('user' as const), roles: fc.record({ alpha: fc.constantFrom(...ROLES), beta: fc.constantFrom(...ROLES), gamma: fc.constantFrom(...ROLES) }, { requiredKeys: [] }) }),
  fc.record({ kind: fc.constant('token' as const), ws: fc.constantFrom(...WORKSPACES), role: fc.constantFrom(...ROLES) }),
);

interface Op {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  /** The workspace written to, for writes. */
  writes?: Ws;
  /** The roles that may make this write. */
  may?: readonly Role[];
}

const ws = fc.constantFrom(...WORKSPACES);
const vis = fc.constantFrom(...VIS);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant<Op>({ method: 'GET', url: '/api/workspaces' }),
  fc.constant<Op>({ method: 'GET', url: '/ogc/collections' }),
  fc.constant<Op>({ method: 'GET', url: '/ogc' }),
  ws.map((w): Op => ({ method: 'GET', url: `/api/workspaces/${w}/layers` })),
  ws.map((w): Op => ({ method: 'GET', url: `/ogc/${w}/collections` })),
  ws.map((w): Op => ({ method: 'GET', url: `/api/workspaces/${w}/index-specs` })),
  ws.map((w): Op => ({ method: 'GET', url: `/api/workspaces/${w}/observations` })),
  ws.map((w): Op => ({ method: 'GET', url: `/api/workspaces/${w}/observations.csv` })),
  ws.map((w): Op => ({ method: 'GET', url: `/api/workspaces/${w}/progress` })),
  fc.tuple(ws, ws, vis).map(([w, other, v]): Op => ({ method: 'GET', url: `/api/workspaces/${w}/layers/${other}-stops-${v}/features` })),
  fc.tuple(ws, ws, vis).map(([w, other, v]): Op => ({ method: 'GET', url: `/ogc/collections/${w}__${other}-stops-${v}/items` })),
  fc.tuple(ws, ws, vis).map(([w, other, v]): Op => ({ method: 'GET', url: `/api/workspaces/${w}/index-specs/${other}-spec-${v}` })),
  fc.tuple(ws, vis, fc.subarray([...WORKSPACES])).map(([w, v, peers]): Op => ({ method: 'GET', url: `/api/workspaces/${w}/benchmark?indicators=${encodeURIComponent(INDICATOR[v])}${peers.length ? `&peers=${peers.join(',')}` : ''}` })),
  fc.tuple(ws, ws, vis, vis).map(([w, other, v, to]): Op => ({ method: 'PUT', url: `/api/workspaces/${w}/layers/${other}-stops-${v}/visibility`, body: { visibility: to }, writes: w })),
  fc.tuple(ws, vis).map(([w, v]): Op => ({ method: 'POST', url: `/api/workspaces/${w}/observations`, body: { observations: [{ indicator_id: INDICATOR[v], unit_code: '_workspace', period: '2025', value: 2, quality: 'estimated', source: `${w}-obs-${v}` }] }, writes: w })),
  fc.tuple(ws, vis).map(([w, v]): Op => ({ method: 'POST', url: `/api/workspaces/${w}/targets`, body: { indicator_id: INDICATOR[v], unit_code: '_workspace', year: 2030, value: 5, source: `${w}-target-${v}` }, writes: w })),
  ws.map((w): Op => ({ method: 'POST', url: `/api/workspaces/${w}/tokens`, body: { role: 'stakeholder' }, writes: w, may: ['owner'] })),
);

function roleIn(c: Caller, w: Ws): Role | 'none' {
  if (c.kind === 'user') return c.roles[w] ?? 'none';
  if (c.kind === 'token') return c.ws === w ? c.role : 'none';
  return 'none';
}

/** Rows per workspace of every tenant table: what a request must leave alone outside its workspace. */
async function fingerprint(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of TABLES) {
    const { rows } = await store.db.query<{ w: string; h: string }>(`select workspace_id w, md5(string_agg(x::text, '|' order by x::text)) h from ${t} x group by workspace_id`);
    for (const r of rows) out[`${t}/${r.w}`] = r.h;
  }
  return out;
}

/** Visibility as stored now (writes in earlier runs move it). */
async function currentVisibility(): Promise<Map<string, Visibility>> {
  const { rows } = await store.db.query<{ id: string; visibility: Visibility }>(
    `select layer_id id, visibility from layer union all select spec_id, visibility from index_spec
     union all select workspace_id || '/' || indicator_id, visibility from indicator_visibility`,
  );
  return new Map(rows.map((r) => [r.id, r.visibility]));
}

test('no answer shows what the caller may not see, and no write crosses workspaces', async () => {
  await fc.assert(
    fc.asyncProperty(caller, op, async (c, o) => {
      await store.db.query('delete from membership where user_id = $1', [userId]);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (c.kind === 'user') {
        for (const [w, r] of Object.entries(c.roles)) await store.db.query('insert into membership (workspace_id, user_id, role, created_at) values ($1, $2, $3, $4)', [w, userId, r, fixedClock()]);
        const s = await createSession(store.db, userId, fixedClock);
        Object.assign(headers, { cookie: `dothi_session=${s.session}`, 'x-csrf-token': s.csrf });
      } else if (c.kind === 'token') {
        headers.authorization = `Bearer ${(await createToken(store.db, { workspace: c.ws, role: c.role, createdBy: 'property' }, fixedClock)).token}`;
      }
      const seen = await currentVisibility();
      const before0 = await fingerprint();
      const res = await app.inject({ method: o.method, url: o.url, headers, ...(o.body !== undefined ? { payload: JSON.stringify(o.body) } : {}) });
      const after0 = await fingerprint();

      // 1. Nothing the caller may not see, wherever it is in the body.
      for (const m of res.body.matchAll(/\b(alpha|beta|gamma)-(stops|spec|obs|stop|title|file)-(private|workspace|published)\b/g)) {
        const [, w, what, v] = m as unknown as [string, Ws, string, Visibility];
        // A not-found error repeats the name the caller asked for; that tells it nothing.
        if (o.url.includes(m[0]) && res.statusCode === 404) continue;
        // The visibility that counts is the object's current one (its name keeps the one it was made with).
        const current = what === 'stops' || what === 'stop' || what === 'title' || what === 'file' ? seen.get(`${w}-stops-${v}`) : what === 'spec' ? seen.get(`${w}-spec-${v}`) : seen.get(`${w}/${INDICATOR[v]}`);
        assert.ok(current && SEES[roleIn(c, w)].includes(current), `${o.method} ${o.url} as ${JSON.stringify(c)} showed ${m[0]} (now ${current})`);
      }
      // 2. Writes land only where the caller may write.
      if (o.writes) {
        const may = (o.may ?? WRITES).includes(roleIn(c, o.writes) as Role);
        if (res.statusCode < 300) assert.ok(may, `${o.method} ${o.url} succeeded as ${JSON.stringify(c)}`);
        if (!may) assert.ok(res.statusCode === 401 || res.statusCode === 403, `${o.method} ${o.url} as ${JSON.stringify(c)}: ${res.statusCode}`);
      }
      // 3. No other workspace's rows change.
      for (const key of new Set([...Object.keys(before0), ...Object.keys(after0)])) {
        const w = key.split('/')[1];
        if (w !== o.writes) assert.equal(after0[key], before0[key], `${o.method} ${o.url} changed ${key}`);
      }
    }),
    { numRuns: 300, seed: 20261123 },
  );
});
