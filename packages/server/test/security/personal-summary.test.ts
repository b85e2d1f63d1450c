// The published view of personal data (GET …/layers/:layer/summary) on both backends: household
// records counted and summed per ward, by attribute and by zones; for callers who may not see
// personal data, groups below the workspace's minimum group size are withheld together with the
// groups that would give them away. Expected tables worked out by hand (the same cases as the
// engine's test/privacy.test.ts): wards A 12, B 3, C 7, D 1 households, one household outside.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createToken } from '../../src/auth/credentials.ts';
import { buildApp } from '../../src/http/app.ts';
import { importFile } from '../../src/imports/import-file.ts';
import { createWorkspace } from '../../src/store/workspaces.ts';
import { BACKENDS, openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { assertError, fixedClock } from '../http/helpers.ts';

/** Four 0.01° wards side by side along a street of Da Nang, west to east. */
const WARDS = ['A', 'B', 'C', 'D'].map((code, i) => ({
  code, x0: 108.2 + i * 0.01,
}));
const HOUSEHOLDS: ReadonlyArray<[ward: string, n: number]> = [['A', 12], ['B', 3], ['C', 7], ['D', 1]];

/** Invented households (no real person): population 1 + i mod 5, so every sum is checkable by hand. */
function householdsCsv(): string {
  const lines = ['lon,lat,population,households,year,unit_code,head_of_household,phone,national_id'];
  let i = 0;
  for (const [ward, n] of HOUSEHOLDS) {
    const w = WARDS.find((x) => x.code === ward)!;
    for (let k = 0; k < n; k++, i++) {
      lines.push(`${(w.x0 + 0.001 + k * 0.0005).toFixed(5)},16.055,${1 + (i % 5)},1,2025,${ward},Hộ số ${i},09000000${String(i).padStart(2, '0')},0790000000${String(i).padStart(2, '0')}`);
    }
  }
  // One household east of every ward: counted, in no zone.
  lines.push('108.26,16.055,4,1,2025,,Hộ ngoài,0900000099,079000000099');
  return lines.join('\n') + '\n';
}

function wardsGeojson(): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: WARDS.map((w) => ({
      type: 'Feature', properties: { code: w.code, name: `Phường ${w.code}` },
      geometry: { type: 'Polygon', coordinates: [[[w.x0, 16.05], [w.x0 + 0.01, 16.05], [w.x0 + 0.01, 16.06], [w.x0, 16.06], [w.x0, 16.05]]] },
    })),
  });
}

// Populations by ward, from 1 + i mod 5 over each ward's households in order (i = 0..22).
const POP = { A: 1 + 2 + 3 + 4 + 5 + 1 + 2 + 3 + 4 + 5 + 1 + 2, B: 3 + 4 + 5, C: 1 + 2 + 3 + 4 + 5 + 1 + 2, D: 3 };

interface Summary {
  suppression: { applied: boolean; min_group_size: number };
  groups: Array<{ key: string | null; count: number | null; sums: Record<string, number> | null; suppressed: string | null }>;
  total: { count: number; sums: Record<string, number> } | null;
  grouping: unknown;
}

const rowsOf = (s: Summary) => s.groups.map((g) => [g.key, g.count, g.sums?.population ?? null, g.suppressed]);

