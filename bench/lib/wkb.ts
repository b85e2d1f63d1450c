// Hex (E)WKB in and out, so both sides of the benchmark hold bit-identical coordinates: the generator
// writes EWKB for COPY into PostGIS, and tables are read back from PostGIS as WKB into FeatureTables.

import type { GeometryColumn, GeometryKind } from '@dothi/engine';

/** Hex EWKB with an SRID; `rings` nests parts → rings → flat x,y arrays. */
export function ewkbHex(kind: GeometryKind, srid: number, parts: number[][][]): string {
  const sizes = parts.reduce((a, p) => a + 9 + p.reduce((b, r) => b + 4 + r.length * 8, 0), 0);
  const buf = Buffer.alloc(9 + 4 + sizes + 16);
  let o = 0;
  const head = (type: number, srid0: number): void => {
    buf.writeUInt8(1, o); o += 1;
    buf.writeUInt32LE(srid0 ? (type | 0x20000000) >>> 0 : type, o); o += 4;
    if (srid0) { buf.writeUInt32LE(srid0, o); o += 4; }
  };
  if (kind === 'point') {
    const xy = parts[0]?.[0] ?? [];
    head(1, srid);
    buf.writeDoubleLE(xy[0] as number, o); o += 8;
    buf.writeDoubleLE(xy[1] as number, o); o += 8;
    return buf.subarray(0, o).toString('hex');
  }
  const writeCoords = (xy: number[]): void => {
    buf.writeUInt32LE(xy.length / 2, o); o += 4;
    for (const v of xy) { buf.writeDoubleLE(v, o); o += 8; }
  };
  if (kind === 'line') {
    head(2, srid);
    writeCoords(parts[0]?.[0] ?? []);
    return buf.subarray(0, o).toString('hex');
  }
  head(6, srid);
  buf.writeUInt32LE(parts.length, o); o += 4;
  for (const p of parts) {
    head(3, 0);
    buf.writeUInt32LE(p.length, o); o += 4;
    for (const ring of p) writeCoords(ring);
  }
  return buf.subarray(0, o).toString('hex');
}

/** Accumulates WKB geometries (one per row) into a GeometryColumn of one kind. */
export class WkbColumnBuilder {
  private coords: number[] = [];
  private geom: number[] = [0];
  private parts: number[] = [0];
  private rings: number[] = [0];
  constructor(readonly kind: GeometryKind) {}

  add(hex: string | null): void {
    if (hex) {
      const b = Buffer.from(hex, 'hex');
      this.read(b, 0);
    }
    this.geom.push(this.kind === 'point' ? this.coords.length / 2 : this.parts.length - 1);
  }

  private read(b: Buffer, start: number): number {
    let o = start;
    const le = b.readUInt8(o) === 1; o += 1;
    const u32 = (): number => { const v = le ? b.readUInt32LE(o) : b.readUInt32BE(o); o += 4; return v; };
    const f64 = (): number => { const v = le ? b.readDoubleLE(o) : b.readDoubleBE(o); o += 8; return v; };
    let type = u32();
    if (type & 0x20000000) { u32(); type &= 0xffff; }
    const pts = (n: number): void => { for (let i = 0; i < n; i++) this.coords.push(f64(), f64()); };
    switch (type) {
      case 1: pts(1); break;
      case 2: pts(u32()); this.parts.push(this.coords.length / 2); break;
      case 3: {
        const nr = u32();
        for (let r = 0; r < nr; r++) { pts(u32()); this.rings.push(this.coords.length / 2); }
        this.parts.push(this.rings.length - 1);
        break;
      }
      case 4: case 5: case 6: case 7: {
        const n = u32();
        for (let i = 0; i < n; i++) o = this.read(b, o);
        break;
      }
      default: throw new Error(`WKB type ${type} not supported`);
    }
    return o;
  }

  finish(): GeometryColumn {
    const g: GeometryColumn = { kind: this.kind, coords: Float64Array.from(this.coords), geomOffsets: Uint32Array.from(this.geom) };
    if (this.kind !== 'point') g.partOffsets = Uint32Array.from(this.parts);
    if (this.kind === 'polygon') g.ringOffsets = Uint32Array.from(this.rings);
    return g;
  }
}
