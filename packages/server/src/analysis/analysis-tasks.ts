// Messages between the analysis pool and its workers: one engine call each, with its tables.

import type { FeatureTable, Network } from '@dothi/engine';

export interface RangeOpts {
  start?: number;
  end?: number;
}

export type AnalysisTask =
  | { op: 'zonalStats'; points: FeatureTable; zones: FeatureTable; opts: { value?: string; classBy?: string } & RangeOpts }
  | { op: 'overlayAreas'; zones: FeatureTable; polys: FeatureTable; opts: { classBy: string } & RangeOpts }
  | { op: 'nearest'; origins: FeatureTable; targets: FeatureTable; opts: { k?: number; maxDistance?: number } & RangeOpts }
  | { op: 'aggregateWithin'; net: Network; poiNodes: ArrayLike<number>; radius: number; opts: { weights?: ArrayLike<number> } & RangeOpts }
  | { op: 'isochrones'; net: Network; origins: ArrayLike<number>; maxDistance: number; opts: { concavity?: number } & RangeOpts }
  | { op: 'nearestPoi'; net: Network; poiNodes: ArrayLike<number>; maxDistance: number; opts: RangeOpts };

export type WorkerReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { message: string; code?: string; details?: Record<string, unknown> } };
