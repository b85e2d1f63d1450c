// The worker side of the analysis pool: runs one engine operation on the tables it was sent and posts
// the result back, transferring the result's buffers (they are new, so nothing shared is detached).

import { parentPort } from 'node:worker_threads';
import { aggregateWithin, isochrones, nearest, nearestPoi, overlayAreas, zonalStats } from '@dothi/engine';
import type { AnalysisTask, WorkerReply } from './analysis-tasks.ts';

function buffersOf(value: unknown, out: Set<ArrayBuffer>): void {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) out.add(value.buffer);
    return;
  }
  if (Array.isArray(value)) { for (const v of value) buffersOf(v, out); return; }
  if (value && typeof value === 'object') for (const v of Object.values(value)) buffersOf(v, out);
}

function run(task: AnalysisTask): unknown {
  switch (task.op) {
    case 'zonalStats': return zonalStats(task.points, task.zones, task.opts);
    case 'overlayAreas': return overlayAreas(task.zones, task.polys, task.opts);
    case 'nearest': return nearest(task.origins, task.targets, task.opts);
    case 'aggregateWithin': return aggregateWithin(task.net, task.poiNodes, task.radius, task.opts);
    case 'isochrones': return isochrones(task.net, task.origins, task.maxDistance, task.opts);
    case 'nearestPoi': return nearestPoi(task.net, task.poiNodes, task.maxDistance, task.opts);
  }
}

const port = parentPort;
if (!port) throw new Error('analysis-worker.ts runs only as a worker thread');
port.on('message', (msg: { id: number; task: AnalysisTask }) => {
  let reply: WorkerReply;
  const transfer = new Set<ArrayBuffer>();
  try {
    const result = run(msg.task);
    buffersOf(result, transfer);
    reply = { id: msg.id, ok: true, result };
  } catch (e) {
    const err = e as Error & { code?: string; details?: Record<string, unknown> };
    reply = { id: msg.id, ok: false, error: { message: err.message, code: err.code, details: err.details } };
  }
  port.postMessage(reply, [...transfer]);
});
