// dothi serve: opens the store, loads the demo into an empty one, serves the API and the web app.

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DothiError } from '@dothi/engine';
import { openStore, resolveStoreOptions } from '../../store/open.ts';
import { failInterruptedJobs } from '../../jobs/jobs.ts';
import { loadDemoIfEmpty } from '../../demo/demo.ts';
import { buildApp } from '../../http/app.ts';
import { countUsers } from '../../auth/accounts.ts';
import type { Ctx } from '../main.ts';
import { makeProgress, say } from '../output.ts';

const WEB_DIR = fileURLToPath(new URL('../../../../web/', import.meta.url));

/** The web app is built on first start, so `npm ci && npm start` needs no separate build step. */
function ensureWebBuilt(): string {
  const dist = path.join(WEB_DIR, 'dist');
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    const r = spawnSync('npm', ['run', 'build', '-w', '@dothi/web'], { stdio: ['ignore', 'ignore', 'inherit'], cwd: path.join(WEB_DIR, '../..') });
    if (r.status !== 0) throw new DothiError('DOTHI_INTERNAL', { detail: 'building the web app failed (npm run build -w @dothi/web)' });
  }
  return dist;
}

export async function serveCommand({ out, flags }: Ctx): Promise<void> {
  const port = Number(flags.port ?? process.env.DOTHI_PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new DothiError('DOTHI_USAGE', { detail: `--port must be 0-65535, not ${flags.port}` });
  const host = flags.host ?? process.env.DOTHI_HOST ?? '127.0.0.1';
  const webRoot = ensureWebBuilt();
  const db = await openStore(resolveStoreOptions(flags));
  const clock = (): Date => new Date();
  // Single-user mode (no sign-in) is only for this machine; anything reachable from elsewhere needs accounts.
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/i.test(host);
  if (!loopback && (await countUsers(db)) === 0) {
    await db.close();
    throw new DothiError('DOTHI_AUTH_ACCOUNTS_REQUIRED', { host });
  }
  const access = !loopback || process.env.DOTHI_ACCESS === 'accounts' ? 'accounts' : 'local';
  await failInterruptedJobs(db, clock);
  if (!flags['no-demo']) {
    const progress = makeProgress(out, process.stderr.isTTY && !out.json ? 'bar' : 'none');
    let announced = false;
    const demo = await loadDemoIfEmpty(db, clock, (_set, phase, fraction) => {
      if (!announced) {
        say(out, 'demo_loading');
        announced = true;
      }
      progress.update(phase, fraction);
    }).finally(() => progress.stop());
    if (demo.loaded) say(out, 'demo_loaded', { layers: demo.layers, features: demo.features, indicators: demo.indicators, indices: demo.indices });
  }
  const app = await buildApp(db, { webRoot, clock, logger: true, access });
  await app.listen({ port, host });
  const addr = app.server.address();
  const url = `http://${host}:${typeof addr === 'object' && addr ? addr.port : port}/`;
  if (out.json) out.stdout(JSON.stringify({ url }) + '\n');
  else say(out, 'serving', { url });
  // On a shared server another process may die with jobs running; its jobs are found here within a minute.
  const sweep = db.backend === 'server'
    ? setInterval(() => void failInterruptedJobs(db, clock).catch((e: unknown) => app.log.warn({ err: e }, 'interrupted-job sweep failed')), 60_000).unref()
    : null;
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      if (sweep) clearInterval(sweep);
      void app.close().then(() => db.close()).then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
