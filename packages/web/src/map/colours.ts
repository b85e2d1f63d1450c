// One colour per layer kind, chosen to stay apart from each other on the light base and for the
// common colour-vision deficiencies as far as twelve hues allow. Pure data: the browser test reads it too.

export const KIND_COLOURS: Readonly<Record<string, string>> = {
  admin_units: '#5b6170',
  land_use: '#c9a227',
  plan_zones: '#8e5bb5',
  buildings: '#c2553d',
  roads: '#d9822b',
  transit_stops: '#1f6fb8',
  amenities: '#d15b9c',
  green_spaces: '#3f9b4a',
  water_bodies: '#2aa0c8',
  population: '#7a5195',
  innovation_actors: '#13998a',
  generic: '#6f7782',
};

export const FALLBACK_COLOUR = '#6f7782';

export function kindColour(kind: string): string {
  return KIND_COLOURS[kind] ?? FALLBACK_COLOUR;
}

/** The map's background: the only "basemap" (no remote tiles by default). */
export const BACKGROUND = '#f3f1ec';
export const FILL_OPACITY = 0.55;
/** Land-like areas sit under buildings, so they are drawn lighter. */
export const AREA_FILL_OPACITY: Readonly<Record<string, number>> = { admin_units: 0.06, land_use: 0.3, plan_zones: 0.3, green_spaces: 0.45, population: 0.3 };

export function fillOpacity(kind: string): number {
  return AREA_FILL_OPACITY[kind] ?? FILL_OPACITY;
}

export function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The colour a fill of `colour` at `opacity` shows over the background. */
export function blendOverBackground(colour: string, opacity: number): [number, number, number] {
  const c = hexToRgb(colour);
  const b = hexToRgb(BACKGROUND);
  return [0, 1, 2].map((i) => Math.round((c[i] as number) * opacity + (b[i] as number) * (1 - opacity))) as [number, number, number];
}
