// Real data for the calculator oracle tests: the HCMC OpenStreetMap extract (District 1/3 border,
// ODbL, read from ../shared by path as the spatial tests do) turned into the sector layers the
// calculators read, by the OSM importer's own rules (formats/osm/osm-sectors.ts), projected in JS to
// UTM 48N and written to PostGIS with the very same coordinates, so both sides work on identical input.
//
// There is no real population dataset, so the population layer is made by one documented rule:
// residents of a building = its floor area / 27 m² per person, for buildings whose use is residential
// or not stated (building=yes, the usual tag of a home). 27 m² of housing floor per person is Vietnam's
// national average for 2025 (National Housing Strategy 2021–2030, as reported by baotayninh.vn 16/10/2021;
// ../shared/reference/scenario-facts.md). Floor area is the floor_area_ratio calculator's rule
// (footprint × levels, 1 level when unknown). Residents sit at the building's centroid.

import fs from 'node:fs';
import { buildingFloorAreas, fromGeoJson, polygonCentroids, projectTable, rowArea, rowGeometry, RESIDENTIAL_BUILDING_USES } from '@dothi/engine';
import type { Feature, FeatureTable, LayerRole } from '@dothi/engine';
import { GREEN_LANDUSE, GREEN_LEISURE, GREEN_NATURAL } from '../../src/formats/osm/osm-sectors.ts';
import type { Db } from '../../src/store/db.ts';

export const CRS = 'EPSG:32648';
export const SRID = 32648;
/** m² of housing floor per resident (see the header). */
export const FLOOR_PER_PERSON_M2 = 27;

const SHARED = new URL('../../../../../shared/data/hcmc-osm/', import.meta.url);
const read = (name: string): Feature[] => (JSON.parse(fs.readFileSync(new URL(`hcmc-d1-d3-${name}.geojson`, SHARED), 'utf8')) as { features: Feature[] }).features;

type Props = Record<string, unknown>;
const str = (p: Props, k: string): string | null => (typeof p[k] === 'string' && p[k] !== '' ? (p[k] as string) : null);
const int = (p: Props, k: string): number | null => { const v = str(p, k); return v !== null && /^\d+$/.test(v) ? Number(v) : null; };

function layer(features: Array<{ geometry: Feature['geometry']; properties: Props }>, kind: 'point' | 'line' | 'polygon'): FeatureTable {
  const fs0: Feature[] = features.map((f) => ({ type: 'Feature', geometry: f.geometry, properties: f.properties }));
  return projectTable(fromGeoJson(fs0, { crs: 'EPSG:4326', kind }), CRS);
}

