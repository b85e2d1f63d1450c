// Indicators of a workspace from its stored layers: the latest version of each layer a calculator
// needs (chosen by layer kind, or named per role), converted to feature tables, projected together to
// the units' local metric CRS, run through the engine's calculators. Every result carries the layer
// versions and the calculator version it used, so it can be stored with its provenance and recomputed.

import {
  CALCULATORS, DothiError, fromGeoJson, getCalculator, localMetricCrs, polygonCentroids, projectTable, repairPolygons, tableBounds, toGeoJson,
  validatePolygons,
} from '@dothi/engine';
import type { Calculator, CalculatorInput, Feature, FeatureTable, GeometryKind, LayerRole } from '@dothi/engine';
import type { Queryable } from '../store/db.ts';
import { getVersion, listLayers, readFeatureRows } from '../store/layers.ts';
import type { FeatureRow } from '../store/layers.ts';
import { breathe } from '../jobs/jobs.ts';

export interface ComputeOptions {
  /** Layer id of the spatial units (polygons). */
  unitsLayer: string;
  /** Attribute naming each unit (default: `code` when every unit has one, else the feature's source id or fid). */
  unitIdColumn?: string;
  /** Calculator ids; default every calculator whose layers the workspace has (the others are listed as skipped). */
  calculators?: string[];
  /** Layer id per role, where the workspace has several layers of a kind or the kind differs. */
  layers?: Partial<Record<LayerRole, string>>;
  /** Parameters per calculator id. */
  params?: Record<string, Record<string, number | string>>;
  onProgress?: (calculator: string, done: number, total: number) => void;
}

export interface LayerInput {
  role: LayerRole | 'units';
  layerId: string;
  version: number;
}

export interface ComputedIndicator {
  calculator: string;
  version: string;
  unit: string;
  values: Array<{ unitId: string; value: number | null; note?: { en: string; vi: string } }>;
  whole: number | null;
  inputs: LayerInput[];
  notes: Array<{ en: string; vi: string }>;
  counts: Record<string, number>;
  params: Record<string, number | string>;
  /** The metric CRS the calculation ran in. */
  crs: string;
}

export interface ComputeReport {
  units: LayerInput & { count: number };
  results: ComputedIndicator[];
  /** Calculators left out of a default run because the workspace lacks a layer they need. */
  skipped: Array<{ calculator: string; role: LayerRole; en: string; vi: string }>;
}

/** Attributes each role's calculators read; the others are not loaded. */
const ROLE_COLUMNS: Record<LayerRole, string[]> = {
  land_use: ['class'], plan_zones: ['zone_code', 'land_use_class'], buildings: ['use', 'levels', 'floor_area_m2'], roads: ['highway'],
  transit_stops: ['mode'], amenities: ['amenity'], green_spaces: ['type', 'access'], water_bodies: ['type'],
  population: ['population'], innovation_actors: ['actor_type'],
};

/** Geometry a role is read as: 'points' takes points and polygons (polygons at their centroid). */
const ROLE_GEOMETRY: Record<LayerRole, 'polygon' | 'line' | 'points' | 'population'> = {
  land_use: 'polygon', plan_zones: 'polygon', buildings: 'polygon', roads: 'line', transit_stops: 'points', amenities: 'points',
  green_spaces: 'polygon', water_bodies: 'polygon', population: 'population', innovation_actors: 'points',
};

const FAMILY: Record<string, GeometryKind> = {
  Point: 'point', MultiPoint: 'point', LineString: 'line', MultiLineString: 'line', Polygon: 'polygon', MultiPolygon: 'polygon',
};

interface Loaded { rows: FeatureRow[]; input: LayerInput }

