// KML 2.2 and KMZ, in TypeScript. gdal3.js carries only GDAL's old KML driver, which reads a
// Placemark's name and description but drops its ExtendedData: the attributes Google Earth, QGIS
// and GDAL's own writers put there. Each Folder becomes a layer, as GDAL's driver does.

import fs from 'node:fs/promises';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { DothiError, findCrs } from '@dothi/engine';
import type { Feature, Geometry, Position, Properties } from '@dothi/engine';
import type { DetectedCrs, Reader, SourceDataset, SourceLayer } from './types.ts';
import { decodeBytes, encodingByName, UTF8 } from './encoding.ts';
import type { EncodingPlan } from './encoding.ts';
import { isZip } from './detect.ts';

type Node = Record<string, unknown>;

const ARRAYS = new Set(['Document', 'Folder', 'Placemark', 'Schema', 'SimpleField', 'SchemaData', 'SimpleData', 'Data',
  'Point', 'LineString', 'LinearRing', 'Polygon', 'MultiGeometry', 'innerBoundaryIs']);

const parser = new XMLParser({
  ignoreAttributes: false, attributeNamePrefix: '@_', removeNSPrefix: true, parseTagValue: false,
  parseAttributeValue: false, trimValues: false, htmlEntities: true, isArray: (name) => ARRAYS.has(name),
});

const asNodes = (v: unknown): Node[] => (Array.isArray(v) ? v.filter((x): x is Node => typeof x === 'object' && x !== null) : []);
const firstNode = (v: unknown): Node | undefined => asNodes(v)[0] ?? (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Node) : undefined);

function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return textOf(v[0]);
  if (typeof v === 'object' && v !== null) {
    const t = (v as Node)['#text'];
    return t === undefined ? '' : String(t);
  }
  return undefined;
}

class KmlGeometryError extends Error {}

function coords(v: unknown): Position[] {
  const text = textOf(v)?.trim() ?? '';
  if (text === '') throw new KmlGeometryError('empty <coordinates>');
  return text.split(/\s+/).map((tuple) => {
    const nums = tuple.split(',').map(Number);
    if (nums.length < 2 || nums.length > 3 || nums.some((n) => !Number.isFinite(n))) throw new KmlGeometryError(`"${tuple}" is not lon,lat[,alt]`);
    return nums;
  });
}

function polygon(p: Node): Position[][] {
  const outer = firstNode(firstNode(p.outerBoundaryIs)?.LinearRing);
  if (!outer) throw new KmlGeometryError('<Polygon> without <outerBoundaryIs>');
  const rings = [coords(outer.coordinates)];
  for (const inner of asNodes(p.innerBoundaryIs)) for (const r of asNodes(inner.LinearRing)) rings.push(coords(r.coordinates));
  return rings;
}

/** The geometries directly in a node (a Placemark or a MultiGeometry), in type order. */
function geometriesIn(n: Node): Geometry[] {
  const out: Geometry[] = [];
  for (const p of asNodes(n.Point)) out.push({ type: 'Point', coordinates: coords(p.coordinates)[0] as Position });
  for (const l of asNodes(n.LineString)) out.push({ type: 'LineString', coordinates: coords(l.coordinates) });
  for (const r of asNodes(n.LinearRing)) out.push({ type: 'Polygon', coordinates: [coords(r.coordinates)] });
  for (const p of asNodes(n.Polygon)) out.push({ type: 'Polygon', coordinates: polygon(p) });
  for (const m of asNodes(n.MultiGeometry)) {
    const parts = geometriesIn(m);
    if (parts.length > 0 && parts.every((g) => g.type === 'Point')) out.push({ type: 'MultiPoint', coordinates: parts.map((g) => (g as { coordinates: Position }).coordinates) });
    else if (parts.length > 0 && parts.every((g) => g.type === 'LineString')) out.push({ type: 'MultiLineString', coordinates: parts.map((g) => (g as { coordinates: Position[] }).coordinates) });
    else if (parts.length > 0 && parts.every((g) => g.type === 'Polygon')) out.push({ type: 'MultiPolygon', coordinates: parts.map((g) => (g as { coordinates: Position[][] }).coordinates) });
    else out.push({ type: 'GeometryCollection', geometries: parts });
  }
  return out;
}

type FieldType = 'int' | 'float' | 'bool' | 'string';

function typed(raw: string, t: FieldType | undefined): unknown {
  const s = raw.trim();
  if (t === 'int' && /^[-+]?\d+$/.test(s)) return Number(s);
  if (t === 'float' && s !== '' && Number.isFinite(Number(s))) return Number(s);
  if (t === 'bool' && /^(1|true|0|false)$/i.test(s)) return /^(1|true)$/i.test(s);
  return raw;
}

function fieldType(kmlType: string | undefined): FieldType {
  const t = (kmlType ?? '').toLowerCase();
  if (['int', 'uint', 'short', 'ushort'].includes(t)) return 'int';
  if (['float', 'double'].includes(t)) return 'float';
  if (t === 'bool') return 'bool';
  return 'string';
}

interface Walk {
  schemas: Map<string, Map<string, FieldType>>;
  layers: Map<string, Feature[]>;
  problems: string[];
  count: number;
  max: number;
  file: string;
}

function collectSchemas(n: Node, w: Walk): void {
  for (const s of asNodes(n.Schema)) {
    const fields = new Map<string, FieldType>();
    for (const f of asNodes(s.SimpleField)) fields.set(String(f['@_name'] ?? ''), fieldType(f['@_type'] as string | undefined));
    for (const key of [s['@_id'], s['@_name']]) if (typeof key === 'string') w.schemas.set(key, fields);
  }
}

