// Which OpenStreetMap features go to which sector layer, and which closed ways are areas: data,
// so that a planner can read (and a maintainer can change) the rules without reading the reader.
//
// One OSM feature may land in several sectors, each as its own feature: a building tagged
// amenity=school is in `buildings` and in `amenities`; landuse=grass is in `land_use` (land-use
// accounting must cover the whole area) and in `green_spaces` (the environmental layer);
// landuse=reservoir is in `land_use` and `water_bodies`. Areas must therefore never be summed
// across sector layers.

import type { GeomFamily } from '@dothi/engine';

export type SectorId = 'roads' | 'buildings' | 'amenities' | 'transit_stops' | 'land_use' | 'green_spaces' | 'water_bodies';
export type Tags = Readonly<Record<string, string>>;

/**
 * A tag test: the key is present, its value is in `values` (when given) and not in `except`.
 * The value "no" never matches: building=no, shop=no say the feature is NOT one.
 */
export interface TagTest {
  readonly key: string;
  readonly values?: readonly string[];
  readonly except?: readonly string[];
  /** Only for features of these geometry families (default: any the sector takes). */
  readonly geometry?: readonly GeomFamily[];
}

export interface SectorRule {
  readonly sector: SectorId;
  /** Geometry families the sector takes; a matching feature of another family is left out (and counted in the notes). */
  readonly geometry: readonly GeomFamily[];
  /** The feature belongs when ANY test matches; the first match decides derived attributes (category, type). */
  readonly any: readonly TagTest[];
}

export const GREEN_LEISURE = ['park', 'garden', 'playground', 'nature_reserve'] as const;
export const GREEN_LANDUSE = ['grass', 'forest', 'meadow', 'recreation_ground', 'village_green'] as const;
export const GREEN_NATURAL = ['wood', 'scrub', 'grassland'] as const;

export const SECTOR_RULES: readonly SectorRule[] = [
  // Stops and platforms drawn as ways carry highway=bus_stop/platform but are not carriageways.
  // highway=* on nodes (crossings, traffic signals) are points ON roads, not roads drawn as points.
  { sector: 'roads', geometry: ['line'], any: [{ key: 'highway', except: ['bus_stop', 'platform'], geometry: ['line'] }] },
  { sector: 'buildings', geometry: ['polygon'], any: [{ key: 'building' }] },
  {
    sector: 'transit_stops',
    geometry: ['point'],
    any: [
      { key: 'highway', values: ['bus_stop'] },
      { key: 'public_transport', values: ['platform', 'stop_position'] },
      { key: 'railway', values: ['station', 'halt', 'tram_stop'] },
      { key: 'amenity', values: ['ferry_terminal'] },
    ],
  },
  {
    // Order is the precedence of the category (see amenityCategory): amenity first.
    sector: 'amenities',
    geometry: ['point', 'polygon'],
    any: [
      { key: 'amenity', except: ['ferry_terminal'] },
      { key: 'healthcare' },
      { key: 'shop' },
      { key: 'tourism' },
      { key: 'office' },
      { key: 'leisure', except: GREEN_LEISURE },
      // green_spaces holds polygons; a playground or park drawn as a point is still a place to go.
      { key: 'leisure', values: GREEN_LEISURE, geometry: ['point'] },
    ],
  },
  { sector: 'land_use', geometry: ['polygon'], any: [{ key: 'landuse' }] },
  {
    sector: 'green_spaces',
    geometry: ['polygon'],
    any: [
      { key: 'leisure', values: GREEN_LEISURE },
      { key: 'landuse', values: GREEN_LANDUSE },
      { key: 'natural', values: GREEN_NATURAL },
    ],
  },
  {
    sector: 'water_bodies',
    geometry: ['polygon', 'line'],
    any: [
      { key: 'natural', values: ['water'], geometry: ['polygon'] },
      { key: 'waterway', values: ['riverbank'], geometry: ['polygon'] },
      { key: 'landuse', values: ['reservoir', 'basin'], geometry: ['polygon'] },
      { key: 'waterway', values: ['river', 'canal', 'stream'], geometry: ['line'] },
    ],
  },
];

