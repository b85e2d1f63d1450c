// Zod schemas shared by several routes: the one error shape, provenance rows and GeoJSON. Each route
// file keeps its own request schemas beside its handlers; these are the pieces they have in common.

import { z } from 'zod';

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().describe('Stable code from the error catalog, DOTHI_<AREA>_<WHAT>'),
      message: z.string(),
      message_vi: z.string(),
      details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    }),
  })
  .describe('Every error, whatever the route');

/** Responses every route under a workspace can give besides its success (401/403: access-guard.ts). */
export const errorResponses = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 500: ErrorBody } as const;

export const WorkspaceParams = z.object({ ws: z.string().min(1).max(100).describe('Workspace slug') });
export const LayerParams = WorkspaceParams.extend({ layer: z.string().min(1).max(100).describe('Layer id') });

export const VisibilityEnum = z.enum(['private', 'workspace', 'published']).describe('private: planners and owners; workspace: analysts and up; published: everyone, signed in or not');

export const Workspace = z.object({
  workspace_id: z.string(),
  name: z.string(),
  kind: z.string(),
  created_at: z.string(),
  layer_count: z.number().int(),
  min_group_size: z.number().int().describe('The smallest group that published aggregates of personal data show (layer summaries)'),
});

export const Bbox = z.tuple([z.number(), z.number(), z.number(), z.number()]).describe('[west, south, east, north] in WGS84');

export const KindInfo = z.object({
  id: z.string(),
  en: z.string(),
  vi: z.string(),
  sector: z.string(),
});

/** Provenance of one immutable version of a layer. */
export const LayerVersion = z.object({
  workspace_id: z.string(),
  layer_id: z.string(),
  version: z.number().int(),
  kind: z.string(),
  title: z.string(),
  source_file: z.string(),
  source_sha256: z.string(),
  source_format: z.string(),
  source_layer: z.string().nullable(),
  source_crs: z.string(),
  source_crs_reason: z.string(),
  licence: z.string().nullable(),
  importer: z.string(),
  imported_at: z.string(),
  feature_count: z.number().int(),
  rejected_count: z.number().int(),
  repaired_count: z.number().int(),
  on_invalid: z.string(),
  personal_attributes: z.array(z.string()),
  bbox: Bbox.nullable(),
  visibility: VisibilityEnum,
});

export const LayerVersionWithReport = LayerVersion.extend({
  report: z.unknown().describe('The import validation report: counts, notes and per-record problems'),
});

export const Geometry = z
  .looseObject({
    type: z.enum(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']),
  })
  .describe('GeoJSON geometry (RFC 7946), WGS84 longitude/latitude');

export const Feature = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string(), z.number()]).optional(),
  geometry: Geometry.nullable(),
  properties: z.record(z.string(), z.unknown()).nullable(),
});

export const Link = z.object({
  href: z.string(),
  rel: z.string(),
  type: z.string(),
  title: z.string().optional(),
});
