// Imports over HTTP against a real embedded store: multipart uploads of real files (GeoJSON, the
// loose parts of a VN-2000 Shapefile and of a MapInfo table), waited for or followed as jobs; bad
// files and bad requests give coded errors with nothing written and no upload left on disk.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Feature } from '@dothi/engine';
import { buildApp } from '../../src/http/app.ts';
import { failInterruptedJobs, runJob } from '../../src/jobs/jobs.ts';
import type { ImportReport } from '../../src/imports/import-file.ts';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { assertError, fixedClock } from './helpers.ts';
import { seedWorkspace } from './seed.ts';
import { fileFrom, upload, waitForJob } from './upload.ts';
import type { JobJson, UploadFile } from './upload.ts';

const OSM = new URL('../fixtures/osm-geojson/', import.meta.url);
const FORMATS = new URL('../fixtures/formats/', import.meta.url);
const STOPS = new URL('hcmc-d1-d3-bus_stops.geojson', OSM);
const ODBL = 'ODbL-1.0 © OpenStreetMap contributors';

const json = <T>(u: URL): T => JSON.parse(fs.readFileSync(u, 'utf8')) as T;
const stops = json<{ features: Feature[] }>(STOPS).features;
const truthStops = json<{ features: Feature[] }>(new URL('source/bus_stops.geojson', FORMATS)).features;
const truthRoads = json<{ features: Feature[] }>(new URL('source/roads.geojson', FORMATS)).features;
const parts = (dir: string, stem: string, exts: string[]): UploadFile[] => exts.map((e) => fileFrom(new URL(`${dir}/${stem}.${e}`, FORMATS)));

let store: TestStore;
let app: FastifyInstance;
let tmp: string;

before(async () => {
  store = await openTestStore('embedded');
  await seedWorkspace(store.db, 'hcmc', 'Thành phố Hồ Chí Minh');
  // Uploads go under os.tmpdir(); a private one lets the tests see that every upload folder is removed.
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dothi-imports-test-'));
  process.env.TMPDIR = tmp;
  app = await buildApp(store.db, { clock: fixedClock });
});

after(async () => {
  await app?.close();
  await store?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

afterEach(async () => {
  // A job's folder goes once importFile has returned, a moment after its row says it ended.
  const left = (): string[] => fs.readdirSync(tmp).filter((n) => n.startsWith('dothi-upload-'));
  for (let i = 0; i < 100 && left().length > 0; i++) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(left(), [], 'no upload folder is left behind');
});

async function counts(): Promise<{ versions: number; features: number }> {
  const { rows } = await store.db.query<{ versions: number; features: number }>(
    'select (select count(*)::int from layer_version) versions, (select count(*)::int from feature) features',
  );
  return rows[0] as { versions: number; features: number };
}

async function features(layer: string): Promise<Feature[]> {
  const res = await app.inject({ url: `/api/workspaces/hcmc/layers/${layer}/features?limit=10000` });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<{ features: Feature[] }>().features;
}

/** The error shape with the rejected features in `data`. */
function assertImportError(res: LightMyRequestResponse, status: number, code: string): NonNullable<JobJson['error']> {
  assert.equal(res.statusCode, status, res.body);
  const e = res.json<{ error: NonNullable<JobJson['error']> }>().error;
  assert.equal(e.code, code);
  assert.ok(e.message && e.message_vi && e.message !== e.message_vi);
  assert.deepEqual(Object.keys(e).sort(), ['code', 'data', 'details', 'message', 'message_vi']);
  return e;
}

const BOWTIE = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', id: 'ok-1', properties: { name: 'Công viên Tao Đàn', type: 'park' }, geometry: { type: 'Polygon', coordinates: [[[106.69, 10.77], [106.695, 10.77], [106.695, 10.775], [106.69, 10.775], [106.69, 10.77]]] } },
    { type: 'Feature', id: 'no-2', properties: { name: 'Hình nơ', type: 'park' }, geometry: { type: 'Polygon', coordinates: [[[106.7, 10.78], [106.71, 10.79], [106.71, 10.78], [106.7, 10.79], [106.7, 10.78]]] } },
  ],
};

