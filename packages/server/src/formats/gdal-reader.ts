// Shapefile (loose or zipped), GeoPackage (every layer), MapInfo TAB/MIF and DXF through gdal3.js:
// each layer is converted to GeoJSON in the file's own coordinates (no -t_srs: the pipeline
// reprojects with the registry) and read back. Text is taken from GDAL as raw bytes where dothi
// decodes it itself (see encoding.ts), so what GDAL's recoder would damage never passes through it.

import fs from 'node:fs/promises';
import path from 'node:path';
import { DothiError } from '@dothi/engine';
import type { Feature } from '@dothi/engine';
import type { DetectedCrs, InputPart, Reader, ReadOptions, SourceDataset, SourceInput, SourceLayer } from './types.ts';
import { takeGdalMessages, withGdal } from './gdal.ts';
import { extensionOf, formatName, groupParts } from './detect.ts';
import { stageInput } from './staging.ts';
import { checkShapefile, shapefileEncoding } from './shapefile-check.ts';
import type { EncodingChoice } from './shapefile-check.ts';
import { dxfEncoding, mapInfoEncoding, neutralizeMapInfoCharset, readLatin1 } from './source-encoding.ts';
import { decodeBytes, isValidUtf8, UTF8 } from './encoding.ts';
import { detectCrsFromWkt } from './crs-detect.ts';

export type GdalFormat = 'shapefile' | 'geopackage' | 'mapinfo' | 'dxf';

const PARTS: Readonly<Record<GdalFormat, readonly string[]>> = {
  shapefile: ['shp', 'shx', 'dbf', 'prj', 'cpg'],
  geopackage: ['gpkg'],
  mapinfo: ['tab', 'dat', 'map', 'id', 'ind', 'mif', 'mid'],
  dxf: ['dxf'],
};
const MAIN: Readonly<Record<GdalFormat, readonly string[]>> = { shapefile: ['shp'], geopackage: ['gpkg'], mapinfo: ['tab', 'mif'], dxf: ['dxf'] };

interface OgrInfo {
  layers?: Array<{ name: string; featureCount?: number; geometryFields?: Array<{ coordinateSystem?: { wkt?: string } }> }>;
}

/** One dataset prepared for GDAL: how to open it and how its text is to be decoded. */
interface Prepared {
  main: InputPart;
  openOptions: string[];
  encoding: EncodingChoice;
  /** For Shapefiles: the .prj, which is read here rather than through GDAL's reinterpretation of it. */
  prj?: { name: string; text: string };
}

interface RawLayer {
  name: string;
  bytes: Uint8Array;
  wkt?: string;
}

let outputCounter = 0;

function unreadable(file: string, format: GdalFormat, detail: string): DothiError {
  return new DothiError('DOTHI_IMPORT_UNREADABLE', { file, format: formatName(format), detail });
}

async function prepare(format: GdalFormat, group: SourceInput, opts: ReadOptions): Promise<Prepared> {
  const main = group.parts[0] as InputPart;
  if (format === 'shapefile') {
    const facts = await checkShapefile(group.parts, group.name);
    const encoding = shapefileEncoding(facts, main.name, opts.encoding);
    // ENCODING= (empty) makes GDAL hand over the DBF bytes unchanged; a CJK code page is left to GDAL.
    const prepared: Prepared = { main, encoding, openOptions: [`ENCODING=${encoding.plan?.gdal ?? ''}`] };
    const prj = group.parts.find((p) => extensionOf(p.name) === 'prj');
    if (prj) prepared.prj = { name: prj.name, text: await readLatin1(prj.path) };
    return prepared;
  }
  if (format === 'mapinfo') {
    const encoding = mapInfoEncoding(await readLatin1(main.path, 65536), main.name, opts.encoding);
    if (encoding.neutralize) await neutralizeMapInfoCharset(main.path);
    return { main, encoding, openOptions: [] };
  }
  if (format === 'dxf') return { main, encoding: dxfEncoding(await readLatin1(main.path, 65536), main.name), openOptions: [] };
  return { main, encoding: { plan: { name: 'UTF-8', decoder: 'utf-8' }, why: `${main.name} is a GeoPackage, which is UTF-8` }, openOptions: [] };
}

function gdalDetail(messages: string[], fallback: string): string {
  const lines = messages.map((m) => m.replace(/^ERROR \d+: /, '').trim()).filter((m) => m !== '');
  return lines.length > 0 ? [...new Set(lines)].slice(0, 3).join('; ') : fallback;
}

