// The shape every indicator calculator shares: inputs are the units (polygons in a metric CRS) and
// the sector layers by role; the result is one value per unit plus the whole area, with notes that
// say why a value could not be computed, and the roles it read (for provenance).

import type { FeatureTable } from '../columnar/table.ts';

/** Layer roles a calculator can read; each is a layer kind id of layers/kinds.ts. */
export type LayerRole =
  | 'land_use' | 'plan_zones' | 'buildings' | 'roads' | 'transit_stops' | 'amenities'
  | 'green_spaces' | 'water_bodies' | 'population' | 'innovation_actors';

export const LAYER_ROLES: readonly LayerRole[] = [
  'land_use', 'plan_zones', 'buildings', 'roads', 'transit_stops', 'amenities', 'green_spaces', 'water_bodies', 'population', 'innovation_actors',
];

export interface CalculatorInput {
  /** The spatial units (wards, districts, zones): polygons in a metric CRS (metres). */
  units: FeatureTable;
  /** Sector layers by role, in the same CRS as the units. */
  layers: Partial<Record<LayerRole, FeatureTable>>;
  params?: Record<string, number | string>;
}

export interface CalculatorNote {
  /** Unit row the note is about; absent for a note about the whole run. */
  unit?: number;
  en: string;
  vi: string;
}

export interface CalculatorResult {
  calculator: string;
  version: string;
  /** Unit of measurement of the values. */
  unit: string;
  /** Per unit row; NaN = not computable (a note says why). */
  values: Float64Array;
  /** The value over all units together (not a mean of unit values). */
  whole: number;
  notes: CalculatorNote[];
  usedRoles: LayerRole[];
  /** Named counts that explain the values (for example buildings whose floors were defaulted). */
  counts: Record<string, number>;
  /** The parameters in force, defaults included, so a stored result can be recomputed. */
  params: Record<string, number | string>;
}

export interface Calculator {
  id: string;
  version: string;
  name: { en: string; vi: string };
  /** Unit of measurement, for example 'persons/km²', '%', 'm²/person', 'ratio'. */
  unit: string;
  needs: readonly LayerRole[];
  /** How the value is defined, in both languages (classes, distances, speeds and their sources). */
  definition: { en: string; vi: string };
  compute(input: CalculatorInput): CalculatorResult;
}
