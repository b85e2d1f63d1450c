// The composite-index part of the demo: COINr's published example (ASEM Sustainable Connectivity,
// MIT) as a dataset of its own workspace, with COINr's example build as a spec and one stored result
// with a Monte Carlo of the ranks, so the index page has something real to show on first start.

import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/db.ts';
import { createWorkspace } from '../store/workspaces.ts';
import { addDataset, buildAndStore, saveSpec } from '../composite/index-store.ts';

export const ASEM_DEMO = {
  workspace: 'asem-demo',
  name: 'ASEM Sustainable Connectivity (COINr example)',
  dataset: 'asem',
  spec: 'asem-coinr',
} as const;

/** Loads the ASEM workspace; returns the number of index results stored. */
export async function loadDemoIndex(db: Db, examples: string, clock: () => Date): Promise<number> {
  const dir = path.join(examples, 'coinr-asem');
  await createWorkspace(db, ASEM_DEMO.workspace, ASEM_DEMO.name, 'other');
  await addDataset(db, ASEM_DEMO.workspace, {
    dataset_id: ASEM_DEMO.dataset,
    name: 'ASEM Sustainable Connectivity Portal, 51 countries × 49 indicators',
    idata: fs.readFileSync(path.join(dir, 'ASEM_iData.csv'), 'utf8'),
    imeta: fs.readFileSync(path.join(dir, 'ASEM_iMeta.csv'), 'utf8'),
    source: {
      publisher: 'European Commission JRC, as shipped with the COINr R package (github.com/bluefoxr/COINr)',
      licence: 'MIT',
      url: 'https://github.com/bluefoxr/COINr',
      files: { idata: 'ASEM_iData.csv', imeta: 'ASEM_iMeta.csv' },
    },
  }, clock);
  const spec = JSON.parse(fs.readFileSync(path.join(examples, 'index-specs', 'asem-uncertainty.json'), 'utf8')) as unknown;
  await saveSpec(db, ASEM_DEMO.workspace, ASEM_DEMO.spec, spec, 'create');
  await buildAndStore(db, ASEM_DEMO.workspace, ASEM_DEMO.spec, ASEM_DEMO.dataset, { replications: 1000, seed: 42 }, clock);
  return 1;
}
