// Exports over HTTP: one layer version as a file to download, in the format and CRS asked, with its
// provenance inside (or, for CSV, beside it in one zip).

import { roleIn } from '../auth/access.ts';
import { openRecords } from '../auth/layer-access.ts';
import { z } from 'zod';
import { zipSync } from 'fflate';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DothiError, getCrs } from '@dothi/engine';
import type { Db } from '../store/db.ts';
import { exportVersion } from '../exports/export-version.ts';
import { EXPORT_FORMATS } from '../formats/export/index.ts';
import type { ExportFile, ExportFormat } from '../formats/export/index.ts';
import { errorResponses, LayerParams } from './schemas.ts';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  geojson: 'application/geo+json',
  csv: 'text/csv; charset=utf-8',
  gpkg: 'application/geopackage+sqlite3',
  zip: 'application/zip',
  json: 'application/json',
};

const ExportQuery = z.object({
  format: z.string().default('geojson').describe(`One of ${EXPORT_FORMATS.join(', ')}; several files (CSV and its provenance) come as one zip`),
  crs: z.string().min(1).max(200).optional().describe('CRS of the exported coordinates (EPSG:5899, vn2000:danang); WGS 84 when absent'),
  version: z.coerce.number().int().min(1).optional().describe('Layer version; the current one when absent'),
});

const Download = z.string().meta({ format: 'binary' });

function isExportFormat(f: string): f is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(f);
}

/**
 * RFC 6266: a quoted ASCII fallback for old clients and the exact UTF-8 name in filename*
 * (RFC 5987), which every current browser prefers.
 */
export function contentDisposition(name: string): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const star = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${star}`;
}

function extension(name: string): string {
  const i = name.lastIndexOf('.');
  return i >= 0 ? name.slice(i + 1).toLowerCase() : '';
}

/** One file as it is; several as one zip named after the first. */
export function bundle(files: readonly ExportFile[]): ExportFile {
  const first = files[0];
  if (!first) throw new DothiError('DOTHI_INTERNAL', { detail: 'the export produced no file' });
  if (files.length === 1) return first;
  const stem = first.name.replace(/\.[^.]+$/, '');
  return { name: `${stem}.zip`, data: zipSync(Object.fromEntries(files.map((f) => [f.name, f.data]))) };
}

export const exportRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/api/workspaces/:ws/layers/:layer/export', {
    config: { permission: 'read' },
    schema: {
      tags: ['layers'],
      summary: 'Download a layer version as GeoJSON, CSV, GeoPackage or a zipped Shapefile',
      description:
        'The file is an attachment. Every format carries the version\'s provenance (source file and SHA-256, licence, importer, CRS); ' +
        'CSV comes zipped with a .provenance.json beside it. The header X-Dothi-Layer-Version says which version was exported.',
      params: LayerParams,
      querystring: ExportQuery,
      produces: ['application/geo+json', 'application/geopackage+sqlite3', 'application/zip'],
      response: {
        200: {
          description: 'The file',
          content: {
            'application/geo+json': { schema: Download },
            'application/geopackage+sqlite3': { schema: Download },
            'application/zip': { schema: Download },
          },
        },
        ...errorResponses,
      },
    },
  }, async (req, reply) => {
    const { format, crs, version } = req.query;
    if (!isExportFormat(format)) {
      throw new DothiError('DOTHI_EXPORT_FORMAT_UNKNOWN', { format, known: EXPORT_FORMATS.join(', ') });
    }
    const target = crs === undefined ? undefined : getCrs(crs);
    const { hidden } = await openRecords(db, req.params.ws, req.params.layer, roleIn(req.principal, req.params.ws), version);
    const r = await exportVersion(db, req.params.ws, req.params.layer, version, format, target, hidden);
    const file = bundle(r.files);
    // The schema documents the file as a string; the bytes go out as they are, past the serializer.
    return (reply as FastifyReply)
      .type(CONTENT_TYPES[extension(file.name)] ?? 'application/octet-stream')
      .header('content-disposition', contentDisposition(file.name))
      .header('x-dothi-layer-version', String(r.version))
      .send(Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength));
  });
};
