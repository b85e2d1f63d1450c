// Features of one layer version as a GeoJSON FeatureCollection, paged the way OGC API – Features
// pages (numberMatched, numberReturned, a next link), so the web and scripts walk big layers in pieces.

import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db, Queryable } from '../store/db.ts';
import { countFeatures, getVersion, readFeatures } from '../store/layers.ts';
import type { LayerVersion } from '../store/layers.ts';
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

const FeatureQuery = z.object({
  bbox: BboxParam.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  offset: z.coerce.number().int().min(0).default(0),
  version: z.coerce.number().int().min(1).optional().describe('Layer version; the current one when absent'),
});

const FeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  layer: z.object({ workspace_id: z.string(), layer_id: z.string(), version: z.number().int() }),
  numberMatched: z.number().int(),
  numberReturned: z.number().int(),
  timeStamp: z.string(),
  links: z.array(Link),
  features: z.array(Feature),
});

async function countMatched(db: Queryable, v: LayerVersion, bbox: BboxT | undefined): Promise<number> {
  return bbox ? countFeatures(db, v, bbox) : v.feature_count;
}

function pageHref(path: string, q: { bbox?: BboxT | undefined; limit: number; offset: number; version: number }): string {
  const parts = [`limit=${q.limit}`, `offset=${q.offset}`, `version=${q.version}`];
  if (q.bbox) parts.unshift(`bbox=${q.bbox.join(',')}`);
  return `${path}?${parts.join('&')}`;
}

export const featuresRoutes: FastifyPluginAsyncZod<{ db: Db; clock: () => Date }> = async (app, { db, clock }) => {
  app.get('/api/workspaces/:ws/layers/:layer/features', {
    schema: {
      tags: ['features'],
      summary: 'Features of a layer version as GeoJSON, paged',
      description: 'Links pin the version, so following next keeps reading the same data while a new version is imported.',
      params: LayerParams,
      querystring: FeatureQuery,
      response: { 200: FeatureCollection, ...errorResponses },
    },
  }, async (req, reply) => {
    const { bbox, limit, offset } = req.query;
    const v = await getVersion(db, req.params.ws, req.params.layer, req.query.version);
    const [matched, features] = await Promise.all([
      countMatched(db, v, bbox),
      readFeatures(db, v, { ...(bbox ? { bbox } : {}), limit, offset }),
    ]);
    const path = req.url.split('?')[0] ?? req.url;
    const type = 'application/geo+json';
    const links: z.infer<typeof Link>[] = [{ href: pageHref(path, { bbox, limit, offset, version: v.version }), rel: 'self', type }];
    if (offset + features.length < matched) {
      links.push({ href: pageHref(path, { bbox, limit, offset: offset + limit, version: v.version }), rel: 'next', type });
    }
    if (offset > 0) {
      links.push({ href: pageHref(path, { bbox, limit, offset: Math.max(0, offset - limit), version: v.version }), rel: 'prev', type });
    }
    reply.type(type);
    return {
      type: 'FeatureCollection' as const,
      layer: { workspace_id: v.workspace_id, layer_id: v.layer_id, version: v.version },
      numberMatched: matched,
      numberReturned: features.length,
      timeStamp: clock().toISOString(),
      links,
      features,
    };
  });
};