export function tagMatches(tags: Tags, t: TagTest, family: GeomFamily): boolean {
  if (t.geometry && !t.geometry.includes(family)) return false;
  const v = tags[t.key];
  if (v === undefined || v === 'no') return false;
  if (t.values && !t.values.includes(v)) return false;
  return !t.except?.includes(v);
}

/** The first test of the rule that a feature of this geometry family passes, if any. */
export function ruleMatch(rule: SectorRule, tags: Tags, family: GeomFamily): TagTest | undefined {
  return rule.any.find((t) => tagMatches(tags, t, family));
}

// Closed ways that are areas: the rules of tyrasd/osm-polygon-features, which iD, overpass turbo
// and osmtogeojson use. area=no makes a closed way a line and area=yes an area, whatever else it
// has; otherwise it is an area when one of its tags passes a rule below. A way that is not closed
// is always a line. (We decide this here, not in GDAL: GDAL's list cannot say "all values except",
// and the GDAL in gdal3.js drops a closed building way when it is also the outer ring of a relation that
// carries only an address: seen in the Las Palmas extract.)

export interface AreaRule {
  readonly key: string;
  /** all: any value; only: just `values`; except: any value but `values`. */
  readonly polygon: 'all' | 'only' | 'except';
  readonly values?: readonly string[];
}

export const AREA_RULES: readonly AreaRule[] = [
  { key: 'building', polygon: 'all' },
  { key: 'highway', polygon: 'only', values: ['services', 'rest_area', 'escape', 'elevator'] },
  { key: 'natural', polygon: 'except', values: ['coastline', 'cliff', 'ridge', 'arete', 'tree_row'] },
  { key: 'landuse', polygon: 'all' },
  { key: 'waterway', polygon: 'only', values: ['riverbank', 'dock', 'boatyard', 'dam'] },
  { key: 'amenity', polygon: 'all' },
  { key: 'leisure', polygon: 'all' },
  { key: 'barrier', polygon: 'only', values: ['city_wall', 'ditch', 'hedge', 'retaining_wall', 'wall', 'spikes'] },
  { key: 'railway', polygon: 'only', values: ['station', 'turntable', 'roundhouse', 'platform'] },
  { key: 'area', polygon: 'all' },
  { key: 'boundary', polygon: 'all' },
  { key: 'man_made', polygon: 'except', values: ['cutline', 'embankment', 'pipeline'] },
  { key: 'power', polygon: 'only', values: ['plant', 'substation', 'generator', 'transformer'] },
  { key: 'place', polygon: 'all' },
  { key: 'shop', polygon: 'all' },
  { key: 'aeroway', polygon: 'except', values: ['taxiway'] },
  { key: 'tourism', polygon: 'all' },
  { key: 'historic', polygon: 'all' },
  { key: 'public_transport', polygon: 'all' },
  { key: 'office', polygon: 'all' },
  { key: 'building:part', polygon: 'all' },
  { key: 'military', polygon: 'all' },
  { key: 'ruins', polygon: 'all' },
  { key: 'area:highway', polygon: 'all' },
  { key: 'craft', polygon: 'all' },
  { key: 'golf', polygon: 'all' },
  { key: 'indoor', polygon: 'all' },
  // Our addition: healthcare=* feeds the amenities layer like amenity=*, and its grounds are areas too.
  { key: 'healthcare', polygon: 'all' },
];

/** Whether a CLOSED way with these tags is an area (a polygon) rather than a closed line. */
export function isAreaWay(tags: Tags): boolean {
  if (tags.area === 'no') return false;
  return AREA_RULES.some((r) => {
    const v = tags[r.key];
    if (v === undefined || v === 'no') return false;
    if (r.polygon === 'only') return r.values?.includes(v) ?? false;
    if (r.polygon === 'except') return !(r.values?.includes(v) ?? false);
    return true;
  });
}
