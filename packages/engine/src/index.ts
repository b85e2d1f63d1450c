// Public surface of the engine: pure computation, no I/O.
export * from './errors.ts';
export * from './geo/geojson.ts';
export * from './crs/registry.ts';
export * from './crs/transform.ts';
export * from './layers/kinds.ts';
export * from './layers/validate.ts';
export * from './text/csv.ts';
export * from './columnar/table.ts';
export * from './columnar/geojson.ts';
export * from './metric/metric.ts';
