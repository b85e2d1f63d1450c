// Coordinate reference systems of the OGC API (OGC API – Features Part 2, CRS by reference): which
// CRSs a collection offers, how a `crs` / `bbox-crs` URI is read, and how stored WGS84 geometries are
// written in the requested CRS. Transforms use the engine's registry (proj4js with the explicit
// EPSG:6960 datum shift), never PostGIS, so a coordinate means the same on every path (DESIGN.md §4).
//
// Axis order follows the CRS definitions, as Part 2 requires: CRS84 is longitude, latitude; the EPSG
// geographic CRSs (EPSG:4326, EPSG:4756 VN-2000) are latitude, longitude; projected CRSs are
// easting, northing.

import { CRS_REGISTRY, DothiError, getCrs, transformer } from '@dothi/engine';
import type { Bbox, CrsDef, Geometry, PointTransform } from '@dothi/engine';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const epsgUri = (code: number): string => `http://www.opengis.net/def/crs/EPSG/0/${code}`;

export interface OgcCrs {
  uri: string;
  def: CrsDef;
  /** EPSG geographic CRSs put latitude first. */
  latFirst: boolean;
}

const WGS84 = getCrs('EPSG:4326');
const crs84: OgcCrs = { uri: CRS84, def: WGS84, latFirst: false };
const ofEpsg = (code: number): OgcCrs => {
  const def = getCrs(`EPSG:${code}`);
  return { uri: epsgUri(code), def, latFirst: def.geographic };
};

const VIETNAM = getCrs('EPSG:4756').area.bbox;
/** VN-2000 geographic, every TM-3 zone, VN-2000 UTM 48N/49N, then WGS 84 UTM 48N/49N. */
const VIETNAM_CODES: readonly number[] = [
  4756,
  ...CRS_REGISTRY.filter((d) => d.centralMeridian !== undefined).map((d) => d.epsg),
  3405, 3406, 32648, 32649,
];
const MERCATOR_LAT = getCrs('EPSG:3857').area.bbox[3];

const intersects = (a: readonly number[], b: readonly number[]): boolean =>
  (a[0] as number) <= (b[2] as number) && (b[0] as number) <= (a[2] as number) &&
  (a[1] as number) <= (b[3] as number) && (b[1] as number) <= (a[3] as number);

/** WGS 84 UTM zones a bbox spans, when it spans few enough for a zone to make sense (and not the poles, UPS country). */
function utmZones(b: Bbox): number[] {
  if (b[1] < -80 || b[3] > 84) return [];
  const zone = (lon: number): number => Math.min(60, Math.max(1, Math.floor((lon + 180) / 6) + 1));
  const [w, e] = [zone(b[0]), zone(b[2])];
  if (e - w > 2) return [];
  const codes: number[] = [];
  for (let z = w; z <= e; z++) {
    if (b[3] > 0) codes.push(32600 + z);
    if (b[1] < 0) codes.push(32700 + z);
  }
  return codes;
}

/**
 * The CRSs a collection with this extent is offered in. Vietnamese data (or an empty layer) gets every
 * VN-2000 system, so a planner's QGIS project in any provincial zone reads it without re-projection;
 * data elsewhere gets the WGS 84 UTM zones it lies in. Pseudo-Mercator only where it is defined.
 */
export function offeredCrs(bbox: Bbox | null): OgcCrs[] {
  const out: OgcCrs[] = [crs84, ofEpsg(4326)];
  if (!bbox || (bbox[1] >= -MERCATOR_LAT && bbox[3] <= MERCATOR_LAT)) out.push(ofEpsg(3857));
  const codes = !bbox || intersects(bbox, VIETNAM) ? VIETNAM_CODES : utmZones(bbox);
  for (const c of codes) out.push(ofEpsg(c));
  return out;
}

const EPSG_URI = /^https?:\/\/www\.opengis\.net\/def\/crs\/epsg\/0\/(\d+)$/i;
const CRS84_URI = /^https?:\/\/www\.opengis\.net\/def\/crs\/ogc\/1\.3\/crs84$/i;

/** The offered CRS a `crs` or `bbox-crs` value names: an OGC URI, or the safe CURIEs [EPSG:n] and [OGC:CRS84]. */
export function resolveCrs(value: string, offered: readonly OgcCrs[], collection: string, parameter: 'crs' | 'bbox-crs'): OgcCrs {
  const v = value.trim();
  let uri: string | undefined;
  if (CRS84_URI.test(v) || /^\[ogc:crs84\]$/i.test(v)) uri = CRS84;
  const code = EPSG_URI.exec(v)?.[1] ?? /^\[epsg:(\d+)\]$/i.exec(v)?.[1];
  if (code) uri = epsgUri(Number(code));
  const hit = uri === undefined ? undefined : offered.find((c) => c.uri === uri);
  if (!hit) throw new DothiError('DOTHI_OGC_CRS_UNSUPPORTED', { parameter, crs: value, collection });
  return hit;
}

