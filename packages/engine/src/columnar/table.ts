// Columnar feature tables (GeoArrow-like): coordinates in one Float64Array, offsets in Uint32Arrays,
// attributes as typed columns. Every buffer is a plain ArrayBuffer, so a table crosses to a worker
// thread or web worker by transfer, without a copy.

/** How a geometry column nests its offsets. Multi-geometries are the general case of each kind. */
export type GeometryKind = 'point' | 'line' | 'polygon';

/**
 * One geometry per row, all of one kind, interleaved x,y in `coords` (vertex i at coords[2i], coords[2i+1]).
 * - point:   geomOffsets[r]..geomOffsets[r+1] are the row's vertices (a MultiPoint has several).
 * - line:    geomOffsets → partOffsets (one part per line string) → vertices.
 * - polygon: geomOffsets → partOffsets (one part per polygon) → ringOffsets (first ring outer) → vertices.
 * An empty geometry (or a missing one) has no parts. Polygon rings are closed (last vertex = first).
 */
export interface GeometryColumn {
  kind: GeometryKind;
  coords: Float64Array;
  geomOffsets: Uint32Array;
  partOffsets?: Uint32Array;
  ringOffsets?: Uint32Array;
}

/** Numbers; NaN marks a missing value. */
export interface Float64Column {
  type: 'float64';
  values: Float64Array;
}

/** Dictionary-encoded text; code -1 marks a missing value. */
export interface StringColumn {
  type: 'string';
  dictionary: string[];
  codes: Int32Array;
}

export type Column = Float64Column | StringColumn;

export interface FeatureTable {
  length: number;
  geometry: GeometryColumn;
  columns: Record<string, Column>;
  /** A registry CRS id (for example 'EPSG:4326', 'EPSG:32628', 'EPSG:5899'). */
  crs: string;
}

/** The buffers to list as transferables when posting a table to a worker. */
export function transferables(t: FeatureTable): ArrayBuffer[] {
  const g = t.geometry;
  const arrays: ArrayBufferView[] = [g.coords, g.geomOffsets];
  if (g.partOffsets) arrays.push(g.partOffsets);
  if (g.ringOffsets) arrays.push(g.ringOffsets);
  for (const c of Object.values(t.columns)) arrays.push(c.type === 'float64' ? c.values : c.codes);
  const seen = new Set<ArrayBuffer>();
  for (const a of arrays) {
    // Shared or sliced buffers cannot be transferred safely; tables made here never hold them.
    if (a.buffer instanceof ArrayBuffer) seen.add(a.buffer);
  }
  return [...seen];
}

export function vertexCount(g: GeometryColumn): number {
  return g.coords.length / 2;
}

/** Rows whose geometry has no vertex. */
export function isEmptyRow(g: GeometryColumn, row: number): boolean {
  const o = g.geomOffsets;
  return o[row] === o[row + 1];
}

/** Index range [start, end) of a row's vertices, whatever the nesting. */
export function rowVertexRange(g: GeometryColumn, row: number): [number, number] {
  const a = g.geomOffsets[row] as number;
  const b = g.geomOffsets[row + 1] as number;
  if (g.kind === 'point') return [a, b];
  const parts = g.partOffsets as Uint32Array;
  if (g.kind === 'line') return [parts[a] as number, parts[b] as number];
  const rings = g.ringOffsets as Uint32Array;
  return [rings[parts[a] as number] as number, rings[parts[b] as number] as number];
}

/** The bounding box of every row as [minX, minY, maxX, maxY] * length; empty rows get NaN. */
export function rowBounds(g: GeometryColumn, length: number): Float64Array {
  const out = new Float64Array(length * 4);
  const c = g.coords;
  for (let r = 0; r < length; r++) {
    const [s, e] = rowVertexRange(g, r);
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let v = s; v < e; v++) {
      const x = c[2 * v] as number, y = c[2 * v + 1] as number;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    if (s === e) x0 = y0 = x1 = y1 = NaN;
    out[4 * r] = x0; out[4 * r + 1] = y0; out[4 * r + 2] = x1; out[4 * r + 3] = y1;
  }
  return out;
}

export function float64Column(values: ArrayLike<number>): Float64Column {
  return { type: 'float64', values: Float64Array.from(values) };
}

/** A dictionary column from values (null and undefined are missing); the dictionary keeps first-seen order. */
export function stringColumn(values: ArrayLike<string | null | undefined>): StringColumn {
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) { codes[i] = -1; continue; }
    let k = index.get(v);
    if (k === undefined) { k = dictionary.length; dictionary.push(v); index.set(v, k); }
    codes[i] = k;
  }
  return { type: 'string', dictionary, codes };
}

export function columnValue(c: Column, row: number): number | string | null {
  if (c.type === 'float64') {
    const v = c.values[row] as number;
    return Number.isNaN(v) ? null : v;
  }
  const k = c.codes[row] as number;
  return k < 0 ? null : (c.dictionary[k] as string);
}

/** A new table with the same columns and a new geometry (for example projected coordinates). */
export function withGeometry(t: FeatureTable, geometry: GeometryColumn, crs: string): FeatureTable {
  return { length: t.length, geometry, columns: t.columns, crs };
}

/** A new table holding the given rows, in the given order. */
export function takeRows(t: FeatureTable, rows: ArrayLike<number>): FeatureTable {
  const g = t.geometry;
  const n = rows.length;
  const geomOffsets = new Uint32Array(n + 1);
  const parts: number[] = [0];
  const rings: number[] = [0];
  const coords: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = rows[i] as number;
    const a = g.geomOffsets[r] as number, b = g.geomOffsets[r + 1] as number;
    if (g.kind === 'point') {
      for (let v = a; v < b; v++) coords.push(g.coords[2 * v] as number, g.coords[2 * v + 1] as number);
      geomOffsets[i + 1] = coords.length / 2;
      continue;
    }
    const po = g.partOffsets as Uint32Array;
    for (let p = a; p < b; p++) {
      if (g.kind === 'line') {
        for (let v = po[p] as number; v < (po[p + 1] as number); v++) coords.push(g.coords[2 * v] as number, g.coords[2 * v + 1] as number);
        parts.push(coords.length / 2);
        continue;
      }
      const ro = g.ringOffsets as Uint32Array;
      for (let ring = po[p] as number; ring < (po[p + 1] as number); ring++) {
        for (let v = ro[ring] as number; v < (ro[ring + 1] as number); v++) coords.push(g.coords[2 * v] as number, g.coords[2 * v + 1] as number);
        rings.push(coords.length / 2);
      }
      parts.push(rings.length - 1);
    }
    geomOffsets[i + 1] = parts.length - 1;
  }
  const geometry: GeometryColumn = { kind: g.kind, coords: Float64Array.from(coords), geomOffsets };
  if (g.kind !== 'point') geometry.partOffsets = Uint32Array.from(parts);
  if (g.kind === 'polygon') geometry.ringOffsets = Uint32Array.from(rings);
  const columns: Record<string, Column> = {};
  for (const [name, c] of Object.entries(t.columns)) {
    if (c.type === 'float64') {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = c.values[rows[i] as number] as number;
      columns[name] = { type: 'float64', values };
    } else {
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) codes[i] = c.codes[rows[i] as number] as number;
      columns[name] = { type: 'string', dictionary: c.dictionary, codes };
    }
  }
  return { length: n, geometry, columns, crs: t.crs };
}