/** Opens one dataset and converts every layer to GeoJSON bytes, holding gdal3.js throughout. */
async function convert(format: GdalFormat, p: Prepared, opts: ReadOptions, featuresSoFar: number): Promise<{ layers: RawLayer[]; warnings: string[] }> {
  return withGdal(async (G) => {
    takeGdalMessages();
    let opened: Awaited<ReturnType<typeof G.open>>;
    try {
      opened = await G.open(p.main.path, p.openOptions);
    } catch (errs) {
      const list = Array.isArray(errs) ? errs.map((e: { message?: string }) => e.message ?? '') : [String(errs)];
      throw unreadable(p.main.name, format, gdalDetail([...list, ...takeGdalMessages()], 'GDAL could not open it'));
    }
    const ds = opened.datasets[0];
    if (!ds) throw unreadable(p.main.name, format, gdalDetail(takeGdalMessages(), 'GDAL could not open it'));
    const outputs: string[] = [];
    try {
      const info = (await G.ogrinfo(ds, ['-so', '-wkt_format', 'WKT1'])) as OgrInfo;
      const layers = info.layers ?? [];
      const total = layers.reduce((n, l) => n + (l.featureCount ?? 0), featuresSoFar);
      if (total > opts.maxFeatures) throw new DothiError('DOTHI_IMPORT_TOO_MANY_FEATURES', { file: p.main.name, limit: opts.maxFeatures });
      const out: RawLayer[] = [];
      for (const [i, layer] of layers.entries()) {
        const name = `dothi-read-${++outputCounter}`;
        const args = ['-f', 'GeoJSON', ...(format === 'geopackage' ? ['-preserve_fid'] : []), layer.name];
        let result: Awaited<ReturnType<typeof G.ogr2ogr>>;
        try {
          result = await G.ogr2ogr(ds, args, name);
        } catch (err) {
          const msg = (err as { message?: string }).message ?? String(err);
          throw unreadable(p.main.name, format, gdalDetail([msg, ...takeGdalMessages()], `layer ${layer.name} could not be read`));
        }
        outputs.push(...(result.all ?? [result]).map((f) => f.local));
        const bytes = await G.getFileBytes(result);
        const errors = takeGdalMessages().filter((m) => /^ERROR/.test(m));
        if (errors.length > 0) throw unreadable(p.main.name, format, gdalDetail(errors, 'GDAL reported errors'));
        const wkt = layer.geometryFields?.[0]?.coordinateSystem?.wkt;
        out.push(wkt ? { name: layer.name, bytes, wkt } : { name: layer.name, bytes });
        opts.onProgress?.((i + 1) / Math.max(1, layers.length));
      }
      return { layers: out, warnings: takeGdalMessages().filter((m) => /^Warning/.test(m)) };
    } finally {
      for (const f of outputs) {
        try {
          G.Module.FS.unlink(f);
        } catch {
          /* already gone */
        }
      }
      await G.close(ds);
    }
  });
}

function decodeLayer(raw: RawLayer, p: Prepared, format: GdalFormat): { features: Feature[]; encoding: string; why: string } {
  let plan = p.encoding.plan;
  let why = p.encoding.why;
  if (!plan) {
    if (!isValidUtf8(raw.bytes)) {
      throw new DothiError('DOTHI_IMPORT_ENCODING', {
        file: p.main.name, encoding: 'UTF-8',
        detail: `${why}, and its text is not UTF-8; name the encoding it was written in, for example cp1258`,
      });
    }
    plan = UTF8;
    why = `${why}; its text is valid UTF-8`;
  }
  // Text that GDAL recoded itself arrives as UTF-8.
  const text = decodeBytes(raw.bytes, plan.decoder ? plan : UTF8, p.main.name);
  let doc: { features?: unknown };
  try {
    doc = JSON.parse(text) as { features?: unknown };
  } catch (e) {
    throw unreadable(p.main.name, format, `GDAL's GeoJSON for layer ${raw.name} did not parse: ${(e as Error).message}`);
  }
  const list = Array.isArray(doc.features) ? (doc.features as Feature[]) : [];
  const features = list.map((f): Feature => {
    const out: Feature = { type: 'Feature', geometry: f.geometry ?? null, properties: f.properties ?? {} };
    if (f.id !== undefined) out.id = f.id;
    return out;
  });
  return { features, encoding: plan.name, why };
}

function layerCrs(raw: RawLayer, p: Prepared): DetectedCrs | null {
  if (p.prj) return detectCrsFromWkt(p.prj.text, p.prj.name);
  if (!raw.wkt) return null;
  return detectCrsFromWkt(raw.wkt, `${p.main.name} layer "${raw.name}"`);
}

/** A Reader for one of the GDAL-backed formats. */
export function gdalReader(format: GdalFormat): Reader {
  return async (input, opts) => {
    const staged = await stageInput(input, (ext) => PARTS[format].includes(ext));
    try {
      const groups = groupParts(staged.parts);
      const datasets = groups.filter((g) => MAIN[format].includes(extensionOf(g.parts[0]?.name ?? '')));
      if (datasets.length === 0) {
        if (format === 'shapefile' && staged.parts.length > 0) throw new DothiError('DOTHI_IMPORT_MISSING_PART', { format: 'Shapefile', file: input.name, part: '.shp' });
        throw unreadable(input.name, format, `no ${MAIN[format].map((e) => `.${e}`).join(' or ')} file found`);
      }
      const layers: SourceLayer[] = [];
      const notes: string[] = [];
      const encodings = new Set<string>();
      let count = 0;
      for (const group of datasets) {
        const p = await prepare(format, group, opts);
        const { layers: raws, warnings } = await convert(format, p, opts, count);
        for (const raw of raws) {
          const { features, encoding, why } = decodeLayer(raw, p, format);
          count += features.length;
          encodings.add(encoding);
          if (!notes.includes(why)) notes.push(why);
          const name = format === 'shapefile' || format === 'dxf' || format === 'mapinfo' ? path.basename(p.main.name).replace(/\.[^.]*$/, '') : raw.name;
          layers.push({ name, features, crs: layerCrs(raw, p) });
        }
        for (const w of warnings) if (!notes.includes(`GDAL: ${w}`)) notes.push(`GDAL: ${w}`);
        if (format === 'dxf') notes.push('a DXF has no attribute table: features carry the CAD layer, entity handle and text GDAL reads');
      }
      return { format, layers, encoding: [...encodings].join(', '), notes };
    } finally {
      await staged.cleanup();
    }
  };
}
