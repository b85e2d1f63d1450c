// An index build with Monte Carlo uncertainty runs on a worker thread of its own: 10,000 replications
// take seconds, and on the server's thread they would stop every other request for as long. A plain
// build takes milliseconds and stays on the caller's thread (a worker costs more to start).

import { composite } from '@dothi/engine';
import { toError, tsxWorker } from '../analysis/worker-pool.ts';
import { buildJson } from './build-json.ts';
import type { UncertaintyRequest } from './build-json.ts';

const WORKER_URL = new URL('./build-worker.ts', import.meta.url).href;

type Reply = { ok: true; result: Record<string, unknown> } | { ok: false; error: { message: string; code?: string; details?: Record<string, unknown> } };

export async function buildOffThread(input: composite.IndexInput, spec: unknown, uncertainty?: UncertaintyRequest): Promise<Record<string, unknown>> {
  if (!uncertainty) return buildJson(input, spec);
  // The spec is checked here first, so a bad spec costs no worker and fails exactly as inline.
  composite.validateSpec(spec);
  const worker = tsxWorker(WORKER_URL, { input, spec, uncertainty });
  try {
    return await new Promise<Record<string, unknown>>((resolve, reject) => {
      worker.once('message', (m: Reply) => (m.ok ? resolve(m.result) : reject(toError(m.error))));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the index build worker stopped (exit code ${code}) before answering`)));
    });
  } finally {
    await worker.terminate();
  }
}
