// Which format an input is in (its extension, checked against its first bytes), and which loose
// files belong together: a Shapefile is .shp + .shx + .dbf (+ .prj, .cpg), a MapInfo table
// .tab + .dat + .map + .id, and either may come zipped.

import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { DothiError } from '@dothi/engine';
import { FORMAT_IDS } from './types.ts';
import type { FormatId, InputPart, SourceInput } from './types.ts';

/** Main-file extensions, and the format each one names. */
const MAIN_EXT: Readonly<Record<string, FormatId>> = {
  geojson: 'geojson', json: 'geojson', csv: 'csv', shp: 'shapefile', gpkg: 'geopackage', kml: 'kml',
  tab: 'mapinfo', mif: 'mapinfo', dxf: 'dxf', osm: 'osm', pbf: 'osm',
};
/** Side files, by the main extension they belong to. */
const SIDE_EXT: Readonly<Record<string, readonly string[]>> = {
  shp: ['shx', 'dbf', 'prj', 'cpg', 'sbn', 'sbx', 'qix', 'fix', 'shp.xml', 'qmd'],
  tab: ['dat', 'map', 'id', 'ind'],
  mif: ['mid'],
};
const SIDE_TO_MAIN = new Map<string, string>(Object.entries(SIDE_EXT).flatMap(([main, sides]) => sides.map((s) => [s, main] as const)));

const FORMAT_NAMES: Readonly<Record<FormatId, string>> = {
  geojson: 'GeoJSON', csv: 'CSV', shapefile: 'Shapefile', geopackage: 'GeoPackage', kml: 'KML',
  mapinfo: 'MapInfo TAB', dxf: 'DXF', osm: 'OpenStreetMap',
};

export function formatName(f: FormatId): string {
  return FORMAT_NAMES[f];
}

/** Lower-case extension, with the two-part ones that matter (`shp.xml`, `osm.pbf`) kept whole. */
export function extensionOf(name: string): string {
  const lower = name.toLowerCase();
  const two = /\.(shp\.xml|osm\.pbf)$/.exec(lower);
  if (two?.[1]) return two[1] === 'osm.pbf' ? 'pbf' : two[1];
  const i = lower.lastIndexOf('.');
  return i >= 0 ? lower.slice(i + 1) : '';
}

function stem(name: string): string {
  const ext = extensionOf(name);
  const lower = name.toLowerCase();
  return ext && lower.endsWith(`.${ext}`) ? lower.slice(0, -ext.length - 1) : lower.replace(/\.osm\.pbf$/, '');
}

/**
 * Groups loose files into datasets: each main file with the side files of the same stem. Side files
 * without their main file form a group of their own, which detection reports as lacking that part.
 */
export function groupParts(parts: readonly InputPart[]): SourceInput[] {
  const groups = new Map<string, InputPart[]>();
  const order: string[] = [];
  for (const p of parts) {
    const ext = extensionOf(p.name);
    const main = SIDE_TO_MAIN.get(ext) ?? ext;
    const key = SIDE_EXT[main] ? `${main}:${stem(p.name)}` : `one:${p.path}`;
    if (!groups.has(key)) {
      groups.set(key, []);
      order.push(key);
    }
    groups.get(key)?.push(p);
  }
  return order.map((key) => {
    const members = groups.get(key) ?? [];
    const mainExt = key.split(':')[0] ?? '';
    // The main file goes first: gdal3.js opens the first path of a list, and the pipeline hashes parts[0].
    members.sort((a, b) => Number(extensionOf(b.name) === mainExt) - Number(extensionOf(a.name) === mainExt));
    return { name: (members[0] as InputPart).name, parts: members };
  });
}

/** The input for a list of paths; a lone .shp / .tab / .mif brings the side files beside it on disk. */
export function inputFromPaths(paths: readonly string[]): SourceInput {
  const parts: InputPart[] = paths.map((p) => ({ name: path.basename(p), path: path.resolve(p) }));
  if (parts.length === 1) {
    const only = parts[0] as InputPart;
    const sides = SIDE_EXT[extensionOf(only.name)];
    if (sides) {
      const dir = path.dirname(only.path);
      const want = stem(only.name);
      let entries: string[] = [];
      try {
        entries = fs.readdirSync(dir);
      } catch {
        entries = [];
      }
      for (const e of entries) {
        if (e !== only.name && stem(e) === want && sides.includes(extensionOf(e))) parts.push({ name: e, path: path.join(dir, e) });
      }
    }
  }
  const groups = groupParts(parts);
  if (groups.length !== 1) {
    throw new DothiError('DOTHI_USAGE', { detail: `give the files of one dataset at a time; found ${groups.map((g) => g.name).join(', ')}` });
  }
  return groups[0] as SourceInput;
}

function head(file: string, n = 4096): Uint8Array {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const read = fs.readSync(fd, buf, 0, n, 0);
    return new Uint8Array(buf.subarray(0, read));
  } finally {
    fs.closeSync(fd);
  }
}

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean => sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