async function pickLayer(db: Queryable, workspace: string, role: LayerRole, opts: ComputeOptions, byKind: Map<string, string[]>): Promise<LayerInput | null> {
  const named = opts.layers?.[role];
  if (named !== undefined) {
    const v = await getVersion(db, workspace, named);
    return { role, layerId: v.layer_id, version: v.version };
  }
  const ids = byKind.get(role) ?? [];
  if (ids.length === 0) return null;
  if (ids.length > 1) throw new DothiError('DOTHI_INDICATOR_LAYER_AMBIGUOUS', { workspace, role, layers: ids.join(', ') });
  const v = await getVersion(db, workspace, ids[0] as string);
  return { role, layerId: v.layer_id, version: v.version };
}

async function load(db: Queryable, workspace: string, input: LayerInput): Promise<Loaded> {
  const rows = await readFeatureRows(db, { workspace_id: workspace, layer_id: input.layerId, version: input.version });
  return { rows, input };
}

function features(rows: FeatureRow[], kind: GeometryKind): Feature[] {
  return rows.filter((r) => FAMILY[r.geometry.type] === kind).map((r) => ({ type: 'Feature', geometry: r.geometry, properties: r.properties as Feature['properties'] }));
}

/** The WGS 84 tables of a role (one, or points and polygons to merge after projection). */
function tablesOf(role: LayerRole, rows: FeatureRow[]): { main: FeatureTable; polygonsToPoints?: FeatureTable } {
  const columns = ROLE_COLUMNS[role];
  const geom = ROLE_GEOMETRY[role];
  const make = (kind: GeometryKind): FeatureTable => fromGeoJson(features(rows, kind), { kind, columns });
  if (geom === 'polygon' || geom === 'line') return { main: make(geom) };
  const hasPoints = rows.some((r) => FAMILY[r.geometry.type] === 'point');
  const hasPolys = rows.some((r) => FAMILY[r.geometry.type] === 'polygon');
  // Population polygons are apportioned by area; only a layer mixing points and polygons is reduced to points.
  if (geom === 'population' && hasPolys && !hasPoints) return { main: make('polygon') };
  return { main: make('point'), polygonsToPoints: make('polygon') };
}

/** Points followed by the centroids of the polygons, as one point table. */
function mergePoints(points: FeatureTable, polys: FeatureTable, columns: string[]): FeatureTable {
  if (polys.length === 0) return points;
  const all = [...toGeoJson(points), ...toGeoJson(polygonCentroids(polys))];
  return fromGeoJson(all, { crs: points.crs, kind: 'point', columns });
}

function unitIds(rows: FeatureRow[], column: string | undefined, layer: string): string[] {
  const col = column ?? (rows.length > 0 && rows.every((r) => r.properties.code !== undefined && r.properties.code !== null) ? 'code' : undefined);
  return rows.map((r, i) => {
    if (col === undefined) return r.sourceId ?? String(r.fid);
    const v = r.properties[col];
    if (v === undefined || v === null || v === '') throw new DothiError('DOTHI_INDICATOR_UNIT_ID_MISSING', { row: i + 1, layer, column: col });
    return String(v);
  });
}

