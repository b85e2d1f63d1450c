// The worker side of an off-thread index build: one build from workerData, its result posted back.

import { parentPort, workerData } from 'node:worker_threads';
import type { composite } from '@dothi/engine';
import { buildJson } from './build-json.ts';
import type { UncertaintyRequest } from './build-json.ts';

const port = parentPort;
if (!port) throw new Error('build-worker.ts runs only as a worker thread');
const job = workerData as { input: composite.IndexInput; spec: unknown; uncertainty: UncertaintyRequest };
try {
  port.postMessage({ ok: true, result: buildJson(job.input, job.spec, job.uncertainty) });
} catch (e) {
  const err = e as Error & { code?: string; details?: Record<string, unknown> };
  port.postMessage({ ok: false, error: { message: err.message, code: err.code, details: err.details } });
}
