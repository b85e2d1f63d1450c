// CSV with point coordinates in two columns or any geometry in a WKT column. Pure TypeScript.
// A row whose geometry is blank or unreadable still becomes a feature with geometry null: the
// pipeline reports bad records one by one instead of failing the file; the notes say why per row.

import fs from 'node:fs/promises';
import path from 'node:path';
import { DothiError, parseCsv, slug } from '@dothi/engine';
import type { Feature, Geometry, Properties } from '@dothi/engine';
import type { Reader, SourceDataset } from './types.ts';
import { decodeBytes, encodingByName, firstInvalidUtf8, isValidUtf8, UTF8 } from './encoding.ts';
import type { EncodingPlan } from './encoding.ts';
import { parseGeometryWkt } from './wkt.ts';

const LON = ['lon', 'lng', 'long', 'longitude', 'x', 'kinhdo'];
const LAT = ['lat', 'latitude', 'y', 'vido'];
const WKT = ['wkt', 'geometry', 'geom'];

/** The separator of the header line: `;` when it has more unquoted `;` than `,` (Excel in comma-decimal locales). */
function separatorOf(text: string): ',' | ';' {
  let commas = 0, semis = 0, quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === ',') commas++;
    else if (!quoted && c === ';') semis++;
    else if (!quoted && (c === '\n' || c === '\r')) break;
  }
  return semis > commas ? ';' : ',';
}

function findColumn(header: string[], names: string[]): number {
  for (const n of names) {
    const i = header.findIndex((h) => slug(h) === n);
    if (i >= 0) return i;
  }
  return -1;
}

/** A coordinate: `106.69`, or `106,69` in a `;`-separated file. */
function coordinate(raw: string, sep: string): number | null {
  const s = raw.trim();
  const norm = sep === ';' && /^[-+]?\d+,\d+$/.test(s) ? s.replace(',', '.') : s;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(norm)) return null;
  return Number(norm);
}

function decodeCsv(bytes: Uint8Array, file: string, encoding: string | undefined): { text: string; plan: EncodingPlan } {
  if (isValidUtf8(bytes)) return { text: decodeBytes(bytes, UTF8, file), plan: UTF8 };
  const plan = encoding ? encodingByName(encoding) : undefined;
  if (!plan || !plan.decoder) {
    const why = encoding ? `the encoding "${encoding}" cannot be used for CSV` : 'name the encoding it was saved in (for example cp1258)';
    throw new DothiError('DOTHI_IMPORT_ENCODING', { file, encoding: 'UTF-8', detail: `invalid byte sequence at byte ${firstInvalidUtf8(bytes)}; ${why}` });
  }
  return { text: decodeBytes(bytes, plan, file), plan };
}

export function parseCsvDataset(bytes: Uint8Array, file: string, maxFeatures: number, encoding?: string): SourceDataset {
  const { text, plan } = decodeCsv(bytes, file, encoding);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const sep = separatorOf(body);
  const [header, ...rows] = parseCsv(body, sep);
  if (!header) throw new DothiError('DOTHI_IMPORT_EMPTY', { file });
  if (rows.length > maxFeatures) throw new DothiError('DOTHI_IMPORT_TOO_MANY_FEATURES', { file, limit: maxFeatures });
  const wkt = findColumn(header, WKT);
  const lon = findColumn(header, LON);
  const lat = findColumn(header, LAT);
  if (wkt < 0 && (lon < 0 || lat < 0)) {
    throw new DothiError('DOTHI_IMPORT_CSV_NO_GEOMETRY', { file, columns: header.join(', ') || '(none)' });
  }
  const geomCols = wkt >= 0 ? [wkt] : [lon, lat];
  const notes = [wkt >= 0
    ? `geometry from the WKT column "${header[wkt]}"${lon >= 0 && lat >= 0 ? `; columns "${header[lon]}"/"${header[lat]}" kept as attributes` : ''}`
    : `point geometry from columns "${header[lon]}" (east) and "${header[lat]}" (north)`];
  const problems: string[] = [];
  const features: Feature[] = rows.map((row, r) => {
    const properties: Properties = {};
    header.forEach((h, c) => {
      if (!geomCols.includes(c)) properties[h] = row[c] ?? '';
    });
    let geometry: Geometry | null = null;
    let problem: string | null = null;
    if (wkt >= 0) {
      const raw = (row[wkt] ?? '').trim();
      if (raw === '') problem = `column "${header[wkt]}" is empty`;
      else {
        try {
          geometry = parseGeometryWkt(raw);
          if (!geometry) problem = `column "${header[wkt]}" holds an EMPTY geometry`;
        } catch (e) {
          problem = `column "${header[wkt]}" is not WKT: ${(e as Error).message}`;
        }
      }
    } else {
      const rawX = row[lon] ?? '', rawY = row[lat] ?? '';
      const x = coordinate(rawX, sep), y = coordinate(rawY, sep);
      if (x !== null && y !== null) geometry = { type: 'Point', coordinates: [x, y] };
      else if (rawX.trim() === '' && rawY.trim() === '') problem = `columns "${header[lon]}" and "${header[lat]}" are empty`;
      else problem = `coordinates ${JSON.stringify(rawX)}, ${JSON.stringify(rawY)} are not numbers`;
    }
    if (problem) problems.push(`row ${r + 1}: ${problem}`);
    return { type: 'Feature', geometry, properties };
  });
  if (lon >= 0 && lat >= 0 && wkt < 0 && slug(header[lon] ?? '') === 'x') {
    // Vietnamese survey tables call northing X and easting Y; say so when the numbers look that way round.
    const xs = features.flatMap((f) => (f.geometry?.type === 'Point' ? [f.geometry.coordinates[0] as number] : []));
    const ys = features.flatMap((f) => (f.geometry?.type === 'Point' ? [f.geometry.coordinates[1] as number] : []));
    if (xs.length > 0 && xs.every((v) => v > 900000) && ys.every((v) => v >= 100000 && v < 900000)) {
      notes.push(`column "${header[lon]}" holds values like northings and "${header[lat]}" like eastings; Vietnamese surveys often name north X: check the axes`);
    }
  }
  if (problems.length > 0) {
    const more = problems.length > 10 ? `; and ${problems.length - 10} more` : '';
    notes.push(`${problems.length} row(s) have no geometry: ${problems.slice(0, 10).join('; ')}${more}`);
  }
  const name = path.basename(file).replace(/\.[^.]*$/, '');
  return { format: 'csv', layers: [{ name, features, crs: null }], encoding: plan.name, notes };
}

export const readCsv: Reader = async (input, opts) => {
  const main = input.parts[0];
  if (!main) throw new DothiError('DOTHI_IMPORT_UNREADABLE', { file: input.name, format: 'CSV', detail: 'no file given' });
  const bytes = new Uint8Array(await fs.readFile(main.path));
  const out = parseCsvDataset(bytes, main.name, opts.maxFeatures, opts.encoding);
  opts.onProgress?.(1);
  return out;
};
