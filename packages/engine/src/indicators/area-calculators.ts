// Calculators from areas: population density, built-up share, green space per capita and share,
// public open space share, land-use mix entropy. Class areas of overlapping features (a park over
// grass over residential land, as OSM maps them) are dissolved first, so no ground counts twice.

import Flatbush from 'flatbush';
import { intersection, union } from 'polyclip-ts';
import type { Geom } from 'polyclip-ts';
import { rowBounds, stringColumn } from '../columnar/table.ts';
import type { FeatureTable } from '../columnar/table.ts';
import { polyclipArea, rowToPolyclip } from '../spatial/clip.ts';
import { overlayAreas } from '../spatial/overlay.ts';
import { requireKind } from '../spatial/point-in-polygon.ts';
import { BUILT_UP_CLASSES, LAND_USE_MIX_GROUPS, NON_PUBLIC_ACCESS, PUBLIC_OPEN_SPACE_TYPES } from './classes.ts';
import { filterRows, layer, NO_AREA, NO_POPULATION, populationPerUnit, ratio, result, rowsIn, text, unitAreas } from './common.ts';
import type { Calculator, CalculatorNote } from './types.ts';

/**
 * Area (m²) per unit covered by the union of the rows of `polys` (ST_Area(ST_Intersection(unit,
 * ST_Union(polys)))). Each unit unions only its own clipped pieces, which keeps every boolean
 * operation small: a city-wide dissolve of thousands of green polygons first would cost far more.
 */
export function unionAreaPerUnit(units: FeatureTable, polys: FeatureTable): Float64Array {
  requireKind(units, 'polygon', 'units');
  requireKind(polys, 'polygon', 'polygons');
  const out = new Float64Array(units.length);
  if (polys.length === 0 || units.length === 0) return out;
  const pb = rowBounds(polys.geometry, polys.length);
  const tree = new Flatbush(polys.length);
  for (let r = 0; r < polys.length; r++) {
    const x0 = pb[4 * r] as number;
    if (Number.isNaN(x0)) tree.add(Infinity, Infinity, Infinity, Infinity);
    else tree.add(x0, pb[4 * r + 1] as number, pb[4 * r + 2] as number, pb[4 * r + 3] as number);
  }
  tree.finish();
  const ub = rowBounds(units.geometry, units.length);
  for (let z = 0; z < units.length; z++) {
    if (Number.isNaN(ub[4 * z] as number)) continue;
    const hits = tree.search(ub[4 * z] as number, ub[4 * z + 1] as number, ub[4 * z + 2] as number, ub[4 * z + 3] as number).sort((a, b) => a - b);
    if (hits.length === 0) continue;
    const zone = rowToPolyclip(units.geometry, z) as Geom;
    const pieces: Geom[] = [];
    for (const r of hits) {
      const part = rowToPolyclip(polys.geometry, r);
      if (part.length === 0) continue;
      const clipped = intersection(zone, part as Geom);
      if (clipped.length > 0) pieces.push(clipped as Geom);
    }
    if (pieces.length === 0) continue;
    out[z] = polyclipArea(union(...(pieces as [Geom, ...Geom[]])) as [number, number][][][]);
  }
  return out;
}

/** Green spaces open to the public and of a public open space type. */
export function publicOpenSpaces(green: FeatureTable, types: readonly string[]): FeatureTable {
  const type = green.columns.type, access = green.columns.access;
  const t = new Set(types), closed = new Set(NON_PUBLIC_ACCESS);
  return filterRows(green, (r) => {
    const ty = text(type, r), ac = text(access, r);
    return ty !== null && t.has(ty) && (ac === null || !closed.has(ac));
  });
}