/** Points of a layer whose features are points or polygons: polygons at their (projected) centroid. */
function pointsOf(features: Array<{ geometry: Feature['geometry']; properties: Props }>): FeatureTable {
  const pts = features.filter((f) => f.geometry?.type === 'Point');
  const polys = features.filter((f) => f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon');
  const a = layer(pts, 'point'), b = polygonCentroids(layer(polys, 'polygon'));
  const fs0: Feature[] = [];
  for (const t of [a, b]) {
    for (let r = 0; r < t.length; r++) {
      const props: Props = {};
      for (const [k, c] of Object.entries(t.columns)) {
        props[k] = c.type === 'float64' ? (Number.isNaN(c.values[r]) ? null : c.values[r]) : (c.codes[r] as number) < 0 ? null : c.dictionary[c.codes[r] as number];
      }
      fs0.push({ type: 'Feature', geometry: rowGeometry(t.geometry, r), properties: props });
    }
  }
  return fromGeoJson(fs0, { crs: CRS, kind: 'point' });
}

const HEALTHCARE_AS_AMENITY: Record<string, string> = { hospital: 'hospital', clinic: 'clinic', dentist: 'dentist', pharmacy: 'pharmacy', doctor: 'doctors' };

export interface HcmcLayers {
  layers: Record<LayerRole, FeatureTable>;
  /** Residents by the rule of the header, and how many buildings housed them. */
  residents: number;
  residentialBuildings: number;
}

export function hcmcLayers(): HcmcLayers {
  const areas = read('landuse_areas'), buildingsF = read('buildings'), pois = read('pois');
  const P = (f: Feature): Props => (f.properties ?? {}) as Props;
  const land_use = layer(areas.filter((f) => str(P(f), 'landuse')).map((f) => ({ geometry: f.geometry, properties: { class: str(P(f), 'landuse') } })), 'polygon');
  const green = areas.flatMap((f) => {
    const p = P(f);
    const has = (list: readonly string[], k: string): boolean => list.includes(str(p, k) ?? '');
    // The importer's green_spaces rule, in its order: leisure, then landuse, then natural.
    const t = has(GREEN_LEISURE, 'leisure') ? str(p, 'leisure') : has(GREEN_LANDUSE, 'landuse') ? str(p, 'landuse') : has(GREEN_NATURAL, 'natural') ? str(p, 'natural') : null;
    return t ? [{ geometry: f.geometry, properties: { type: t, access: str(p, 'access') } }] : [];
  });
  const green_spaces = layer(green, 'polygon');
  const buildings = layer(buildingsF.map((f) => {
    const p = P(f);
    return { geometry: f.geometry, properties: { use: str(p, 'building') === 'yes' ? null : str(p, 'building'), levels: int(p, 'building:levels') } };
  }), 'polygon');
  const amenityOf = (p: Props): string | null => str(p, 'amenity') ?? (str(p, 'healthcare') ? HEALTHCARE_AS_AMENITY[str(p, 'healthcare') as string] ?? `healthcare:${str(p, 'healthcare')}` : null);
  const amen = [...pois, ...areas, ...buildingsF].filter((f) => amenityOf(P(f)) !== null).map((f) => ({ geometry: f.geometry, properties: { amenity: amenityOf(P(f)) } }));
  const amenities = pointsOf(amen);
  const actorType = (p: Props): string | null => {
    const a = str(p, 'amenity');
    if (a === 'university' || a === 'college') return 'university';
    if (a === 'research_institute') return 'research_centre';
    const o = str(p, 'office');
    if (o === 'government') return 'government';
    return o ? 'firm' : null;
  };
  const actors = [...pois, ...areas, ...buildingsF].filter((f) => actorType(P(f)) !== null).map((f) => ({ geometry: f.geometry, properties: { actor_type: actorType(P(f)), name: str(P(f), 'name') ?? '' } }));
  const innovation_actors = pointsOf(actors);
  const roads = layer(read('roads').filter((f) => f.geometry?.type === 'LineString').map((f) => ({ geometry: f.geometry, properties: { highway: str(P(f), 'highway') } })), 'line');
  const transit_stops = layer(read('bus_stops').map((f) => ({ geometry: f.geometry, properties: { mode: 'bus' } })), 'point');

  // Population: the header's rule, on the projected footprints.
  const floor = buildingFloorAreas(buildings.columns, buildings.length, (r) => rowArea(buildings, r), 1);
  const use = buildings.columns.use;
  const residential = new Set(RESIDENTIAL_BUILDING_USES);
  const centroids = polygonCentroids(buildings);
  const popF: Feature[] = [];
  let residents = 0;
  for (let r = 0; r < buildings.length; r++) {
    const u = use && use.type === 'string' && (use.codes[r] as number) >= 0 ? use.dictionary[use.codes[r] as number] as string : null;
    if (u !== null && !residential.has(u)) continue;
    const g = rowGeometry(centroids.geometry, r);
    if (!g) continue;
    const persons = (floor.area[r] as number) / FLOOR_PER_PERSON_M2;
    residents += persons;
    popF.push({ type: 'Feature', geometry: g, properties: { population: persons } });
  }
  const population = fromGeoJson(popF, { crs: CRS, kind: 'point' });
  return {
    layers: { land_use, green_spaces, buildings, amenities, innovation_actors, roads, transit_stops, population, plan_zones: emptyPolys(), water_bodies: emptyPolys() },
    residents, residentialBuildings: popF.length,
  };
}

function emptyPolys(): FeatureTable {
  return fromGeoJson([], { crs: CRS, kind: 'polygon' });
}

/** Writes a table as `name (id int = row, geom, props jsonb)` with the same doubles (GeoJSON text keeps them exactly). */
export async function writeTable(db: Db, name: string, t: FeatureTable): Promise<void> {
  await db.query(`create table ${name} (id int primary key, geom geometry, props jsonb)`);
  const rows = [];
  for (let r = 0; r < t.length; r++) {
    const g = rowGeometry(t.geometry, r);
    const props: Props = {};
    for (const [k, c] of Object.entries(t.columns)) {
      props[k] = c.type === 'float64' ? (Number.isNaN(c.values[r]) ? null : c.values[r]) : (c.codes[r] as number) < 0 ? null : c.dictionary[c.codes[r] as number];
    }
    rows.push({ id: r, g: g ? JSON.stringify(g) : null, p: props });
  }
  for (let i = 0; i < rows.length; i += 2000) {
    await db.query(
      `insert into ${name} select (e->>'id')::int, case when e->>'g' is null then null else ST_SetSRID(ST_GeomFromGeoJSON(e->>'g'), ${SRID}) end, e->'p'
         from json_array_elements($1::json) e`,
      [JSON.stringify(rows.slice(i, i + 2000))],
    );
  }
  await db.query(`create index on ${name} using gist (geom)`);
}
