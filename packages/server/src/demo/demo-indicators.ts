// Indicators for the demo workspaces, so a newcomer's dashboard has something true to show: an
// analysis grid over the city's buildings becomes the spatial units, the HCMC set gets a population
// layer modelled from its buildings by one stated rule, and every calculator whose layers exist runs
// as `dothi indicators compute` does. Both derived layers are imported as files, like any user's data,
// so their provenance (rule, licence, importer) is recorded with them.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Feature } from '@dothi/engine';
import type { Db } from '../store/db.ts';
import { importFile, limitsFromEnv } from '../imports/import-file.ts';
import { computeAndStore } from '../indicators/compute-job.ts';
import type { ComputeRunReport } from '../indicators/compute-job.ts';
import { RESIDENTIAL_BUILDING_USES } from '@dothi/engine';
import { recordResult } from '../monitoring/record-result.ts';
import { getResult } from '../monitoring/results.ts';

/**
 * m² of housing floor per resident: Vietnam's national average for 2025 (National Housing Strategy
 * 2021–2030, see ../shared/reference/scenario-facts.md). Used only for the Vietnamese demo city; the
 * population it gives is modelled, and the layer says so.
 */
export const VN_FLOOR_PER_PERSON_M2 = 27;

export interface DemoIndicatorPlan {
  /** Side of a grid cell in metres. */
  cellMetres: number;
  /** Model residents from buildings (only where the rule's source applies). */
  modelPopulation: boolean;
  /** The period the extract describes: its values are recorded as observations of that period. */
  period: string;
}

type Bbox = [number, number, number, number];

/** The extent of the workspace's buildings (WGS 84), or null when it has none. */
async function buildingsExtent(db: Db, workspace: string): Promise<Bbox | null> {
  const { rows } = await db.query<{ x0: number | null; y0: number | null; x1: number | null; y1: number | null }>(
    `select ST_XMin(e) x0, ST_YMin(e) y0, ST_XMax(e) x1, ST_YMax(e) y1 from (
       select ST_Extent(f.geom)::geometry e from feature f join layer l
         on l.workspace_id = f.workspace_id and l.layer_id = f.layer_id and l.current_version = f.version
        where f.workspace_id = $1 and l.kind = 'buildings') s`,
    [workspace],
  );
  const r = rows[0];
  if (!r || r.x0 === null || r.y0 === null || r.x1 === null || r.y1 === null) return null;
  return [Number(r.x0), Number(r.y0), Number(r.x1), Number(r.y1)];
}

/**
 * Square cells of `metres` over a WGS 84 box, codes C1.. (zero-padded to the count's width) in rows from the south-west. Metres per
 * degree are WGS 84's at the box's middle latitude (the usual series for meridian and parallel arcs), so
 * across a city-sized box the cells stay square to a few parts in ten thousand.
 */
export function analysisGrid(b: Bbox, metres: number): Feature[] {
  const [x0, y0, x1, y1] = b;
  const phi = ((y0 + y1) / 2) * (Math.PI / 180);
  const perDegLat = 111_132.954 - 559.822 * Math.cos(2 * phi) + 1.175 * Math.cos(4 * phi);
  const perDegLon = 111_412.84 * Math.cos(phi) - 93.5 * Math.cos(3 * phi) + 0.118 * Math.cos(5 * phi);
  const dy = metres / perDegLat;
  const dx = metres / perDegLon;
  const nx = Math.max(1, Math.ceil((x1 - x0) / dx)), ny = Math.max(1, Math.ceil((y1 - y0) / dy));
  const width = String(nx * ny).length;
  const out: Feature[] = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const a = x0 + i * dx, c = y0 + j * dy;
      const n = j * nx + i + 1;
      out.push({
        type: 'Feature',
        properties: { code: `C${String(n).padStart(width, '0')}`, name: `${j + 1}-${i + 1}` },
        geometry: { type: 'Polygon', coordinates: [[[a, c], [a + dx, c], [a + dx, c + dy], [a, c + dy], [a, c]]] },
      });
    }
  }
  return out;
}

/**
 * Residents per residential building = geodesic footprint × levels (1 when not tagged) ÷ m² per person,
 * rounded to whole persons (the population attribute is a count), at a point on the footprint.
 * Buildings tagged only building=yes count as homes, as in the calculators' documented rule.
 */
async function modelledPopulation(db: Db, workspace: string, m2PerPerson: number): Promise<Feature[]> {
  const { rows } = await db.query<{ g: string; p: number }>(
    `select ST_AsGeoJSON(ST_PointOnSurface(f.geom), 9) g,
            round(ST_Area(f.geom::geography) * greatest(coalesce(case when f.props->>'levels' ~ '^[0-9]+$' then (f.props->>'levels')::int end, 1), 1) / $2)::int p
       from feature f join layer l
         on l.workspace_id = f.workspace_id and l.layer_id = f.layer_id and l.current_version = f.version
      where f.workspace_id = $1 and l.kind = 'buildings'
        and GeometryType(f.geom) in ('POLYGON', 'MULTIPOLYGON')
        and (f.props->>'use' is null or f.props->>'use' = any($3::text[]))
      order by f.layer_id, f.fid`,
    [workspace, m2PerPerson, [...RESIDENTIAL_BUILDING_USES]],
  );
  return rows.filter((r) => Number(r.p) > 0).map((r) => ({
    type: 'Feature', geometry: JSON.parse(r.g) as Feature['geometry'], properties: { population: Number(r.p) },
  }));
}

async function importFeatures(db: Db, workspace: string, dir: string, name: string, kind: string, features: Feature[], licence: string, clock: () => Date): Promise<void> {
  const file = path.join(dir, `${name}.geojson`);
  fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }));
  await importFile(db, { workspace, paths: [file], kind, name, onInvalid: 'reject', licence, importer: 'dothi demo', limits: limitsFromEnv(), clock });
}

/** Adds the grid (and modelled population) to a demo workspace and computes its indicators. */
export async function loadDemoIndicators(
  db: Db, workspace: string, plan: DemoIndicatorPlan, clock: () => Date,
  onProgress?: (phase: string, fraction: number) => void,
): Promise<ComputeRunReport | null> {
  const extent = await buildingsExtent(db, workspace);
  if (!extent) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dothi-demo-'));
  try {
    const grid = analysisGrid(extent, plan.cellMetres);
    await importFeatures(db, workspace, dir, `grid-${plan.cellMetres}m`, 'generic', grid, 'CC0 1.0 (generated by dothi)', clock);
    if (plan.modelPopulation) {
      const people = await modelledPopulation(db, workspace, VN_FLOOR_PER_PERSON_M2);
      await importFeatures(db, workspace, dir, 'population-modelled', 'population', people,
        `ODbL 1.0, derived from OpenStreetMap buildings: floor area ÷ ${VN_FLOOR_PER_PERSON_M2} m² per person (modelled)`, clock);
    }
    const report = await computeAndStore(db, workspace, { unitsLayer: `grid-${plan.cellMetres}m` }, clock, onProgress);
    // Recorded as observations so the dashboard's cards, progress and peer comparison have them;
    // a value that rests on the modelled residents says so in its quality flag.
    for (const r of report.runs) {
      const run = await getResult(db, workspace, r.result_id);
      const modelled = plan.modelPopulation && run.inputs.some((i) => i.role === 'population');
      await recordResult(db, workspace, r.result_id, { period: plan.period, quality: modelled ? 'modelled' : 'measured' });
    }
    return report;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