describe('uploads that import', () => {
  test('a GeoJSON upload with wait=true answers the report; the layer then lists, with provenance and Vietnamese names', async () => {
    const before = await counts();
    const file = fileFrom(STOPS);
    const res = await upload(app, 'hcmc', [file], { kind: 'transit_stops', name: 'Trạm xe buýt', licence: ODBL });
    assert.equal(res.statusCode, 200, res.body);
    const report = res.json<ImportReport>();
    assert.equal(report.file, 'hcmc-d1-d3-bus_stops.geojson');
    assert.equal(report.sha256, createHash('sha256').update(file.data).digest('hex'));
    assert.equal(report.format, 'geojson');
    assert.deepEqual([report.imported, report.rejected, report.on_invalid], [43, 0, 'reject']);
    assert.equal(report.layers.length, 1);
    assert.deepEqual([report.layers[0]?.layer, report.layers[0]?.kind, report.layers[0]?.version], ['tram-xe-buyt', 'transit_stops', 1]);

    const layers = (await app.inject({ url: '/api/workspaces/hcmc/layers' })).json<{ layers: Array<{ layer_id: string; feature_count: number; licence: string }> }>().layers;
    const layer = layers.find((l) => l.layer_id === 'tram-xe-buyt');
    assert.deepEqual([layer?.feature_count, layer?.licence], [43, ODBL]);
    const version = (await app.inject({ url: '/api/workspaces/hcmc/layers/tram-xe-buyt/versions/1' })).json<{ importer: string; source_sha256: string }>();
    assert.equal(version.importer, 'web');
    assert.equal(version.source_sha256, report.sha256);
    const got = await features('tram-xe-buyt');
    assert.deepEqual(got.map((f) => f.properties?.name), stops.map((f) => f.properties?.name));
    assert.deepEqual(got.map((f) => f.geometry), stops.map((f) => f.geometry));
    assert.deepEqual(await counts(), { versions: before.versions + 1, features: before.features + 43 });

    // The job row holds the same report.
    const job = await waitForJob(app, 'hcmc', report.job_id);
    assert.equal(job.status, 'succeeded');
    assert.deepEqual(job.result, report);
  });

  test('without wait: 202 with the job and its links at once; the job ends with the report; a Vietnamese file name is kept', async () => {
    const res = await upload(app, 'hcmc', [fileFrom(STOPS, 'điểm dừng xe buýt.geojson')], { kind: 'transit_stops' }, '');
    assert.equal(res.statusCode, 202, res.body);
    const body = res.json<{ job_id: string; status: string; links: Array<{ rel: string; href: string }> }>();
    assert.equal(body.status, 'running');
    const href = `/api/jobs/hcmc/${body.job_id}`;
    assert.deepEqual(body.links.map((l) => [l.rel, l.href]), [['status', href], ['events', `${href}/events`]]);
    assert.equal(res.headers.location, href);

    const job = await waitForJob(app, 'hcmc', body.job_id);
    assert.equal(job.status, 'succeeded', JSON.stringify(job.error));
    assert.equal(job.error, null);
    assert.equal(job.input.file, 'điểm dừng xe buýt.geojson');
    const report = job.result as ImportReport;
    assert.equal(report.job_id, body.job_id);
    assert.equal(report.file, 'điểm dừng xe buýt.geojson');
    assert.deepEqual([report.imported, report.layers[0]?.layer], [43, 'diem-dung-xe-buyt']);
    // The stream of the finished job ends with the same row.
    const events = await app.inject({ url: `${href}/events` });
    assert.match(events.body, /event: end\ndata: .*"status":"succeeded"/);
  });

  test('the loose parts of a VN-2000 Shapefile import with Vietnamese text and positions intact', async () => {
    const res = await upload(app, 'hcmc', parts('shp-vn2000', 'bus_stops', ['shp', 'shx', 'dbf', 'prj', 'cpg']), { kind: 'transit_stops', name: 'stops-shp' });
    assert.equal(res.statusCode, 200, res.body);
    const report = res.json<ImportReport>();
    assert.deepEqual([report.format, report.imported, report.layers[0]?.source_crs], ['shapefile', 43, 'EPSG:9210']);
    const got = await features('stops-shp');
    assert.deepEqual(got.map((f) => f.properties?.name), truthStops.map((f) => f.properties?.name));
    assert.ok(got.some((f) => f.properties?.name === 'Viện Pasteur'));
    got.forEach((f, i) => {
      const [x, y] = (f.geometry as { coordinates: number[] }).coordinates;
      const [tx, ty] = (truthStops[i]?.geometry as { coordinates: number[] }).coordinates;
      // ~10 cm: the datum shift was applied although the ESRI .prj leaves it out.
      assert.ok(Math.abs((x ?? 0) - (tx ?? 0)) < 1e-6 && Math.abs((y ?? 0) - (ty ?? 0)) < 1e-6, `stop ${i}: ${x},${y} vs ${tx},${ty}`);
    });
  });

  test('the loose parts of a MapInfo table import as one dataset', async () => {
    const res = await upload(app, 'hcmc', parts('mapinfo', 'roads', ['tab', 'dat', 'map', 'id']), { kind: 'roads', name: 'Đường (MapInfo)' });
    assert.equal(res.statusCode, 200, res.body);
    const report = res.json<ImportReport>();
    assert.deepEqual([report.format, report.imported, report.layers[0]?.layer], ['mapinfo', truthRoads.length, 'duong-mapinfo']);
    const got = await features('duong-mapinfo');
    assert.deepEqual(got.map((f) => f.properties?.name), truthRoads.map((f) => f.properties?.name));
  });

  test('on_invalid=skip imports the valid features and reports the rejected one', async () => {
    const res = await upload(app, 'hcmc', [{ name: 'parks.geojson', data: JSON.stringify(BOWTIE) }], { kind: 'green_spaces', on_invalid: 'skip' });
    assert.equal(res.statusCode, 200, res.body);
    const report = res.json<ImportReport>();
    assert.deepEqual([report.imported, report.rejected], [1, 1]);
    assert.deepEqual(report.layers[0]?.features.map((f) => [f.id, f.valid]), [['no-2', false]]);
  });
});

