// Maps what a file says about its CRS (an ESRI .prj, GDAL's WKT, a GeoJSON crs name) onto dothi's
// registry, and says why. The case that matters most: Vietnamese Shapefiles whose .prj names the
// VN-2000 datum and a TM-3 zone in ESRI WKT, which has no place for the datum shift. Read literally
// such a file is ~200 m off; the registry zone carries EPSG:6960, and the note says it was applied.

import { findCrs, tm3ZoneByMeridian, VN2000_TOWGS84 } from '@dothi/engine';
import type { CrsDef } from '@dothi/engine';
import type { DetectedCrs } from './types.ts';
import { child, children, epsgOf, nameOf, numberArgs, parseWkt, squash } from './crs-wkt.ts';
import type { WktNode } from './crs-wkt.ts';

/** The parts of a definition dothi matches on; lengths in metres, angles in degrees, scale of the shift in ppm. */
export interface CrsParams {
  kind: 'geographic' | 'projected' | 'other';
  name: string;
  epsg?: number;
  datumName: string;
  datumEpsg?: number;
  ellipsoid?: { a: number; rf: number };
  /** Position-vector convention, as PROJ's +towgs84; undefined when the definition has none. */
  towgs84?: number[];
  primeMeridian: number;
  /** Degrees per angular unit is checked; only degree-based geographic CRSs match. */
  angularUnitIsDegree: boolean;
  /** Projection method, squashed for matching ("transversemercator"), and as the file spells it. */
  method?: string;
  methodName?: string;
  params: { lat0?: number; lon0?: number; k?: number; fe?: number; fn?: number };
  /** Metres per unit of the projected axes. */
  linearUnit: number;
}

const DEG = 0.0174532925199433;
const EPSG_6960 = VN2000_TOWGS84.replace('+towgs84=', '').split(',').map(Number);

function unitFactor(n: WktNode | undefined): number | undefined {
  if (!n) return undefined;
  const f = numberArgs(n)[0];
  return f !== undefined && f > 0 ? f : undefined;
}

function paramKey(name: string): keyof CrsParams['params'] | undefined {
  const s = squash(name);
  if (['latitudeoforigin', 'latitudeofnaturalorigin', 'latitudeofcenter'].includes(s)) return 'lat0';
  if (['centralmeridian', 'longitudeofnaturalorigin', 'longitudeofcenter', 'longitudeoforigin'].includes(s)) return 'lon0';
  if (['scalefactor', 'scalefactoratnaturalorigin'].includes(s)) return 'k';
  if (s === 'falseeasting') return 'fe';
  if (s === 'falsenorthing') return 'fn';
  return undefined;
}

/** WKT2 BOUNDCRS carries the shift in an ABRIDGEDTRANSFORMATION; normalise it to PROJ's +towgs84 form. */
function abridgedToWgs84(t: WktNode): number[] | undefined {
  const byName = new Map<string, number>();
  for (const p of children(t, 'PARAMETER')) {
    const v = numberArgs(p)[0];
    if (v !== undefined) byName.set(squash(nameOf(p)), v);
  }
  const get = (k: string): number => byName.get(k) ?? 0;
  const method = squash(nameOf(child(t, 'METHOD') ?? { keyword: '', args: [] }));
  const sign = method.includes('coordinateframe') ? -1 : 1;
  let s = get('scaledifference');
  // PROJ writes the scale as a multiplier (1 + ds); other writers give parts per million.
  if (Math.abs(s - 1) < 0.01) s = (s - 1) * 1e6;
  return [get('xaxistranslation'), get('yaxistranslation'), get('zaxistranslation'),
    sign * get('xaxisrotation'), sign * get('yaxisrotation'), sign * get('zaxisrotation'), s];
}

