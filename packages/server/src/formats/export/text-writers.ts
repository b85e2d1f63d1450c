// GeoJSON and CSV exports, written in TypeScript: both are text dothi can write exactly.

import type { CrsDef, Feature } from '@dothi/engine';
import { DothiError } from '@dothi/engine';
import { formatGeometryWkt } from '../wkt.ts';
import type { ExportFile, ExportMeta } from './provenance.ts';
import { provenanceDocument, provenanceSidecar } from './provenance.ts';

const encoder = new TextEncoder();

/**
 * GeoJSON with the provenance as the foreign member `dothi:provenance`. RFC 7946 GeoJSON is WGS 84;
 * other CRSs get the 2008 `crs` member, which GDAL, QGIS and dothi's reader honour.
 */
export function writeGeoJson(features: readonly Feature[], meta: ExportMeta, crs: CrsDef, base: string): ExportFile[] {
  const doc: Record<string, unknown> = { type: 'FeatureCollection', name: meta.layer, 'dothi:provenance': provenanceDocument(meta, crs) };
  if (crs.epsg !== 4326) doc.crs = { type: 'name', properties: { name: crs.epsg > 0 ? `urn:ogc:def:crs:EPSG::${crs.epsg}` : crs.proj4 } };
  doc.features = features.map((f) => ({ type: 'Feature', ...(f.id !== undefined ? { id: f.id } : {}), properties: f.properties ?? {}, geometry: f.geometry }));
  return [{ name: `${base}.geojson`, data: encoder.encode(JSON.stringify(doc)) }];
}

function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * CSV (RFC 4180, CRLF, UTF-8 with a BOM so spreadsheet programs read Vietnamese text right): a WKT
 * geometry column, then every property seen in any feature, in first-seen order.
 */
export function writeCsv(features: readonly Feature[], meta: ExportMeta, crs: CrsDef, base: string): ExportFile[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const f of features) {
    for (const k of Object.keys(f.properties ?? {})) {
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
    }
  }
  const lower = new Set(keys.map((k) => k.toLowerCase()));
  const geomCol = ['wkt', 'geometry', 'geom'].find((c) => !lower.has(c));
  if (!geomCol) {
    throw new DothiError('DOTHI_EXPORT_FAILED', { layer: meta.layer, format: 'CSV', detail: 'properties named wkt, geometry and geom leave no name for the geometry column' });
  }
  const lines = [[geomCol, ...keys].map(csvField).join(',')];
  for (const f of features) {
    const props = f.properties ?? {};
    lines.push([f.geometry ? formatGeometryWkt(f.geometry) : '', ...keys.map((k) => props[k])].map(csvField).join(','));
  }
  const text = `\uFEFF${lines.join('\r\n')}\r\n`;
  return [{ name: `${base}.csv`, data: encoder.encode(text) }, provenanceSidecar(base, meta, crs)];
}
