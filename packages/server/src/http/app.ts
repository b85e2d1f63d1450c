// The HTTP API (DESIGN.md §5): Fastify 5 with zod schemas beside each route, one error shape,
// an OpenAPI document built from those same schemas, and the web app when it has been built.

import fs from 'node:fs';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Db } from '../store/db.ts';
import { installErrorHandlers } from './errors.ts';
import { featuresRoutes } from './features.route.ts';
import { healthRoutes } from './health.route.ts';
import { jobsRoutes } from './jobs.route.ts';
import { layersRoutes } from './layers.route.ts';
import { registerWeb } from './web.ts';
import { workspacesRoutes } from './workspaces.route.ts';

export interface AppOptions {
  /** Folder of the built web app (packages/web/dist); the API alone when absent. */
  webRoot?: string;
  /** The only source of "now" (timestamps in responses, jobs), so tests can fix it. */
  clock: () => Date;
  logger?: boolean;
}

function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

export async function buildApp(db: Db, opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'dothi API',
        description: 'Planning support system for smart and green cities. Errors: { error: { code, message, message_vi, details } }.',
        version: packageVersion(),
      },
      tags: [
        { name: 'meta' },
        { name: 'workspaces', description: 'Cities, provinces, parks or districts' },
        { name: 'layers', description: 'Sector layers and the provenance of their immutable versions' },
        { name: 'features', description: 'GeoJSON features in WGS84' },
        { name: 'jobs', description: 'Long work and its progress' },
      ],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(healthRoutes, { db, clock: opts.clock });
  await app.register(workspacesRoutes, { db });
  await app.register(layersRoutes, { db });
  await app.register(featuresRoutes, { db, clock: opts.clock });
  await app.register(jobsRoutes, { db });
  await registerWeb(app, opts.webRoot);
  return app;
}
