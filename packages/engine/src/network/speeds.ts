// Travel modes: which highway classes a mode may use, which way one-way streets run, and speeds by
// highway class. Speeds are OSRM's default profiles (project-osrm/osrm-backend, profiles/car.lua
// `speeds.highway`, foot.lua `walking_speed = 5`, bicycle.lua `default_speed = 15`,
// `walking_speed = 6` where a cyclist has to push), the speeds most open routing tools start from.

import type { Column } from '../columnar/table.ts';

export type TravelMode = 'walk' | 'bike' | 'drive';

/** km/h by highway class; `default` for classes not listed. */
export const MODE_SPEEDS_KMH: Record<TravelMode, Readonly<Record<string, number>>> = {
  walk: { default: 5 },
  bike: { default: 15, footway: 6, pedestrian: 6, steps: 6, path: 12 },
  drive: {
    motorway: 90, motorway_link: 45, trunk: 85, trunk_link: 40, primary: 65, primary_link: 30,
    secondary: 55, secondary_link: 25, tertiary: 40, tertiary_link: 20, unclassified: 25,
    residential: 25, living_street: 10, service: 15, track: 5, default: 10,
  },
};

/**
 * Classes a mode never uses. Walking and cycling keep every class: accessibility studies in the
 * pandana tradition (and the pgRouting baseline this engine is checked against) route pedestrians on the
 * whole highway network. Driving drops the ways cars cannot use.
 */
export const MODE_EXCLUDED: Record<TravelMode, ReadonlySet<string>> = {
  walk: new Set(),
  bike: new Set(),
  drive: new Set(['footway', 'path', 'steps', 'pedestrian', 'cycleway', 'bridleway', 'corridor', 'platform', 'elevator']),
};

/** Per-row text of a string column (numbers as text), or null when the column is absent. */
export function textValues(col: Column | undefined, length: number): (string | null)[] | null {
  if (!col) return null;
  const out: (string | null)[] = new Array<string | null>(length);
  for (let r = 0; r < length; r++) {
    if (col.type === 'string') {
      const k = col.codes[r] as number;
      out[r] = k < 0 ? null : (col.dictionary[k] as string);
    } else {
      const v = col.values[r] as number;
      out[r] = Number.isNaN(v) ? null : String(v);
    }
  }
  return out;
}

/** OSM `oneway` tag → +1 (as drawn), -1 (against the drawing), 0 (both ways). */
export function onewayDirection(tag: string | null): number {
  if (tag === null) return 0;
  const t = tag.trim().toLowerCase();
  if (t === 'yes' || t === '1' || t === 'true') return 1;
  if (t === '-1' || t === 'reverse') return -1;
  return 0;
}

export function speedKmh(mode: TravelMode, highway: string | null): number {
  const table = MODE_SPEEDS_KMH[mode];
  return (highway !== null ? table[highway] : undefined) ?? (table.default as number);
}
