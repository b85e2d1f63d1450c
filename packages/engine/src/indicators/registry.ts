// The explicit registry of indicator calculators, chosen by id (a catalog entry names its calculator).

import { DothiError } from '../errors.ts';
import { builtUpShare, greenSpacePerCapita, greenSpaceShare, landUseMixEntropy, populationDensity, publicOpenSpaceShare } from './area-calculators.ts';
import { buildingCoverageRatio, floorAreaRatio } from './building-calculators.ts';
import { innovationNearUniversityShare } from './innovation-calculators.ts';
import {
  healthFacility10minShare, intersectionDensityCalc, park10minShare, primarySchool10minShare, streetNetworkDensity, transitStop500mShare,
} from './network-calculators.ts';
import type { Calculator, CalculatorInput, CalculatorResult } from './types.ts';

const ALL: readonly Calculator[] = [
  populationDensity, builtUpShare, greenSpacePerCapita, greenSpaceShare, transitStop500mShare, primarySchool10minShare,
  healthFacility10minShare, park10minShare, landUseMixEntropy, intersectionDensityCalc, streetNetworkDensity,
  buildingCoverageRatio, floorAreaRatio, publicOpenSpaceShare, innovationNearUniversityShare,
];

export const CALCULATORS: Readonly<Record<string, Calculator>> = Object.freeze(Object.fromEntries(ALL.map((c) => [c.id, c])));

export function getCalculator(id: string, registry: Readonly<Record<string, Calculator>> = CALCULATORS): Calculator {
  const c = Object.hasOwn(registry, id) ? registry[id] : undefined;
  if (!c) throw new DothiError('DOTHI_INDICATOR_CALCULATOR_UNKNOWN', { id, known: Object.keys(registry).join(', ') });
  return c;
}

/** Runs one calculator; a coded error for an unknown id or a layer the calculator needs and did not get. */
export function runCalculator(id: string, input: CalculatorInput, registry: Readonly<Record<string, Calculator>> = CALCULATORS): CalculatorResult {
  const c = getCalculator(id, registry);
  for (const role of c.needs) {
    if (!input.layers[role]) throw new DothiError('DOTHI_INDICATOR_LAYER_MISSING', { calculator: id, role });
  }
  return c.compute(input);
}
