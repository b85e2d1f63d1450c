// Zod schemas of the OGC API – Features resources (Part 1 Core with GeoJSON, Part 2 CRS by
// reference): they validate requests, shape responses and document every route in /api/openapi.json.

import { z } from 'zod';
import { Link } from '../http/schemas.ts';

export { Link };
export type LinkT = z.infer<typeof Link>;

/** Features a page returns when the client sends no limit, and the most one page holds. */
export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 10000;

export const LandingPage = z.object({
  title: z.string(),
  description: z.string(),
  links: z.array(Link).describe('self, service-desc (OpenAPI), service-doc, conformance and data (the collections)'),
});

export const Conformance = z.object({ conformsTo: z.array(z.string()) });

export const Extent = z.object({
  spatial: z.object({
    bbox: z.array(z.array(z.number())).describe('One box: west, south, east, north'),
    crs: z.string().describe('Always CRS84'),
  }),
});

export const Collection = z.object({
  id: z.string().describe('{workspace}__{layer} at /ogc, the layer id under /ogc/{workspace}'),
  title: z.string(),
  description: z.string().describe('Kind, current version, source file and licence, in English and Vietnamese'),
  keywords: z.array(z.string()),
  extent: Extent.optional().describe('Absent while the layer holds no geometry'),
  itemType: z.literal('feature'),
  crs: z.array(z.string()).describe('CRS URIs the items can be written in (crs) and bboxes read in (bbox-crs)'),
  storageCrs: z.string(),
  links: z.array(Link),
});

export const Collections = z.object({ links: z.array(Link), collections: z.array(Collection) });

export const OgcGeometry = z
  .looseObject({
    type: z.enum(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']),
  })
  .describe('GeoJSON geometry in the CRS the Content-Crs header names (CRS84 unless crs says otherwise)');

export const OgcFeature = z.object({
  type: z.literal('Feature'),
  id: z.number().int().describe('Position in the import (fid), stable within a layer version'),
  geometry: OgcGeometry.nullable(),
  properties: z.record(z.string(), z.unknown()).describe('The attributes, plus dothi:source_id (the id in the source file)'),
  links: z.array(Link).optional(),
});

export const OgcFeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  timeStamp: z.string(),
  numberMatched: z.number().int(),
  numberReturned: z.number().int(),
  links: z.array(Link).describe('self, collection, and next / prev while there are more; they keep every parameter and pin the version'),
  features: z.array(OgcFeature),
});

// Loose, and without declaring `$schema` and `$id`: those names as schema properties would be read as
// keywords of the OpenAPI document itself. The responses carry both.
export const Queryables = z.looseObject({
  type: z.literal('object'),
  title: z.string(),
  description: z.string(),
  properties: z.record(
    z.string(),
    z.object({
      title: z.string(),
      description: z.string().optional(),
      type: z.enum(['string', 'number', 'integer', 'boolean']).optional(),
      format: z.literal('date').optional(),
      enum: z.array(z.string()).optional(),
    }),
  ),
  additionalProperties: z.literal(false),
}).describe('JSON Schema (2020-12) of the queryable properties, with $schema and $id');

const FormatJson = z.enum(['json']).optional().describe('Response format; JSON is the only one');
const IgnoredCrs = z
  .string()
  .max(300)
  .optional()
  .describe('Accepted and ignored here, so a client (GDAL: OAPIF:…?crs=…) may append its crs to every request');

/** Query of the metadata resources: nothing but f, and the CRS parameters clients repeat everywhere. */
export const MetaQuery = z.object({ f: FormatJson, crs: IgnoredCrs, 'bbox-crs': IgnoredCrs });
export const META_PARAMS = ['f', 'crs', 'bbox-crs'] as const;

const CrsParam = z
  .string()
  .max(300)
  .optional()
  .describe('CRS URI of the output coordinates, one of the collection\'s crs list (http://www.opengis.net/def/crs/EPSG/0/5899); CRS84 when absent');
const VersionParam = z.coerce
  .number()
  .int()
  .min(1)
  .optional()
  .describe('Layer version; the current one when absent. Links pin it, so paging never mixes versions');
const GeoJsonFormat = z.enum(['json', 'geojson']).optional().describe('Response format; GeoJSON is the only one');

export const ItemQuery = z.object({ crs: CrsParam, version: VersionParam, f: GeoJsonFormat });
export const ITEM_PARAMS = ['crs', 'version', 'f'] as const;

export const ItemsQuery = z
  .object({
    bbox: z
      .string()
      .max(500)
      .optional()
      .describe('Lower corner then upper corner, 4 numbers (or 6 with heights) in the axis order of bbox-crs; CRS84 lon,lat when bbox-crs is absent. Features whose geometry meets it'),
    'bbox-crs': z.string().max(300).optional().describe('CRS URI of bbox, one of the collection\'s crs list; CRS84 when absent'),
    crs: CrsParam,
    datetime: z
      .string()
      .max(100)
      .optional()
      .describe('RFC 3339 date-time or interval (a/b, ../b, a/..); layers carry no temporal geometry, so every feature matches'),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .default(DEFAULT_LIMIT)
      .describe(`Features per page, ${DEFAULT_LIMIT} by default; a page holds at most ${MAX_LIMIT}, larger values are served as ${MAX_LIMIT}`),
    offset: z.coerce.number().int().min(0).default(0).describe('Features to skip; next and prev links set it'),
    version: VersionParam,
    f: GeoJsonFormat,
  })
  .catchall(z.string().max(1000).describe('Property filter: name=value keeps the features whose property, as text, equals value'))
  .describe('Any other parameter must name a queryable property (see /queryables) and filters by equality; unknown names are a 400');
export const ITEMS_PARAMS = ['bbox', 'bbox-crs', 'crs', 'datetime', 'limit', 'offset', 'version', 'f'] as const;

export const CollectionParams = z.object({ collectionId: z.string().min(1).max(200) });
export const WsParams = z.object({ ws: z.string().min(1).max(100).describe('Workspace slug') });
export const WsCollectionParams = WsParams.extend({ collectionId: z.string().min(1).max(200).describe('Layer id') });
export const FeatureParams = CollectionParams.extend({ featureId: z.string().min(1).max(40).describe('fid, an integer') });
export const WsFeatureParams = WsCollectionParams.extend({ featureId: z.string().min(1).max(40).describe('fid, an integer') });
