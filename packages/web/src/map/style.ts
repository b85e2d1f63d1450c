// The local base style and the MapLibre layers that draw one data layer from its vector tiles, by
// geometry type, in its kind's colour or by an attribute. No remote basemap unless the planner turns
// one on (basemap.ts): the page works offline and on a closed network.

import type { ExpressionSpecification, FilterSpecification, LayerSpecification, StyleSpecification, VectorSourceSpecification } from 'maplibre-gl';
import type { Bbox } from '../api/layers.ts';
import { BACKGROUND, fillOpacity, kindColour } from './colours.ts';

export const BASE_STYLE: StyleSpecification = {
  version: 8,
  name: 'dothi local',
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } }],
};

const isPolygon: ExpressionSpecification = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false];
const isLine: ExpressionSpecification = ['match', ['geometry-type'], ['LineString', 'MultiLineString'], true, false];
const isPoint: ExpressionSpecification = ['match', ['geometry-type'], ['Point', 'MultiPoint'], true, false];

/** Areas under buildings, buildings under networks, networks under points. */
const Z_RANK: Readonly<Record<string, number>> = {
  admin_units: 0, population: 1, land_use: 2, plan_zones: 3, green_spaces: 4, water_bodies: 5,
  generic: 6, amenities: 7, innovation_actors: 8, buildings: 9, roads: 10, transit_stops: 11,
};

export interface DataLayerRef {
  layer_id: string;
  kind: string;
}

export const sourceId = (layer: string): string => `data:${layer}`;

/** Served at z0–16 (tiles.route.ts); MapLibre overzooms the z16 tiles beyond. */
const TILE_MAXZOOM = 16;

/**
 * The tiles of one layer version. The version in the query is not read by the server; it gives each
 * version its own URLs, so tiles a browser cached for a minute never show an old version after an import.
 */
export function tileSource(origin: string, ws: string, layer: string, version: number, bbox: Bbox | null): VectorSourceSpecification {
  const path = `${origin}/tiles/${encodeURIComponent(ws)}/${encodeURIComponent(layer)}/{z}/{x}/{y}.pbf?v=${version}`;
  return { type: 'vector', tiles: [path], minzoom: 0, maxzoom: TILE_MAXZOOM, ...(bbox ? { bounds: bbox } : {}) };
}

export function drawOrder<T extends DataLayerRef>(layers: readonly T[]): T[] {
  return [...layers].sort((a, b) => (Z_RANK[a.kind] ?? 6) - (Z_RANK[b.kind] ?? 6) || a.layer_id.localeCompare(b.layer_id));
}

export type Part = 'fill' | 'outline' | 'line' | 'circle';
export const partId = (layer: string, part: Part): string => `${layer}:${part}`;
export const highlightId = (layer: string, part: 'fill' | 'line' | 'circle'): string => `${layer}:sel-${part}`;

export interface StyledLayers {
  /** MapLibre layers in the order to add them, bottom first. */
  specs: LayerSpecification[];
  /** The MapLibre layers that draw each data layer (not its selection highlight). */
  byDataLayer: Map<string, string[]>;
}

/** Every data layer's MapLibre layers; fills of all layers first, then outlines, lines and points, then highlights. */
export function styleDataLayers(layers: readonly DataLayerRef[]): StyledLayers {
  const ordered = drawOrder(layers);
  const byDataLayer = new Map<string, string[]>(ordered.map((l) => [l.layer_id, []]));
  const specs: LayerSpecification[] = [];
  const hidden = { visibility: 'none' as const };
  const common = (l: DataLayerRef): { source: string; 'source-layer': string } => ({ source: sourceId(l.layer_id), 'source-layer': l.layer_id });
  const add = (l: DataLayerRef, spec: LayerSpecification): void => {
    specs.push(spec);
    byDataLayer.get(l.layer_id)?.push(spec.id);
  };
  const colour = kindColour;
  for (const l of ordered) {
    add(l, {
      id: partId(l.layer_id, 'fill'), type: 'fill', ...common(l), filter: isPolygon, layout: hidden,
      paint: { 'fill-color': colour(l.kind), 'fill-opacity': fillOpacity(l.kind) },
    });
  }
  for (const l of ordered) {
    add(l, {
      id: partId(l.layer_id, 'outline'), type: 'line', ...common(l), filter: isPolygon, layout: hidden,
      paint: { 'line-color': colour(l.kind), 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.4, 16, 1, 19, 1.6] },
    });
  }
  for (const l of ordered) {
    add(l, {
      id: partId(l.layer_id, 'line'), type: 'line', ...common(l), filter: isLine,
      layout: { ...hidden, 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': colour(l.kind), 'line-width': ['interpolate', ['exponential', 1.6], ['zoom'], 11, 0.8, 15, 2.5, 19, 9] },
    });
  }
  for (const l of ordered) {
    add(l, {
      id: partId(l.layer_id, 'circle'), type: 'circle', ...common(l), filter: isPoint, layout: hidden,
      paint: {
        'circle-color': colour(l.kind),
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 2.5, 16, 5.5, 19, 8],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    });
  }
  for (const l of ordered) specs.push(...highlightLayers(l));
  return { specs, byDataLayer };
}

const NOTHING: FilterSpecification = ['==', ['get', 'fid'], -1];

/** The selected feature, drawn above everything in ink so it reads on any layer colour; hidden until selected. */
function highlightLayers(l: DataLayerRef): LayerSpecification[] {
  const src = { source: sourceId(l.layer_id), 'source-layer': l.layer_id };
  return [
    { id: highlightId(l.layer_id, 'fill'), type: 'fill', ...src, filter: NOTHING, paint: { 'fill-color': '#1b1f24', 'fill-opacity': 0.18 } },
    {
      id: highlightId(l.layer_id, 'line'), type: 'line', ...src, filter: NOTHING,
      layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#1b1f24', 'line-width': 3 },
    },
    {
      id: highlightId(l.layer_id, 'circle'), type: 'circle', ...src, filter: NOTHING,
      paint: { 'circle-radius': 9, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#1b1f24', 'circle-stroke-width': 2.5 },
    },
  ];
}

/** A tile feature's key is the REST id: its source id, or its fid when it has none. */
export const KEY_EXPRESSION: ExpressionSpecification = ['to-string', ['coalesce', ['get', 'source_id'], ['get', 'fid']]];

/** Filters that light up the feature with `key` (or nothing), per highlight part. */
export function highlightFilters(key: string | null): Record<'fill' | 'line' | 'circle', FilterSpecification> {
  if (key === null) return { fill: NOTHING, line: NOTHING, circle: NOTHING };
  const match: ExpressionSpecification = ['==', KEY_EXPRESSION, key];
  return {
    fill: ['all', isPolygon, match],
    line: ['all', ['any', isPolygon, isLine], match],
    circle: ['all', isPoint, match],
  };
}