/** `Content-Crs` header value: the URI in angle brackets (Part 2, /req/crs/ogc-crs-header-value). */
export const contentCrs = (c: OgcCrs): string => `<${c.uri}>`;

function mapGeometry(g: Geometry, fn: (p: number[]) => number[]): Geometry {
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: fn(g.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { type: g.type, coordinates: g.coordinates.map(fn) };
    case 'MultiLineString':
    case 'Polygon':
      return { type: g.type, coordinates: g.coordinates.map((l) => l.map(fn)) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map((r) => r.map(fn))) };
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: g.geometries.map((c) => mapGeometry(c, fn)) };
  }
}

// 1e-9 degree is 0.1 mm and so is 1e-4 m: finer digits would only be noise from the transform.
const round = (n: number, scale: number): number => Math.round(n * scale) / scale;

/** Writes stored WGS84 lon/lat geometries in `target`, in its axis order; z values are kept. */
export function geometryWriter(target: OgcCrs): (g: Geometry) => Geometry {
  if (target.uri === CRS84) return (g) => g;
  const fwd: PointTransform = transformer(WGS84, target.def);
  const scale = target.def.geographic ? 1e9 : 1e4;
  return (g) =>
    mapGeometry(g, (p) => {
      const [x, y] = fwd(p[0] as number, p[1] as number);
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        throw new DothiError('DOTHI_INTERNAL', { detail: `a position ${p[0]},${p[1]} has no coordinates in ${target.uri}` });
      }
      const xy = target.latFirst ? [round(y, scale), round(x, scale)] : [round(x, scale), round(y, scale)];
      return p.length > 2 ? [...xy, ...p.slice(2)] : xy;
    });
}

export type Ring = Array<[number, number]>;

/** Points per bbox edge: a TM-3 or UTM box edge is a curve in lon/lat, straight only between these. */
const DENSIFY = 32;

/**
 * The area a `bbox` covers, as WGS84 lon/lat rings (one box, or two when it crosses the antimeridian).
 * `values` are the 4 or 6 numbers of the parameter in the axis order of `crs`.
 */
export function bboxArea(values: readonly number[], crs: OgcCrs): { rings: Ring[]; rectangle: Bbox | null } {
  const six = values.length === 6;
  let [a0, a1, b0, b1] = six ? [values[0], values[1], values[3], values[4]] : values;
  if (crs.latFirst) [a0, a1, b0, b1] = [a1, a0, b1, b0];
  const [w, s, e, n] = [a0, a1, b0, b1] as [number, number, number, number];
  const usage = (detail: string): DothiError => new DothiError('DOTHI_USAGE', { detail: `bbox ${values.join(',')}: ${detail}` });
  if (s > n) throw usage('the lower corner is above the upper corner');
  if (crs.def.geographic && (s < -90 || n > 90 || w < -180 || w > 180 || e < -180 || e > 180)) {
    throw usage('latitudes must lie in -90..90 and longitudes in -180..180');
  }
  const sameDatum = crs.def.proj4 === WGS84.proj4;
  if (w > e && !sameDatum) throw usage('the lower corner is east of the upper corner');
  if (sameDatum) {
    // Same datum as the store: lon/lat boxes stay boxes; west > east crosses the antimeridian (Part 1).
    const boxes: Bbox[] = w <= e ? [[w, s, e, n]] : [[w, s, 180, n], [-180, s, e, n]];
    return { rings: boxes.map(boxRing), rectangle: boxes.length === 1 ? (boxes[0] as Bbox) : null };
  }
  const inv = transformer(crs.def, WGS84);
  const ring: Ring = densifiedRing([w, s, e, n]).map(([x, y]) => inv(x, y));
  if (ring.some(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y) || Math.abs(y) > 90)) {
    throw usage(`it reaches outside the area where ${crs.uri} is defined`);
  }
  return { rings: [ring], rectangle: null };
}

function boxRing(b: Bbox): Ring {
  return [[b[0], b[1]], [b[2], b[1]], [b[2], b[3]], [b[0], b[3]], [b[0], b[1]]];
}

function densifiedRing([w, s, e, n]: Bbox): Ring {
  const ring: Ring = [];
  const corners: Ring = [[w, s], [e, s], [e, n], [w, n]];
  for (let i = 0; i < 4; i++) {
    const [x0, y0] = corners[i] as [number, number];
    const [x1, y1] = corners[(i + 1) % 4] as [number, number];
    for (let k = 0; k < DENSIFY; k++) ring.push([x0 + ((x1 - x0) * k) / DENSIFY, y0 + ((y1 - y0) * k) / DENSIFY]);
  }
  ring.push(ring[0] as [number, number]);
  return ring;
}
