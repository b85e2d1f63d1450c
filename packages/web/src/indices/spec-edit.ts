// Reading and changing one step of an index spec for the builder's controls. The spec stays plain
// JSON (what the API validates and stores); a control that sets a step's method keeps the step's other
// parameters, and a step that is not there is added where the spec's step order puts it.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type StepObj = { [k: string]: Json };
export interface SpecObj { steps: StepObj[]; [k: string]: Json }

export const STEP_ORDER = ['denominate', 'impute', 'screen', 'treat', 'normalise', 'weight', 'aggregate'] as const;
export type StepName = (typeof STEP_ORDER)[number];

export const IMPUTE_METHODS = ['none', 'mean', 'median', 'mean_by_group', 'median_by_group'] as const;
export const NORMALISE_METHODS = ['minmax', 'zscore', 'rank', 'percentile_rank'] as const;
export const WEIGHT_METHODS = ['given', 'equal', 'entropy', 'critic', 'pca'] as const;
export const AGGREGATE_METHODS = ['arithmetic', 'geometric', 'harmonic'] as const;

export function asSpec(v: unknown): SpecObj | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const steps = (v as { steps?: unknown }).steps;
  if (!Array.isArray(steps) || !steps.every((s) => typeof s === 'object' && s !== null && !Array.isArray(s))) return null;
  return v as SpecObj;
}

export function findStep(spec: SpecObj, name: StepName): StepObj | undefined {
  return spec.steps.find((s) => s.step === name);
}

/** A copy of the spec with the step replaced (or added in order, or removed when `step` is null). */
export function withStep(spec: SpecObj, name: StepName, step: StepObj | null): SpecObj {
  const steps = spec.steps.filter((s) => s.step !== name);
  if (step) {
    const rank = STEP_ORDER.indexOf(name);
    const at = steps.findIndex((s) => STEP_ORDER.indexOf(s.step as StepName) > rank);
    steps.splice(at < 0 ? steps.length : at, 0, { ...step, step: name });
  }
  return { ...spec, steps };
}

/** Sets one parameter of a step, creating the step when absent. */
export function setParam(spec: SpecObj, name: StepName, key: string, value: Json): SpecObj {
  return withStep(spec, name, { ...(findStep(spec, name) ?? { step: name }), [key]: value });
}

/** The method a normalise step of this kind needs beside its name (the range for minmax). */
export function normaliseStep(method: string, old: StepObj | undefined): StepObj {
  const keep = old?.method === method ? old : {};
  if (method === 'minmax') return { ...keep, step: 'normalise', method, range: (old?.range as Json) ?? [0, 100] };
  return { ...keep, step: 'normalise', method };
}

/** The impute step for a method: the *_by_group methods keep (or take) a group column; the others have none. */
export function imputeStep(method: string, old: StepObj | undefined, groups: readonly string[]): StepObj {
  if (method === 'mean_by_group' || method === 'median_by_group') {
    const group = typeof old?.group === 'string' ? old.group : groups[0] ?? '';
    return { step: 'impute', method, group };
  }
  return { step: 'impute', method };
}
