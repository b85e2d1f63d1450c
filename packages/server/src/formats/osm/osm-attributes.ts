// Sector attributes from OSM tags, typed as the layer kinds want them. Values OSM writes in ways
// we cannot read exactly ("2;3" lanes, "signals" speed, "3.5" levels) become null: the raw value
// stays in osm_tags, so nothing is lost and nothing is guessed.

import type { Properties } from '@dothi/engine';
import type { SectorId, Tags, TagTest } from './osm-sectors.ts';

const str = (v: string | undefined): string | null => (v === undefined || v === '' ? null : v);

/** A whole number written as digits only ("3"), else null. */
export function parseInteger(v: string | undefined): number | null {
  return v !== undefined && /^\s*\d+\s*$/.test(v) ? Number(v) : null;
}

const round = (n: number, digits: number): number => Number(n.toFixed(digits));

/** A length in metres: "7", "7.5", "7 m", "0.2 km", "12 ft", "12'". Other text is null. */
export function parseMetres(v: string | undefined): number | null {
  if (v === undefined) return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(m|km|ft|')?\s*$/.exec(v);
  if (!m) return null;
  const n = Number(m[1]);
  switch (m[2]) {
    case 'km':
      return round(n * 1000, 3);
    case 'ft':
    case "'":
      return round(n * 0.3048, 3);
    default:
      return n;
  }
}

/** maxspeed in km/h: "50", "50 km/h", "30 mph" (48.28), "10 knots". "none", "signals", "VN:urban" are null. */
export function parseSpeedKmh(v: string | undefined): number | null {
  if (v === undefined) return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(km\/h|kmh|kph|mph|knots)?\s*$/.exec(v);
  if (!m) return null;
  const n = Number(m[1]);
  if (m[2] === 'mph') return round(n * 1.609344, 2);
  if (m[2] === 'knots') return round(n * 1.852, 2);
  return n;
}

export interface Oneway {
  oneway: boolean | null;
  /** oneway=-1: traffic runs against the way's drawing direction. */
  reversed: boolean;
}

/**
 * OSM's oneway: yes/true/1 and -1/reverse are one-way; no/false/0 two-way; a roundabout
 * (junction=roundabout or circular) or a motorway implies one-way when the tag is absent, as
 * the OSM wiki defines. Absent otherwise means two-way. "reversible"/"alternating" are null.
 */
export function parseOneway(tags: Tags): Oneway {
  const v = tags.oneway;
  if (v === 'yes' || v === 'true' || v === '1') return { oneway: true, reversed: false };
  if (v === '-1' || v === 'reverse') return { oneway: true, reversed: true };
  if (v === 'no' || v === 'false' || v === '0') return { oneway: false, reversed: false };
  if (v !== undefined) return { oneway: null, reversed: false };
  const implied = tags.junction === 'roundabout' || tags.junction === 'circular' || tags.highway === 'motorway';
  return { oneway: implied, reversed: false };
}

function yesNo(v: string | undefined): boolean | null {
  if (v === 'yes') return true;
  if (v === 'no') return false;
  return null;
}

/** healthcare=* values that name the same facility as an amenity=* value, so one search finds both. */
const HEALTHCARE_AS_AMENITY: Readonly<Record<string, string>> = {
  hospital: 'hospital', clinic: 'clinic', dentist: 'dentist', pharmacy: 'pharmacy', doctor: 'doctors',
};

/**
 * The `amenity` category of the amenities layer. amenity=* gives its value as is ("school",
 * "hospital", "clinic", "marketplace", "restaurant"); healthcare=* without amenity gives the
 * matching amenity value (hospital, clinic, dentist, pharmacy, doctor → doctors) or
 * "healthcare:<value>"; the other keys give "<key>:<value>": "shop:convenience",
 * "tourism:hotel", "office:company", "leisure:sports_centre". The first key in that order wins.
 */
export function amenityCategory(tags: Tags, matched: TagTest): string {
  const v = tags[matched.key] ?? '';
  if (matched.key === 'amenity') return v;
  if (matched.key === 'healthcare') return HEALTHCARE_AS_AMENITY[v] ?? `healthcare:${v}`;
  return `${matched.key}:${v}`;
}

export type TransitMode = 'bus' | 'tram' | 'rail' | 'metro' | 'ferry';

/** The stop's mode, from the stop tags and the PTv2 mode flags (bus=yes, tram=yes...), most specific first. */
export function transitMode(tags: Tags): TransitMode | null {
  if (tags.amenity === 'ferry_terminal' || tags.ferry === 'yes') return 'ferry';
  if (tags.station === 'subway' || tags.subway === 'yes') return 'metro';
  if (tags.railway === 'tram_stop' || tags.tram === 'yes') return 'tram';
  if (tags.railway === 'station' || tags.railway === 'halt' || tags.train === 'yes' || tags.light_rail === 'yes') return 'rail';
  if (tags.highway === 'bus_stop' || tags.bus === 'yes' || tags.trolleybus === 'yes') return 'bus';
  return null;
}

/**
 * Water `type`: the matched value (riverbank, reservoir, basin, river, canal, stream), except
 * natural=water, which says its kind in water=* (lake, pond, river, canal...) or is "water".
 */
function waterType(tags: Tags, matched: TagTest): string {
  if (matched.key === 'natural') return str(tags.water) ?? 'water';
  return tags[matched.key] ?? '';
}

/** The sector's attributes. `matched` is the rule's first matching tag test. */
export function sectorAttributes(sector: SectorId, tags: Tags, matched: TagTest): Properties {
  const name = str(tags.name);
  switch (sector) {
    case 'roads': {
      const ow = parseOneway(tags);
      return {
        highway: tags.highway ?? null, name, oneway: ow.oneway, oneway_reversed: ow.reversed,
        lanes: parseInteger(tags.lanes), maxspeed_kmh: parseSpeedKmh(tags.maxspeed),
        surface: str(tags.surface), width_m: parseMetres(tags.width),
      };
    }
    case 'buildings':
      return {
        use: tags.building === 'yes' ? null : str(tags.building),
        levels: parseInteger(tags['building:levels']), height_m: parseMetres(tags.height), name,
      };
    case 'amenities':
      return {
        amenity: amenityCategory(tags, matched), name, operator: str(tags.operator), capacity: parseInteger(tags.capacity),
      };
    case 'transit_stops':
      return { name, mode: transitMode(tags), routes: str(tags.route_ref), shelter: yesNo(tags.shelter) };
    case 'land_use':
      return { class: tags.landuse ?? null, name };
    case 'green_spaces':
      return { type: tags[matched.key] ?? null, name, access: str(tags.access) };
    case 'water_bodies':
      return { type: waterType(tags, matched), name };
  }
}
