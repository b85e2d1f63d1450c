// The CLI against a running server with an API token (issue 6): the administrator, workspace and
// tokens are made with the real CLI on the store, `dothi serve` runs on it, and the data commands
// then go through the API with --server and DOTHI_TOKEN, under the token's role.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { listeningUrl } from '../../src/cli/listening.ts';
import { BACKENDS } from '../helpers/stores.ts';
import { cliEnv, errorOf, FIXTURES, json, run, start } from './cli-helpers.ts';
import type { CliEnv } from './cli-helpers.ts';

const SHP = ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((e) => path.join(FIXTURES, 'formats/shp-vn2000', `bus_stops.${e}`));

interface Report { job_id: string; imported: number; rejected: number; sha256: string; layers: Array<{ layer: string; version: number; source_crs: string }> }

for (const backend of BACKENDS) {
  describe(`dothi --server with an API token (${backend})`, () => {
    let env: CliEnv;
    let serve: ChildProcess;
    let url: string;
    const tokens: Record<string, string> = {};
    const remote = (args: string[], token: string | undefined, extra: NodeJS.ProcessEnv = {}) =>
      run(env, [...args, '--server', url, '--json'], { DOTHI_TOKEN: token ?? '', ...extra });

    before(async () => {
      env = await cliEnv(backend);
      const admin = await run(env, ['admin', 'create', '--email', 'admin@danang.gov.vn', '--password-stdin'], {}, 'a long enough passphrase\n');
      assert.equal(admin.code, 0, admin.stderr);
      assert.equal((await run(env, ['workspace', 'create', 'danang'])).code, 0);
      for (const role of ['owner', 'planner', 'analyst']) {
        const r = await run(env, ['token', 'create', '--workspace', 'danang', '--role', role, '--expires', '1', '--json']);
        tokens[role] = json<{ token: string }>(r).token;
      }
      serve = start(env, ['serve', '--port', '0', '--no-demo', '--json']);
      url = await listeningUrl(serve);
    });

    after(async () => {
      if (serve) {
        const closed = once(serve, 'close');
        serve.kill('SIGTERM');
        await closed;
      }
      await env?.close();
    });

    test('a planner token imports a Shapefile through the API, with the upload and the job as progress', async () => {
      const r = await remote(['import', ...SHP, '--workspace', 'danang', '--kind', 'transit_stops', '--progress', 'json'], tokens.planner);
      assert.equal(r.code, 0, r.stderr);
      const report = json<Report>(r);
      // The fixture's 43 stops (its .dbf header counts 43 records), in VN-2000 by its .prj.
      assert.equal(report.imported, 43);
      assert.equal(report.layers[0]?.layer, 'bus_stops');
      assert.match(report.layers[0]?.source_crs ?? '', /VN-2000|9210|vn2000/i);
      const phases = r.stderr.trim().split('\n').map((l) => (JSON.parse(l) as { progress: { phase: string; fraction: number } }).progress);
      assert.ok(phases.some((p) => p.phase === 'upload' && p.fraction === 1), 'the upload reaches 100%');
      assert.ok(phases.some((p) => p.phase === 'write'), 'the server job\'s own phases follow');
    });

    test('layers, layer show and export read through the API what the import stored', async () => {
      const layers = json<Array<{ layer_id: string; feature_count: number }>>(await remote(['layers', '--workspace', 'danang'], tokens.analyst));
      assert.deepEqual(layers.map((l) => [l.layer_id, l.feature_count]), [['bus_stops', 43]]);
      const shown = json<{ version: number; source_format: string; versions: unknown[] }>(await remote(['layer', 'show', 'bus_stops', '--workspace', 'danang'], tokens.analyst));
      assert.equal(shown.version, 1);
      assert.equal(shown.versions.length, 1);
      const out = path.join(env.tmp, 'out', 'stops.geojson');
      const ex = json<{ version: number; files: string[] }>(await remote(['export', '--workspace', 'danang', '--layer', 'bus_stops', '--format', 'geojson', '--out', out], tokens.analyst));
      assert.equal(ex.version, 1);
      assert.deepEqual(ex.files, [out]);
      const fc = JSON.parse(fs.readFileSync(out, 'utf8')) as { features: unknown[] };
      assert.equal(fc.features.length, 43);
      const ws = json<Array<{ workspace_id: string }>>(await remote(['workspace', 'list'], tokens.analyst));
      assert.deepEqual(ws.map((w) => w.workspace_id), ['danang']);
    });

    test('the server decides: an analyst token may not import, a bad token is refused, an invalid file is reported per record', async () => {
      const denied = await remote(['import', ...SHP, '--workspace', 'danang', '--kind', 'transit_stops'], tokens.analyst);
      assert.equal(denied.code, 1);
      assert.equal(errorOf(denied).code, 'DOTHI_AUTH_FORBIDDEN');
      const bad = await remote(['layers', '--workspace', 'danang'], 'dothi_not-a-token');
      assert.equal(errorOf(bad).code, 'DOTHI_AUTH_TOKEN_INVALID');
      const file = path.join(env.tmp, 'zones.geojson');
      fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [
        { type: 'Feature', id: 'no-class', properties: { name: 'Chưa phân loại' }, geometry: { type: 'Polygon', coordinates: [[[108.2, 16.0], [108.21, 16.0], [108.21, 16.01], [108.2, 16.0]]] } },
      ] }));
      const rej = await remote(['import', file, '--workspace', 'danang', '--kind', 'land_use'], tokens.planner);
      assert.equal(rej.code, 1);
      const e = errorOf(rej);
      assert.equal(e.code, 'DOTHI_IMPORT_INVALID_FEATURES');
      assert.match(e.data?.features?.[0]?.reason ?? '', /required attribute class is missing/);
    });

    test('the audit log names the token behind each change made through the API', async () => {
      const res = await fetch(new URL('/api/workspaces/danang/audit', url), { headers: { authorization: `Bearer ${tokens.owner}` } });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { entries: Array<{ actor: string; action: string }> };
      const imports = body.entries.filter((e) => /imports/.test(e.action));
      assert.ok(imports.length >= 1, JSON.stringify(body.entries.map((e) => e.action)));
      assert.ok(imports.every((e) => e.actor.startsWith('token:')), JSON.stringify(imports));
    });

    test('store-only commands, an unreachable server and a token over plain HTTP to another machine are refused with a code', async () => {
      const backup = await remote(['backup', '--out', path.join(env.tmp, 'b.tar')], tokens.owner);
      assert.equal(errorOf(backup).code, 'DOTHI_REMOTE_UNSUPPORTED');
      const gone = await run(env, ['layers', '--workspace', 'danang', '--server', 'http://127.0.0.1:9', '--json'], { DOTHI_TOKEN: tokens.analyst });
      assert.equal(errorOf(gone).code, 'DOTHI_REMOTE_UNREACHABLE');
      const clear = await run(env, ['layers', '--workspace', 'danang', '--server', 'http://dothi.example.org', '--json'], { DOTHI_TOKEN: tokens.analyst });
      assert.equal(clear.code, 2);
      assert.match(errorOf(clear).message, /unencrypted/);
    });
  });
}
