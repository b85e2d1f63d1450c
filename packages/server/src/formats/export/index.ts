// Exports a layer version: features (stored in WGS 84) to GeoJSON, CSV, GeoPackage or a zipped
// Shapefile, optionally in another registry CRS, each file carrying the version's provenance.

import { DothiError, getCrs, transformer, transformGeometry } from '@dothi/engine';
import type { CrsDef, Feature } from '@dothi/engine';
import { EXPORT_FORMATS, exportBaseName } from './provenance.ts';
import type { ExportFormat, ExportMeta, ExportResult } from './provenance.ts';
import { writeCsv, writeGeoJson } from './text-writers.ts';
import { writeGeoPackage, writeShapefile } from './gdal-writers.ts';

export type { ExportFile, ExportFormat, ExportMeta, ExportResult } from './provenance.ts';
export { EXPORT_FORMATS } from './provenance.ts';

export interface ExportOptions {
  /** CRS of the exported coordinates; WGS 84 when absent. Reprojected here with the registry's PROJ strings. */
  crs?: CrsDef;
}

function reproject(features: readonly Feature[], crs: CrsDef, meta: ExportMeta): Feature[] {
  const wgs84 = getCrs('EPSG:4326');
  if (crs.proj4 === wgs84.proj4) return [...features];
  const fn = transformer(wgs84, crs);
  return features.map((f, i) => {
    if (!f.geometry) return f;
    try {
      return { ...f, geometry: transformGeometry(f.geometry, fn) };
    } catch (e) {
      throw new DothiError('DOTHI_EXPORT_FAILED', { layer: meta.layer, format: crs.id, detail: `feature ${i + 1} could not be transformed: ${(e as Error).message}` });
    }
  });
}

export async function exportLayer(features: Feature[], meta: ExportMeta, format: ExportFormat, opts: ExportOptions = {}): Promise<ExportResult> {
  if (!EXPORT_FORMATS.includes(format)) {
    throw new DothiError('DOTHI_EXPORT_FORMAT_UNKNOWN', { format: String(format), known: EXPORT_FORMATS.join(', ') });
  }
  const crs = opts.crs ?? getCrs('EPSG:4326');
  const out = reproject(features, crs, meta);
  const base = exportBaseName(meta);
  switch (format) {
    case 'geojson':
      return { files: writeGeoJson(out, meta, crs, base) };
    case 'csv':
      return { files: writeCsv(out, meta, crs, base) };
    case 'geopackage':
      return { files: await writeGeoPackage(out, meta, crs, base) };
    case 'shapefile':
      return { files: await writeShapefile(out, meta, crs, base) };
  }
}
