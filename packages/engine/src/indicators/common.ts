// Pieces every calculator shares: reading a role's layer (a coded error when it is missing), rows
// selected by a class list, unit areas, population per unit, population origins as points, polygon
// centroids, parameters with defaults, and the result record.

import { takeRows } from '../columnar/table.ts';
import type { Column, FeatureTable } from '../columnar/table.ts';
import { DothiError } from '../errors.ts';
import { planarAreas, ringSignedArea } from '../metric/metric.ts';
import { zonalStatsPolygons } from '../spatial/overlay.ts';
import { zonalStats } from '../spatial/zonal-stats.ts';
import type { Calculator, CalculatorInput, CalculatorNote, CalculatorResult, LayerRole } from './types.ts';

export function layer(calc: Pick<Calculator, 'id'>, input: CalculatorInput, role: LayerRole): FeatureTable {
  const t = input.layers[role];
  if (!t) throw new DothiError('DOTHI_INDICATOR_LAYER_MISSING', { calculator: calc.id, role });
  if (t.crs !== input.units.crs) {
    throw new DothiError('DOTHI_INDICATOR_CRS_MISMATCH', { calculator: calc.id, role, crs: t.crs, units: input.units.crs });
  }
  return t;
}

/** Text of a row of a column (numbers as text); null when missing or when the column is absent. */
export function text(col: Column | undefined, r: number): string | null {
  if (!col) return null;
  if (col.type === 'string') {
    const k = col.codes[r] as number;
    return k < 0 ? null : (col.dictionary[k] as string);
  }
  const v = col.values[r] as number;
  return Number.isNaN(v) ? null : String(v);
}

/** Number of a row of a column (text parsed when it is a plain number); NaN when missing. */
export function num(col: Column | undefined, r: number): number {
  if (!col) return NaN;
  if (col.type === 'float64') return col.values[r] as number;
  const s = text(col, r);
  return s !== null && /^\s*-?\d+(\.\d+)?\s*$/.test(s) ? Number(s) : NaN;
}

/** Rows of `t` for which `keep(row)` holds, as a new table. */
export function filterRows(t: FeatureTable, keep: (r: number) => boolean): FeatureTable {
  const rows: number[] = [];
  for (let r = 0; r < t.length; r++) if (keep(r)) rows.push(r);
  return rows.length === t.length ? t : takeRows(t, rows);
}

/** Rows whose `column` text is in `values`. */
export function rowsIn(t: FeatureTable, column: string, values: readonly string[]): FeatureTable {
  const set = new Set(values);
  const col = t.columns[column];
  return filterRows(t, (r) => { const v = text(col, r); return v !== null && set.has(v); });
}

export function unitAreas(units: FeatureTable): Float64Array {
  if (units.geometry.kind !== 'polygon') {
    throw new DothiError('DOTHI_ENGINE_SPATIAL_KIND', { role: 'units', expected: 'polygon', actual: units.geometry.kind });
  }
  return planarAreas(units);
}

/** Area-weighted centroid of every polygon row (holes subtracted), as a point table with the same columns. */
export function polygonCentroids(t: FeatureTable): FeatureTable {
  if (t.geometry.kind === 'point') return t;
  const g = t.geometry, po = g.partOffsets as Uint32Array, ro = g.ringOffsets as Uint32Array, c = g.coords;
  const coords: number[] = [];
  const geomOffsets = new Uint32Array(t.length + 1);
  for (let r = 0; r < t.length; r++) {
    let a = 0, cx = 0, cy = 0;
    for (let p = g.geomOffsets[r] as number; p < (g.geomOffsets[r + 1] as number); p++) {
      for (let ring = po[p] as number; ring < (po[p + 1] as number); ring++) {
        const s = ro[ring] as number, e = ro[ring + 1] as number;
        const ra = ringSignedArea(c, s, e);
        // Holes subtract whatever way the rings are wound.
        const sign = ring === po[p] ? 1 : -1;
        // Shifted to the ring's first vertex so big projected coordinates do not cancel digits.
        const ox = c[2 * s] as number, oy = c[2 * s + 1] as number;
        let rx = 0, ry = 0;
        for (let v = s; v + 1 < e; v++) {
          const x0 = (c[2 * v] as number) - ox, y0 = (c[2 * v + 1] as number) - oy;
          const x1 = (c[2 * v + 2] as number) - ox, y1 = (c[2 * v + 3] as number) - oy;
          const cr = x0 * y1 - x1 * y0;
          rx += (x0 + x1) * cr; ry += (y0 + y1) * cr;
        }
        // rx/(6·ra) is the ring centroid relative to (ox, oy); weight by |ra| with the ring's sign.
        if (ra !== 0) {
          const w = sign * Math.abs(ra);
          a += w; cx += w * (ox + rx / (6 * ra)); cy += w * (oy + ry / (6 * ra));
        }
      }
    }
    if (a > 0) coords.push(cx / a, cy / a);
    geomOffsets[r + 1] = coords.length / 2;
  }
  return { length: t.length, geometry: { kind: 'point', coords: Float64Array.from(coords), geomOffsets }, columns: t.columns, crs: t.crs };
}

