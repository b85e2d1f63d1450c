// Mapbox vector tiles of a layer's current version and the TileJSON that describes them.
//
// DESIGN.md §5 names the scheme /tiles/{layer}/{z}/{x}/{y}.pbf; a server holds several workspaces, so
// the layer is qualified by its workspace: /tiles/{workspace}/{layer}/{z}/{x}/{y}.pbf and
// /tiles/{workspace}/{layer}.json. The tiles stay outside /api because map clients and caches treat
// them as static files: no JSON around them, one URL template in the TileJSON.
//
// Each tile's ETag names what it was cut from (workspace, layer, version, z/x/y), so a conditional
// request is answered from one small query, before an index is built or a tile encoded. The app's
// ETag hook keeps a tag a route has set, and leaves 204 and 304 alone.

import { z } from 'zod';
import { DothiError } from '@dothi/engine';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../store/db.ts';
import { roleIn } from '../auth/access.ts';
import { requireVisible } from '../auth/visibility.ts';
import { refuseRecords } from '../auth/layer-access.ts';
import { ErrorBody, errorResponses } from '../http/schemas.ts';
import { TILE_GRID, TileCache, tileLimitsFromEnv } from './tile-cache.ts';
import { currentTileVersion, readTileFeatures } from './tile-source.ts';
import type { TileVersion } from './tile-source.ts';
import { TileJson, tileJson } from './tilejson.ts';

export const MVT_TYPE = 'application/vnd.mapbox-vector-tile';

/** Short: a new version lands whenever an import finishes, and the ETag makes revalidation cheap. */
const TILE_CACHE_CONTROL = 'public, max-age=60';

export interface TilesOptions {
  db: Db;
  /** Injected by tests to count builds or shrink the limits; one per app otherwise. */
  cache?: TileCache;
}

const LayerRef = z.object({
  ws: z.string().min(1).max(100).describe('Workspace slug'),
  layer: z.string().min(1).max(100).describe('Layer id; also the source-layer name inside the tiles'),
});

const TileParams = LayerRef.extend({
  z: z.coerce.number().int().describe(`Zoom, ${TILE_GRID.minzoom} to ${TILE_GRID.maxzoom}`),
  x: z.coerce.number().int().describe('Column, 0 to 2^z - 1, from the west'),
  y: z.coerce.number().int().describe('Row, 0 to 2^z - 1, from the north (XYZ scheme)'),
});

const Binary = z.string().meta({ format: 'binary' });
const NoBody = z.null().describe('No body');

function checkGrid(z: number, x: number, y: number): void {
  const inGrid = z >= TILE_GRID.minzoom && z <= TILE_GRID.maxzoom && x >= 0 && y >= 0 && x < 2 ** z && y < 2 ** z;
  if (!inGrid) throw new DothiError('DOTHI_TILE_OUT_OF_RANGE', { z, x, y, minzoom: TILE_GRID.minzoom, maxzoom: TILE_GRID.maxzoom });
}

export function tileEtag(v: Pick<TileVersion, 'workspace_id' | 'layer_id' | 'version'>, z: number, x: number, y: number): string {
  return `"${v.workspace_id}/${v.layer_id}/v${v.version}/${z}/${x}/${y}"`;
}

/** If-None-Match compares weakly (RFC 9110 §13.1.2): a proxy that compressed the tile may have weakened the tag. */
function noneMatch(header: string | string[] | undefined, etag: string): boolean {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return false;
  if (value.trim() === '*') return true;
  return value.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

export const tilesRoutes: FastifyPluginAsyncZod<TilesOptions> = async (app, { db, cache }) => {
  const tiles = cache ?? new TileCache((v) => readTileFeatures(db, v), tileLimitsFromEnv());

  app.get('/tiles/:ws/:layer/:z/:x/:y.pbf', {
    config: { permission: 'read' },
    schema: {
      tags: ['tiles'],
      summary: 'A Mapbox vector tile of the current version of a layer',
      description:
        'One source-layer named by the layer id. Each feature has its fid as the MVT feature id and as a property, ' +
        'source_id, and the layer kind\'s scalar attributes that are not personal data; the full record is fetched by fid. ' +
        'The ETag names the layer version, so If-None-Match is answered with 304 until a new version is imported. ' +
        'The X-Dothi-Layer-Version header says which version the tile was cut from.',
      params: TileParams,
      response: {
        200: { description: 'The tile', content: { [MVT_TYPE]: { schema: Binary } } },
        204: NoBody.describe('No feature of the layer reaches this tile'),
        304: NoBody.describe('The tile named by If-None-Match is still current'),
        ...errorResponses,
        503: ErrorBody,
      },
    },
  }, async (req, reply) => {
    const { ws, layer, z, x, y } = req.params;
    checkGrid(z, x, y);
    const role = roleIn(req.principal, ws);
    const visibility = await requireVisible(db, 'layer', ws, layer, role);
    const v = await currentTileVersion(db, ws, layer);
    refuseRecords(v, role);
    const etag = tileEtag(v, z, x, y);
    const r = reply as FastifyReply;
    // Shared caches may keep published tiles only; the rest depends on who asked.
    const cacheControl = visibility === 'published' ? TILE_CACHE_CONTROL : `private, ${TILE_CACHE_CONTROL.replace(/^public,\s*/, '')}`;
    const headers = { etag, 'cache-control': cacheControl, 'x-dothi-layer-version': String(v.version) };
    if (noneMatch(req.headers['if-none-match'], etag)) return r.code(304).headers(headers).send();
    const data = await tiles.tile(v, z, x, y);
    if (!data) return r.code(204).headers(headers).send();
    // The schema documents the tile as a string; the bytes go out as they are, past the serializer.
    return r.code(200).headers(headers).type(MVT_TYPE).send(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  });

  app.get('/tiles/:ws/:layer.json', {
    config: { permission: 'read' },
    schema: {
      tags: ['tiles'],
      summary: 'TileJSON 3.0.0 of a layer\'s vector tiles',
      description:
        'Tile URL template (absolute, on the host and protocol the request came by), zooms, bounds of the current version, ' +
        'the source-layer and its fields, attribution from the version\'s licence, and the layer version.',
      params: LayerRef,
      response: { 200: TileJson, ...errorResponses },
    },
  }, async (req, reply) => {
    const role = roleIn(req.principal, req.params.ws);
    await requireVisible(db, 'layer', req.params.ws, req.params.layer, role);
    const v = await currentTileVersion(db, req.params.ws, req.params.layer);
    refuseRecords(v, role);
    // Revalidated on every use, so a map that reloads sees a new version's bounds and fields at once.
    reply.header('cache-control', 'no-cache').header('x-dothi-layer-version', String(v.version));
    return tileJson(v, `${req.protocol}://${req.host}`);
  });
};
