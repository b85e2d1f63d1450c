// Tables saved as raw typed-array files plus a JSON manifest, so each engine workload runs in a fresh child
// process (its own peak RSS) on exactly the data read back from PostGIS, without re-reading the database.

import fs from 'node:fs';
import path from 'node:path';
import type { Column, FeatureTable, GeometryColumn } from '@dothi/engine';

type ArrayKind = 'f64' | 'u32' | 'i32';
interface Manifest {
  tables: Record<string, { length: number; crs: string; kind: GeometryColumn['kind']; arrays: string[]; columns: Record<string, { type: Column['type']; dictionary?: string[] }> }>;
  arrays: Record<string, ArrayKind>;
}

function save(dir: string, name: string, a: Float64Array | Uint32Array | Int32Array, m: Manifest): void {
  fs.writeFileSync(path.join(dir, `${name}.bin`), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  m.arrays[name] = a instanceof Float64Array ? 'f64' : a instanceof Uint32Array ? 'u32' : 'i32';
}

function load(dir: string, name: string, kind: ArrayKind): Float64Array | Uint32Array | Int32Array {
  const b = fs.readFileSync(path.join(dir, `${name}.bin`));
  // Copied into a fresh ArrayBuffer so the arrays are transferable and aligned.
  const ab = new ArrayBuffer(b.byteLength);
  new Uint8Array(ab).set(b);
  return kind === 'f64' ? new Float64Array(ab) : kind === 'u32' ? new Uint32Array(ab) : new Int32Array(ab);
}

export function saveSnapshot(dir: string, tables: Record<string, FeatureTable>, arrays: Record<string, Float64Array | Uint32Array | Int32Array> = {}): void {
  fs.mkdirSync(dir, { recursive: true });
  const m: Manifest = { tables: {}, arrays: {} };
  for (const [t, table] of Object.entries(tables)) {
    const g = table.geometry;
    const entry: Manifest['tables'][string] = { length: table.length, crs: table.crs, kind: g.kind, arrays: [], columns: {} };
    const put = (k: string, a: Float64Array | Uint32Array | Int32Array | undefined): void => {
      if (!a) return;
      save(dir, `${t}.${k}`, a, m);
      entry.arrays.push(k);
    };
    put('coords', g.coords); put('geomOffsets', g.geomOffsets); put('partOffsets', g.partOffsets); put('ringOffsets', g.ringOffsets);
    for (const [c, col] of Object.entries(table.columns)) {
      if (col.type === 'float64') { put(`col.${c}`, col.values); entry.columns[c] = { type: 'float64' }; }
      else { put(`col.${c}`, col.codes); entry.columns[c] = { type: 'string', dictionary: col.dictionary }; }
    }
    m.tables[t] = entry;
  }
  for (const [k, a] of Object.entries(arrays)) save(dir, `array.${k}`, a, m);
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));
}

export function loadSnapshot(dir: string, only?: string[]): { tables: Record<string, FeatureTable>; arrays: Record<string, Float64Array | Uint32Array | Int32Array> } {
  const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const tables: Record<string, FeatureTable> = {};
  for (const [t, e] of Object.entries(m.tables)) {
    if (only && !only.includes(t)) continue;
    const get = (k: string): Float64Array | Uint32Array | Int32Array => load(dir, `${t}.${k}`, m.arrays[`${t}.${k}`] as ArrayKind);
    const geometry: GeometryColumn = { kind: e.kind, coords: get('coords') as Float64Array, geomOffsets: get('geomOffsets') as Uint32Array };
    if (e.arrays.includes('partOffsets')) geometry.partOffsets = get('partOffsets') as Uint32Array;
    if (e.arrays.includes('ringOffsets')) geometry.ringOffsets = get('ringOffsets') as Uint32Array;
    const columns: Record<string, Column> = {};
    for (const [c, col] of Object.entries(e.columns)) {
      columns[c] = col.type === 'float64'
        ? { type: 'float64', values: get(`col.${c}`) as Float64Array }
        : { type: 'string', dictionary: col.dictionary ?? [], codes: get(`col.${c}`) as Int32Array };
    }
    tables[t] = { length: e.length, geometry, columns, crs: e.crs };
  }
  const arrays: Record<string, Float64Array | Uint32Array | Int32Array> = {};
  for (const [k, kind] of Object.entries(m.arrays)) if (k.startsWith('array.')) arrays[k.slice(6)] = load(dir, k, kind);
  return { tables, arrays };
}

/** Bytes of every buffer a table holds: the raw data size peak memory is compared with. */
export function tableBytes(t: FeatureTable): number {
  const g = t.geometry;
  let n = g.coords.byteLength + g.geomOffsets.byteLength + (g.partOffsets?.byteLength ?? 0) + (g.ringOffsets?.byteLength ?? 0);
  for (const c of Object.values(t.columns)) n += c.type === 'float64' ? c.values.byteLength : c.codes.byteLength;
  return n;
}