export const isZip = (b: Uint8Array): boolean => startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06]);
export const isShp = (b: Uint8Array): boolean => startsWith(b, [0x00, 0x00, 0x27, 0x0a]);
const isSqlite = (b: Uint8Array): boolean => ascii(b.subarray(0, 16)) === 'SQLite format 3\0';
const isPbf = (b: Uint8Array): boolean => ascii(b.subarray(0, 64)).includes('OSMHeader');

/** Format of a file's text, from its first bytes. */
function sniffText(b: Uint8Array): FormatId | undefined {
  const t = ascii(b).replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  if (t.startsWith('{')) return 'geojson';
  if (/^<\?xml|^</.test(t)) return /<kml[\s>]/.test(t) ? 'kml' : /<osm[\s>]/.test(t) ? 'osm' : undefined;
  if (/^0\s*\r?\n\s*SECTION/.test(t) || t.startsWith('AutoCAD Binary DXF')) return 'dxf';
  if (/^!table/i.test(t)) return 'mapinfo';
  return undefined;
}

/** Names of the files inside a zip, without inflating them. */
export function zipEntries(bytes: Uint8Array, file: string): string[] {
  const names: string[] = [];
  try {
    unzipSync(bytes, { filter: (f) => { names.push(f.name); return false; } });
  } catch (e) {
    throw new DothiError('DOTHI_IMPORT_UNREADABLE', { file, format: 'zip', detail: `not a readable zip archive: ${(e as Error).message}` });
  }
  return names.filter((n) => !n.endsWith('/') && !n.startsWith('__MACOSX/') && !path.posix.basename(n).startsWith('.'));
}

/** The format a zip holds: the one kind of main file in it (Shapefiles, MapInfo tables, KML). */
export function zipFormat(entries: readonly string[], file: string): FormatId {
  const mains = new Set(entries.map((e) => MAIN_EXT[extensionOf(e)]).filter((f): f is FormatId => f === 'shapefile' || f === 'mapinfo' || f === 'kml'));
  if (mains.size === 1) return [...mains][0] as FormatId;
  if (mains.size > 1) {
    throw new DothiError('DOTHI_IMPORT_UNREADABLE', { file, format: 'zip', detail: `it mixes ${[...mains].map(formatName).join(' and ')}; put one format per zip` });
  }
  const sides = entries.filter((e) => SIDE_TO_MAIN.get(extensionOf(e)) === 'shp');
  if (sides.length > 0) {
    throw new DothiError('DOTHI_IMPORT_MISSING_PART', { format: 'Shapefile', file: `${file} (${sides.map((s) => path.posix.basename(s)).join(', ')})`, part: '.shp' });
  }
  throw new DothiError('DOTHI_IMPORT_UNREADABLE', {
    file, format: 'zip', detail: `it holds no Shapefile (.shp), MapInfo table (.tab) or KML; found ${entries.join(', ') || 'nothing'}`,
  });
}

/** Detects the format of an input. Throws a coded error for empty files, unknown formats and lone side files. */
export function detectFormat(input: SourceInput): FormatId {
  const main = input.parts[0];
  if (!main) throw new DothiError('DOTHI_USAGE', { detail: 'no file given' });
  const ext = extensionOf(main.name);
  const sideOf = SIDE_TO_MAIN.get(ext);
  if (sideOf && !input.parts.some((p) => extensionOf(p.name) === sideOf)) {
    const format = sideOf === 'shp' ? 'Shapefile' : 'MapInfo TAB';
    throw new DothiError('DOTHI_IMPORT_MISSING_PART', { format, file: input.name, part: `.${sideOf}` });
  }
  const b = head(main.path);
  if (b.length === 0) throw new DothiError('DOTHI_IMPORT_EMPTY', { file: main.name });
  if (isZip(b)) {
    if (ext === 'kmz') return 'kml';
    return zipFormat(zipEntries(new Uint8Array(fs.readFileSync(main.path)), main.name), main.name);
  }
  if (isSqlite(b)) return 'geopackage';
  if (isPbf(b)) return 'osm';
  if (isShp(b)) return 'shapefile';
  const byExt = MAIN_EXT[ext];
  const wrong = (what: string): DothiError =>
    new DothiError('DOTHI_IMPORT_UNREADABLE', { file: main.name, format: formatName(byExt as FormatId), detail: what });
  if (byExt === 'shapefile') throw wrong('it does not start with the Shapefile file code 9994');
  if (byExt === 'geopackage') throw wrong('it is not an SQLite database');
  if (byExt === 'osm' && ext === 'pbf') throw wrong('it has no OSMHeader block');
  const sniffed = sniffText(b);
  if (byExt) {
    if (sniffed && sniffed !== byExt && byExt !== 'csv') throw wrong(`its content looks like ${formatName(sniffed)}`);
    return byExt;
  }
  if (sniffed) return sniffed;
  throw new DothiError('DOTHI_IMPORT_FORMAT_UNKNOWN', { file: main.name, known: FORMAT_IDS.map(formatName).join(', ') });
}
