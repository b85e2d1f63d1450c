// Readers for the administrative-unit lists planners get: the GSO list as published by dvhcvn
// (before the July 2025 reform), VietMap's post-reform units, a plain CSV, and VietMap's old→new
// mapping table. Codes are namespaced by their scheme (gso:, vietmap:) because the schemes differ
// and their numbers can collide.

import { csvRecords, DothiError } from '@dothi/engine';

export type AdminLevel = 'country' | 'province' | 'district' | 'commune';

export interface ParsedUnit {
  code: string;
  name: string;
  level: AdminLevel;
  unit_type: string | null;
  parent_code: string | null;
}

export interface ParsedMapping {
  old: ParsedUnit;
  new: ParsedUnit;
}

function levelOfType(type: string): AdminLevel {
  const t = type.toLowerCase();
  if (/quận|huyện|thị xã|thành phố thuộc tỉnh|^quan$|^huyen$/.test(t)) return 'district';
  if (/tỉnh|trung ương|^tinh$/.test(t)) return 'province';
  return 'commune';
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Accepts dvhcvn's province JSON, VietMap's `{ province, wards }`, or CSV `code,name,level,parent_code[,unit_type]`. */
export function parseUnits(file: string, text: string): ParsedUnit[] {
  const fail = (row: number | string, detail: string): never => {
    throw new DothiError('DOTHI_IMPORT_ADMIN_MAPPING_INVALID', { file, row, detail });
  };
  const trimmed = text.replace(/^\ufeff/, '').trimStart();
  if (!trimmed.startsWith('{')) {
    return csvRecords(trimmed).map((r, i) => {
      if (!r.code || !r.name) fail(i + 2, 'code and name are required');
      const level = (r.level || levelOfType(r.unit_type ?? '')) as AdminLevel;
      if (!['country', 'province', 'district', 'commune'].includes(level)) fail(i + 2, `level "${r.level}" is not country, province, district or commune`);
      return { code: r.code as string, name: r.name as string, level, unit_type: r.unit_type || null, parent_code: r.parent_code || null };
    });
  }
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(trimmed) as Record<string, unknown>;
  } catch (e) {
    throw new DothiError('DOTHI_IMPORT_UNREADABLE', { file, format: 'JSON', detail: (e as Error).message });
  }
  if ('level1_id' in doc) {
    // dvhcvn (GSO codes): province → level2s (districts) → level3s (wards, communes).
    const p = `gso:${str(doc.level1_id)}`;
    const units: ParsedUnit[] = [{ code: p, name: str(doc.name), level: 'province', unit_type: str(doc.type) || null, parent_code: null }];
    const level2s = Array.isArray(doc.level2s) ? (doc.level2s as Array<Record<string, unknown>>) : fail('level2s', 'missing list');
    for (const d of level2s) {
      const dc = `gso:${str(d.level2_id)}`;
      units.push({ code: dc, name: str(d.name), level: 'district', unit_type: str(d.type) || null, parent_code: p });
      for (const w of Array.isArray(d.level3s) ? (d.level3s as Array<Record<string, unknown>>) : []) {
        units.push({ code: `gso:${str(w.level3_id)}`, name: str(w.name), level: 'commune', unit_type: str(w.type) || null, parent_code: dc });
      }
    }
    return units;
  }
  if ('province' in doc && 'wards' in doc) {
    const p = doc.province as Record<string, unknown>;
    const pc = `vietmap:${str(p.code)}`;
    const units: ParsedUnit[] = [{ code: pc, name: str(p.name_with_type) || str(p.name), level: 'province', unit_type: str(p.type) || null, parent_code: null }];
    for (const w of Object.values(doc.wards as Record<string, Record<string, unknown>>)) {
      units.push({ code: `vietmap:${str(w.code)}`, name: str(w.name_with_type) || str(w.name), level: 'commune', unit_type: str(w.type) || null, parent_code: `vietmap:${str(w.parent_code)}` });
    }
    return units;
  }
  return fail('-', 'not a dvhcvn province, a VietMap {province, wards} document, or a CSV with code,name,level');
}

const vm = (id: string): string => `vietmap:${id.replace(/\.0+$/, '')}`;

/** VietMap's old→new table. A row without an old ward maps a whole old district (Hoàng Sa) to its new unit. */
export function parseMapping(file: string, text: string): ParsedMapping[] {
  const rows = csvRecords(text);
  const need = ['city_id_old', 'city_name_old', 'district_id_old', 'district_name_old', 'ward_id_old', 'ward_name_old', 'city_id_new', 'city_name_new', 'ward_id_new', 'ward_new_name'];
  const missing = need.filter((c) => !(rows[0] && c in rows[0]));
  if (rows.length === 0 || missing.length > 0) {
    throw new DothiError('DOTHI_IMPORT_ADMIN_MAPPING_INVALID', { file, row: 1, detail: `expected columns ${need.join(', ')}; missing ${missing.join(', ') || 'rows'}` });
  }
  const out: ParsedMapping[] = [];
  rows.forEach((r, i) => {
    const row = i + 2;
    const g = (k: string): string => (r[k] ?? '').trim();
    if (!g('city_id_old') || !g('district_id_old') || !g('ward_id_new') || !g('city_id_new')) {
      throw new DothiError('DOTHI_IMPORT_ADMIN_MAPPING_INVALID', { file, row, detail: 'city_id_old, district_id_old, city_id_new and ward_id_new are required' });
    }
    const city: ParsedUnit = { code: vm(g('city_id_old')), name: g('city_name_old'), level: 'province', unit_type: null, parent_code: null };
    const district: ParsedUnit = { code: vm(g('district_id_old')), name: g('district_name_old'), level: 'district', unit_type: null, parent_code: city.code };
    const oldUnit: ParsedUnit = g('ward_id_old')
      ? { code: vm(g('ward_id_old')), name: g('ward_name_old'), level: 'commune', unit_type: null, parent_code: district.code }
      : district;
    const newCity: ParsedUnit = { code: vm(g('city_id_new')), name: g('city_name_new'), level: 'province', unit_type: null, parent_code: null };
    const newUnit: ParsedUnit = { code: vm(g('ward_id_new')), name: g('ward_new_name'), level: 'commune', unit_type: null, parent_code: newCity.code };
    out.push({ old: city, new: newCity });
    if (oldUnit !== district) out.push({ old: district, new: newUnit });
    out.push({ old: oldUnit, new: newUnit });
  });
  return out;
}
