// The optional online basemap: OpenStreetMap's standard raster tiles under the data. Off unless the
// planner turns it on in the settings (kept in this browser), because loading it tells a third party
// which area is being looked at, and the page must also work on a closed network.

import type { RasterSourceSpecification } from 'maplibre-gl';

export type Basemap = 'none' | 'osm';

export const BASEMAP_SOURCE = 'basemap';
export const BASEMAP_LAYER = 'basemap';
const STORAGE_KEY = 'dothi.basemap';

export const OSM_TILES = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
export const OSM_ATTRIBUTION = '© OpenStreetMap contributors';
export const OSM_COPYRIGHT_URL = 'https://www.openstreetmap.org/copyright';

export const OSM_SOURCE: RasterSourceSpecification = {
  type: 'raster',
  tiles: [OSM_TILES],
  tileSize: 256,
  maxzoom: 19,
  attribution: OSM_ATTRIBUTION,
};

export function readBasemap(): Basemap {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'osm' ? 'osm' : 'none';
  } catch {
    return 'none';
  }
}

export function storeBasemap(b: Basemap): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, b);
  } catch {
    /* kept for this visit only */
  }
}
