// The `dothi` CLI end to end, as a user runs it, on both store backends: workspaces, imports with
// provenance and versions, coded errors that write nothing, --on-invalid, limits, CRS transforms.
// Fixture: the 43 bus stops of central Ho Chi Minh City from OpenStreetMap (ODbL), Vietnamese names.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { BACKENDS } from '../helpers/stores.ts';
import { cliEnv, errorOf, FIXTURES, json, run } from './cli-helpers.ts';
import type { CliEnv } from './cli-helpers.ts';

const STOPS = path.join(FIXTURES, 'osm-geojson/hcmc-d1-d3-bus_stops.geojson');

interface Report {
  file: string;
  sha256: string;
  imported: number;
  rejected: number;
  layers: Array<{ layer: string; version: number; imported: number; rejected: number; repaired: number; source_crs: string; source_crs_reason: string; features: Array<{ id: string; valid: boolean; reason: string; repaired?: boolean }> }>;
}

function writeJson(dir: string, name: string, value: unknown): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, JSON.stringify(value));
  return p;
}

const square = (x: number, y: number, d = 0.001): number[][][] => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];

for (const backend of BACKENDS) {
  describe(`dothi CLI on ${backend}`, () => {
    let env: CliEnv;
    before(async () => {
      env = await cliEnv(backend);
    });
    after(async () => env?.close());

    test('workspace create and list', async () => {
      const c = await run(env, ['workspace', 'create', 'hcmc', '--name', 'Thành phố Hồ Chí Minh', '--json']);
      assert.equal(c.code, 0, c.stderr);
      assert.equal(json<{ name: string }>(c).name, 'Thành phố Hồ Chí Minh');
      const dup = await run(env, ['workspace', 'create', 'hcmc', '--json']);
      assert.equal(dup.code, 1);
      assert.equal(errorOf(dup).code, 'DOTHI_WORKSPACE_EXISTS');
      const l = await run(env, ['workspace', 'list', '--json']);
      assert.deepEqual(json<Array<{ workspace_id: string }>>(l).map((w) => w.workspace_id), ['hcmc']);
    });

    test('import GeoJSON: counts, provenance, Vietnamese text, and a second immutable version', async () => {
      const r = await run(env, ['import', STOPS, '--workspace', 'hcmc', '--kind', 'transit_stops', '--name', 'bus-stops', '--licence', 'ODbL 1.0', '--json']);
      assert.equal(r.code, 0, r.stderr);
      const rep = json<Report>(r);
      assert.equal(rep.imported, 43);
      assert.equal(rep.rejected, 0);
      assert.equal(rep.sha256, createHash('sha256').update(fs.readFileSync(STOPS)).digest('hex'));
      assert.equal(rep.layers[0]?.source_crs, 'EPSG:4326');
      const again = await run(env, ['import', STOPS, '--workspace', 'hcmc', '--kind', 'transit_stops', '--name', 'bus-stops', '--json']);
      assert.equal(json<Report>(again).layers[0]?.version, 2);
      const show = json<{ version: number; source_sha256: string; licence: string | null; feature_count: number; versions: Array<{ version: number }> }>(
        await run(env, ['layer', 'show', 'bus-stops', '--workspace', 'hcmc', '--version', '1', '--json']),
      );
      assert.equal(show.version, 1);
      assert.equal(show.licence, 'ODbL 1.0');
      assert.equal(show.feature_count, 43);
      assert.deepEqual(show.versions.map((v) => v.version), [1, 2]);
      const layers = json<Array<{ layer_id: string; current_version: number; feature_count: number }>>(await run(env, ['layers', '--workspace', 'hcmc', '--json']));
      assert.deepEqual(layers.map((l) => [l.layer_id, l.current_version, l.feature_count]), [['bus-stops', 2, 43]]);
      const out = path.join(env.tmp, 'stops-export.geojson');
      const ex = await run(env, ['export', '--workspace', 'hcmc', '--layer', 'bus-stops', '--format', 'geojson', '--out', out, '--json']);
      assert.equal(ex.code, 0, ex.stderr);
      const exported = JSON.parse(fs.readFileSync(out, 'utf8')) as { features: Array<{ properties: { name?: string } }> };
      assert.equal(exported.features.length, 43);
      assert.ok(exported.features.some((f) => f.properties.name === 'Viện Pasteur'));
    });

    test('an unreadable file is a coded error that says where, and writes nothing', async () => {
      const bad = path.join(env.tmp, 'broken.geojson');
      fs.writeFileSync(bad, fs.readFileSync(STOPS, 'utf8').slice(0, 3000));
      const r = await run(env, ['import', bad, '--workspace', 'hcmc', '--kind', 'transit_stops', '--name', 'broken', '--json']);
      assert.equal(r.code, 1);
      const e = errorOf(r);
      assert.equal(e.code, 'DOTHI_IMPORT_UNREADABLE');
      assert.match(e.message, /broken\.geojson/);
      const layers = json<Array<{ layer_id: string }>>(await run(env, ['layers', '--workspace', 'hcmc', '--json']));
      assert.deepEqual(layers.map((l) => l.layer_id), ['bus-stops']);
    });

    test('--on-invalid: reject writes nothing, skip drops bad features, repair fixes geometry with makeValid', async () => {
      const file = writeJson(env.tmp, 'zones.geojson', {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', id: 'ok', properties: { class: 'residential', name: 'Khu dân cư Phường Võ Thị Sáu' }, geometry: { type: 'Polygon', coordinates: square(106.69, 10.78) } },
          // A bow-tie: self-intersecting, GEOS makeValid splits it into two triangles.
          { type: 'Feature', id: 'bowtie', properties: { class: 'park' }, geometry: { type: 'Polygon', coordinates: [[[106.7, 10.78], [106.701, 10.781], [106.701, 10.78], [106.7, 10.781], [106.7, 10.78]]] } },
          { type: 'Feature', id: 'no-class', properties: { name: 'Chưa phân loại' }, geometry: { type: 'Polygon', coordinates: square(106.692, 10.78) } },
          { type: 'Feature', id: 'far-away', properties: { class: 'commercial' }, geometry: { type: 'Polygon', coordinates: square(548188, 1775651, 10) } },
        ],
      });
      const rej = await run(env, ['import', file, '--workspace', 'hcmc', '--kind', 'land_use', '--json']);
      assert.equal(rej.code, 1);
      const e = errorOf(rej);
      assert.equal(e.code, 'DOTHI_IMPORT_INVALID_FEATURES');
      const byId = new Map((e.data?.features ?? []).map((f) => [f.id, f.reason]));
      assert.deepEqual([...byId.keys()].sort(), ['bowtie', 'far-away', 'no-class']);
      assert.match(byId.get('no-class') ?? '', /required attribute class is missing/);
      assert.match(byId.get('far-away') ?? '', /outside the CRS's area of use/);
      assert.match(byId.get('bowtie') ?? '', /Self-intersection/i);
      const none = json<Array<{ layer_id: string }>>(await run(env, ['layers', '--workspace', 'hcmc', '--json']));
      assert.equal(none.some((l) => l.layer_id === 'zones'), false);

      const skip = json<Report>(await run(env, ['import', file, '--workspace', 'hcmc', '--kind', 'land_use', '--on-invalid', 'skip', '--json']));
      assert.equal(skip.imported, 1);
      assert.equal(skip.rejected, 3);

      const rep = json<Report>(await run(env, ['import', file, '--workspace', 'hcmc', '--kind', 'land_use', '--on-invalid', 'repair', '--json']));
      assert.equal(rep.imported, 2);
      assert.equal(rep.layers[0]?.repaired, 1);
      assert.equal(rep.layers[0]?.version, 2);
      const bowtie = rep.layers[0]?.features.find((f) => f.id === 'bowtie');
      assert.equal(bowtie?.valid, true);
      assert.equal(bowtie?.repaired, true);
    });

    test('declared CRS: VN-2000 TM-3 coordinates land where PROJ says', async () => {
      // DESIGN.md §4: EPSG:5899 E 548188.9206 N 1775651.3260 is lon 108.202205818, lat 16.054401482.
      await run(env, ['workspace', 'create', 'da-nang']);
      const file = writeJson(env.tmp, 'dn.geojson', {
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { name: 'Trường Đại học Bách khoa', amenity: 'university' }, geometry: { type: 'Point', coordinates: [548188.9206, 1775651.326] } }],
      });
      const r = json<Report>(await run(env, ['import', file, '--workspace', 'da-nang', '--kind', 'amenities', '--crs', 'vn2000:danang', '--json']));
      assert.equal(r.layers[0]?.source_crs, 'EPSG:5899');
      assert.match(r.layers[0]?.source_crs_reason ?? '', /declared/);
      const out = path.join(env.tmp, 'dn-out.geojson');
      await run(env, ['export', '--workspace', 'da-nang', '--layer', 'dn', '--format', 'geojson', '--out', out]);
      const [lon, lat] = (JSON.parse(fs.readFileSync(out, 'utf8')) as { features: Array<{ geometry: { coordinates: number[] } }> }).features[0]?.geometry.coordinates ?? [];
      assert.ok(Math.abs((lon ?? 0) - 108.202205818) < 1e-8 && Math.abs((lat ?? 0) - 16.054401482) < 1e-8, `${lon},${lat}`);
    });

    test('limits on size and feature count are enforced with a clear error', async () => {
      const many = await run(env, ['import', STOPS, '--workspace', 'hcmc', '--kind', 'transit_stops', '--name', 'x', '--json'], { DOTHI_MAX_IMPORT_FEATURES: '10' });
      assert.equal(errorOf(many).code, 'DOTHI_IMPORT_TOO_MANY_FEATURES');
      const big = await run(env, ['import', STOPS, '--workspace', 'hcmc', '--kind', 'transit_stops', '--name', 'x', '--json'], { DOTHI_MAX_IMPORT_BYTES: '1000' });
      assert.equal(errorOf(big).code, 'DOTHI_IMPORT_TOO_LARGE');
      assert.match(errorOf(big).message, /DOTHI_MAX_IMPORT_BYTES/);
    });
  });
}

