// A small pool of worker threads for engine analyses. Workers are TypeScript modules run through tsx
// (the server has no build step), so each starts from a one-line bootstrap that registers tsx first.

import { Worker } from 'node:worker_threads';
import { DothiError, ERRORS } from '@dothi/engine';
import type { ErrorCode, ErrorDetails } from '@dothi/engine';
import type { AnalysisTask, WorkerReply } from './analysis-tasks.ts';

const WORKER_URL = new URL('./analysis-worker.ts', import.meta.url).href;
const TSX_API = import.meta.resolve('tsx/esm/api');
/** A worker thread running a TypeScript module: the bootstrap registers tsx, then imports it. */
export function tsxWorker(moduleUrl: string, workerData?: unknown): Worker {
  const boot = `import(${JSON.stringify(TSX_API)}).then((m) => { m.register(); return import(${JSON.stringify(moduleUrl)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

export function toError(e: { message: string; code?: string; details?: Record<string, unknown> }): Error {
  if (e.code && e.code in ERRORS) return new DothiError(e.code as ErrorCode, (e.details ?? {}) as ErrorDetails);
  return new Error(e.message);
}

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending & { worker: number }>();
  private readonly busy: number[] = [];
  private nextId = 1;

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) {
      const w = tsxWorker(WORKER_URL);
      w.on('message', (m: WorkerReply) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        this.release(p.worker);
        if (m.ok) p.resolve(m.result);
        else p.reject(toError(m.error));
      });
      w.on('error', (e) => {
        for (const [id, p] of this.pending) if (p.worker === i) { this.pending.delete(id); this.release(i); p.reject(e); }
      });
      // Idle workers do not keep the process alive; a worker with tasks in flight does (release/run).
      w.unref();
      this.workers.push(w);
      this.busy.push(0);
    }
  }

  /**
   * Runs a task on worker `i`. Buffers listed in `transfer` move to the worker and are detached here:
   * pass only copies made for this task (sliceRows), never the caller's tables.
   */
  run<T>(i: number, task: AnalysisTask, transfer: ArrayBuffer[] = []): Promise<T> {
    const k = i % this.size;
    const w = this.workers[k] as Worker;
    const id = this.nextId++;
    const busy = this.busy[k] as number;
    this.busy[k] = busy + 1;
    if (busy === 0) w.ref();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, worker: k });
      w.postMessage({ id, task }, transfer);
    });
  }

  private release(k: number): void {
    const busy = (this.busy[k] as number) - 1;
    this.busy[k] = busy;
    if (busy === 0) this.workers[k]?.unref();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