export async function computeIndicators(db: Queryable, workspace: string, opts: ComputeOptions): Promise<ComputeReport> {
  const explicit = opts.calculators !== undefined;
  const calcs: Calculator[] = (opts.calculators ?? Object.keys(CALCULATORS)).map((id) => getCalculator(id));
  const unitsVersion = await getVersion(db, workspace, opts.unitsLayer);
  const unitsInput: LayerInput = { role: 'units', layerId: unitsVersion.layer_id, version: unitsVersion.version };
  const byKind = new Map<string, string[]>();
  for (const l of await listLayers(db, workspace)) {
    if (l.layer_id === unitsVersion.layer_id) continue;
    byKind.set(l.kind, [...(byKind.get(l.kind) ?? []), l.layer_id]);
  }

  // Which layer plays each role; a missing one fails an explicit request and skips a default run's calculator.
  const picked = new Map<LayerRole, LayerInput>();
  const skipped: ComputeReport['skipped'] = [];
  const runnable: Calculator[] = [];
  for (const c of calcs) {
    let missing: LayerRole | null = null;
    for (const role of c.needs) {
      if (!picked.has(role)) {
        const p = await pickLayer(db, workspace, role, opts, byKind);
        if (p) picked.set(role, p);
      }
      if (!picked.has(role)) { missing = role; break; }
    }
    if (missing === null) { runnable.push(c); continue; }
    if (explicit) throw new DothiError('DOTHI_INDICATOR_LAYER_MISSING', { calculator: c.id, role: missing });
    skipped.push({ calculator: c.id, role: missing, en: `no ${missing} layer in the workspace`, vi: `không gian làm việc không có lớp ${missing}` });
  }

  const unitRows = (await load(db, workspace, unitsInput)).rows.filter((r) => FAMILY[r.geometry.type] === 'polygon');
  const ids = unitIds(unitRows, opts.unitIdColumn, unitsInput.layerId);
  const unitsWgs = fromGeoJson(unitRows.map((r) => ({ type: 'Feature', geometry: r.geometry, properties: {} })), { kind: 'polygon', columns: [] });
  const roles = [...picked.keys()];
  const wgs: FeatureTable[] = [unitsWgs];
  const slots: Array<{ role: LayerRole; main: number; extra?: number }> = [];
  for (const role of roles) {
    const { rows } = await load(db, workspace, picked.get(role) as LayerInput);
    const t = tablesOf(role, rows);
    const slot: { role: LayerRole; main: number; extra?: number } = { role, main: wgs.push(t.main) - 1 };
    if (t.polygonsToPoints) slot.extra = wgs.push(t.polygonsToPoints) - 1;
    slots.push(slot);
  }
  // One metric CRS for all, chosen from the units' extent first (the zone belongs to the study area).
  const crs = localMetricCrs(tableBounds(unitsWgs) ?? [0, 0, 0, 0]);
  const projected = wgs.map((t) => projectTable(t, crs.id));
  const units = projected[0] as FeatureTable;
  const layers: CalculatorInput['layers'] = {};
  const repairedRows: Record<string, number> = {};
  for (const s of slots) {
    let main = projected[s.main] as FeatureTable;
    if (main.geometry.kind === 'polygon') {
      // Stored layers were valid in WGS 84; a ring touching itself after rounding or projection is rebuilt
      // as ST_MakeValid would, so one bad footprint does not stop a city-wide indicator. Counted in the result.
      const bad = validatePolygons(main).length;
      if (bad > 0) {
        main = repairPolygons(main);
        repairedRows[s.role] = bad;
      }
    }
    layers[s.role] = s.extra !== undefined ? mergePoints(main, projected[s.extra] as FeatureTable, ROLE_COLUMNS[s.role]) : main;
  }

  const results: ComputedIndicator[] = [];
  for (const [k, c] of runnable.entries()) {
    const input: CalculatorInput = { units, layers };
    const p = opts.params?.[c.id];
    if (p) input.params = p;
    const r = c.compute(input);
    const unitNotes = new Map<number, { en: string; vi: string }>();
    for (const n of r.notes) if (n.unit !== undefined && !unitNotes.has(n.unit)) unitNotes.set(n.unit, { en: n.en, vi: n.vi });
    results.push({
      calculator: r.calculator, version: r.version, unit: r.unit,
      values: ids.map((unitId, i) => {
        const v = r.values[i] as number;
        const note = unitNotes.get(i);
        return { unitId, value: Number.isFinite(v) ? v : null, ...(note ? { note } : {}) };
      }),
      whole: Number.isFinite(r.whole) ? r.whole : null,
      inputs: [unitsInput, ...r.usedRoles.map((role) => picked.get(role) as LayerInput)],
      notes: r.notes.filter((n) => n.unit === undefined).map((n) => ({ en: n.en, vi: n.vi })),
      counts: { ...r.counts, ...Object.fromEntries(r.usedRoles.filter((x) => repairedRows[x]).map((x) => [`repaired_${x}`, repairedRows[x] as number])) },
      params: r.params, crs: crs.id,
    });
    opts.onProgress?.(c.id, k + 1, runnable.length);
    await breathe();
  }
  return { units: { ...unitsInput, count: ids.length }, results, skipped };
}
