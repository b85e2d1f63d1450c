// A composite-index spec: an ordered list of steps, each a method id with parameters, plus optional
// uncertainty settings. validateSpec turns unknown JSON into a typed spec with every default filled in,
// or throws DOTHI_INDEX_SPEC_INVALID naming the JSON path at fault.

import { DothiError } from '../errors.ts';

export type ImputeMethod = 'mean' | 'median' | 'mean_by_group' | 'median_by_group' | 'none';
export type NormaliseMethod = 'minmax' | 'zscore' | 'rank' | 'percentile_rank' | 'distance_to_target' | 'goalposts';
export type WeightMethod = 'given' | 'equal' | 'entropy' | 'critic' | 'pca';
export type AggregateMethod = 'arithmetic' | 'geometric' | 'harmonic';

export interface DenominateStep { step: 'denominate' }
export interface ImputeStep { step: 'impute'; method: ImputeMethod; group: string | null }
export interface ScreenStep { step: 'screen'; minAvailability: number }
export interface TreatStep { step: 'treat'; method: 'winsorise' | 'none'; winMax: number; skewThreshold: number; kurtThreshold: number; fallback: 'log' | 'none' }
export interface NormaliseStep {
  step: 'normalise';
  method: NormaliseMethod;
  /** minmax: output range. */
  range: [number, number];
  /** zscore: output mean and standard deviation. */
  mean: number;
  sd: number;
  /** distance_to_target: cap scores at 1 when a unit passes its target. */
  cap: boolean;
  /** goalposts: per-indicator [lower, upper] in the indicator's own units, and the output scale. */
  goalposts: Record<string, [number, number]>;
  scale: number;
}
export interface WeightStep { step: 'weight'; method: WeightMethod }
export interface AggregateStep { step: 'aggregate'; method: AggregateMethod; byLevel: Record<string, AggregateMethod> }
export type Step = DenominateStep | ImputeStep | ScreenStep | TreatStep | NormaliseStep | WeightStep | AggregateStep;

export interface UncertaintySpec {
  /** Relative noise on every weight: w·(1 + u·weightNoise), u uniform in [−1, 1]. */
  weightNoise: number;
  /** Normalisation alternatives sampled with equal probability (each a full normalise step). */
  normalisations: NormaliseStep[];
  /** Aggregation alternatives sampled with equal probability. */
  aggregations: AggregateMethod[];
}

export interface IndexSpec {
  steps: Step[];
  uncertainty: UncertaintySpec | null;
}

const IMPUTE: readonly ImputeMethod[] = ['mean', 'median', 'mean_by_group', 'median_by_group', 'none'];
const NORMALISE: readonly NormaliseMethod[] = ['minmax', 'zscore', 'rank', 'percentile_rank', 'distance_to_target', 'goalposts'];
const WEIGHT: readonly WeightMethod[] = ['given', 'equal', 'entropy', 'critic', 'pca'];
const AGGREGATE: readonly AggregateMethod[] = ['arithmetic', 'geometric', 'harmonic'];

function fail(path: string, detail: string): never {
  throw new DothiError('DOTHI_INDEX_SPEC_INVALID', { path, detail });
}

type Obj = Record<string, unknown>;

function obj(v: unknown, path: string): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(path, 'an object is required');
  return v as Obj;
}

function onlyKeys(o: Obj, path: string, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(`${path}.${k}`, `unknown member; allowed: ${allowed.join(', ')}`);
}

function numberAt(o: Obj, key: string, path: string, def: number, check: (n: number) => boolean, rule: string): number {
  const v = o[key];
  if (v === undefined) return def;
  if (typeof v !== 'number' || !Number.isFinite(v) || !check(v)) fail(`${path}.${key}`, rule);
  return v;
}

function oneOf<T extends string>(o: Obj, key: string, path: string, allowed: readonly T[], def?: T): T {
  const v = o[key];
  if (v === undefined && def !== undefined) return def;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) fail(`${path}.${key}`, `one of ${allowed.join(', ')} is required`);
  return v as T;
}

function pair(v: unknown, path: string): [number, number] {
  if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) fail(path, 'two numbers are required');
  const [a, b] = v as [number, number];
  if (!(a < b)) fail(path, 'the first number must be less than the second');
  return [a, b];
}

function normaliseStep(o: Obj, path: string): NormaliseStep {
  onlyKeys(o, path, ['step', 'method', 'range', 'mean', 'sd', 'cap', 'goalposts', 'scale']);
  const method = oneOf(o, 'method', path, NORMALISE);
  const goalposts: Record<string, [number, number]> = {};
  if (o.goalposts !== undefined) for (const [k, v] of Object.entries(obj(o.goalposts, `${path}.goalposts`))) goalposts[k] = pair(v, `${path}.goalposts.${k}`);
  if (method === 'goalposts' && Object.keys(goalposts).length === 0) fail(`${path}.goalposts`, 'goalposts need { "<iCode>": [lower, upper], ... }');
  if (o.cap !== undefined && typeof o.cap !== 'boolean') fail(`${path}.cap`, 'true or false is required');
  return {
    step: 'normalise',
    method,
    range: o.range === undefined ? [0, 100] : pair(o.range, `${path}.range`),
    mean: numberAt(o, 'mean', path, 0, () => true, 'a number is required'),
    sd: numberAt(o, 'sd', path, 1, (n) => n > 0, 'a positive number is required'),
    cap: o.cap === true,
    goalposts,
    scale: numberAt(o, 'scale', path, 100, (n) => n > 0, 'a positive number is required'),
  };
}

