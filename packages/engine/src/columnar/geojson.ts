// Conversion between GeoJSON features and columnar feature tables.

import { DothiError } from '../errors.ts';
import type { Feature, Geometry, Position } from '../geo/geojson.ts';
import { columnValue, float64Column, stringColumn } from './table.ts';
import type { Column, FeatureTable, GeometryColumn, GeometryKind } from './table.ts';

export interface FromGeoJsonOptions {
  /** Registry id of the coordinates' CRS; GeoJSON is WGS 84 unless said otherwise. */
  crs?: string;
  /** Attributes to keep (default: every property seen). */
  columns?: string[];
  /** Force the kind (needed for an empty collection; default: from the first geometry). */
  kind?: GeometryKind;
}

const KIND_OF: Record<string, GeometryKind> = {
  Point: 'point', MultiPoint: 'point', LineString: 'line', MultiLineString: 'line', Polygon: 'polygon', MultiPolygon: 'polygon',
};

function kindOf(g: Geometry, index: number): GeometryKind {
  const k = KIND_OF[g.type];
  if (!k) throw new DothiError('DOTHI_ENGINE_GEOMETRY_UNSUPPORTED', { type: g.type, index });
  return k;
}

class Builder {
  coords: number[] = [];
  geom: number[] = [0];
  parts: number[] = [0];
  rings: number[] = [0];
  constructor(readonly kind: GeometryKind) {}

  private push(p: Position): void {
    this.coords.push(p[0] as number, p[1] as number);
  }

  private line(ps: Position[]): void {
    for (const p of ps) this.push(p);
    this.parts.push(this.coords.length / 2);
  }

  private polygon(rings: Position[][]): void {
    for (const ring of rings) {
      if (ring.length === 0) continue;
      for (const p of ring) this.push(p);
      const first = ring[0] as Position, last = ring[ring.length - 1] as Position;
      // Rings are stored closed so every consumer can walk edges i → i+1 without a wrap-around case.
      if (first[0] !== last[0] || first[1] !== last[1]) this.push(first);
      this.rings.push(this.coords.length / 2);
    }
    this.parts.push(this.rings.length - 1);
  }

  add(g: Geometry | null): void {
    if (g) {
      switch (g.type) {
        case 'Point': this.push(g.coordinates); break;
        case 'MultiPoint': g.coordinates.forEach((p) => this.push(p)); break;
        case 'LineString': this.line(g.coordinates); break;
        case 'MultiLineString': g.coordinates.forEach((l) => this.line(l)); break;
        case 'Polygon': this.polygon(g.coordinates); break;
        case 'MultiPolygon': g.coordinates.forEach((p) => this.polygon(p)); break;
        default: break;
      }
    }
    this.geom.push(this.kind === 'point' ? this.coords.length / 2 : this.parts.length - 1);
  }

  build(): GeometryColumn {
    const col: GeometryColumn = { kind: this.kind, coords: Float64Array.from(this.coords), geomOffsets: Uint32Array.from(this.geom) };
    if (this.kind !== 'point') col.partOffsets = Uint32Array.from(this.parts);
    if (this.kind === 'polygon') col.ringOffsets = Uint32Array.from(this.rings);
    return col;
  }
}

/** A column per attribute: numbers when every present value is a finite number, text otherwise. */
function attributeColumn(features: Feature[], name: string): Column {
  let numeric = true;
  for (const f of features) {
    const v = f.properties?.[name];
    if (v !== null && v !== undefined && !(typeof v === 'number' && Number.isFinite(v))) { numeric = false; break; }
  }
  if (numeric) return float64Column(features.map((f) => (f.properties?.[name] as number | null | undefined) ?? NaN));
  return stringColumn(features.map((f) => {
    const v = f.properties?.[name];
    if (v === null || v === undefined) return null;
    return typeof v === 'string' ? v : JSON.stringify(v);
  }));
}

/**
 * Features → a table. All geometries must be of one kind (points, lines or polygons, single or multi);
 * a feature without geometry becomes an empty row so row numbers stay feature numbers.
 */
export function fromGeoJson(features: Feature[], opts: FromGeoJsonOptions = {}): FeatureTable {
  let kind = opts.kind;
  features.forEach((f, i) => {
    if (!f.geometry) return;
    const k = kindOf(f.geometry, i);
    if (kind === undefined) kind = k;
    else if (k !== kind) throw new DothiError('DOTHI_ENGINE_GEOMETRY_MIXED', { index: i, expected: kind, found: f.geometry.type });
  });
  const b = new Builder(kind ?? 'point');
  for (const f of features) b.add(f.geometry);
  const names = opts.columns ?? [...new Set(features.flatMap((f) => Object.keys(f.properties ?? {})))];
  const columns: Record<string, Column> = {};
  for (const name of names) columns[name] = attributeColumn(features, name);
  return { length: features.length, geometry: b.build(), columns, crs: opts.crs ?? 'EPSG:4326' };
}

function position(c: Float64Array, v: number): Position {
  return [c[2 * v] as number, c[2 * v + 1] as number];
}

/** One row's geometry as GeoJSON (Multi* when the row has more than one part), or null when empty. */
export function rowGeometry(g: GeometryColumn, row: number): Geometry | null {
  const a = g.geomOffsets[row] as number, b = g.geomOffsets[row + 1] as number;
  if (a === b) return null;
  const c = g.coords;
  if (g.kind === 'point') {
    const pts: Position[] = [];
    for (let v = a; v < b; v++) pts.push(position(c, v));
    return pts.length === 1 ? { type: 'Point', coordinates: pts[0] as Position } : { type: 'MultiPoint', coordinates: pts };
  }
  const po = g.partOffsets as Uint32Array;
  if (g.kind === 'line') {
    const lines: Position[][] = [];
    for (let p = a; p < b; p++) {
      const line: Position[] = [];
      for (let v = po[p] as number; v < (po[p + 1] as number); v++) line.push(position(c, v));
      lines.push(line);
    }
    return lines.length === 1 ? { type: 'LineString', coordinates: lines[0] as Position[] } : { type: 'MultiLineString', coordinates: lines };
  }
  const ro = g.ringOffsets as Uint32Array;
  const polys: Position[][][] = [];
  for (let p = a; p < b; p++) {
    const rings: Position[][] = [];
    for (let r = po[p] as number; r < (po[p + 1] as number); r++) {
      const ring: Position[] = [];
      for (let v = ro[r] as number; v < (ro[r + 1] as number); v++) ring.push(position(c, v));
      rings.push(ring);
    }
    polys.push(rings);
  }
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] as Position[][] } : { type: 'MultiPolygon', coordinates: polys };
}

/** A table → GeoJSON features with their attributes (missing values left out). */
export function toGeoJson(t: FeatureTable): Feature[] {
  const out: Feature[] = [];
  const cols = Object.entries(t.columns);
  for (let r = 0; r < t.length; r++) {
    const properties: Record<string, unknown> = {};
    for (const [name, c] of cols) {
      const v = columnValue(c, r);
      if (v !== null) properties[name] = v;
    }
    out.push({ type: 'Feature', geometry: rowGeometry(t.geometry, r), properties });
  }
  return out;
}
