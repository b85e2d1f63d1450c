// Calculators from areas: population density, built-up share, green space per capita and share,
// public open space share, land-use mix entropy. Class areas of overlapping features (a park over
// grass over residential land, as OSM maps them) are dissolved first, so no ground counts twice.

import Flatbush from 'flatbush';
import { intersection, union } from 'polyclip-ts';
import type { Geom } from 'polyclip-ts';
import { rowBounds, stringColumn } from '../columnar/table.ts';
import type { FeatureTable } from '../columnar/table.ts';
import { clipAreaConvex, clipAreaGeneral, polyclipArea, rowToPolyclip, zoneShapes } from '../spatial/clip.ts';
import { overlayAreas } from '../spatial/overlay.ts';
import { requireKind } from '../spatial/point-in-polygon.ts';
import { BUILT_UP_CLASSES, LAND_USE_MIX_GROUPS, NON_PUBLIC_ACCESS, PUBLIC_OPEN_SPACE_TYPES } from './classes.ts';
import { filterRows, layer, NO_AREA, NO_POPULATION, populationPerUnit, ratio, result, rowsIn, text, unitAreas } from './common.ts';
import type { Calculator, CalculatorNote } from './types.ts';

/** Every vertex of row r inside the convex zone z (orientation ccw): then the whole row is inside it. */
function insideConvex(g: FeatureTable['geometry'], r: number, zone: FeatureTable['geometry'], z: number, ccw: number): boolean {
  const zp = zone.partOffsets as Uint32Array, zr = zone.ringOffsets as Uint32Array, zc = zone.coords;
  const ring = zp[zone.geomOffsets[z] as number] as number;
  const z0 = zr[ring] as number, z1 = zr[ring + 1] as number;
  const po = g.partOffsets as Uint32Array, ro = g.ringOffsets as Uint32Array, c = g.coords;
  const v0 = ro[po[g.geomOffsets[r] as number] as number] as number, v1 = ro[po[g.geomOffsets[r + 1] as number] as number] as number;
  for (let v = v0; v < v1; v++) {
    const x = c[2 * v] as number, y = c[2 * v + 1] as number;
    for (let e = z0; e + 1 < z1; e++) {
      const ax = zc[2 * e] as number, ay = zc[2 * e + 1] as number;
      if (ccw * (((zc[2 * e + 2] as number) - ax) * (y - ay) - ((zc[2 * e + 3] as number) - ay) * (x - ax)) < 0) return false;
    }
  }
  return true;
}

/** Groups of rows whose boxes overlap, directly or through others; rows in different groups are disjoint. */
function overlapGroups(rows: readonly number[], box: (r: number) => [number, number, number, number]): number[][] {
  const n = rows.length;
  const boxes = rows.map(box);
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  const order = [...boxes.keys()].sort((a, b) => (boxes[a] as number[])[0]! - (boxes[b] as number[])[0]!);
  // Sweep along x: each box meets the open boxes that reach past its left edge.
  const open: number[] = [];
  for (const i of order) {
    const bi = boxes[i] as [number, number, number, number];
    for (let k = open.length - 1; k >= 0; k--) {
      const j = open[k] as number, bj = boxes[j] as [number, number, number, number];
      if (bj[2] < bi[0]) { open.splice(k, 1); continue; }
      if (bj[1] <= bi[3] && bi[1] <= bj[3]) parent[find(i)] = find(j);
    }
    open.push(i);
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(rows[i] as number); else groups.set(root, [rows[i] as number]);
  }
  return [...groups.values()];
}

const unionCache = new WeakMap<FeatureTable, WeakMap<FeatureTable, Float64Array>>();

/**
 * Area (m²) per unit covered by the union of the rows of `polys` (ST_Area(ST_Intersection(unit,
 * ST_Union(polys)))). Within each unit, polygons whose boxes overlap no other are measured alone
 * (the exact clipped-area paths of clip.ts); only overlapping groups go through boolean union, on
 * pieces clipped to the unit (a piece wholly inside a convex unit, such as a grid cell, unclipped).
 * Results are remembered per pair of tables, which calculators share.
 */
export function unionAreaPerUnit(units: FeatureTable, polys: FeatureTable): Float64Array {
  requireKind(units, 'polygon', 'units');
  requireKind(polys, 'polygon', 'polygons');
  const cached = unionCache.get(units)?.get(polys);
  if (cached) return cached;
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
  const { shape, ccw } = zoneShapes(units.geometry, units.length);
  for (let z = 0; z < units.length; z++) {
    if (Number.isNaN(ub[4 * z] as number)) continue;
    const hits = tree.search(ub[4 * z] as number, ub[4 * z + 1] as number, ub[4 * z + 2] as number, ub[4 * z + 3] as number).sort((a, b) => a - b);
    if (hits.length === 0) continue;
    const zone = rowToPolyclip(units.geometry, z) as Geom;
    const convex = (shape[z] as number) > 0;
    const zx0 = ub[4 * z] as number, zy0 = ub[4 * z + 1] as number, zx1 = ub[4 * z + 2] as number, zy1 = ub[4 * z + 3] as number;
    // Boxes cut to the unit: pieces whose cut boxes are apart cannot overlap inside it.
    const groups = overlapGroups(hits, (r) => [Math.max(pb[4 * r] as number, zx0), Math.max(pb[4 * r + 1] as number, zy0),
      Math.min(pb[4 * r + 2] as number, zx1), Math.min(pb[4 * r + 3] as number, zy1)]);
    let area = 0;
    for (const g of groups) {
      if (g.length === 1) {
        const r = g[0] as number;
        area += convex ? clipAreaConvex(polys.geometry, r, units.geometry, z, ccw[z] as number) : clipAreaGeneral(polys.geometry, r, zone);
        continue;
      }
      const pieces: Geom[] = [];
      for (const r of g) {
        const part = rowToPolyclip(polys.geometry, r);
        if (part.length === 0) continue;
        const inside = convex && (pb[4 * r] as number) >= zx0 && (pb[4 * r + 1] as number) >= zy0 && (pb[4 * r + 2] as number) <= zx1 &&
          (pb[4 * r + 3] as number) <= zy1 && insideConvex(polys.geometry, r, units.geometry, z, ccw[z] as number);
        const clipped = inside ? part : intersection(zone, part as Geom);
        if (clipped.length > 0) pieces.push(clipped as Geom);
      }
      if (pieces.length > 0) area += polyclipArea(union(...(pieces as [Geom, ...Geom[]])) as [number, number][][][]);
    }
    out[z] = area;
  }
  let byPolys = unionCache.get(units);
  if (!byPolys) unionCache.set(units, (byPolys = new WeakMap()));
  byPolys.set(polys, out);
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