function aggregateStep(o: Obj, path: string): AggregateStep {
  onlyKeys(o, path, ['step', 'method', 'byLevel']);
  const byLevel: Record<string, AggregateMethod> = {};
  if (o.byLevel !== undefined) {
    const b = obj(o.byLevel, `${path}.byLevel`);
    for (const k of Object.keys(b)) {
      if (!/^[2-9]$|^[1-9][0-9]+$/.test(k)) fail(`${path}.byLevel.${k}`, 'keys are aggregate levels (2 or more)');
      byLevel[k] = oneOf(b, k, `${path}.byLevel`, AGGREGATE);
    }
  }
  return { step: 'aggregate', method: oneOf(o, 'method', path, AGGREGATE, 'arithmetic'), byLevel };
}

function step(v: unknown, path: string): Step {
  const o = obj(v, path);
  switch (o.step) {
    case 'denominate':
      onlyKeys(o, path, ['step']);
      return { step: 'denominate' };
    case 'impute': {
      onlyKeys(o, path, ['step', 'method', 'group']);
      const method = oneOf(o, 'method', path, IMPUTE);
      const byGroup = method === 'mean_by_group' || method === 'median_by_group';
      if (byGroup && (typeof o.group !== 'string' || o.group === '')) fail(`${path}.group`, 'a group column name is required');
      if (!byGroup && o.group !== undefined) fail(`${path}.group`, 'only the *_by_group methods take a group');
      return { step: 'impute', method, group: byGroup ? (o.group as string) : null };
    }
    case 'screen':
      onlyKeys(o, path, ['step', 'minAvailability']);
      if (o.minAvailability === undefined) fail(`${path}.minAvailability`, 'a number between 0 and 1 is required');
      return { step: 'screen', minAvailability: numberAt(o, 'minAvailability', path, 0, (n) => n >= 0 && n <= 1, 'a number between 0 and 1 is required') };
    case 'treat': {
      onlyKeys(o, path, ['step', 'method', 'winMax', 'skewThreshold', 'kurtThreshold', 'fallback']);
      return {
        step: 'treat',
        method: oneOf(o, 'method', path, ['winsorise', 'none'] as const),
        winMax: numberAt(o, 'winMax', path, 5, (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0 is required'),
        skewThreshold: numberAt(o, 'skewThreshold', path, 2, (n) => n > 0, 'a positive number is required'),
        kurtThreshold: numberAt(o, 'kurtThreshold', path, 3.5, () => true, 'a number is required'),
        fallback: oneOf(o, 'fallback', path, ['log', 'none'] as const, 'log'),
      };
    }
    case 'normalise':
      return normaliseStep(o, path);
    case 'weight':
      onlyKeys(o, path, ['step', 'method']);
      return { step: 'weight', method: oneOf(o, 'method', path, WEIGHT) };
    case 'aggregate':
      return aggregateStep(o, path);
    default:
      return fail(`${path}.step`, 'one of denominate, impute, screen, treat, normalise, weight, aggregate is required');
  }
}

const ORDER: Record<Step['step'], number> = { denominate: 0, impute: 1, screen: 1, treat: 2, normalise: 3, weight: 4, aggregate: 5 };

/** Checks and completes a spec. Steps run in the order given; normalise, weight and aggregate come last, in that order. */
export function validateSpec(input: unknown): IndexSpec {
  const root = obj(input, '$');
  onlyKeys(root, '$', ['steps', 'uncertainty', 'name', 'description']);
  if (!Array.isArray(root.steps) || root.steps.length === 0) fail('$.steps', 'a non-empty array of steps is required');
  const steps = (root.steps as unknown[]).map((s, i) => step(s, `$.steps[${i}]`));
  const seen = new Set<string>();
  steps.forEach((s, i) => {
    if (seen.has(s.step)) fail(`$.steps[${i}].step`, `"${s.step}" appears twice`);
    seen.add(s.step);
  });
  for (let i = 1; i < steps.length; i++) {
    const a = steps[i - 1] as Step;
    const b = steps[i] as Step;
    if (ORDER[b.step] < ORDER[a.step] && ORDER[b.step] >= 3) fail(`$.steps[${i}].step`, `"${b.step}" cannot come after "${a.step}"`);
    if (ORDER[a.step] >= 3 && ORDER[b.step] < 3) fail(`$.steps[${i}].step`, `"${b.step}" cannot come after "${a.step}"`);
  }
  if (!seen.has('aggregate')) fail('$.steps', 'an "aggregate" step is required');
  let uncertainty: UncertaintySpec | null = null;
  if (root.uncertainty !== undefined) {
    const u = obj(root.uncertainty, '$.uncertainty');
    onlyKeys(u, '$.uncertainty', ['weightNoise', 'normalisations', 'aggregations']);
    const norms = u.normalisations === undefined ? [] : u.normalisations;
    if (!Array.isArray(norms)) fail('$.uncertainty.normalisations', 'an array of normalise steps is required');
    const aggs = u.aggregations === undefined ? [] : u.aggregations;
    if (!Array.isArray(aggs)) fail('$.uncertainty.aggregations', 'an array of aggregation methods is required');
    uncertainty = {
      weightNoise: numberAt(u, 'weightNoise', '$.uncertainty', 0.25, (n) => n >= 0 && n < 1, 'a number in [0, 1) is required'),
      normalisations: (norms as unknown[]).map((n, i) => normaliseStep({ step: 'normalise', ...obj(n, `$.uncertainty.normalisations[${i}]`) }, `$.uncertainty.normalisations[${i}]`)),
      aggregations: (aggs as unknown[]).map((a, i) => {
        if (typeof a !== 'string' || !(AGGREGATE as readonly string[]).includes(a)) fail(`$.uncertainty.aggregations[${i}]`, `one of ${AGGREGATE.join(', ')} is required`);
        return a as AggregateMethod;
      }),
    };
  }
  return { steps, uncertainty };
}