describe('dothi CLI without a store', () => {
  test('crs transform: arguments, CSV on stdin, and bad input', async () => {
    const env = await cliEnv('embedded');
    try {
      const one = await run(env, ['crs', 'transform', '--from', 'EPSG:5899', '--to', 'EPSG:4326', '548188.9206', '1775651.3260']);
      assert.equal(one.code, 0, one.stderr);
      assert.equal(one.stdout.trim(), '108.202205818,16.054401482');
      const many = await run(env, ['crs', 'transform', '--from', 'EPSG:4326', '--to', 'vn2000:danang', '--json'], {}, 'lon,lat\n108.202205818,16.054401482\n105.8542,21.0285\n');
      const pts = json<{ points: Array<{ x: number; y: number }> }>(many).points;
      assert.equal(pts.length, 2);
      assert.ok(Math.abs((pts[0]?.x ?? 0) - 548188.9206) < 0.01 && Math.abs((pts[0]?.y ?? 0) - 1775651.326) < 0.01);
      const bad = await run(env, ['crs', 'transform', '--from', 'EPSG:4326', '--to', 'EPSG:5899', '--json'], {}, '108.2,abc\n');
      assert.equal(errorOf(bad).code, 'DOTHI_CRS_INPUT_INVALID');
      const unknown = await run(env, ['crs', 'transform', '--from', 'EPSG:1', '--to', 'EPSG:4326', '1', '2', '--json']);
      assert.equal(unknown.code, 1);
      assert.equal(errorOf(unknown).code, 'DOTHI_CRS_UNKNOWN');
      const usage = await run(env, ['import', '--bogus']);
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /DOTHI_USAGE/);
    } finally {
      await env.close();
    }
  });
});