function readGeog(g: WktNode, out: CrsParams): void {
  const datum = child(g, 'DATUM', 'GEODETICDATUM', 'TRF', 'ENSEMBLE');
  if (datum) {
    out.datumName = nameOf(datum);
    const d = epsgOf(datum);
    if (d !== undefined) out.datumEpsg = d;
    const ell = child(datum, 'SPHEROID', 'ELLIPSOID');
    const [a, rf] = ell ? numberArgs(ell) : [];
    if (a !== undefined && rf !== undefined) out.ellipsoid = { a, rf };
    const tw = child(datum, 'TOWGS84');
    if (tw) out.towgs84 = numberArgs(tw);
  }
  const pm = child(g, 'PRIMEM', 'PRIMEMERIDIAN');
  out.primeMeridian = pm ? (numberArgs(pm)[0] ?? 0) : 0;
  const unit = unitFactor(child(g, 'UNIT', 'ANGLEUNIT')) ?? unitFactor(child(child(g, 'CS') ?? g, 'ANGLEUNIT'));
  // WKT2 puts the angular unit on each AXIS; GDAL's WKT2 always uses degree for geographic CRSs it writes.
  const axisUnit = children(g, 'AXIS').map((ax) => unitFactor(child(ax, 'ANGLEUNIT'))).find((u) => u !== undefined);
  const f = unit ?? axisUnit ?? DEG;
  out.angularUnitIsDegree = Math.abs(f - DEG) < 1e-12;
}

/** The registry-relevant content of a WKT definition. Throws on text that is not WKT. */
export function crsParamsFromWkt(wkt: string): CrsParams {
  let root = parseWkt(wkt);
  const out: CrsParams = { kind: 'other', name: nameOf(root), datumName: '', primeMeridian: 0, angularUnitIsDegree: true, params: {}, linearUnit: 1 };
  if (root.keyword === 'BOUNDCRS') {
    const src = child(child(root, 'SOURCECRS') ?? root, 'PROJCRS', 'PROJECTEDCRS', 'GEOGCRS', 'GEOGRAPHICCRS', 'GEODCRS', 'BASEGEOGCRS');
    const t = child(root, 'ABRIDGEDTRANSFORMATION');
    if (!src) return out;
    root = src;
    out.name = nameOf(root);
    if (t) out.towgs84 = abridgedToWgs84(t);
  }
  if (root.keyword === 'COMPD_CS' || root.keyword === 'COMPOUNDCRS') {
    const horiz = child(root, 'PROJCS', 'PROJCRS', 'GEOGCS', 'GEOGCRS', 'GEODCRS');
    if (!horiz) return out;
    root = horiz;
    out.name = nameOf(root);
  }
  const epsg = epsgOf(root);
  if (epsg !== undefined) out.epsg = epsg;
  const shift = out.towgs84;
  if (['GEOGCS', 'GEOGCRS', 'GEOGRAPHICCRS', 'GEODCRS', 'BASEGEOGCRS'].includes(root.keyword)) {
    out.kind = 'geographic';
    readGeog(root, out);
  } else if (['PROJCS', 'PROJCRS', 'PROJECTEDCRS'].includes(root.keyword)) {
    out.kind = 'projected';
    const g = child(root, 'GEOGCS', 'BASEGEOGCRS', 'BASEGEODCRS', 'GEOGCRS');
    if (g) readGeog(g, out);
    const conv = child(root, 'CONVERSION') ?? root;
    const method = child(conv, 'PROJECTION', 'METHOD');
    if (method) {
      out.method = squash(nameOf(method));
      out.methodName = nameOf(method);
    }
    for (const p of children(conv, 'PARAMETER')) {
      const key = paramKey(nameOf(p));
      const v = numberArgs(p)[0];
      if (!key || v === undefined) continue;
      // WKT2 gives each parameter its unit; WKT1 uses the CRS's own units (angles in the GEOGCS unit, lengths in the PROJCS unit).
      const u = unitFactor(child(p, 'ANGLEUNIT', 'LENGTHUNIT', 'SCALEUNIT', 'UNIT'));
      out.params[key] = key === 'lat0' || key === 'lon0' ? (u ? (v * u) / DEG : v) : u ? v * u : v;
    }
    const lin = unitFactor(child(root, 'UNIT', 'LENGTHUNIT')) ??
      children(root, 'AXIS').map((ax) => unitFactor(child(ax, 'LENGTHUNIT'))).find((u) => u !== undefined);
    out.linearUnit = lin ?? 1;
    // In WKT1, false easting/northing are in the projected unit.
    if (!child(conv, 'METHOD') && out.linearUnit !== 1) {
      if (out.params.fe !== undefined) out.params.fe *= out.linearUnit;
      if (out.params.fn !== undefined) out.params.fn *= out.linearUnit;
    }
  }
  if (shift) out.towgs84 = shift;
  return out;
}

