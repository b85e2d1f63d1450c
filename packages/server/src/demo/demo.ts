// The demo a newcomer sees on first start: real OpenStreetMap extracts shipped in examples/,
// loaded through the same OSM importer users run, into workspaces of their own, and COINr's
// example composite index (demo-index.ts).

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../store/db.ts';
import { createWorkspace, listWorkspaces } from '../store/workspaces.ts';
import type { WorkspaceKind } from '../store/workspaces.ts';
import { importFile, limitsFromEnv } from '../imports/import-file.ts';
import { loadDemoIndex } from './demo-index.ts';
import { loadDemoIndicators } from './demo-indicators.ts';
import type { DemoIndicatorPlan } from './demo-indicators.ts';

export const EXAMPLES_DIR = fileURLToPath(new URL('../../../../examples/', import.meta.url));

const ODBL = 'ODbL 1.0, © OpenStreetMap contributors';

interface DemoSet {
  workspace: string;
  name: string;
  kind: WorkspaceKind;
  file: string;
  layerName: string;
  /** The analysis grid its indicators are computed on, and whether residents are modelled from buildings. */
  indicators: DemoIndicatorPlan;
}

export const DEMO: readonly DemoSet[] = [
  { workspace: 'hcmc', name: 'TP. Hồ Chí Minh — trung tâm (Quận 1, Quận 3)', kind: 'city', file: 'hcmc/hcmc-d1-d3.osm.pbf', layerName: 'osm',
    indicators: { cellMetres: 250, modelPopulation: true, period: '2026-01' } },
  { workspace: 'las-palmas', name: 'Las Palmas de Gran Canaria', kind: 'city', file: 'las-palmas/las-palmas-2023-02-21.osm.pbf', layerName: 'osm',
    indicators: { cellMetres: 1000, modelPopulation: false, period: '2023-02' } },
];

export interface DemoResult {
  loaded: boolean;
  layers: number;
  features: number;
  /** Indicator results computed and stored. */
  indicators: number;
  /** Composite index results built and stored. */
  indices: number;
}

/** Loads the demo when the store has no workspace at all; a store someone has used is left alone. */
export async function loadDemoIfEmpty(
  db: Db,
  clock: () => Date,
  onProgress?: (set: string, phase: string, fraction: number) => void,
): Promise<DemoResult> {
  if ((await listWorkspaces(db)).length > 0) return { loaded: false, layers: 0, features: 0, indicators: 0, indices: 0 };
  let layers = 0;
  let features = 0;
  let indicators = 0;
  for (const d of DEMO) {
    await createWorkspace(db, d.workspace, d.name, d.kind);
    const r = await importFile(db, {
      workspace: d.workspace,
      paths: [path.join(EXAMPLES_DIR, d.file)],
      name: d.layerName,
      onInvalid: 'repair',
      // OpenStreetMap data is open (ODbL): the demo's layers stay readable to everyone once accounts exist.
      visibility: 'published',
      licence: ODBL,
      importer: 'dothi demo',
      limits: limitsFromEnv(),
      clock,
      onProgress: (phase, fraction) => onProgress?.(d.workspace, phase, fraction),
    });
    layers += r.layers.length;
    features += r.imported;
    const computed = await loadDemoIndicators(db, d.workspace, d.indicators, clock, (phase, fraction) => onProgress?.(d.workspace, phase, fraction));
    if (computed) indicators += computed.runs.length;
  }
  onProgress?.('asem-demo', 'compute', 0);
  const indices = await loadDemoIndex(db, EXAMPLES_DIR, clock);
  return { loaded: true, layers, features, indicators, indices };
}
