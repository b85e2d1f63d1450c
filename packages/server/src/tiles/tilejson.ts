// The TileJSON 3.0.0 document of a layer's tiles (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0):
// what MapLibre, QGIS and other clients read to find the tile URLs, zooms, extent, attribution and
// the one source-layer with its fields.

import { z } from 'zod';
import { findLayerKind } from '@dothi/engine';
import type { AttrType } from '@dothi/engine';
import { TILE_GRID } from './tile-cache.ts';
import { tileAttributes } from './tile-source.ts';
import type { TileVersion } from './tile-source.ts';

export const TileJson = z
  .object({
    tilejson: z.literal('3.0.0'),
    name: z.string(),
    description: z.string(),
    version: z.string().describe('Semver of the tileset: the major number is the layer version'),
    layer_version: z.number().int().describe('The layer version the tiles are cut from (a dothi extension)'),
    attribution: z.string().optional().describe('The licence of the version, as HTML'),
    scheme: z.literal('xyz'),
    tiles: z.array(z.string()).describe('Absolute URL template of the tiles'),
    minzoom: z.number().int(),
    maxzoom: z.number().int().describe('Deepest zoom served; clients overzoom beyond it'),
    bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).describe('[west, south, east, north] in WGS84'),
    center: z.tuple([z.number(), z.number(), z.number()]).describe('[longitude, latitude, zoom]'),
    vector_layers: z.array(
      z.object({
        id: z.string().describe('The source-layer name inside the tiles: the layer id'),
        description: z.string(),
        minzoom: z.number().int(),
        maxzoom: z.number().int(),
        fields: z.record(z.string(), z.string()).describe('Attribute name → type (Number, String or Boolean)'),
      }),
    ),
  })
  .describe('TileJSON 3.0.0');

export type TileJsonDoc = z.infer<typeof TileJson>;

const FIELD_TYPE: Readonly<Record<AttrType, string>> = {
  string: 'String',
  number: 'Number',
  integer: 'Number',
  boolean: 'Boolean',
  date: 'String',
};

/** Web Mercator stops short of the poles. */
const WORLD: [number, number, number, number] = [-180, -85.051129, 180, 85.051129];

const ENTITY: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** TileJSON attribution is HTML, and a licence is plain text. */
const escapeHtml = (s: string): string => s.replace(/[&<>"]/g, (c) => ENTITY[c] ?? c);

/** Web Mercator northing, in the same units as degrees of longitude. */
const mercatorY = (lat: number): number => (Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) * 180) / Math.PI;

/** The deepest zoom at which the whole extent fits in one 512-pixel tile's width and height. */
function fittingZoom(b: readonly [number, number, number, number]): number {
  const span = Math.max(b[2] - b[0], mercatorY(b[3]) - mercatorY(b[1]), 1e-9);
  return Math.max(TILE_GRID.minzoom, Math.min(TILE_GRID.maxzoom, Math.floor(Math.log2(360 / span))));
}

/** `base` is the server's origin as the client reached it (http://host:port). */
export function tileJson(v: TileVersion, base: string): TileJsonDoc {
  const ws = encodeURIComponent(v.workspace_id);
  const layer = encodeURIComponent(v.layer_id);
  const bounds = v.bbox ?? WORLD;
  const kind = findLayerKind(v.kind);
  const fields: Record<string, string> = { fid: 'Number', source_id: 'String' };
  for (const a of tileAttributes(v)) fields[a.name] = FIELD_TYPE[a.type];
  return {
    tilejson: '3.0.0',
    name: v.title,
    description: `${kind ? `${kind.en} / ${kind.vi}` : v.kind}: ${v.workspace_id}/${v.layer_id} version ${v.version}`,
    version: `${v.version}.0.0`,
    layer_version: v.version,
    ...(v.licence ? { attribution: escapeHtml(v.licence) } : {}),
    scheme: 'xyz',
    tiles: [`${base}/tiles/${ws}/${layer}/{z}/{x}/{y}.pbf`],
    minzoom: TILE_GRID.minzoom,
    maxzoom: TILE_GRID.maxzoom,
    bounds: [...bounds],
    center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, fittingZoom(bounds)],
    vector_layers: [
      { id: v.layer_id, description: v.title, minzoom: TILE_GRID.minzoom, maxzoom: TILE_GRID.maxzoom, fields },
    ],
  };
}
