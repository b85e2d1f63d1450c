// A contiguous block of rows as a table of its own, with fresh buffers: the piece of a table a worker
// needs, which can then be transferred (moved, not copied) without detaching the caller's table.

import type { Column, FeatureTable, GeometryColumn } from '../columnar/table.ts';

function rebase(src: Uint32Array, from: number, to: number): Uint32Array {
  const base = src[from] as number;
  const out = new Uint32Array(to - from + 1);
  for (let i = from; i <= to; i++) out[i - from] = (src[i] as number) - base;
  return out;
}

/** Rows [start, end) of `t`, in order, in new buffers (attribute dictionaries are shared). */
export function sliceRows(t: FeatureTable, start: number, end: number): FeatureTable {
  const s = Math.max(0, Math.min(start, t.length));
  const e = Math.max(s, Math.min(end, t.length));
  const g = t.geometry;
  const geomOffsets = rebase(g.geomOffsets, s, e);
  let v0 = g.geomOffsets[s] as number, v1 = g.geomOffsets[e] as number;
  const geometry: GeometryColumn = { kind: g.kind, coords: new Float64Array(0), geomOffsets };
  if (g.kind !== 'point') {
    const parts = g.partOffsets as Uint32Array;
    const p0 = g.geomOffsets[s] as number, p1 = g.geomOffsets[e] as number;
    if (g.kind === 'line') {
      geometry.partOffsets = rebase(parts, p0, p1);
      v0 = parts[p0] as number; v1 = parts[p1] as number;
    } else {
      const rings = g.ringOffsets as Uint32Array;
      geometry.partOffsets = rebase(parts, p0, p1);
      const r0 = parts[p0] as number, r1 = parts[p1] as number;
      geometry.ringOffsets = rebase(rings, r0, r1);
      v0 = rings[r0] as number; v1 = rings[r1] as number;
    }
  }
  geometry.coords = g.coords.slice(2 * v0, 2 * v1);
  const columns: Record<string, Column> = {};
  for (const [name, c] of Object.entries(t.columns)) {
    columns[name] = c.type === 'float64'
      ? { type: 'float64', values: c.values.slice(s, e) }
      : { type: 'string', dictionary: c.dictionary, codes: c.codes.slice(s, e) };
  }
  return { length: e - s, geometry, columns, crs: t.crs };
}
