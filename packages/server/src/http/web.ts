// The built web app, served beside the API: files as they are, and index.html for any other page
// path so the single-page app can route itself. Paths under /api never fall back to the page.

import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DothiError } from '@dothi/engine';
import { sendNotFound } from './errors.ts';

export function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

export async function registerWeb(app: FastifyInstance, webRoot: string | undefined): Promise<void> {
  if (!webRoot) {
    app.setNotFoundHandler((req, reply) => sendNotFound(req, reply));
    return;
  }
  const root = path.resolve(webRoot);
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    throw new DothiError('DOTHI_USAGE', { detail: `${root} holds no index.html; build the web app first (npm run build -w @dothi/web)` });
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: ['index.html'],
    setHeaders(reply, file) {
      // Vite puts a content hash in every asset name; the page itself must always be re-checked.
      if (file.includes(`${path.sep}assets${path.sep}`)) reply.header('cache-control', 'public, max-age=31536000, immutable');
      else reply.header('cache-control', 'no-cache');
    },
  });
  app.setNotFoundHandler((req: FastifyRequest, reply: FastifyReply) => {
    const accepts = req.headers.accept ?? '';
    if (isApiPath(req.url) || (req.method !== 'GET' && req.method !== 'HEAD') || !accepts.includes('text/html')) {
      return sendNotFound(req, reply);
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
