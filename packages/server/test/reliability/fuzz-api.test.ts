// Fuzzing the JSON API bodies: every route that takes a body (read from the OpenAPI document, so a
// new route is fuzzed without being listed) gets seeded mutations of a valid body, as bytes and as
// structure (a field replaced by a hostile value). The server must answer each with a success or
// with a 4xx in the one error shape, never a 5xx; a refused request changes no table.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import { storeChecksums } from '../../src/store/checksums.ts';
import { addDataset, saveSpec } from '../../src/composite/index-store.ts';
import { saveIndicatorResults } from '../../src/monitoring/results.ts';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { fixedClock } from '../http/helpers.ts';
import { seedHcmc } from '../http/seed.ts';
import { mutate, rng } from './mutate.ts';

const TRANSIT = 'u4ssc:EC-I-T-2A';
const ASEM = fileURLToPath(new URL('../../../engine/test/fixtures/coinr-asem/', import.meta.url));
const IDATA = fs.readFileSync(`${ASEM}ASEM_iData.csv`, 'utf8');
const IMETA = fs.readFileSync(`${ASEM}ASEM_iMeta.csv`, 'utf8');
const SPEC = JSON.parse(fs.readFileSync(fileURLToPath(new URL('../../../../examples/index-specs/asem-coinr.json', import.meta.url)), 'utf8')) as unknown;
/** A valid body per route (OpenAPI path → body); values are test inputs, not claims about a city. */
const VALID: Readonly<Record<string, { body: unknown; contentType?: string; id?: string }>> = {
  '/api/workspaces': { body: { workspace_id: 'danang', name: 'Đà Nẵng', kind: 'city' } },
  '/api/workspaces/{ws}': { body: { name: 'TP. Hồ Chí Minh', min_group_size: 5 } },
  '/api/workspaces/{ws}/indicators': {
    body: { id: 'custom:bike-lanes', framework: 'custom', code: 'bike-lanes', name: { en: 'Bike lane length', vi: 'Chiều dài làn xe đạp' }, unit: 'km', direction: 1, source: { title: 'test', year: 2024 } },
  },
  '/api/workspaces/{ws}/results/compute': { body: { units_layer: 'no-such-layer', calculators: ['intersection_density'] } },
  '/api/workspaces/{ws}/observations': { body: { observations: [{ indicator_id: TRANSIT, unit_code: '_workspace', period: '2021', value: 44, quality: 'modelled' }] } },
  '/api/workspaces/{ws}/observations/import': {
    body: `indicator_id,unit_code,period,value,source,quality,note\n${TRANSIT},_workspace,2019,40,OSM + census,modelled,\n`,
    contentType: 'text/csv',
  },
  '/api/workspaces/{ws}/targets': { body: { indicator_id: TRANSIT, unit_code: '_workspace', year: 2030, value: 60, source: 'test' } },
  '/api/workspaces/{ws}/index-datasets': { body: { dataset_id: 'asem-2', name: 'ASEM', idata: IDATA, imeta: IMETA, source: { licence: 'MIT' } } },
  '/api/workspaces/{ws}/index-specs': { body: { spec_id: 'fuzzed', spec: SPEC } },
  '/api/workspaces/{ws}/index-specs/{id}': { body: { spec: SPEC } },
  '/api/workspaces/{ws}/index-specs/{id}/build': { body: { dataset_id: 'asem', uncertainty: { replications: 20, seed: 1 } } },
  '/api/workspaces/{ws}/index-preview': { body: { dataset_id: 'asem', spec: SPEC } },
  '/api/workspaces/{ws}/results/{id}/observations': { body: { period: '2024', quality: 'measured' }, id: '1' },
  '/api/auth/login': { body: { email: 'nobody@example.vn', password: 'not a password anyone has' } },
  '/api/workspaces/{ws}/members/{email}': { body: { role: 'analyst' } },
  '/api/workspaces/{ws}/tokens': { body: { role: 'analyst', expires_days: 30, label: 'fuzz' } },
  '/api/workspaces/{ws}/layers/{layer}/visibility': { body: { visibility: 'published' } },
  '/api/workspaces/{ws}/indicators/{id}/visibility': { body: { visibility: 'private' }, id: TRANSIT },
  '/api/workspaces/{ws}/index-specs/{id}/visibility': { body: { visibility: 'workspace' } },
  '/api/workspaces/{ws}/layers/{layer}/comments': { body: { body: 'Cần thêm cây xanh ở đây', lon: 106.7, lat: 10.78 } },
  '/api/workspaces/{ws}/comments/{id}/status': { body: { status: 'published' }, id: 'no-such-comment' },
};
const HOSTILE: readonly unknown[] = [null, true, -1, 0, 1e308, -1e308, '', ' ', 'x'.repeat(100_000), '\u0000', '\uD800', '../../etc/passwd', "'; drop table feature; --", [], {}, [[[[[[]]]]]], { __proto__: { polluted: true } }, 'NaN'];
const RUNS = 100;

let store: TestStore;
let app: FastifyInstance;