function placemark(pm: Node, w: Walk): Feature {
  const properties: Properties = {};
  const name = textOf(pm.name);
  if (name !== undefined) properties.name = name;
  const description = textOf(pm.description);
  if (description !== undefined) properties.description = description;
  const ext = firstNode(pm.ExtendedData);
  if (ext) {
    for (const d of asNodes(ext.Data)) properties[String(d['@_name'] ?? '')] = textOf(d.value) ?? '';
    for (const sd of asNodes(ext.SchemaData)) {
      const schema = w.schemas.get(String(sd['@_schemaUrl'] ?? '').replace(/^#/, ''));
      for (const d of asNodes(sd.SimpleData)) {
        const key = String(d['@_name'] ?? '');
        properties[key] = typed(textOf(d) ?? '', schema?.get(key));
      }
    }
  }
  let geometry: Geometry | null = null;
  try {
    const gs = geometriesIn(pm);
    geometry = gs.length === 1 ? (gs[0] as Geometry) : gs.length > 1 ? { type: 'GeometryCollection', geometries: gs } : null;
    if (gs.length === 0) w.problems.push(`placemark ${w.count + 1} has no geometry dothi reads`);
  } catch (e) {
    if (!(e instanceof KmlGeometryError)) throw e;
    w.problems.push(`placemark ${w.count + 1}: ${e.message}`);
  }
  const f: Feature = { type: 'Feature', geometry, properties };
  if (typeof pm['@_id'] === 'string') f.id = pm['@_id'];
  return f;
}

function walk(n: Node, layer: string, w: Walk): void {
  collectSchemas(n, w);
  for (const pm of asNodes(n.Placemark)) {
    if (++w.count > w.max) throw new DothiError('DOTHI_IMPORT_TOO_MANY_FEATURES', { file: w.file, limit: w.max });
    const list = w.layers.get(layer) ?? [];
    list.push(placemark(pm, w));
    w.layers.set(layer, list);
  }
  for (const d of asNodes(n.Document)) walk(d, textOf(d.name)?.trim() || layer, w);
  for (const f of asNodes(n.Folder)) walk(f, textOf(f.name)?.trim() || layer, w);
}

function planOf(bytes: Uint8Array, file: string): EncodingPlan {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { name: 'UTF-16', decoder: bytes[0] === 0xff ? 'utf-16le' : 'utf-16be' };
  }
  const decl = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(Buffer.from(bytes.subarray(0, 200)).toString('latin1'))?.[1];
  if (!decl) return UTF8;
  const plan = encodingByName(decl);
  if (!plan?.decoder) throw new DothiError('DOTHI_IMPORT_ENCODING', { file, encoding: decl, detail: `the XML declaration names "${decl}", which dothi cannot decode` });
  return plan;
}

export function parseKml(bytes: Uint8Array, file: string, maxFeatures: number): SourceDataset {
  const plan = planOf(bytes, file);
  const text = decodeBytes(bytes, plan, file);
  // The parser itself is lenient about mismatched tags; a truncated or broken file must fail here.
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new DothiError('DOTHI_IMPORT_UNREADABLE', { file, format: 'KML', detail: `not well-formed XML at line ${valid.err.line}: ${valid.err.msg}` });
  }
  let doc: Node;
  try {
    doc = parser.parse(text) as Node;
  } catch (e) {
    if (e instanceof DothiError) throw e;
    throw new DothiError('DOTHI_IMPORT_UNREADABLE', { file, format: 'KML', detail: `not well-formed XML: ${(e as Error).message}` });
  }
  const root = firstNode(doc.kml);
  if (!root) throw new DothiError('DOTHI_IMPORT_UNREADABLE', { file, format: 'KML', detail: 'it has no <kml> root element' });
  const w: Walk = { schemas: new Map(), layers: new Map(), problems: [], count: 0, max: maxFeatures, file };
  const stem = path.basename(file).replace(/\.[^.]*$/, '');
  walk(root, stem, w);
  const crs: DetectedCrs = { crs: findCrs('EPSG:4326'), note: `${file} is KML, whose coordinates are WGS 84 longitude/latitude (OGC KML 2.2)` };
  const layers: SourceLayer[] = [...w.layers].map(([name, features]) => ({ name, features, crs }));
  const notes = w.problems.length > 0 ? [`${w.problems.length} placemark(s) without a readable geometry: ${w.problems.slice(0, 10).join('; ')}`] : [];
  return { format: 'kml', layers, encoding: plan.name, notes };
}

export const readKml: Reader = async (input, opts) => {
  const main = input.parts[0];
  if (!main) throw new DothiError('DOTHI_IMPORT_UNREADABLE', { file: input.name, format: 'KML', detail: 'no file given' });
  let bytes: Uint8Array = new Uint8Array(await fs.readFile(main.path));
  let name = main.name;
  if (isZip(bytes)) {
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(bytes, { filter: (f) => f.name.toLowerCase().endsWith('.kml') });
    } catch (e) {
      throw new DothiError('DOTHI_IMPORT_UNREADABLE', { file: main.name, format: 'KMZ', detail: `not a readable zip archive: ${(e as Error).message}` });
    }
    const entries = Object.keys(files).sort((a, b) => Number(b === 'doc.kml') - Number(a === 'doc.kml'));
    const entry = entries[0];
    if (!entry) throw new DothiError('DOTHI_IMPORT_MISSING_PART', { format: 'KMZ', file: main.name, part: '.kml document' });
    bytes = files[entry] as Uint8Array;
    name = `${main.name}/${entry}`;
  }
  const out = parseKml(bytes, name, opts.maxFeatures);
  opts.onProgress?.(1);
  return out;
};
