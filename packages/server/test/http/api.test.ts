// The REST API against a real embedded store seeded by SQL: workspaces, layers with provenance,
// health and the OpenAPI document, and the one error shape.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import type { Db } from '../../src/store/db.ts';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { assertError, FIXED_NOW, fixedClock } from './helpers.ts';
import { HCMC_IMPORTED_AT, ODBL, readFixture, seedHcmc, seedLayerVersion } from './seed.ts';

interface LayerItem {
  layer_id: string;
  kind: string;
  kind_info: { id: string; en: string; vi: string; sector: string };
  title: string;
  current_version: number;
  version_count: number;
  feature_count: number;
  source_file: string;
  licence: string | null;
  imported_at: string;
  bbox: number[] | null;
}

let store: TestStore;
let app: FastifyInstance;

before(async () => {
  store = await openTestStore('embedded');
  await seedHcmc(store.db);
  // A second version of the bus stops, so there is history to list.
  const s = readFixture('hcmc-bus_stops.geojson');
  await seedLayerVersion(store.db, {
    workspace: 'hcmc', layer: 'bus-stops', kind: 'transit_stops', title: 'Bus stops (OSM)', sourceFile: 'bus-stops-2026.geojson',
    sourceText: 'v2', licence: ODBL, importedAt: new Date('2026-02-20T00:00:00Z'), features: s.features.slice(0, 5),
  });
  app = await buildApp(store.db, { clock: fixedClock });
});

after(async () => {
  await app?.close();
  await store?.close();
});