const near = (a: number | undefined, b: number, tol = 1e-9): boolean => a !== undefined && Math.abs(a - b) <= tol;

function isWgs84Ellipsoid(p: CrsParams): boolean {
  return !!p.ellipsoid && near(p.ellipsoid.a, 6378137, 1e-3) && near(p.ellipsoid.rf, 298.257223563, 1e-6);
}

type Datum = 'vn2000' | 'wgs84' | 'other';

function datumOf(p: CrsParams): Datum {
  const n = squash(p.datumName);
  const vnShift = p.towgs84 && p.towgs84.length >= 3 &&
    near(p.towgs84[0], EPSG_6960[0] as number, 2) && near(p.towgs84[1], EPSG_6960[1] as number, 2) && near(p.towgs84[2], EPSG_6960[2] as number, 2);
  if (p.datumEpsg === 6756 || n.includes('vietnam2000') || n.includes('vn2000') || vnShift) return isWgs84Ellipsoid(p) ? 'vn2000' : 'other';
  const zeroShift = !p.towgs84 || p.towgs84.every((v) => v === 0);
  const wgsName = p.datumEpsg === 6326 || ['wgs84', 'wgs1984', 'dwgs1984', 'worldgeodeticsystem1984', 'worldgeodeticsystem1984ensemble'].includes(n);
  return wgsName && zeroShift && isWgs84Ellipsoid(p) ? 'wgs84' : 'other';
}

function fmt(ns: number[]): string {
  return ns.map((v) => String(Number(v.toFixed(9)))).join(', ');
}

/** What the definition says about the VN-2000 → WGS 84 shift, for the note. */
function shiftNote(p: CrsParams): string {
  if (!p.towgs84 || p.towgs84.every((v) => v === 0)) return "the file's definition has no datum shift; applied EPSG:6960";
  const same = p.towgs84.length === 7 && p.towgs84.every((v, i) => near(v, EPSG_6960[i] as number, i < 3 ? 1e-3 : i < 6 ? 1e-6 : 1e-5));
  if (same) return "the file's datum shift is EPSG:6960's";
  return `the file's datum shift (${fmt(p.towgs84)}) differs from EPSG:6960 (${fmt(EPSG_6960)}); applied EPSG:6960`;
}

function describe(p: CrsParams): string {
  if (p.kind === 'geographic') return `geographic "${p.name}" on datum "${p.datumName}"`;
  const cm = p.params.lon0 !== undefined ? ` central meridian ${p.params.lon0}` : '';
  const k = p.params.k !== undefined ? ` scale ${p.params.k}` : '';
  return `"${p.name}": ${p.methodName ?? 'unknown projection'}${cm}${k} on datum "${p.datumName}"`;
}

