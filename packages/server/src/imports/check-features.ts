// First pass of an import, before anything is written: reproject every feature to WGS 84 and
// check it against its layer kind. Produces the per-record report entries and the rows to write.

import { checkFeature, geometryShapeProblem, transformGeometry, transformer, getCrs, geomFamily } from '@dothi/engine';
import type { Feature, Geometry, LayerKind, Properties, Position } from '@dothi/engine';
import type { ResolvedCrs } from './resolve-crs.ts';
import { isStorable, storable, storableDeep } from '../store/jsonb.ts';

export interface FeatureReport {
  id: string;
  valid: boolean;
  /** Why the feature was rejected, or what was repaired. */
  reason?: string;
  repaired?: boolean;
}

export interface CandidateRow {
  /** Position in the source, 1-based: the fid. */
  fid: number;
  sourceId: string;
  geometry: Geometry;
  properties: Properties;
  /** Closing of rings done in repair mode, recorded in the report. */
  fixes: string[];
}

export interface CheckOutcome {
  rows: CandidateRow[];
  problems: FeatureReport[];
}

function sourceIdOf(f: Feature, index: number): string {
  if (f.id !== undefined && f.id !== null && f.id !== '') return storable(String(f.id));
  return String(index + 1);
}

/** The first attribute (by path) holding text the database cannot store, or null. */
function unstorableAttribute(v: unknown, at: string): string | null {
  if (typeof v === 'string') return isStorable(v) ? null : at;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = unstorableAttribute(v[i], `${at}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (!isStorable(k)) return at ? `${at}.${storable(k)}` : storable(k);
      const p = unstorableAttribute(x, at ? `${at}.${k}` : k);
      if (p) return p;
    }
  }
  return null;
}

/** dothi stores plane geometries: Z and M are dropped here, so a file that mixes 2D and 3D positions still stages. */
function flat(g: Geometry): Geometry {
  const p = (c: Position): Position => [c[0] as number, c[1] as number];
  switch (g.type) {
    case 'Point': return { type: 'Point', coordinates: p(g.coordinates) };
    case 'MultiPoint': return { type: 'MultiPoint', coordinates: g.coordinates.map(p) };
    case 'LineString': return { type: 'LineString', coordinates: g.coordinates.map(p) };
    case 'MultiLineString': return { type: 'MultiLineString', coordinates: g.coordinates.map((l) => l.map(p)) };
    case 'Polygon': return { type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(p)) };
    case 'MultiPolygon': return { type: 'MultiPolygon', coordinates: g.coordinates.map((q) => q.map((r) => r.map(p))) };
    case 'GeometryCollection': return { type: 'GeometryCollection', geometries: g.geometries.map(flat) };
  }
}

/** Rings that are not closed, or too short, break PostGIS's GeoJSON parser before GEOS can judge them. */
function ringProblem(g: Geometry, repair: boolean, fixes: string[]): string | null {
  const rings: Position[][] =
    g.type === 'Polygon' ? g.coordinates : g.type === 'MultiPolygon' ? g.coordinates.flat() : [];
  for (const r of rings) {
    const first = r[0], last = r[r.length - 1];
    const closed = !!first && !!last && first[0] === last[0] && first[1] === last[1];
    if (!closed && repair && first) {
      r.push([...first]);
      fixes.push('closed an open polygon ring');
    } else if (!closed) return 'polygon ring is not closed';
    if (r.length < 4) return 'polygon ring has fewer than 4 positions';
  }
  const lines: Position[][] =
    g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];
  for (const l of lines) if (l.length < 2) return 'line has fewer than 2 positions';
  if (g.type === 'GeometryCollection') {
    for (const c of g.geometries) {
      const p = ringProblem(c, repair, fixes);
      if (p) return p;
    }
  }
  return null;
}

export function checkFeatures(
  features: readonly Feature[],
  kind: LayerKind,
  crs: ResolvedCrs,
  repair: boolean,
  onProgress?: (fraction: number) => void,
): CheckOutcome {
  const toWgs84 = transformer(crs.crs, getCrs('EPSG:4326'));
  const rows: CandidateRow[] = [];
  const problems: FeatureReport[] = [];
  const step = Math.max(1, Math.floor(features.length / 100));
  features.forEach((f, i) => {
    const id = sourceIdOf(f, i);
    let wgs: Geometry | null = null;
    let transformError: string | null = null;
    // A malformed geometry is reported by checkFeature in words; transforming it would only throw.
    if (f.geometry && !geometryShapeProblem(f.geometry)) {
      try {
        wgs = flat(transformGeometry(f.geometry, toWgs84));
      } catch (e) {
        transformError = `coordinates could not be transformed from ${crs.crs.id}: ${(e as Error).message}`;
      }
    }
    const check = checkFeature(kind, f.geometry, f.properties, wgs, crs.crs.area.bbox);
    const fixes: string[] = [];
    const reasons = transformError ? [transformError, ...check.problems] : check.problems;
    let properties = check.properties;
    const badText = unstorableAttribute(properties, '');
    if (badText !== null && repair) {
      properties = storableDeep(properties) as Properties;
      fixes.push(`removed NUL characters or broken surrogates from attribute ${badText}`);
    } else if (badText !== null) {
      reasons.push(`attribute ${badText} holds text the database cannot store (a NUL character or a broken UTF-16 surrogate)`);
    }
    if (reasons.length === 0 && wgs) {
      const ring = ringProblem(wgs, repair, fixes);
      if (ring) reasons.push(ring);
    }
    if (reasons.length > 0 || !wgs) {
      problems.push({ id, valid: false, reason: reasons.join('; ') || 'feature has no geometry' });
    } else {
      rows.push({ fid: i + 1, sourceId: id, geometry: wgs, properties, fixes });
    }
    if (onProgress && i % step === 0) onProgress(i / features.length);
  });
  return { rows, problems };
}

/** PostGIS dimension for ST_CollectionExtract, so a repaired polygon stays a polygon. */
export function extractDimension(g: Geometry): 1 | 2 | 3 | 0 {
  const fam = geomFamily(g.type);
  return fam === 'point' ? 1 : fam === 'line' ? 2 : fam === 'polygon' ? 3 : 0;
}
