// Indicators computed from layers: the calculator registry and the calculators themselves.
export * from './types.ts';
export * from './classes.ts';
export { polygonCentroids, populationPerUnit, populationOrigins } from './common.ts';
export * from './area-calculators.ts';
export * from './building-calculators.ts';
export * from './network-calculators.ts';
export * from './innovation-calculators.ts';
export * from './registry.ts';