describe('uploads that fail', () => {
  test('an invalid feature rejects the file: 422 with each rejected feature in error.data, nothing written', async () => {
    const before = await counts();
    const res = await upload(app, 'hcmc', [{ name: 'công viên.geojson', data: JSON.stringify(BOWTIE) }], { kind: 'green_spaces' });
    const e = assertImportError(res, 422, 'DOTHI_IMPORT_INVALID_FEATURES');
    assert.equal(e.details.file, 'công viên.geojson');
    const rejected = e.data?.features as Array<{ id: string; valid: boolean; reason: string }>;
    assert.deepEqual(rejected.map((f) => [f.id, f.valid]), [['no-2', false]]);
    assert.match(rejected[0]?.reason ?? '', /\S/);
    assert.deepEqual(await counts(), before);

    // The same as a job: it fails, and the row carries the same error with its data.
    const accepted = await upload(app, 'hcmc', [{ name: 'công viên.geojson', data: JSON.stringify(BOWTIE) }], { kind: 'green_spaces' }, '?wait=false');
    assert.equal(accepted.statusCode, 202, accepted.body);
    const job = await waitForJob(app, 'hcmc', accepted.json<{ job_id: string }>().job_id);
    assert.equal(job.status, 'failed');
    assert.deepEqual(job.error, e);
    assert.deepEqual(await counts(), before);
  });

  test('an unreadable file is a coded error and writes nothing', async () => {
    const before = await counts();
    const shp = parts('shp-vn2000', 'bus_stops', ['shp', 'shx', 'dbf', 'prj']);
    const cut = shp.map((f) => (f.name.endsWith('.shp') ? { ...f, data: (f.data as Uint8Array).subarray(0, 150) } : f));
    const broken = await upload(app, 'hcmc', cut, { kind: 'transit_stops' });
    assert.match(assertError(broken, 422, 'DOTHI_IMPORT_UNREADABLE').message, /truncated/);
    const text = await upload(app, 'hcmc', [{ name: 'stops.geojson', data: '{"type": "FeatureCollection", "features": [' }], { kind: 'transit_stops' });
    assertError(text, 422, 'DOTHI_IMPORT_UNREADABLE');
    const lone = await upload(app, 'hcmc', parts('shp-vn2000', 'bus_stops', ['dbf']), { kind: 'transit_stops' });
    assertError(lone, 422, 'DOTHI_IMPORT_MISSING_PART');
    assert.deepEqual(await counts(), before);
  });

  test('bad requests: not multipart, no file, unknown fields, wrong part, duplicates, two datasets, unknown workspace or kind', async () => {
    const before = await counts();
    const stop = fileFrom(STOPS);
    const notMultipart = await app.inject({ method: 'POST', url: '/api/workspaces/hcmc/imports', payload: { kind: 'transit_stops' } });
    const e415 = assertError(notMultipart, 415, 'DOTHI_API_UNSUPPORTED_MEDIA_TYPE');
    assert.equal(e415.details.expected, 'multipart/form-data');
    assertError(await upload(app, 'hcmc', [], { kind: 'transit_stops' }), 400, 'DOTHI_USAGE');
    assert.match(assertError(await upload(app, 'hcmc', [stop], { kind: 'transit_stops', colour: 'red' }), 400, 'DOTHI_USAGE').message, /colour/);
    assert.match(assertError(await upload(app, 'hcmc', [stop], { kind: 'transit_stops', on_invalid: 'ignore' }), 400, 'DOTHI_USAGE').message, /on_invalid/);
    assert.match(assertError(await upload(app, 'hcmc', [stop, stop], { kind: 'transit_stops' }), 400, 'DOTHI_USAGE').message, /twice/);
    const twoSets = await upload(app, 'hcmc', [stop, fileFrom(new URL('source/roads.geojson', FORMATS))], { kind: 'transit_stops' });
    assertError(twoSets, 400, 'DOTHI_USAGE');
    // A file under another part name.
    const form = new FormData();
    form.append('kind', 'transit_stops');
    form.append('upload', new Blob([Buffer.from(stop.data)]), 'a.geojson');
    const req = new Request('http://localhost/', { method: 'POST', body: form });
    const wrongPart = await app.inject({
      method: 'POST', url: '/api/workspaces/hcmc/imports?wait=true', payload: Buffer.from(await req.arrayBuffer()),
      headers: { 'content-type': req.headers.get('content-type') ?? '' },
    });
    assert.match(assertError(wrongPart, 400, 'DOTHI_USAGE').message, /"file"/);
    assertError(await upload(app, 'nowhere', [stop], { kind: 'transit_stops' }), 404, 'DOTHI_WORKSPACE_NOT_FOUND');
    // Without wait, a failure before the job starts is still the request's own coded error, not a 202.
    assertError(await upload(app, 'hcmc', [stop], { kind: 'bus_shelters' }, ''), 400, 'DOTHI_LAYER_KIND_UNKNOWN');
    assertError(await upload(app, 'hcmc', [stop], { kind: 'transit_stops' }, '?wait=perhaps'), 400, 'DOTHI_USAGE');
    assert.deepEqual(await counts(), before);
  });

  test('more parts than any dataset has is a coded 413', async () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ name: `part-${i}.geojson`, data: '{}' }));
    const e = assertError(await upload(app, 'hcmc', many, { kind: 'transit_stops' }), 413, 'DOTHI_API_PAYLOAD_TOO_LARGE');
    assert.match(e.message, /at most 20 files/);
  });

  test('a file over DOTHI_MAX_IMPORT_BYTES is 413 DOTHI_IMPORT_TOO_LARGE naming it', async () => {
    const small = await buildApp(store.db, { clock: fixedClock, importLimits: { maxBytes: 19000, maxFeatures: 100000 } });
    try {
      const before = await counts();
      const big = fileFrom(new URL('source/landuse.geojson', FORMATS), 'sử dụng đất.geojson');
      assert.ok(big.data.length > 19000);
      const e = assertError(await upload(small, 'hcmc', [big], { kind: 'land_use' }), 413, 'DOTHI_IMPORT_TOO_LARGE');
      assert.equal(e.details.file, 'sử dụng đất.geojson');
      assert.equal(e.details.limit, 19000);
      // Parts each under the limit, together over it.
      const shp = parts('shp-vn2000', 'bus_stops', ['shp', 'shx', 'dbf', 'prj']);
      assert.ok(shp.every((f) => f.data.length < 19000) && shp.reduce((n, f) => n + f.data.length, 0) > 19000);
      assertError(await upload(small, 'hcmc', shp, { kind: 'transit_stops' }), 413, 'DOTHI_IMPORT_TOO_LARGE');
      // Under the limit, the same app imports.
      assert.equal((await upload(small, 'hcmc', [fileFrom(STOPS)], { kind: 'transit_stops', name: 'small-app' })).statusCode, 200);
      assert.equal((await counts()).versions, before.versions + 1);
    } finally {
      await small.close();
    }
  });
});

