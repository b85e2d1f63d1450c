// Features through the REST API: pages sorted, filtered and limited on the server, and the lookup
// of one feature's full record by its key.
//
// A feature's key is the id the REST API gives it (its source id, or its fid when it has none). The
// vector tiles carry both `source_id` and `fid`, so the same key names a feature on the map and in
// the table. There is no by-key route, so the full record is read with a bbox query around where
// the feature is and picked out by key.

import type { Feature, Geometry } from 'geojson';
import type { Bbox } from './layers.ts';
import { getJson, seg } from './http.ts';

/** Stored features always have a geometry (the column is not null). */
export type GeoFeature = Feature<Geometry, Record<string, unknown> | null>;

export interface SortKey {
  prop: string;
  desc: boolean;
}

export interface FeatureQuery {
  limit: number;
  offset?: number;
  sortby?: readonly SortKey[];
  /** Property equals value, compared as text on the server. */
  where?: Readonly<Record<string, string>>;
  bbox?: Bbox;
  version?: number;
}

export interface FeaturePage {
  numberMatched: number;
  numberReturned: number;
  links: Array<{ href: string; rel: string }>;
  features: GeoFeature[];
}

/** The parameters the features endpoint reserves; any other name is a property filter. */
const RESERVED = new Set(['bbox', 'limit', 'offset', 'version', 'sortby', 'f']);

export function canFilterOn(prop: string): boolean {
  return !RESERVED.has(prop);
}

export function featuresUrl(ws: string, layer: string, q: FeatureQuery): string {
  const p = new URLSearchParams();
  p.set('limit', String(q.limit));
  if (q.offset) p.set('offset', String(q.offset));
  if (q.sortby?.length) p.set('sortby', q.sortby.map((s) => `${s.desc ? '-' : ''}${s.prop}`).join(','));
  if (q.bbox) p.set('bbox', q.bbox.map((n) => n.toFixed(7)).join(','));
  if (q.version) p.set('version', String(q.version));
  for (const [k, v] of Object.entries(q.where ?? {})) p.set(k, v);
  return `/api/workspaces/${seg(ws)}/layers/${seg(layer)}/features?${p.toString()}`;
}

export function fetchFeaturePage(ws: string, layer: string, q: FeatureQuery, signal?: AbortSignal): Promise<FeaturePage> {
  return getJson<FeaturePage>(featuresUrl(ws, layer, q), signal);
}

export function featureKey(f: { id?: string | number | undefined }): string {
  return String(f.id ?? '');
}

const LOOKUP_PAGE = 500;
/** A bbox that meets more of the layer than this is not a lookup any more. */
const LOOKUP_MAX_PAGES = 20;

/** The full record of the feature with `key` among those meeting `bbox`, or null when none has it. */
export async function findFeature(ws: string, layer: string, key: string, bbox: Bbox, signal?: AbortSignal): Promise<GeoFeature | null> {
  for (let page = 0; page < LOOKUP_MAX_PAGES; page++) {
    const r = await fetchFeaturePage(ws, layer, { limit: LOOKUP_PAGE, offset: page * LOOKUP_PAGE, bbox }, signal);
    const hit = r.features.find((f) => featureKey(f) === key);
    if (hit) return hit;
    if ((page + 1) * LOOKUP_PAGE >= r.numberMatched) return null;
  }
  return null;
}

/** West, south, east, north of a geometry. */
export function geometryBbox(g: Geometry): Bbox | null {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      w = Math.min(w, c[0]); e = Math.max(e, c[0]); s = Math.min(s, c[1]); n = Math.max(n, c[1]);
      return;
    }
    for (const x of c) visit(x);
  };
  const walk = (x: Geometry): void => {
    if (x.type === 'GeometryCollection') x.geometries.forEach(walk);
    else visit(x.coordinates);
  };
  walk(g);
  return Number.isFinite(w) ? [w, s, e, n] : null;
}
