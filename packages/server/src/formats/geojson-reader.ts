// GeoJSON (RFC 7946, and the 2008 draft's `crs` member that GDAL and older tools still write).
// Pure TypeScript: the file is UTF-8 JSON, so GDAL adds nothing but another copy in memory.

import fs from 'node:fs/promises';
import path from 'node:path';
import { DothiError, findCrs } from '@dothi/engine';
import type { Feature } from '@dothi/engine';
import type { DetectedCrs, Reader, SourceDataset } from './types.ts';
import { decodeBytes, firstInvalidUtf8, isValidUtf8, UTF8 } from './encoding.ts';
import { detectCrsFromName } from './crs-detect.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function unreadable(file: string, detail: string): DothiError {
  return new DothiError('DOTHI_IMPORT_UNREADABLE', { file, format: 'GeoJSON', detail });
}

/** The legacy `crs` member: {type:"name", properties:{name}} or the 2008 {type:"EPSG", properties:{code}}. */
function legacyCrs(crs: unknown, file: string): DetectedCrs {
  const where = `${file}'s crs member`;
  if (isObject(crs) && isObject(crs.properties)) {
    const props = crs.properties;
    if (typeof props.name === 'string') return detectCrsFromName(props.name, where);
    if (props.code !== undefined && String(crs.type).toUpperCase() === 'EPSG') return detectCrsFromName(`EPSG:${String(props.code)}`, where);
  }
  return { definition: JSON.stringify(crs), note: `${where} is not a named CRS dothi understands` };
}

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

function toFeature(v: unknown, index: number, file: string): Feature {
  if (!isObject(v) || v.type !== 'Feature') throw unreadable(file, `features[${index}] is not a GeoJSON Feature`);
  // The geometry's shape is checked per record by the pipeline; here it only has to be an object or null.
  const geometry = v.geometry === undefined || v.geometry === null ? null : v.geometry;
  if (geometry !== null && !isObject(geometry)) throw unreadable(file, `features[${index}].geometry is not an object`);
  const properties = isObject(v.properties) ? v.properties : null;
  const f: Feature = { type: 'Feature', geometry: geometry as Feature['geometry'], properties };
  if (typeof v.id === 'string' || typeof v.id === 'number') f.id = v.id;
  return f;
}

export function parseGeoJson(bytes: Uint8Array, file: string, maxFeatures: number): SourceDataset {
  if (!isValidUtf8(bytes)) {
    throw new DothiError('DOTHI_IMPORT_ENCODING', { file, encoding: 'UTF-8', detail: `invalid byte sequence at byte ${firstInvalidUtf8(bytes)}; GeoJSON must be UTF-8 (RFC 7946 §11)` });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(decodeBytes(bytes, UTF8, file));
  } catch (e) {
    throw unreadable(file, `not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(doc)) throw unreadable(file, 'the top level is not a JSON object');
  let features: Feature[];
  if (doc.type === 'FeatureCollection') {
    if (!Array.isArray(doc.features)) throw unreadable(file, 'the FeatureCollection has no "features" array');
    if (doc.features.length > maxFeatures) throw new DothiError('DOTHI_IMPORT_TOO_MANY_FEATURES', { file, limit: maxFeatures });
    features = doc.features.map((f, i) => toFeature(f, i, file));
  } else if (doc.type === 'Feature') {
    features = [toFeature(doc, 0, file)];
  } else if (typeof doc.type === 'string' && GEOMETRY_TYPES.has(doc.type)) {
    features = [{ type: 'Feature', geometry: doc as unknown as Feature['geometry'], properties: {} }];
  } else {
    throw unreadable(file, `the top-level type ${JSON.stringify(doc.type)} is not a FeatureCollection, Feature or geometry`);
  }
  const crs: DetectedCrs = doc.crs !== undefined && doc.crs !== null
    ? legacyCrs(doc.crs, file)
    : { crs: findCrs('EPSG:4326'), note: `${file} has no crs member: GeoJSON is WGS 84 longitude/latitude (RFC 7946)` };
  const name = typeof doc.name === 'string' && doc.name !== '' ? doc.name : path.basename(file).replace(/\.[^.]*$/, '');
  return { format: 'geojson', layers: [{ name, features, crs }], encoding: 'UTF-8', notes: [] };
}

export const readGeoJson: Reader = async (input, opts) => {
  const main = input.parts[0];
  if (!main) throw unreadable(input.name, 'no file given');
  const bytes = new Uint8Array(await fs.readFile(main.path));
  opts.onProgress?.(0.5);
  const out = parseGeoJson(bytes, main.name, opts.maxFeatures);
  opts.onProgress?.(1);
  return out;
};
