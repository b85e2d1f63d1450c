// Exports over HTTP from a layer imported through the API: every format's bytes are opened and
// checked (zip entries, Vietnamese text, provenance), binary formats are read back by the importer,
// and reprojected coordinates are compared with GDAL's own conversion of the same stops.

import fs from 'node:fs';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { unzipSync } from 'fflate';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Feature } from '@dothi/engine';
import { buildApp } from '../../src/http/app.ts';
import { contentDisposition } from '../../src/http/export.route.ts';
import type { ImportReport } from '../../src/imports/import-file.ts';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { assertError, fixedClock } from './helpers.ts';
import { seedWorkspace } from './seed.ts';
import { fileFrom, upload } from './upload.ts';

const STOPS = new URL('../fixtures/osm-geojson/hcmc-d1-d3-bus_stops.geojson', import.meta.url);
const VN2000 = new URL('../fixtures/formats/geojson/bus_stops_vn2000.geojson', import.meta.url);
const ODBL = 'ODbL-1.0 © OpenStreetMap contributors';
const stops = (JSON.parse(fs.readFileSync(STOPS, 'utf8')) as { features: Feature[] }).features;
const names = stops.map((f) => f.properties?.name);

let store: TestStore;
let app: FastifyInstance;
let report: ImportReport;
const url = (q: string): string => `/api/workspaces/hcmc/layers/bus-stops/export${q}`;

before(async () => {
  store = await openTestStore('embedded');
  await seedWorkspace(store.db, 'hcmc', 'Thành phố Hồ Chí Minh');
  app = await buildApp(store.db, { clock: fixedClock });
  const res = await upload(app, 'hcmc', [fileFrom(STOPS)], { kind: 'transit_stops', name: 'bus-stops', licence: ODBL });
  assert.equal(res.statusCode, 200, res.body);
  report = res.json<ImportReport>();
});

after(async () => {
  await app?.close();
  await store?.close();
});

async function download(q: string): Promise<LightMyRequestResponse> {
  const res = await app.inject({ url: url(q) });
  assert.equal(res.statusCode, 200, res.body);
  return res;
}

function attachmentName(res: LightMyRequestResponse): string {
  const cd = String(res.headers['content-disposition']);
  const m = /^attachment; filename="([^"]+)"; filename\*=UTF-8''(\S+)$/.exec(cd);
  assert.ok(m, cd);
  assert.equal(decodeURIComponent(m[2] ?? ''), m[1]);
  return m[1] ?? '';
}

interface Provenance {
  layer: string;
  version: number;
  licence: string;
  importer: string;
  source_file: string;
  source_sha256: string;
  crs: string;
}

function checkProvenance(p: Provenance, crs = 'EPSG:4326', version = 1): void {
  assert.deepEqual(
    [p.layer, p.version, p.licence, p.importer, p.source_file, p.source_sha256, p.crs],
    ['bus-stops', version, ODBL, 'web', 'hcmc-d1-d3-bus_stops.geojson', report.sha256, crs],
  );
}

test('GeoJSON (the default): an attachment with the features, Vietnamese names and provenance inside', async () => {
  const res = await download('');
  assert.match(String(res.headers['content-type']), /^application\/geo\+json/);
  assert.equal(attachmentName(res), 'bus-stops.geojson');
  assert.equal(res.headers['x-dothi-layer-version'], '1');
  const doc = res.json<{ type: string; features: Feature[]; 'dothi:provenance': Provenance }>();
  assert.equal(doc.type, 'FeatureCollection');
  assert.deepEqual(doc.features.map((f) => f.properties?.name), names);
  assert.deepEqual(doc.features.map((f) => f.geometry), stops.map((f) => f.geometry));
  checkProvenance(doc['dothi:provenance']);
});

test('CSV: one zip holding the CSV and its provenance sidecar', async () => {
  const res = await download('?format=csv');
  assert.equal(res.headers['content-type'], 'application/zip');
  assert.equal(attachmentName(res), 'bus-stops.zip');
  const entries = unzipSync(new Uint8Array(res.rawPayload));
  assert.deepEqual(Object.keys(entries).sort(), ['bus-stops.csv', 'bus-stops.provenance.json']);
  const csv = new TextDecoder().decode(entries['bus-stops.csv']);
  const lines = csv.trim().split(/\r?\n/);
  assert.equal(lines.length, 1 + stops.length);
  for (const n of names) assert.ok(csv.includes(String(n)), `CSV holds ${n}`);
  checkProvenance(JSON.parse(new TextDecoder().decode(entries['bus-stops.provenance.json'])) as Provenance);
});

