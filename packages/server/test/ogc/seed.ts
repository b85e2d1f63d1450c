// Data for the OGC API tests: workspace "hcmc" seeded by SQL (five real OSM layers, see ../http/seed.ts)
// and a second workspace holding a planner's VN-2000 Shapefile (TM-3 105°45′, EPSG:9210, ESRI .prj
// without datum shift) imported by the real importer, so the API is checked on data as planners bring it.

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../src/store/db.ts';
import { importFile } from '../../src/imports/import-file.ts';
import { createWorkspace } from '../../src/store/workspaces.ts';
import { fixedClock } from '../http/helpers.ts';
import { ODBL, seedHcmc } from '../http/seed.ts';

export const VN_WS = 'q1-vn2000';
export const VN_LAYER = 'bus-stops';
export const VN_WS_NAME = 'Quận 1 — tệp VN-2000 của quy hoạch';

const SHP_DIR = new URL('../fixtures/formats/shp-vn2000/', import.meta.url);
export const SHP = fileURLToPath(new URL('bus_stops.shp', SHP_DIR));

export async function seedOgc(db: Db): Promise<void> {
  await seedHcmc(db);
  await createWorkspace(db, VN_WS, VN_WS_NAME, 'district');
  await importFile(db, {
    workspace: VN_WS,
    paths: ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((e) => fileURLToPath(new URL(`bus_stops.${e}`, SHP_DIR))),
    kind: 'transit_stops',
    name: VN_LAYER,
    onInvalid: 'reject',
    licence: ODBL,
    importer: 'ogc-test',
    limits: { maxBytes: 1e8, maxFeatures: 1e6 },
    clock: fixedClock,
  });
}

export interface ShpStop {
  name: string | null;
  x: number;
  y: number;
}

/** The Shapefile's own coordinates and names, read by Debian's GDAL without any reprojection. */
export function shapefileStops(): ShpStop[] {
  const out = execFileSync('ogr2ogr', ['-f', 'GeoJSON', '-lco', 'COORDINATE_PRECISION=6', '/vsistdout/', SHP], { maxBuffer: 1 << 26 });
  const fc = JSON.parse(out.toString('utf8')) as { features: Array<{ geometry: { coordinates: number[] }; properties: { name?: string | null } }> };
  return fc.features.map((f) => ({ name: f.properties.name ?? null, x: f.geometry.coordinates[0] as number, y: f.geometry.coordinates[1] as number }));
}
