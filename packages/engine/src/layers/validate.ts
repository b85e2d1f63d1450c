// Per-feature checks against a layer kind: geometry shape and family, coordinates inside the
// source CRS's area of use, required attributes, and attribute types. Topological validity
// (self-intersections and the like) is GEOS's job and is checked in the store.

import type { AttrDef, AttrType, GeomFamily, LayerKind } from './kinds.ts';
import type { Bbox, Geometry, Properties } from '../geo/geojson.ts';
import { geometryBbox, geometryShapeProblem } from '../geo/geojson.ts';

export interface FeatureCheck {
  /** Properties with values converted to the schema's types where that loses nothing. */
  properties: Properties;
  problems: string[];
}

export function geomFamily(type: Geometry['type']): GeomFamily | 'collection' {
  if (type === 'Point' || type === 'MultiPoint') return 'point';
  if (type === 'LineString' || type === 'MultiLineString') return 'line';
  if (type === 'Polygon' || type === 'MultiPolygon') return 'polygon';
  return 'collection';
}

const TRUE = new Set(['true', 'yes', '1', 'y', 't', 'có', 'co']);
const FALSE = new Set(['false', 'no', '0', 'n', 'f', 'không', 'khong']);

/** Converts a value to an attribute type when that is exact; returns an error text otherwise. */
export function coerce(value: unknown, type: AttrType): { value: unknown } | { error: string } {
  if (value === null || value === undefined || value === '') return { value: null };
  switch (type) {
    case 'string':
      return typeof value === 'object' ? { value: JSON.stringify(value) } : { value: String(value) };
    case 'number':
    case 'integer': {
      const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim().replace(/,/g, '.')) : NaN;
      if (!Number.isFinite(n)) return { error: `${JSON.stringify(value)} is not a number` };
      if (type === 'integer' && !Number.isInteger(n)) return { error: `${JSON.stringify(value)} is not a whole number` };
      return { value: n };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { value };
      const s = String(value).trim().toLowerCase();
      if (TRUE.has(s)) return { value: true };
      if (FALSE.has(s)) return { value: false };
      return { error: `${JSON.stringify(value)} is not yes/no` };
    }
    case 'date': {
      const s = String(value).trim();
      // ISO dates, or the dd/mm/yyyy that Vietnamese documents use.
      const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
      const iso = vn ? `${vn[3]}-${vn[2]!.padStart(2, '0')}-${vn[1]!.padStart(2, '0')}` : s;
      if (!/^\d{4}-\d{2}-\d{2}/.test(iso) || Number.isNaN(Date.parse(iso.slice(0, 10)))) {
        return { error: `${JSON.stringify(value)} is not a date (YYYY-MM-DD or DD/MM/YYYY)` };
      }
      return { value: iso.slice(0, 10) };
    }
  }
}

function checkAttribute(def: AttrDef, props: Properties, out: Properties, problems: string[]): void {
  const raw = props[def.name];
  const c = coerce(raw, def.type);
  if ('error' in c) {
    problems.push(`attribute ${def.name}: ${c.error}`);
    return;
  }
  if (c.value === null) {
    if (def.required) problems.push(`required attribute ${def.name} is missing`);
    return;
  }
  if (def.values && !def.values.includes(String(c.value))) {
    problems.push(`attribute ${def.name}: ${JSON.stringify(c.value)} is not one of ${def.values.join(', ')}`);
    return;
  }
  out[def.name] = c.value;
}

export function inBbox(b: Bbox, area: readonly [number, number, number, number]): boolean {
  return b[0] >= area[0] && b[1] >= area[1] && b[2] <= area[2] && b[3] <= area[3];
}

/**
 * Checks one feature. `sourceArea` is the source CRS's area of use and `wgs84Geometry` the feature
 * after reprojection; a feature outside the area was almost always read in the wrong CRS.
 */
export function checkFeature(
  kind: LayerKind,
  geometry: Geometry | null,
  properties: Properties | null,
  wgs84Geometry: Geometry | null,
  sourceArea: readonly [number, number, number, number],
): FeatureCheck {
  const problems: string[] = [];
  const props = properties ?? {};
  const out: Properties = { ...props };
  if (!geometry) {
    problems.push('feature has no geometry');
  } else {
    const shape = geometryShapeProblem(geometry);
    if (shape) problems.push(shape);
    else {
      const fam = geomFamily(geometry.type);
      if (kind.geometry.length > 0 && (fam === 'collection' || !kind.geometry.includes(fam))) {
        problems.push(`${geometry.type} geometry does not fit layer kind ${kind.id} (expects ${kind.geometry.join(' or ')})`);
      }
      const b = wgs84Geometry ? geometryBbox(wgs84Geometry) : null;
      if (!b || !b.every(Number.isFinite)) problems.push('coordinates could not be transformed');
      else if (!inBbox(b, sourceArea)) {
        problems.push(
          `coordinates fall outside the CRS's area of use (lon ${b[0].toFixed(4)}..${b[2].toFixed(4)}, lat ${b[1].toFixed(4)}..${b[3].toFixed(4)}); is the CRS right?`,
        );
      }
    }
  }
  for (const def of kind.attributes) checkAttribute(def, props, out, problems);
  return { properties: out, problems };
}
