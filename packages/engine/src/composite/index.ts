// Composite indices (COINr-compatible): read COINr's iData/iMeta, validate a spec, build, explain, Monte Carlo.
export * from './model.ts';
export * from './spec.ts';
export * from './log.ts';
export * from './stats.ts';
export * from './sha256.ts';
export * from './prng.ts';
export * from './coinr-input.ts';
export * from './prepare.ts';
export * from './treat.ts';
export * from './normalise.ts';
export * from './weights.ts';
export * from './aggregate.ts';
export * from './build.ts';
export * from './uncertainty.ts';
