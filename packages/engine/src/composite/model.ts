// The data a composite index is built from: units, an indicator tree (indicators → pillars → … → index)
// with weights and directions, and one column per indicator (NaN = missing).

export type Direction = 1 | -1;

export interface IndicatorMeta {
  code: string;
  name: string;
  parent: string;
  weight: number;
  direction: Direction;
  /** Column that divides this indicator in the `denominate` step; null when it is not denominated. */
  denominator: string | null;
  /** Target for `distance_to_target` normalisation; null when unknown. */
  target: number | null;
  unit: string;
}

export interface AggregateMeta {
  code: string;
  name: string;
  /** 2 = pillar (parent of indicators), up to the top level (the index). */
  level: number;
  parent: string | null;
  weight: number;
}

export interface IndexFramework {
  indicators: IndicatorMeta[];
  /** Ordered by level, then as given. */
  aggregates: AggregateMeta[];
  topLevel: number;
}

export interface IndexInput {
  units: string[];
  unitNames: string[];
  /** Grouping columns (for imputation by group), one label per unit; null = missing. */
  groups: Record<string, Array<string | null>>;
  denominators: Record<string, Float64Array>;
  framework: IndexFramework;
  /** One column per indicator, in framework order, one value per unit. */
  values: Float64Array[];
}

/** A units × codes table stored by column. */
export interface DataTable {
  units: string[];
  codes: string[];
  cols: Float64Array[];
}

export function cloneTable(t: DataTable): DataTable {
  return { units: [...t.units], codes: [...t.codes], cols: t.cols.map((c) => Float64Array.from(c)) };
}

/** Plain JSON form of a table: rows keyed by unit code, null for missing. */
export function tableToRows(t: DataTable): Array<Record<string, string | number | null>> {
  return t.units.map((u, i) => {
    const row: Record<string, string | number | null> = { uCode: u };
    t.codes.forEach((c, j) => {
      const v = t.cols[j]?.[i] ?? NaN;
      row[c] = Number.isFinite(v) ? v : null;
    });
    return row;
  });
}