/** Registry match for parsed parameters, or the reason there is none. */
export function matchParams(p: CrsParams): { crs: CrsDef; why: string } | { why: string } {
  if (p.epsg !== undefined) {
    const byId = findCrs(`EPSG:${p.epsg}`);
    if (byId) return { crs: byId, why: `names EPSG:${p.epsg}` };
  }
  const datum = datumOf(p);
  if (datum === 'other') return { why: `datum "${p.datumName || 'unnamed'}" is neither VN-2000 nor WGS 84` };
  if (Math.abs(p.primeMeridian) > 1e-9) return { why: `prime meridian is ${p.primeMeridian}, not Greenwich` };
  if (p.kind === 'geographic') {
    if (!p.angularUnitIsDegree) return { why: 'angles are not in degrees' };
    const crs = findCrs(datum === 'vn2000' ? 'EPSG:4756' : 'EPSG:4326') as CrsDef;
    return { crs, why: datum === 'vn2000' ? `is VN-2000 longitude/latitude; ${shiftNote(p)}` : 'is WGS 84 longitude/latitude' };
  }
  if (p.kind !== 'projected') return { why: 'it is neither geographic nor projected' };
  const { lat0, lon0, k, fe, fn } = p.params;
  const isTm = p.method === 'transversemercator' || p.method === 'gausskruger';
  if (p.method === 'popularvisualisationpseudomercator' || p.method === 'mercatorauxiliarysphere') {
    if (datum === 'wgs84') return { crs: findCrs('EPSG:3857') as CrsDef, why: 'is WGS 84 / Pseudo-Mercator' };
  }
  if (!isTm) return { why: `projection "${p.method ?? 'none'}" is not Transverse Mercator` };
  if (Math.abs(p.linearUnit - 1) > 1e-9) return { why: `unit is ${p.linearUnit} m, not metre` };
  if (!near(lat0 ?? 0, 0) || !near(fe, 500000, 1e-6) || lon0 === undefined) return { why: 'origin is not that of a TM-3 or UTM zone (latitude 0, false easting 500000)' };
  if (datum === 'vn2000' && near(k, 0.9999) && near(fn ?? 0, 0)) {
    const zone = tm3ZoneByMeridian(lon0);
    if (zone) return { crs: zone, why: `is VN-2000 TM-3 with central meridian ${lon0}; ${shiftNote(p)}` };
    return { why: `no VN-2000 TM-3 zone has central meridian ${lon0}` };
  }
  if (datum === 'vn2000' && near(k, 0.9996) && near(fn ?? 0, 0)) {
    const utm = near(lon0, 105) ? findCrs('EPSG:3405') : near(lon0, 111) ? findCrs('EPSG:3406') : undefined;
    if (utm) return { crs: utm, why: `is VN-2000 UTM with central meridian ${lon0}; ${shiftNote(p)}` };
    return { why: `VN-2000 UTM with central meridian ${lon0} is not in the registry (only zones 48N and 49N)` };
  }
  if (datum === 'wgs84' && near(k, 0.9996)) {
    const zone = (lon0 + 183) / 6;
    const south = near(fn, 10000000, 1e-6);
    if (Number.isInteger(zone) && zone >= 1 && zone <= 60 && (south || near(fn ?? 0, 0))) {
      return { crs: findCrs(`EPSG:${(south ? 32700 : 32600) + zone}`) as CrsDef, why: `is WGS 84 UTM zone ${zone}${south ? 'S' : 'N'}` };
    }
  }
  if (datum === 'wgs84' && near(k, 0.9999)) {
    const zone = tm3ZoneByMeridian(lon0);
    if (zone) {
      return { why: `Transverse Mercator with scale 0.9999 and central meridian ${lon0} is VN-2000 TM-3's projection, but the datum is WGS 84; if the data is VN-2000, declare ${zone.id}` };
    }
  }
  return { why: 'its parameters match no CRS in the registry' };
}

/** Detects the CRS of a WKT definition; `where` names its origin for the note ("roads.prj"). */
export function detectCrsFromWkt(wkt: string, where: string): DetectedCrs {
  const definition = wkt.trim();
  let p: CrsParams;
  try {
    p = crsParamsFromWkt(definition);
  } catch (e) {
    return { definition, note: `${where} holds a CRS definition dothi could not parse (${(e as Error).message})` };
  }
  const m = matchParams(p);
  if ('crs' in m) return { crs: m.crs, definition, note: `${where} defines ${describe(p)}: ${m.crs.id} ${m.crs.name}, because it ${m.why}` };
  return { definition, note: `${where} defines ${describe(p)}, which is not in dothi's registry: ${m.why}` };
}

/** Detects a CRS named by reference (EPSG:9210, urn:ogc:def:crs:EPSG::9210, OGC CRS84...). */
export function detectCrsFromName(ref: string, where: string): DetectedCrs {
  const crs = findCrs(ref) ?? findCrs(ref.replace(/^urn:ogc:def:crs:epsg:[^:]*:/i, 'EPSG:'));
  if (crs) return { crs, definition: ref, note: `${where} names ${ref}: ${crs.id} ${crs.name}` };
  return { definition: ref, note: `${where} names ${ref}, which is not in dothi's registry` };
}