describe('meta', () => {
  test('health names the backend and the schema version', async () => {
    const res = await app.inject({ url: '/api/health' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok', backend: 'embedded', schema_version: 6, schema_expected: 6, time: FIXED_NOW.toISOString() });
  });

  test('the OpenAPI document lists every route with its parameters and the error shape', async () => {
    const res = await app.inject({ url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json<{ openapi: string; paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; responses: Record<string, unknown> }>> }>();
    assert.match(doc.openapi, /^3\./);
    for (const p of [
      '/api/health', '/api/workspaces', '/api/workspaces/{ws}', '/api/workspaces/{ws}/layers', '/api/workspaces/{ws}/layers/{layer}',
      '/api/workspaces/{ws}/layers/{layer}/versions', '/api/workspaces/{ws}/layers/{layer}/versions/{v}',
      '/api/workspaces/{ws}/layers/{layer}/features', '/api/jobs/{ws}/{id}', '/api/jobs/{ws}/{id}/events',
    ]) assert.ok(doc.paths[p], `OpenAPI has ${p}`);
    assert.ok(doc.paths['/api/workspaces']?.post, 'POST /api/workspaces documented');
    const features = doc.paths['/api/workspaces/{ws}/layers/{layer}/features']?.get;
    const query = (features?.parameters ?? []).filter((x) => x.in === 'query').map((x) => x.name).sort();
    assert.deepEqual(query, ['bbox', 'f', 'limit', 'offset', 'sortby', 'version']);
    assert.ok(features?.responses['404'], '404 documented');
    assert.equal(doc.paths['/api/openapi.json'], undefined, 'the document does not list itself');
  });

  test('API docs are served at /api/docs', async () => {
    const res = await app.inject({ url: '/api/docs/' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /swagger/i);
  });

  test('an unknown API path or method gives DOTHI_API_NOT_FOUND', async () => {
    const e = assertError(await app.inject({ url: '/api/nothing-here?x=1' }), 404, 'DOTHI_API_NOT_FOUND');
    assert.deepEqual(e.details, { method: 'GET', path: '/api/nothing-here' });
    assertError(await app.inject({ method: 'DELETE', url: '/api/workspaces' }), 404, 'DOTHI_API_NOT_FOUND');
    // Without a web root, page paths are not found either, in the same shape.
    assertError(await app.inject({ url: '/', headers: { accept: 'text/html' } }), 404, 'DOTHI_API_NOT_FOUND');
  });
});

describe('workspaces', () => {
  test('list', async () => {
    const res = await app.inject({ url: '/api/workspaces' });
    assert.equal(res.statusCode, 200);
    const { workspaces } = res.json<{ workspaces: Array<{ workspace_id: string; layer_count: number; created_at: string }> }>();
    const hcmc = workspaces.find((w) => w.workspace_id === 'hcmc');
    assert.equal(hcmc?.layer_count, 5);
    assert.equal(hcmc?.created_at, '2026-01-05T08:00:00Z');
  });

  test('create, then conflict, bad slug and bad bodies', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/workspaces', payload: { workspace_id: 'da-nang', name: 'Đà Nẵng' } });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.headers.location, '/api/workspaces/da-nang');
    assert.deepEqual(
      { ...res.json<Record<string, unknown>>(), created_at: 'x' },
      { workspace_id: 'da-nang', name: 'Đà Nẵng', kind: 'city', layer_count: 0, created_at: 'x', min_group_size: 5 },
    );
    const one = await app.inject({ url: '/api/workspaces/da-nang' });
    assert.equal(one.json<{ name: string }>().name, 'Đà Nẵng');

    const dup = assertError(await app.inject({ method: 'POST', url: '/api/workspaces', payload: { workspace_id: 'da-nang' } }), 409, 'DOTHI_WORKSPACE_EXISTS');
    assert.equal(dup.details.workspace, 'da-nang');
    assert.match(dup.message_vi, /đã tồn tại/);
    assertError(await app.inject({ method: 'POST', url: '/api/workspaces', payload: { workspace_id: 'Bad Slug' } }), 400, 'DOTHI_WORKSPACE_SLUG_INVALID');

    const missing = assertError(await app.inject({ method: 'POST', url: '/api/workspaces', payload: { name: 'x' } }), 400, 'DOTHI_USAGE');
    assert.match(String(missing.details.detail), /body\.workspace_id/);
    const kind = assertError(await app.inject({ method: 'POST', url: '/api/workspaces', payload: { workspace_id: 'abc', kind: 'planet' } }), 400, 'DOTHI_USAGE');
    assert.match(String(kind.details.detail), /body\.kind/);
    assertError(
      await app.inject({ method: 'POST', url: '/api/workspaces', headers: { 'content-type': 'application/json' }, payload: '{"workspace_id":' }),
      400,
      'DOTHI_USAGE',
    );
  });

  test('unknown workspace', async () => {
    const e = assertError(await app.inject({ url: '/api/workspaces/hanoi/layers' }), 404, 'DOTHI_WORKSPACE_NOT_FOUND');
    assert.deepEqual(e.details, { workspace: 'hanoi' });
    assert.equal(e.message_vi, 'Không gian làm việc "hanoi" không tồn tại');
  });
});

describe('layers', () => {
  test('grouped by sector in the catalog order, with kind labels and provenance', async () => {
    const res = await app.inject({ url: '/api/workspaces/hcmc/layers' });
    assert.equal(res.statusCode, 200);
    const body = res.json<{ workspace: { workspace_id: string }; bbox: number[]; sectors: Array<{ sector: string; layers: string[] }>; layers: LayerItem[] }>();
    assert.equal(body.workspace.workspace_id, 'hcmc');
    assert.deepEqual(body.sectors, [
      { sector: 'land', layers: ['land-use'] },
      { sector: 'built environment', layers: ['buildings'] },
      { sector: 'transport', layers: ['bus-stops', 'roads'] },
      { sector: 'environment', layers: ['parks'] },
    ]);
    const buildings = body.layers.find((l) => l.layer_id === 'buildings');
    assert.deepEqual(buildings?.kind_info, { id: 'buildings', en: 'Buildings', vi: 'Công trình', sector: 'built environment' });
    assert.equal(buildings?.feature_count, readFixture('hcmc-buildings.geojson').features.length);
    assert.equal(buildings?.source_file, 'hcmc-buildings.geojson');
    assert.equal(buildings?.licence, ODBL);
    assert.equal(buildings?.imported_at, HCMC_IMPORTED_AT.toISOString());
    const stops = body.layers.find((l) => l.layer_id === 'bus-stops');
    assert.deepEqual([stops?.current_version, stops?.version_count, stops?.feature_count], [2, 2, 5]);
    // The workspace extent holds every layer's extent; the roads run outside the buildings' box.
    for (const l of body.layers) {
      const b = l.bbox as number[];
      assert.ok(body.bbox[0]! <= b[0]! && body.bbox[1]! <= b[1]! && body.bbox[2]! >= b[2]! && body.bbox[3]! >= b[3]!, l.layer_id);
    }
    assert.ok(body.bbox[0]! > 106.6 && body.bbox[2]! < 106.8 && body.bbox[1]! > 10.7 && body.bbox[3]! < 10.9);
  });

  test('one layer: the current version with its report', async () => {
    const res = await app.inject({ url: '/api/workspaces/hcmc/layers/bus-stops' });
    assert.equal(res.statusCode, 200);
    const v = res.json<{ version: number; version_count: number; source_file: string; source_sha256: string; report: { total: number }; kind_info: { vi: string } }>();
    assert.equal(v.version, 2);
    assert.equal(v.version_count, 2);
    assert.equal(v.source_file, 'bus-stops-2026.geojson');
    assert.match(v.source_sha256, /^[0-9a-f]{64}$/);
    assert.equal(v.report.total, 5);
    assert.equal(v.kind_info.vi, 'Điểm dừng giao thông công cộng');
    const e = assertError(await app.inject({ url: '/api/workspaces/hcmc/layers/trees' }), 404, 'DOTHI_LAYER_NOT_FOUND');
    assert.deepEqual(e.details, { workspace: 'hcmc', layer: 'trees' });
  });

  test('versions, oldest first, and one version', async () => {
    const res = await app.inject({ url: '/api/workspaces/hcmc/layers/bus-stops/versions' });
    assert.equal(res.statusCode, 200);
    const { versions } = res.json<{ versions: Array<Record<string, unknown>> }>();
    assert.deepEqual(versions.map((v) => [v.version, v.feature_count, v.source_file]), [
      [1, 12, 'hcmc-bus_stops.geojson'],
      [2, 5, 'bus-stops-2026.geojson'],
    ]);
    assert.ok(versions.every((v) => !('report' in v)), 'the list leaves the reports out');
    const one = await app.inject({ url: '/api/workspaces/hcmc/layers/bus-stops/versions/1' });
    assert.equal(one.statusCode, 200);
    assert.equal(one.json<{ feature_count: number }>().feature_count, 12);
    const e = assertError(await app.inject({ url: '/api/workspaces/hcmc/layers/bus-stops/versions/9' }), 404, 'DOTHI_LAYER_VERSION_NOT_FOUND');
    assert.deepEqual(e.details, { layer: 'bus-stops', version: 9 });
    const bad = assertError(await app.inject({ url: '/api/workspaces/hcmc/layers/bus-stops/versions/first' }), 400, 'DOTHI_USAGE');
    assert.match(String(bad.details.detail), /params\.v/);
    assertError(await app.inject({ url: '/api/workspaces/hcmc/layers/trees/versions' }), 404, 'DOTHI_LAYER_NOT_FOUND');
    assertError(await app.inject({ url: '/api/workspaces/nowhere/layers/trees/versions/1' }), 404, 'DOTHI_WORKSPACE_NOT_FOUND');
  });
});

describe('failures of the store', () => {
  test('an internal error names no SQL and health says the store is unavailable', async () => {
    const broken: Db = {
      backend: 'server',
      async query() {
        throw new Error('relation "workspace" does not exist at character 42');
      },
      async transaction() {
        throw new Error('no');
      },
      async runnerKey() {
        throw new Error('no');
      },
      async close() {},
    };
    const bad = await buildApp(broken, { clock: fixedClock });
    try {
      const e = assertError(await bad.inject({ url: '/api/workspaces' }), 500, 'DOTHI_INTERNAL');
      assert.doesNotMatch(JSON.stringify(e), /relation|character/);
      assertError(await bad.inject({ url: '/api/health' }), 503, 'DOTHI_STORE_UNAVAILABLE');
    } finally {
      await bad.close();
    }
  });
});
