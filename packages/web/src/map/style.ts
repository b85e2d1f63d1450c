// The local base style and the MapLibre layers that draw one data layer, by geometry type, in its
// kind's colour. No remote basemap: the page works offline and on a closed network.

import type { FilterSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { BACKGROUND, fillOpacity, kindColour } from './colours.ts';

export const BASE_STYLE: StyleSpecification = {
  version: 8,
  name: 'dothi local',
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } }],
};

const isPolygon: FilterSpecification = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false];
const isLine: FilterSpecification = ['match', ['geometry-type'], ['LineString', 'MultiLineString'], true, false];
const isPoint: FilterSpecification = ['match', ['geometry-type'], ['Point', 'MultiPoint'], true, false];

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
export const SELECTION_SOURCE = 'selection';

export function drawOrder<T extends DataLayerRef>(layers: readonly T[]): T[] {
  return [...layers].sort((a, b) => (Z_RANK[a.kind] ?? 6) - (Z_RANK[b.kind] ?? 6) || a.layer_id.localeCompare(b.layer_id));
}

export interface StyledLayers {
  /** MapLibre layers in the order to add them, bottom first. */
  specs: LayerSpecification[];
  /** The MapLibre layer ids that draw each data layer. */
  byDataLayer: Map<string, string[]>;
}

/** Every data layer's MapLibre layers; fills of all layers first, then outlines, lines and points. */
export function styleDataLayers(layers: readonly DataLayerRef[]): StyledLayers {
  const ordered = drawOrder(layers);
  const byDataLayer = new Map<string, string[]>(ordered.map((l) => [l.layer_id, []]));
  const specs: LayerSpecification[] = [];
  const add = (l: DataLayerRef, spec: LayerSpecification): void => {
    specs.push(spec);
    byDataLayer.get(l.layer_id)?.push(spec.id);
  };
  const hidden = { visibility: 'none' as const };
  for (const l of ordered) {
    add(l, {
      id: `${l.layer_id}:fill`, type: 'fill', source: sourceId(l.layer_id), filter: isPolygon, layout: hidden,
      paint: { 'fill-color': kindColour(l.kind), 'fill-opacity': fillOpacity(l.kind) },
    });
  }
  for (const l of ordered) {
    add(l, {
      id: `${l.layer_id}:outline`, type: 'line', source: sourceId(l.layer_id), filter: isPolygon, layout: hidden,
      paint: { 'line-color': kindColour(l.kind), 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.4, 16, 1, 19, 1.6] },
    });
  }
  for (const l of ordered) {
    add(l, {
      id: `${l.layer_id}:line`, type: 'line', source: sourceId(l.layer_id), filter: isLine,
      layout: { ...hidden, 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': kindColour(l.kind), 'line-width': ['interpolate', ['exponential', 1.6], ['zoom'], 11, 0.8, 15, 2.5, 19, 9] },
    });
  }
  for (const l of ordered) {
    add(l, {
      id: `${l.layer_id}:circle`, type: 'circle', source: sourceId(l.layer_id), filter: isPoint, layout: hidden,
      paint: {
        'circle-color': kindColour(l.kind),
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 2.5, 16, 5.5, 19, 8],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    });
  }
  return { specs, byDataLayer };
}

/** The selected feature, drawn above everything in ink so it reads on any layer colour. */
export const SELECTION_LAYERS: LayerSpecification[] = [
  { id: 'selection:fill', type: 'fill', source: SELECTION_SOURCE, filter: isPolygon, paint: { 'fill-color': '#1b1f24', 'fill-opacity': 0.18 } },
  {
    id: 'selection:line', type: 'line', source: SELECTION_SOURCE, filter: ['any', isPolygon, isLine],
    layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#1b1f24', 'line-width': 2.5 },
  },
  {
    id: 'selection:circle', type: 'circle', source: SELECTION_SOURCE, filter: isPoint,
    paint: { 'circle-radius': 9, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#1b1f24', 'circle-stroke-width': 2.5 },
  },
];