/** Persons per unit: points summed in the unit containing them, polygons apportioned by area. */
export function populationPerUnit(pop: FeatureTable, units: FeatureTable): Float64Array {
  checkPopulationColumn(pop);
  if (pop.geometry.kind === 'point') return zonalStats(pop, units, { value: 'population' }).sum;
  if (pop.geometry.kind === 'polygon') return zonalStatsPolygons(pop, units, { value: 'population' }).sum;
  throw new DothiError('DOTHI_ENGINE_SPATIAL_KIND', { role: 'population', expected: 'point or polygon', actual: pop.geometry.kind });
}

function checkPopulationColumn(pop: FeatureTable): void {
  const c = pop.columns.population;
  if (pop.length > 0 && (!c || c.type !== 'float64')) {
    throw new DothiError('DOTHI_ENGINE_COLUMN_INVALID', { column: 'population', expected: 'numbers' });
  }
}

/** Population as weighted points: the points themselves, or the centroids of polygons. Missing counts weigh 0. */
export function populationOrigins(pop: FeatureTable): { points: FeatureTable; weights: Float64Array } {
  checkPopulationColumn(pop);
  const points = polygonCentroids(pop);
  const c = pop.columns.population;
  const weights = new Float64Array(pop.length);
  for (let r = 0; r < pop.length; r++) {
    const v = c && c.type === 'float64' ? (c.values[r] as number) : NaN;
    weights[r] = Number.isFinite(v) && v > 0 ? v : 0;
  }
  return { points, weights };
}

export function numberParam(calc: Pick<Calculator, 'id'>, input: CalculatorInput, name: string, dflt: number, check: (v: number) => boolean): number {
  const v = input.params?.[name];
  if (v === undefined) return dflt;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n) || !check(n)) throw new DothiError('DOTHI_INDICATOR_PARAM_INVALID', { calculator: calc.id, param: name, value: String(v) });
  return n;
}

/** values[i] = num[i] / den[i] × scale; NaN with a note where the denominator is 0. */
export function ratio(num: ArrayLike<number>, den: ArrayLike<number>, scale: number, why: { en: string; vi: string }, notes: CalculatorNote[]): { values: Float64Array; whole: number } {
  const values = new Float64Array(num.length);
  let tn = 0, td = 0;
  for (let i = 0; i < num.length; i++) {
    const n = num[i] as number, d = den[i] as number;
    tn += n; td += d;
    if (d > 0) values[i] = (n / d) * scale;
    else { values[i] = NaN; notes.push({ unit: i, en: why.en, vi: why.vi }); }
  }
  return { values, whole: td > 0 ? (tn / td) * scale : NaN };
}

export const NO_AREA = { en: 'the unit has no area', vi: 'đơn vị không có diện tích' };
export const NO_POPULATION = { en: 'the unit has no population', vi: 'đơn vị không có dân số' };

export function result(calc: Calculator, values: Float64Array, whole: number, extra: {
  notes?: CalculatorNote[]; usedRoles?: LayerRole[]; counts?: Record<string, number>; params?: Record<string, number | string>;
} = {}): CalculatorResult {
  return {
    calculator: calc.id, version: calc.version, unit: calc.unit, values, whole,
    notes: extra.notes ?? [], usedRoles: extra.usedRoles ?? [...calc.needs], counts: extra.counts ?? {}, params: extra.params ?? {},
  };
}
