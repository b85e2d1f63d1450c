// Administrative units through the July 2025 reform, with real data: the GSO list of Da Nang's units
// before the reform (dvhcvn, GPL-3.0, read from ../shared only) and VietMap's post-reform units and
// old→new table (VietMap Administrative Data License). Expected counts are from shared/data/SOURCES.md:
// 8 districts and 47 wards/communes before; 94 units after; 281 mapping rows over 25 old districts.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { DothiError } from '@dothi/engine';
import { BACKENDS, openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { createWorkspace } from '../../src/store/workspaces.ts';
import { parseMapping, parseUnits } from '../../src/admin/parse-admin.ts';
import { importMapping, importUnits, traceUnit, unitsAt } from '../../src/admin/admin-units.ts';

const DATA = new URL('../../../../../shared/data/', import.meta.url).pathname;
const read = (p: string): string => fs.readFileSync(DATA + p, 'utf8');

for (const backend of BACKENDS) {
  describe(`administrative units on ${backend}`, () => {
    let s: TestStore;
    before(async () => {
      s = await openTestStore(backend);
      await createWorkspace(s.db, 'da-nang', 'Thành phố Đà Nẵng');
    });
    after(async () => s?.close());

    test('the GSO list before the reform: 1 city, 8 districts, 47 wards and communes', async () => {
      const units = parseUnits('danang-admin-units-2025-03.json', read('dvhcvn-danang/danang-admin-units-2025-03.json'));
      assert.equal(await importUnits(s.db, 'da-nang', units, '2019-12-31', 'dvhcvn'), 56);
      const at = await unitsAt(s.db, 'da-nang', '2025-03-01');
      assert.equal(at.filter((u) => u.level === 'district').length, 8);
      assert.equal(at.filter((u) => u.level === 'commune').length, 47);
      assert.ok(at.some((u) => u.name === 'Phường Hòa Hiệp Bắc' && u.parent_code === 'gso:490'));
    });

    test('the VietMap old→new table closes old units and opens new ones on 1 July 2025', async () => {
      const rows = parseMapping('map.csv', read('vietmap-admin-danang/danang-admin-mapping-old-to-new-2025.csv'));
      const r = await importMapping(s.db, 'da-nang', rows, '2025-07-01', 'vietmap');
      assert.equal(r.opened, 95); // 94 units and the new city
      const before = await unitsAt(s.db, 'da-nang', '2025-06-30');
      const vmBefore = before.filter((u) => u.code.startsWith('vietmap:'));
      assert.equal(vmBefore.filter((u) => u.level === 'district').length, 25);
      assert.ok(vmBefore.some((u) => u.name === 'Phường Khuê Trung'));
      assert.ok(vmBefore.some((u) => u.name === 'Tỉnh Quảng Nam'));
      const afterReform = (await unitsAt(s.db, 'da-nang', '2025-07-01')).filter((u) => u.code.startsWith('vietmap:'));
      assert.equal(afterReform.filter((u) => u.level === 'commune').length, 94);
      assert.equal(afterReform.filter((u) => u.level === 'district').length, 0, 'the reform abolished districts');
      assert.equal(afterReform.some((u) => u.name === 'Tỉnh Quảng Nam'), false);
    });

    test('tracing a unit: Khuê Trung became Cẩm Lệ, which came from three wards', async () => {
      const t = await traceUnit(s.db, 'da-nang', 'vietmap:131342');
      assert.deepEqual(t.became.map((b) => [b.code, b.name, b.effective]), [['vietmap:21773', 'Phường Cẩm Lệ', '2025-07-01']]);
      assert.equal(t.unit[0]?.valid_to, '2025-07-01');
      const camLe = await traceUnit(s.db, 'da-nang', 'vietmap:21773');
      const wards = camLe.came_from.filter((c) => c.name?.startsWith('Phường')).map((c) => c.name).sort();
      assert.deepEqual(wards, ['Phường Hòa Thọ Tây', 'Phường Hòa Thọ Đông', 'Phường Khuê Trung'].sort());
    });

    test('VietMap post-reform units enrich the units the mapping opened, without duplicates', async () => {
      const units = parseUnits('new.json', read('vietmap-admin-danang/danang-admin-units-new-2025.json'));
      assert.equal(units.length, 95);
      await importUnits(s.db, 'da-nang', units, '2025-07-01', 'vietmap');
      const now = (await unitsAt(s.db, 'da-nang', '2026-01-01')).filter((u) => u.code.startsWith('vietmap:'));
      assert.equal(now.length, 95);
      assert.ok(now.some((u) => u.code === 'vietmap:1549' && u.unit_type === 'dac-khu'));
    });

    test('a broken mapping file is a coded error naming the row, and writes nothing', async () => {
      const bad = 'city_id_old,city_name_old,district_id_old,district_name_old,ward_id_old,ward_name_old,city_id_new,city_name_new,ward_id_new,ward_new_name\n' +
        '14,Đà Nẵng,270,Quận Cẩm Lệ,1,Phường X,13,Đà Nẵng,,\n';
      assert.throws(() => parseMapping('bad.csv', bad), (e: unknown) => e instanceof DothiError && e.code === 'DOTHI_IMPORT_ADMIN_MAPPING_INVALID' && e.details.row === 2);
    });
  });
}
