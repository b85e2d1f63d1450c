// Calculators from building footprints: building coverage ratio and floor area ratio per unit.
// A building crossing a unit boundary gives each unit the part of its footprint (and the same
// fraction of its floor area) inside it, as ST_Intersection would.

import type { Column } from '../columnar/table.ts';
import { forEachIntersection, rowArea } from '../spatial/overlay.ts';
import { layer, NO_AREA, num, numberParam, ratio, result, unitAreas } from './common.ts';
import type { Calculator, CalculatorNote } from './types.ts';

export const buildingCoverageRatio: Calculator = {
  id: 'building_coverage_ratio', version: '1', unit: '%', needs: ['buildings'],
  name: { en: 'Building coverage ratio', vi: 'Mật độ xây dựng' },
  definition: {
    en: 'Sum of building footprint areas inside the unit over the unit area (footprints summed, as the planning norm defines coverage).',
    vi: 'Tổng diện tích chiếm đất của công trình trong đơn vị chia diện tích đơn vị (cộng diện tích chiếm đất, theo định nghĩa mật độ xây dựng của quy chuẩn).',
  },
  compute(input) {
    const b = layer(this, input, 'buildings');
    const foot = new Float64Array(input.units.length);
    forEachIntersection(input.units, b, 0, b.length, (z, _r, a) => { foot[z] = (foot[z] as number) + a; });
    const notes: CalculatorNote[] = [];
    const { values, whole } = ratio(foot, unitAreas(input.units), 100, NO_AREA, notes);
    return result(this, values, whole, { notes, counts: { buildings: b.length } });
  },
};

/** Floors assumed for a building with neither floor area nor levels: one, the lower bound, so FAR is never overstated. */
export const DEFAULT_LEVELS = 1;

export const floorAreaRatio: Calculator = {
  id: 'floor_area_ratio', version: '1', unit: 'ratio', needs: ['buildings'],
  name: { en: 'Floor area ratio', vi: 'Hệ số sử dụng đất' },
  definition: {
    en: `Floor area inside the unit over the unit area. A building's floor area is floor_area_m2 when given, else footprint × levels, else footprint × ${DEFAULT_LEVELS} (parameter defaultLevels; such buildings are counted as defaulted).`,
    vi: `Tổng diện tích sàn trong đơn vị chia diện tích đơn vị. Diện tích sàn của công trình là floor_area_m2 nếu có, nếu không là diện tích chiếm đất × số tầng, nếu không nữa là diện tích chiếm đất × ${DEFAULT_LEVELS} (tham số defaultLevels; các công trình này được đếm là dùng giá trị mặc định).`,
  },
  compute(input) {
    const b = layer(this, input, 'buildings');
    const defaultLevels = numberParam(this, input, 'defaultLevels', DEFAULT_LEVELS, (v) => v > 0);
    const floor = buildingFloorAreas(b.columns, b.length, (r) => rowArea(b, r), defaultLevels);
    const nz = input.units.length;
    const fa = new Float64Array(nz), defaulted = new Float64Array(nz);
    const fp = new Float64Array(b.length).fill(NaN);
    forEachIntersection(input.units, b, 0, b.length, (z, r, a) => {
      let w = fp[r] as number;
      if (Number.isNaN(w)) { w = rowArea(b, r); fp[r] = w; }
      if (w > 0) fa[z] = (fa[z] as number) + (floor.area[r] as number) * (a / w);
      if (floor.defaulted[r]) defaulted[z] = (defaulted[z] as number) + 1;
    });
    const notes: CalculatorNote[] = [];
    const { values, whole } = ratio(fa, unitAreas(input.units), 1, NO_AREA, notes);
    for (let z = 0; z < nz; z++) {
      const d = defaulted[z] as number;
      if (d > 0) notes.push({ unit: z, en: `buildings without floor area or levels, taken as ${defaultLevels} floor(s): ${d}`, vi: `số công trình không có diện tích sàn hay số tầng, được lấy là ${defaultLevels} tầng: ${d}` });
    }
    return result(this, values, whole, { notes, counts: { buildings: b.length, defaulted_buildings: floor.defaultedCount }, params: { defaultLevels } });
  },
};

/** Floor area per building row (m²) by the rule of floorAreaRatio, and which rows used the default. */
export function buildingFloorAreas(
  columns: Record<string, Column>, length: number, footprint: (r: number) => number, defaultLevels: number,
): { area: Float64Array; defaulted: Uint8Array; defaultedCount: number } {
  const area = new Float64Array(length), defaulted = new Uint8Array(length);
  let defaultedCount = 0;
  for (let r = 0; r < length; r++) {
    const given = num(columns.floor_area_m2, r);
    if (given > 0) { area[r] = given; continue; }
    const levels = num(columns.levels, r);
    if (levels > 0) { area[r] = footprint(r) * levels; continue; }
    area[r] = footprint(r) * defaultLevels;
    defaulted[r] = 1;
    defaultedCount++;
  }
  return { area, defaulted, defaultedCount };
}
