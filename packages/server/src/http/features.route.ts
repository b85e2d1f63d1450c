// Features of one layer version as a GeoJSON FeatureCollection, paged the way OGC API – Features
// pages (numberMatched, numberReturned, a next link), so the web and scripts walk big layers in pieces.
// Simple property filters and sortby follow OGC API – Features Part 1 and its sorting extension.

import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db, Queryable } from '../store/db.ts';
import { countFeatures, readFeatures } from '../store/layers.ts';
import { roleIn } from '../auth/access.ts';
import { openRecords, refuseHidden, withoutHidden } from '../auth/layer-access.ts';
import { summariseLayer } from '../auth/personal-summary.ts';
import type { LayerVersion } from '../store/layers.ts';
import { noneMatch } from './manners.ts';
import { errorResponses, Feature, LayerParams, Link } from './schemas.ts';

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 10000;

type BboxT = [number, number, number, number];

const BboxParam = z
  .string()
  .transform((s, ctx): BboxT => {
    const n = s.split(',').map((x) => (x.trim() === '' ? NaN : Number(x)));
    const [w, so, e, no] = n;
    if (n.length !== 4 || w === undefined || so === undefined || e === undefined || no === undefined || n.some((x) => !Number.isFinite(x))) {
      ctx.addIssue({ code: 'custom', message: 'bbox must be four numbers: west,south,east,north' });
      return z.NEVER;
    }
    if (w < -180 || e > 180 || so < -90 || no > 90 || w > e || so > no) {
      ctx.addIssue({ code: 'custom', message: 'bbox must be west,south,east,north in WGS84 degrees, west <= east and south <= north' });
      return z.NEVER;
    }
    return [w, so, e, no];
  })
  .describe('west,south,east,north in WGS84 degrees; features whose bounding box meets it');

type SortKey = { prop: string; desc: boolean };

const MAX_SORT_KEYS = 10;

const SortbyParam = z
  .string()
  .transform((s, ctx): SortKey[] => {
    const keys = s.split(',').map((k) => k.trim());
    const out: SortKey[] = [];
    for (const k of keys) {
      const desc = k.startsWith('-');
      const prop = k.replace(/^[-+]/, '');
      if (prop === '' || prop.length > 100) {
        ctx.addIssue({ code: 'custom', message: 'sortby must be property names separated by commas, each optionally prefixed by - (descending) or + (ascending)' });
        return z.NEVER;
      }
      out.push({ prop, desc });
    }
    if (out.length > MAX_SORT_KEYS) {
      ctx.addIssue({ code: 'custom', message: `sortby takes at most ${MAX_SORT_KEYS} properties` });
      return z.NEVER;
    }
    return out;
  })
  .describe('Properties to sort by, comma-separated; a leading - sorts descending (sortby=-levels,name). Numbers sort as numbers, missing values last, import order breaks ties');

/** Parameters with a meaning of their own; every other one is a property filter. */
export const RESERVED_PARAMS = ['bbox', 'limit', 'offset', 'version', 'sortby', 'f'] as const;

const FeatureQuery = z
  .object({
    bbox: BboxParam.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
    offset: z.coerce.number().int().min(0).default(0),
    version: z.coerce.number().int().min(1).optional().describe('Layer version; the current one when absent'),
    sortby: SortbyParam.optional(),
    f: z.enum(['json', 'geojson']).optional().describe('Response format; GeoJSON is the only one'),
  })
  .catchall(z.string().max(1000).describe('Simple property filter: property=value keeps the features whose property, as text, equals value'))
  .describe('Any parameter not listed is a property filter (name=Bến Thành keeps features whose name is exactly that); one value per property');

const FeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  layer: z.object({ workspace_id: z.string(), layer_id: z.string(), version: z.number().int() }),
  numberMatched: z.number().int(),
  numberReturned: z.number().int(),
  timeStamp: z.string(),
  links: z.array(Link),
  features: z.array(Feature),
});

async function countMatched(db: Queryable, v: LayerVersion, bbox: BboxT | undefined, where: Record<string, string>): Promise<number> {
  if (!bbox && Object.keys(where).length === 0) return v.feature_count;
  return countFeatures(db, v, { ...(bbox ? { bbox } : {}), where });
}

interface PageQuery {
  bbox?: BboxT | undefined;
  where: Record<string, string>;
  sortby?: SortKey[] | undefined;
  limit: number;
  offset: number;
  version: number;
}

/** Links carry every filter and the sort, so a client following next stays in the same ordered selection. */
function pageHref(path: string, q: PageQuery): string {
  const parts: string[] = [];
  if (q.bbox) parts.push(`bbox=${q.bbox.join(',')}`);
  for (const [k, v] of Object.entries(q.where)) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  if (q.sortby?.length) parts.push(`sortby=${q.sortby.map((s) => `${s.desc ? '-' : ''}${encodeURIComponent(s.prop)}`).join(',')}`);
  parts.push(`limit=${q.limit}`, `offset=${q.offset}`, `version=${q.version}`);
  return `${path}?${parts.join('&')}`;
}

/** Bumped when the page's shape changes, so caches do not keep an old rendering of the same version. */
const PAGE_FORMAT = 'features-1';

function pageEtag(v: LayerVersion, self: string): string {
  const h = createHash('sha1').update(`${PAGE_FORMAT}\n${v.workspace_id}\n${v.layer_id}\n${self}`).digest('base64url');
  return `W/"${h}"`;
}

