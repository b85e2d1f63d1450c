// How many threads an analysis may use: more than one only when more than one core is free.

import os from 'node:os';

export interface ThreadOptions {
  /** Force this many threads (≥ 1), whatever the load; tests and benchmarks use it. */
  threads?: number;
}

/**
 * Free cores = available parallelism minus the 1-minute load average (rounded), at least 1. Work is
 * split only when that leaves two or more, since a second thread on a busy core only adds transfer cost.
 */
export function analysisThreads(opts: ThreadOptions = {}): number {
  if (opts.threads !== undefined) {
    if (!(Number.isInteger(opts.threads) && opts.threads >= 1)) throw new RangeError(`threads must be a positive integer, got ${opts.threads}`);
    return opts.threads;
  }
  const cores = os.availableParallelism();
  const busy = Math.round(os.loadavg()[0] ?? 0);
  return Math.max(1, cores - busy);
}