for (const backend of BACKENDS) {
  describe(`published summaries of personal data on ${backend}`, () => {
    let store: TestStore;
    let app: FastifyInstance;
    let tmp: string;
    const tokens = new Map<string, string>();
    const get = async (url: string, who: string): Promise<Summary> => {
      const t = tokens.get(who);
      const res = await app.inject({ url, headers: t ? { authorization: `Bearer ${t}` } : {} });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<Summary>();
    };

    before(async () => {
      store = await openTestStore(backend);
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dothi-summary-'));
      fs.writeFileSync(path.join(tmp, 'households.csv'), householdsCsv());
      fs.writeFileSync(path.join(tmp, 'wards.geojson'), wardsGeojson());
      await createWorkspace(store.db, 'danang');
      const common = { workspace: 'danang', onInvalid: 'reject' as const, importer: 'test', limits: { maxBytes: 1e6, maxFeatures: 1e4 }, clock: fixedClock, visibility: 'published' as const };
      await importFile(store.db, { ...common, paths: [path.join(tmp, 'households.csv')], kind: 'population', name: 'households' });
      await importFile(store.db, { ...common, paths: [path.join(tmp, 'wards.geojson')], kind: 'admin_units', name: 'wards' });
      for (const role of ['owner', 'planner', 'stakeholder'] as const) {
        tokens.set(role, (await createToken(store.db, { workspace: 'danang', role, expiresDays: 1, createdBy: 'test' }, fixedClock)).token);
      }
      app = await buildApp(store.db, { clock: fixedClock, corsOrigins: '', ratePerMinute: 0, access: 'accounts' });
    });
    after(async () => {
      await app?.close();
      await store?.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    test('by attribute, for the public: small wards withheld, and the smallest other ward with them', async () => {
      const s = await get('/api/workspaces/danang/layers/households/summary?by=unit_code&sum=population', 'public');
      assert.deepEqual(s.suppression, { applied: true, min_group_size: 5 });
      // The household without a ward (1) is below 5 too; B 3 + D 1 + null 1 = 5 withheld, three groups.
      assert.deepEqual(rowsOf(s), [['A', 12, POP.A, null], ['B', null, null, 'primary'], ['C', 7, POP.C, null], ['D', null, null, 'primary'], [null, null, null, 'primary']]);
      assert.deepEqual(s.total, { count: 24, sums: { population: POP.A + POP.B + POP.C + POP.D + 4 } });
    });

    test('by zones: each household in the ward holding it; outside every ward is its own group', async () => {
      const s = await get('/api/workspaces/danang/layers/households/summary?zones=wards&sum=population,households', 'stakeholder');
      assert.deepEqual(s.grouping, { zones: 'wards', zone_version: 1, zone_key: 'code' });
      assert.deepEqual(rowsOf(s), [['A', 12, POP.A, null], ['B', null, null, 'primary'], ['C', 7, POP.C, null], ['D', null, null, 'primary'], [null, null, null, 'primary']]);
      assert.deepEqual(s.groups[0]?.sums, { population: POP.A, households: 12 });
      const named = await get('/api/workspaces/danang/layers/households/summary?zones=wards&zone_key=name', 'stakeholder');
      assert.deepEqual(named.groups.map((g) => g.key), ['Phường A', 'Phường B', 'Phường C', 'Phường D', null]);
    });

    test('planners and owners see every group; nothing is withheld from them', async () => {
      const s = await get('/api/workspaces/danang/layers/households/summary?by=unit_code&sum=population', 'planner');
      assert.equal(s.suppression.applied, false);
      assert.deepEqual(rowsOf(s), [['A', 12, POP.A, null], ['B', 3, POP.B, null], ['C', 7, POP.C, null], ['D', 1, POP.D, null], [null, 1, 4, null]]);
      // Grouping by a personal attribute is theirs only.
      assert.equal((await get('/api/workspaces/danang/layers/households/summary?by=phone', 'planner')).groups.length, 24);
    });

    test('personal attributes can be neither grouped by nor summed by the public; only numeric attributes add up', async () => {
      const url = '/api/workspaces/danang/layers/households/summary';
      assertError(await app.inject({ url: `${url}?by=phone` }), 403, 'DOTHI_AUTH_PERSONAL_ATTRIBUTE');
      assertError(await app.inject({ url: `${url}?by=unit_code&sum=national_id` }), 403, 'DOTHI_AUTH_PERSONAL_ATTRIBUTE');
      assertError(await app.inject({ url: `${url}?by=unit_code&sum=unit_code` }), 400, 'DOTHI_USAGE');
      assertError(await app.inject({ url: `${url}?by=unit_code&zones=wards` }), 400, 'DOTHI_USAGE');
      assertError(await app.inject({ url }), 400, 'DOTHI_USAGE');
      assertError(await app.inject({ url: `${url}?zones=nowhere` }), 404, 'DOTHI_LAYER_NOT_FOUND');
    });

    test('a layer without personal data is never suppressed', async () => {
      const s = await get('/api/workspaces/danang/layers/wards/summary?by=code', 'public');
      assert.equal(s.suppression.applied, false);
      assert.deepEqual(rowsOf(s), [['A', 1, null, null], ['B', 1, null, null], ['C', 1, null, null], ['D', 1, null, null]]);
    });

    test('owners set the minimum group size; stakeholders may not', async () => {
      const patch = (who: string, body: unknown) => app.inject({ method: 'PATCH', url: '/api/workspaces/danang', headers: { authorization: `Bearer ${tokens.get(who)}` }, payload: body as Record<string, unknown> });
      assertError(await patch('stakeholder', { min_group_size: 1 }), 403, 'DOTHI_AUTH_FORBIDDEN');
      assertError(await patch('owner', { min_group_size: 0 }), 400, 'DOTHI_USAGE');
      const res = await patch('owner', { min_group_size: 3 });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json<{ min_group_size: number }>().min_group_size, 3);
      // At 3: D (1) and the ward-less household (1) are withheld, 2 < 3, so B (3, the smallest left) goes too.
      const s = await get('/api/workspaces/danang/layers/households/summary?by=unit_code&sum=population', 'public');
      assert.deepEqual(rowsOf(s), [['A', 12, POP.A, null], ['B', null, null, 'secondary'], ['C', 7, POP.C, null], ['D', null, null, 'primary'], [null, null, null, 'primary']]);
      assert.equal((await patch('owner', { min_group_size: 5 })).statusCode, 200);
    });
  });
}