test('the OpenAPI document lists the import route with its multipart body and its answers', async () => {
  const doc = (await app.inject({ url: '/api/openapi.json' })).json<{
    paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> }; responses: Record<string, unknown> }>>;
  }>();
  const op = doc.paths['/api/workspaces/{ws}/imports']?.post;
  assert.ok(op, 'POST /api/workspaces/{ws}/imports documented');
  const props = Object.keys(op.requestBody?.content['multipart/form-data']?.schema.properties ?? {}).sort();
  assert.deepEqual(props, ['crs', 'encoding', 'file', 'kind', 'licence', 'name', 'on_invalid', 'visibility']);
  for (const status of ['200', '202', '400', '404', '413', '415', '422']) assert.ok(op.responses[status], `${status} documented`);
});

test('a job interrupted by a restart reads like any failed request', async () => {
  await store.db.query(`insert into job (workspace_id, job_id, kind, status, input, created_at) values ('hcmc', 'cut-1', 'import', 'running', '{}', now())`);
  assert.equal(await failInterruptedJobs(store.db, fixedClock), 1);
  const job = await waitForJob(app, 'hcmc', 'cut-1');
  assert.equal(job.status, 'failed');
  assert.deepEqual(job.error, {
    code: 'DOTHI_JOB_INTERRUPTED',
    message: 'Job cut-1 was interrupted before it finished; nothing it wrote was kept',
    message_vi: 'Tác vụ cut-1 bị ngắt trước khi hoàn tất; không dữ liệu nào của nó được giữ lại',
    details: { job: 'cut-1' },
  });
});

test('an unexpected failure in a job is recorded in the one shape, its cause left to the log', async () => {
  let id = '';
  await assert.rejects(
    runJob(store.db, 'hcmc', 'import', {}, fixedClock, async () => {
      throw new Error('relation "feature_x" does not exist');
    }, (jobId) => (id = jobId)),
    /feature_x/,
  );
  const job = await waitForJob(app, 'hcmc', id);
  assert.equal(job.status, 'failed');
  assert.equal(job.error?.code, 'DOTHI_INTERNAL');
  assert.deepEqual(Object.keys(job.error ?? {}).sort(), ['code', 'details', 'message', 'message_vi']);
  assert.doesNotMatch(JSON.stringify(job.error), /feature_x/);
  assert.match(job.error?.message ?? '', new RegExp(id));
});
