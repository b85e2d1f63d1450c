// What every export says about where its data came from: the layer version's provenance, written
// into the file where the format has room for it, beside it where it has not.

import type { CrsDef } from '@dothi/engine';

/** A layer version's provenance, as stored with it (DESIGN.md §3, `layer_version`). */
export interface ExportMeta {
  layer: string;
  title: string;
  kind: string;
  version: number;
  source_file: string;
  source_sha256: string;
  source_crs: string;
  licence: string | null;
  importer: string;
  /** ISO 8601 time of the import. */
  imported_at: string;
  feature_count: number;
}

export type ExportFormat = 'geojson' | 'csv' | 'geopackage' | 'shapefile';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['geojson', 'csv', 'geopackage', 'shapefile'];

export interface ExportFile {
  name: string;
  data: Uint8Array;
}

export interface ExportResult {
  files: ExportFile[];
}

/** The provenance document: the layer version's metadata plus the CRS the exported coordinates are in. */
export function provenanceDocument(meta: ExportMeta, crs: CrsDef): Record<string, unknown> {
  return { ...meta, crs: crs.id, crs_name: crs.name };
}

export function provenanceSidecar(base: string, meta: ExportMeta, crs: CrsDef): ExportFile {
  return { name: `${base}.provenance.json`, data: new TextEncoder().encode(`${JSON.stringify(provenanceDocument(meta, crs), null, 2)}\n`) };
}

/** A file name from a layer id: letters, digits, '-' and '_' (layer ids already are; titles may not be). */
export function exportBaseName(meta: ExportMeta): string {
  const s = meta.layer
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return s || 'layer';
}