export const populationDensity: Calculator = {
  id: 'population_density', version: '1', unit: 'persons/km²', needs: ['population'],
  name: { en: 'Population density', vi: 'Mật độ dân số' },
  definition: {
    en: 'Residents per km² of unit area (planar area in the metric CRS). Population points count in the unit containing them; population polygons are apportioned by area.',
    vi: 'Số dân trên mỗi km² diện tích đơn vị (diện tích phẳng trong hệ tọa độ mét). Điểm dân số tính vào đơn vị chứa điểm; vùng dân số được phân bổ theo diện tích.',
  },
  compute(input) {
    const pop = populationPerUnit(layer(this, input, 'population'), input.units);
    const notes: CalculatorNote[] = [];
    const { values, whole } = ratio(pop, unitAreas(input.units), 1e6, NO_AREA, notes);
    return result(this, values, whole, { notes });
  },
};

export const builtUpShare: Calculator = {
  id: 'built_up_share', version: '1', unit: '%', needs: ['land_use'],
  name: { en: 'Built-up area share', vi: 'Tỷ lệ diện tích đất xây dựng' },
  definition: {
    en: `Share of unit area covered by built-up land-use classes (union of polygons, so overlaps count once): ${BUILT_UP_CLASSES.join(', ')}.`,
    vi: `Tỷ lệ diện tích đơn vị thuộc các loại đất xây dựng (hợp các vùng, phần chồng lấn chỉ tính một lần): ${BUILT_UP_CLASSES.join(', ')}.`,
  },
  compute(input) {
    const lu = rowsIn(layer(this, input, 'land_use'), 'class', BUILT_UP_CLASSES);
    const notes: CalculatorNote[] = [];
    const { values, whole } = ratio(unionAreaPerUnit(input.units, lu), unitAreas(input.units), 100, NO_AREA, notes);
    return result(this, values, whole, { notes, params: { classes: BUILT_UP_CLASSES.join(',') } });
  },
};

export const greenSpaceShare: Calculator = {
  id: 'green_space_share', version: '1', unit: '%', needs: ['green_spaces'],
  name: { en: 'Green space share', vi: 'Tỷ lệ diện tích không gian xanh' },
  definition: {
    en: 'Share of unit area covered by green spaces of any type and access (union of polygons, overlaps counted once).',
    vi: 'Tỷ lệ diện tích đơn vị có không gian xanh mọi loại và mọi chế độ tiếp cận (hợp các vùng, phần chồng lấn chỉ tính một lần).',
  },
  compute(input) {
    const notes: CalculatorNote[] = [];
    const { values, whole } = ratio(unionAreaPerUnit(input.units, layer(this, input, 'green_spaces')), unitAreas(input.units), 100, NO_AREA, notes);
    return result(this, values, whole, { notes });
  },
};

export const greenSpacePerCapita: Calculator = {
  id: 'green_space_per_capita', version: '1', unit: 'm²/person', needs: ['green_spaces', 'population'],
  name: { en: 'Green space per capita', vi: 'Diện tích cây xanh bình quân đầu người' },
  definition: {
    en: 'Green space area (union of all green_spaces polygons) in the unit per resident of the unit.',
    vi: 'Diện tích không gian xanh (hợp mọi vùng green_spaces) trong đơn vị chia cho số dân của đơn vị.',
  },
  compute(input) {
    const green = unionAreaPerUnit(input.units, layer(this, input, 'green_spaces'));
    const pop = populationPerUnit(layer(this, input, 'population'), input.units);
    const notes: CalculatorNote[] = [];
    const { values, whole } = ratio(green, pop, 1, NO_POPULATION, notes);
    return result(this, values, whole, { notes });
  },
};

