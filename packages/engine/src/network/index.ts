// Street network: build, components, shortest paths, accessibility aggregations, isochrones, densities.
export * from './network.ts';
export { MODE_SPEEDS_KMH, MODE_EXCLUDED, onewayDirection, speedKmh } from './speeds.ts';
export type { TravelMode } from './speeds.ts';
export * from './build.ts';
export * from './dijkstra.ts';
export * from './aggregate.ts';
export * from './isochrones.ts';
export * from './snap.ts';
export * from './density.ts';