before(async () => {
  store = await openTestStore('embedded');
  await seedHcmc(store.db);
  await addDataset(store.db, 'hcmc', { dataset_id: 'asem', name: 'ASEM', idata: IDATA, imeta: IMETA }, fixedClock);
  await saveSpec(store.db, 'hcmc', 'asem-coinr', SPEC, 'create');
  await saveIndicatorResults(store.db, 'hcmc', {
    calculator: 'transit_stop_500m_share', version: '1.0.0', unit: '%', values: [{ unitId: 'P1', value: 50 }], whole: 50, inputs: [{ role: 'stops', layerId: 'stops', version: 1 }],
  }, fixedClock);
  app = await buildApp(store.db, { clock: fixedClock, corsOrigins: '', ratePerMinute: 0 });
});
after(async () => {
  await app?.close();
  await store?.close();
});

/** A field somewhere in the value replaced by a hostile one, or removed, or an unknown one added. */
function mutateStructure(v: unknown, random: () => number): unknown {
  const clone = JSON.parse(JSON.stringify(v)) as unknown;
  const holders: Array<Record<string, unknown> | unknown[]> = [];
  const walk = (x: unknown): void => {
    if (x && typeof x === 'object') {
      holders.push(x as Record<string, unknown>);
      for (const y of Object.values(x)) walk(y);
    }
  };
  walk(clone);
  const h = holders[Math.floor(random() * holders.length)];
  if (!h) return HOSTILE[Math.floor(random() * HOSTILE.length)];
  const keys = Object.keys(h);
  const key = keys[Math.floor(random() * keys.length)] ?? 'extra';
  const what = random();
  const hostile = HOSTILE[Math.floor(random() * HOSTILE.length)];
  if (what < 0.15) delete (h as Record<string, unknown>)[key];
  else if (what < 0.25) (h as Record<string, unknown>)['unexpected_field'] = hostile;
  else (h as Record<string, unknown>)[key] = hostile;
  return clone;
}

interface Answer {
  statusCode: number;
  body: string;
}

function problemWith(r: Answer): string | null {
  if (r.statusCode >= 500) return `status ${r.statusCode}: ${r.body.slice(0, 300)}`;
  if (r.statusCode < 400) return null;
  try {
    const e = (JSON.parse(r.body) as { error?: { code?: unknown; message?: unknown; message_vi?: unknown } }).error;
    if (typeof e?.code !== 'string' || !e.code.startsWith('DOTHI_') || typeof e.message !== 'string' || typeof e.message_vi !== 'string') return `not the error shape: ${r.body.slice(0, 200)}`;
    if (/\bat .+:\d+:\d+|select |insert into/i.test(String(e.message))) return `internals leaked: ${e.message}`;
  } catch {
    return `not JSON: ${r.body.slice(0, 200)}`;
  }
  return null;
}

test('every JSON body route answers mutated bodies with success or a coded 4xx, and a refusal writes nothing', async () => {
  await app.ready();
  const doc = app.swagger() as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>> };
  const routes = Object.entries(doc.paths).flatMap(([p, ms]) =>
    Object.entries(ms).filter(([, op]) => op.requestBody && !op.requestBody.content['multipart/form-data']).map(([m]) => ({ method: m.toUpperCase(), path: p })));
  const unlisted = routes.filter((r) => !VALID[r.path]).map((r) => `${r.method} ${r.path}`);
  assert.deepEqual(unlisted, [], 'a body route without a valid example body here');

  const failures: string[] = [];
  let refused = 0;
  for (const r of routes) {
    const valid = VALID[r.path];
    if (!valid) continue;
    const url = r.path.replace('{ws}', 'hcmc').replace('{id}', encodeURIComponent(valid.id ?? 'asem-coinr')).replace('{layer}', 'buildings').replace('{email}', 'planner@example.vn');
    const text = typeof valid.body === 'string' ? valid.body : JSON.stringify(valid.body);
    for (let run = 0; run < RUNS; run++) {
      const random = rng(9000 + run);
      const structural = typeof valid.body !== 'string' && run % 2 === 1;
      const payload = structural ? JSON.stringify(mutateStructure(valid.body, random)) : mutate(Buffer.from(text), random, true).bytes.toString('utf8');
      const before = await storeChecksums(store.db);
      // Jobs record failures by design, and the audit log records every sign-in attempt.
      delete before.job;
      delete before.audit_log;
      const res = await app.inject({ method: r.method as 'POST', url, payload, headers: { 'content-type': valid.contentType ?? 'application/json' } });
      const problem = problemWith(res);
      if (problem) failures.push(`${r.method} ${url} run ${run} (${structural ? 'structure' : 'bytes'}): ${problem}`);
      if (res.statusCode >= 400) {
        refused++;
        const after0 = await storeChecksums(store.db);
        delete after0.job;
        delete after0.audit_log;
        if (JSON.stringify(after0) !== JSON.stringify(before)) failures.push(`${r.method} ${url} run ${run}: refused with ${res.statusCode} but a table changed`);
      }
    }
  }
  assert.deepEqual(failures.slice(0, 10), []);
  assert.ok(refused > routes.length * RUNS * 0.3, `most mutations are refused (${refused})`);
});
