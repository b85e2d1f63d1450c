// The monitoring commands through the real `dothi` binary, one backend per test file (each run starts
// a process and opens the store, so the two backends are split to keep each file short): catalog listing, CSV import
// with a per-row report and a non-zero exit (nothing written), export that round-trips, targets and
// progress in both languages. Indicator ids are real catalog entries; numbers are hand-checked.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Backend } from '../helpers/stores.ts';
import { cliEnv, json, run } from '../cli/cli-helpers.ts';
import type { CliEnv } from '../cli/cli-helpers.ts';

const PM25 = 'u4ssc:EN-EN-AQ-1C'; // µg/m³, direction −1

const CSV = [
  'indicator_id,unit_code,period,value,source,quality,note',
  `${PM25},492,2015,40,Sở TN&MT,measured,`,
  `${PM25},492,2020,30,Sở TN&MT,measured,"mới, hiệu chỉnh"`,
].join('\n');

export function monitoringCliSuite(backend: Backend): void {
  describe(`monitoring CLI on ${backend}`, () => {
    let env: CliEnv;
    before(async () => {
      env = await cliEnv(backend);
      const c = await run(env, ['workspace', 'create', 'danang', '--json']);
      assert.equal(c.code, 0, c.stderr);
    });
    after(async () => env?.close());

    test('indicators list by framework', async () => {
      const r = await run(env, ['indicators', 'list', '--framework', 'u4ssc', '--json']);
      assert.equal(r.code, 0, r.stderr);
      // ITU U4SSC: 91 KPIs.
      assert.equal(json<unknown[]>(r).length, 91);
    });

    test('a bad CSV lists every bad row, exits non-zero and writes nothing', async () => {
      const bad = path.join(env.tmp, 'bad.csv');
      fs.writeFileSync(bad, `${CSV}\n${PM25},492,2021,n/a,,,\nu4ssc:NOPE,492,2021,1,,,\n`);
      const r = await run(env, ['indicators', 'import', bad, '--workspace', 'danang']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /row 4: value "n\/a" is not a number/);
      assert.match(r.stderr, /row 5: unknown indicator "u4ssc:NOPE"/);
      assert.match(r.stderr, /DOTHI_OBSERVATION_IMPORT_INVALID/);
      const ex = await run(env, ['indicators', 'export', '--workspace', 'danang']);
      assert.equal(ex.stdout, 'indicator_id,unit_code,period,value,source,quality,note\r\n', 'nothing half-imported');
    });

    test('import, export round trip, targets and progress', async () => {
      const file = path.join(env.tmp, 'pm25.csv');
      fs.writeFileSync(file, CSV);
      const r = await run(env, ['indicators', 'import', file, '--workspace', 'danang', '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(json<{ inserted: number }>(r).inserted, 2);
      const out = path.join(env.tmp, 'out.csv');
      const ex = await run(env, ['indicators', 'export', '--workspace', 'danang', '--out', out, '--json']);
      assert.equal(ex.code, 0, ex.stderr);
      assert.equal(json<{ rows: number }>(ex).rows, 2);
      assert.equal(fs.readFileSync(out, 'utf8'), `${CSV.replace(/\n/g, '\r\n')}\r\n`, 'the export is the imported file, in CRLF lines');

      const t = await run(env, ['targets', 'set', PM25, '492', '2030', '20', '--workspace', 'danang', '--source', 'QĐ 1658/QĐ-TTg', '--json']);
      assert.equal(t.code, 0, t.stderr);
      assert.equal(json<{ comparator: string }>(t).comparator, 'at_most');
      const bad = await run(env, ['targets', 'set', PM25, '492', 'soon', '20', '--workspace', 'danang']);
      assert.equal(bad.code, 2);
      // 40 → 30 from 2015 to 2020 toward ≤ 20 by 2030: R = 1.238 (engine test), on track ("đúng hướng").
      const vi = await run(env, ['progress', '--workspace', 'danang', '--lang', 'vi']);
      assert.equal(vi.code, 0, vi.stderr);
      assert.match(vi.stdout, /đúng hướng/);
      assert.match(vi.stdout, /492\s+đúng hướng\s+40 \(2015\)\s+30 \(2020\)\s+≤20 \(2030\)\s+1\.24/);
    });
  });
}