test('GeoPackage and zipped Shapefile: right types and names, and the importer reads them back with the same text', async () => {
  const gpkg = await download('?format=geopackage');
  assert.equal(gpkg.headers['content-type'], 'application/geopackage+sqlite3');
  assert.equal(attachmentName(gpkg), 'bus-stops.gpkg');
  assert.equal(gpkg.rawPayload.subarray(0, 16).toString('latin1'), 'SQLite format 3\0');

  const shp = await download('?format=shapefile');
  assert.equal(shp.headers['content-type'], 'application/zip');
  assert.equal(attachmentName(shp), 'bus-stops.zip');
  const entries = unzipSync(new Uint8Array(shp.rawPayload));
  assert.deepEqual(Object.keys(entries).sort(), ['bus-stops.cpg', 'bus-stops.dbf', 'bus-stops.prj', 'bus-stops.provenance.json', 'bus-stops.shp', 'bus-stops.shx']);
  assert.match(new TextDecoder().decode(entries['bus-stops.cpg']), /UTF-8/i);
  checkProvenance(JSON.parse(new TextDecoder().decode(entries['bus-stops.provenance.json'])) as Provenance);

  for (const [file, layer] of [[{ name: 'back.gpkg', data: new Uint8Array(gpkg.rawPayload) }, 'back-gpkg'], [{ name: 'back.zip', data: new Uint8Array(shp.rawPayload) }, 'back-shp']] as const) {
    const res = await upload(app, 'hcmc', [file], { kind: 'transit_stops', name: layer });
    assert.equal(res.statusCode, 200, res.body);
    const got = (await app.inject({ url: `/api/workspaces/hcmc/layers/${layer}/features` })).json<{ features: Feature[] }>().features;
    assert.deepEqual(got.map((f) => f.properties?.name), names, `${layer} keeps the Vietnamese names`);
  }
});

test('crs reprojects: EPSG:9210 agrees with GDAL\'s conversion of the same stops to the centimetre', async () => {
  const res = await download('?crs=EPSG:9210');
  const doc = res.json<{ crs: { properties: { name: string } }; features: Feature[]; 'dothi:provenance': Provenance }>();
  assert.equal(doc.crs.properties.name, 'urn:ogc:def:crs:EPSG::9210');
  checkProvenance(doc['dothi:provenance'], 'EPSG:9210');
  const gdal = new Map(
    (JSON.parse(fs.readFileSync(VN2000, 'utf8')) as { features: Feature[] }).features.map((f) => [Number(f.properties?.osm_id), (f.geometry as { coordinates: number[] }).coordinates]),
  );
  assert.equal(doc.features.length, gdal.size);
  for (const f of doc.features) {
    const [x, y] = (f.geometry as { coordinates: number[] }).coordinates;
    const [gx, gy] = gdal.get(Number(f.properties?.['@id'])) ?? [];
    assert.ok(Math.abs((x ?? 0) - (gx ?? NaN)) < 0.01 && Math.abs((y ?? 0) - (gy ?? NaN)) < 0.01, `${String(f.properties?.name)}: ${x},${y} vs ${gx},${gy}`);
  }
  const named = (await download('?crs=vn2000:danang&format=csv')).rawPayload;
  const prov = JSON.parse(new TextDecoder().decode(unzipSync(new Uint8Array(named))['bus-stops.provenance.json'])) as Provenance;
  assert.equal(prov.crs, 'EPSG:5899');
});

test('version picks an older version; the default is the current one', async () => {
  const again = await upload(app, 'hcmc', [fileFrom(STOPS)], { kind: 'transit_stops', name: 'bus-stops', licence: ODBL });
  assert.equal(again.statusCode, 200, again.body);
  const current = await download('');
  assert.equal(current.headers['x-dothi-layer-version'], '2');
  assert.equal(current.json<{ 'dothi:provenance': Provenance }>()['dothi:provenance'].version, 2);
  const old = await download('?version=1');
  assert.equal(old.headers['x-dothi-layer-version'], '1');
  checkProvenance(old.json<{ 'dothi:provenance': Provenance }>()['dothi:provenance']);
});

test('unknown formats, CRSs, layers and versions are coded errors', async () => {
  const f = assertError(await app.inject({ url: url('?format=kml') }), 400, 'DOTHI_EXPORT_FORMAT_UNKNOWN');
  assert.deepEqual(f.details, { format: 'kml', known: 'geojson, csv, geopackage, shapefile' });
  assert.deepEqual(assertError(await app.inject({ url: url('?crs=EPSG:1') }), 400, 'DOTHI_CRS_UNKNOWN').details, { crs: 'EPSG:1' });
  assertError(await app.inject({ url: '/api/workspaces/hcmc/layers/nope/export' }), 404, 'DOTHI_LAYER_NOT_FOUND');
  assertError(await app.inject({ url: '/api/workspaces/nowhere/layers/bus-stops/export' }), 404, 'DOTHI_WORKSPACE_NOT_FOUND');
  assertError(await app.inject({ url: url('?version=9') }), 404, 'DOTHI_LAYER_VERSION_NOT_FOUND');
  assertError(await app.inject({ url: url('?version=0') }), 400, 'DOTHI_USAGE');
});

test('Content-Disposition keeps any name exactly in filename* and gives an ASCII fallback', () => {
  const name = 'Đường phố "Quận 1" 100%.csv';
  const cd = contentDisposition(name);
  const m = /^attachment; filename="([^"]*)"; filename\*=UTF-8''([A-Za-z0-9%!._~-]+)$/.exec(cd);
  assert.ok(m, cd);
  assert.equal(m[1], 'Duong pho _Quan 1_ 100_.csv');
  assert.equal(decodeURIComponent(m[2] ?? ''), name);
});

test('the OpenAPI document lists the export route and its parameters', async () => {
  const doc = (await app.inject({ url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; responses: Record<string, unknown> }>> }>();
  const op = doc.paths['/api/workspaces/{ws}/layers/{layer}/export']?.get;
  assert.ok(op, 'GET export documented');
  assert.deepEqual((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name).sort(), ['crs', 'format', 'version']);
  assert.ok(op.responses['200'] && op.responses['404']);
});