function propertyFilters(query: Record<string, unknown>): Record<string, string> {
  const where: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) {
    if (!(RESERVED_PARAMS as readonly string[]).includes(k) && typeof v === 'string') where[k] = v;
  }
  return where;
}

const SummaryQuery = z.object({
  by: z.string().min(1).max(100).optional().describe('Group by this attribute (unit_code)'),
  zones: z.string().min(1).max(100).optional().describe('…or by the zones of this polygon layer of the workspace (wards)'),
  zone_key: z.string().min(1).max(100).optional().describe('The zones\' attribute naming each group (default code)'),
  sum: z.string().max(1000).optional().transform((x) => (x ? x.split(',').map((s) => s.trim()).filter(Boolean) : undefined))
    .describe('Numeric attributes to add up per group, comma-separated (population,households)'),
  version: z.coerce.number().int().positive().optional(),
});

const SummaryGroup = z.object({
  key: z.string().nullable().describe('The group; null for records with no value, or outside every zone'),
  count: z.number().int().nullable().describe('Records in the group; null when withheld'),
  sums: z.record(z.string(), z.number()).nullable(),
  suppressed: z.enum(['primary', 'secondary']).nullable().describe('primary: fewer records than the minimum group size; secondary: withheld so the total does not give a primary one away'),
});

const Summary = z.object({
  workspace: z.string(), layer: z.string(), version: z.number().int(),
  grouping: z.union([z.object({ by: z.string() }), z.object({ zones: z.string(), zone_version: z.number().int(), zone_key: z.string() })]),
  sums: z.array(z.string()),
  suppression: z.object({ applied: z.boolean(), min_group_size: z.number().int() }),
  groups: z.array(SummaryGroup),
  total: z.object({ count: z.number().int(), sums: z.record(z.string(), z.number()) }).nullable(),
});

export const featuresRoutes: FastifyPluginAsyncZod<{ db: Db; clock: () => Date }> = async (app, { db, clock }) => {
  app.get('/api/workspaces/:ws/layers/:layer/features', {
    config: { permission: 'read' },
    schema: {
      tags: ['features'],
      summary: 'Features of a layer version as GeoJSON, paged, filtered and sorted',
      description:
        'Links pin the version, so following next keeps reading the same data while a new version is imported. ' +
        'Any query parameter other than bbox, limit, offset, version, sortby and f filters on a property (name=Bến Thành); ' +
        'sortby=-levels,name sorts. Links keep the filters and the sort.',
      params: LayerParams,
      querystring: FeatureQuery,
      response: { 200: FeatureCollection, 304: z.null().describe('Not modified: the If-None-Match tag still names this page'), ...errorResponses },
    },
  }, async (req, reply) => {
    const { bbox, limit, offset, sortby } = req.query;
    const where = propertyFilters(req.query);
    const { v, hidden } = await openRecords(db, req.params.ws, req.params.layer, roleIn(req.principal, req.params.ws), req.query.version);
    refuseHidden([...Object.keys(where), ...(sortby ?? []).map((s) => s.prop)], hidden, v.layer_id);
    const path = req.url.split('?')[0] ?? req.url;
    const q = { bbox, where, sortby, limit, version: v.version };
    const self = pageHref(path, { ...q, offset });
    // A version never changes, so the page is known by its version and its link; timeStamp alone
    // would change a hash of the body on every request and defeat conditional GETs.
    const etag = pageEtag(v, `${self}\n${hidden.join(',')}`);
    reply.header('etag', etag);
    if (noneMatch(req.headers['if-none-match'], etag)) return reply.code(304).send(null);
    const [matched, features] = await Promise.all([
      countMatched(db, v, bbox, where),
      readFeatures(db, v, { ...(bbox ? { bbox } : {}), where, ...(sortby ? { sortby } : {}), limit, offset }),
    ]);
    const type = 'application/geo+json';
    const links: z.infer<typeof Link>[] = [{ href: self, rel: 'self', type }];
    if (offset + features.length < matched) {
      links.push({ href: pageHref(path, { ...q, offset: offset + limit }), rel: 'next', type });
    }
    if (offset > 0) {
      links.push({ href: pageHref(path, { ...q, offset: Math.max(0, offset - limit) }), rel: 'prev', type });
    }
    reply.type(type);
    return {
      type: 'FeatureCollection' as const,
      layer: { workspace_id: v.workspace_id, layer_id: v.layer_id, version: v.version },
      numberMatched: matched,
      numberReturned: features.length,
      timeStamp: clock().toISOString(),
      links,
      features: features.map((f) => withoutHidden(f, hidden)),
    };
  });

  app.get('/api/workspaces/:ws/layers/:layer/summary', {
    config: { permission: 'read' },
    schema: {
      tags: ['features'],
      summary: 'Record counts and sums per group: the published view of a layer of personal data',
      description:
        'Groups by an attribute (by=unit_code) or by the zones of a polygon layer (zones=wards&zone_key=code). On a layer whose kind marks ' +
        'attributes personal, callers who may not see them get groups below the workspace\'s minimum group size (default 5) withheld, ' +
        'and enough other groups that the total does not give them away.',
      params: LayerParams,
      querystring: SummaryQuery,
      response: { 200: Summary, ...errorResponses },
    },
  }, async (req) => {
    const q = req.query;
    return summariseLayer(db, req.params.ws, req.params.layer, roleIn(req.principal, req.params.ws), {
      by: q.by, zones: q.zones, zoneKey: q.zone_key, sum: q.sum, version: q.version,
    });
  });
};