export const publicOpenSpaceShare: Calculator = {
  id: 'public_open_space_share', version: '1', unit: '%', needs: ['green_spaces'],
  name: { en: 'Public open space share', vi: 'Tỷ lệ không gian mở công cộng' },
  definition: {
    en: `Share of unit area in green spaces of type ${PUBLIC_OPEN_SPACE_TYPES.join(', ')} whose access is not ${NON_PUBLIC_ACCESS.join(', ')} (no access tag = public); union of polygons.`,
    vi: `Tỷ lệ diện tích đơn vị thuộc không gian xanh loại ${PUBLIC_OPEN_SPACE_TYPES.join(', ')} có chế độ tiếp cận khác ${NON_PUBLIC_ACCESS.join(', ')} (không ghi = công cộng); hợp các vùng.`,
  },
  compute(input) {
    const pos = publicOpenSpaces(layer(this, input, 'green_spaces'), PUBLIC_OPEN_SPACE_TYPES);
    const notes: CalculatorNote[] = [];
    const { values, whole } = ratio(unionAreaPerUnit(input.units, pos), unitAreas(input.units), 100, NO_AREA, notes);
    return result(this, values, whole, { notes });
  },
};

/** Shannon entropy of shares normalised by ln(k); NaN when the total is 0. */
export function normalisedEntropy(areas: ArrayLike<number>, k: number): number {
  let t = 0;
  for (let i = 0; i < areas.length; i++) t += areas[i] as number;
  if (!(t > 0)) return NaN;
  let h = 0;
  for (let i = 0; i < areas.length; i++) {
    const p = (areas[i] as number) / t;
    if (p > 0) h -= p * Math.log(p);
  }
  return h / Math.log(k);
}

export const landUseMixEntropy: Calculator = {
  id: 'land_use_mix_entropy', version: '1', unit: 'index 0–1', needs: ['land_use'],
  name: { en: 'Land-use mix (entropy)', vi: 'Mức độ hỗn hợp sử dụng đất (entropy)' },
  definition: {
    en: `−Σ pᵢ ln pᵢ / ln k over k = ${Object.keys(LAND_USE_MIX_GROUPS).length} groups (${Object.entries(LAND_USE_MIX_GROUPS).map(([g, c]) => `${g}: ${c.join('/')}`).join('; ')}); pᵢ = the group's land-use area in the unit over the area of all groups (intersection areas of each polygon summed). Other classes are left out.`,
    vi: `−Σ pᵢ ln pᵢ / ln k với k = ${Object.keys(LAND_USE_MIX_GROUPS).length} nhóm (${Object.entries(LAND_USE_MIX_GROUPS).map(([g, c]) => `${g}: ${c.join('/')}`).join('; ')}); pᵢ = diện tích đất của nhóm trong đơn vị chia tổng diện tích các nhóm (cộng diện tích giao của từng vùng). Các loại đất khác không tính.`,
  },
  compute(input) {
    const lu = layer(this, input, 'land_use');
    const groups = Object.keys(LAND_USE_MIX_GROUPS);
    const groupOf = new Map<string, string>();
    for (const [g, cs] of Object.entries(LAND_USE_MIX_GROUPS)) for (const c of cs) groupOf.set(c, g);
    const mapped = rowsIn(lu, 'class', [...groupOf.keys()]);
    const col = mapped.columns.class;
    const grouped: FeatureTable = { ...mapped, columns: { group: stringColumn(Array.from({ length: mapped.length }, (_, r) => groupOf.get(text(col, r) as string) ?? null)) } };
    const o = overlayAreas(input.units, grouped, { classBy: 'group' });
    const k = groups.length, nc = o.classes.length;
    const values = new Float64Array(input.units.length);
    const total = new Float64Array(nc);
    const notes: CalculatorNote[] = [];
    for (let z = 0; z < input.units.length; z++) {
      const row = o.area.subarray(z * nc, z * nc + nc);
      for (let c = 0; c < nc; c++) total[c] = (total[c] as number) + (row[c] as number);
      values[z] = normalisedEntropy(row, k);
      if (Number.isNaN(values[z])) notes.push({ unit: z, en: 'no land use of the mix groups in the unit', vi: 'đơn vị không có loại đất nào thuộc các nhóm hỗn hợp' });
    }
    return result(this, values, normalisedEntropy(total, k), { notes, params: { k } });
  },
};
