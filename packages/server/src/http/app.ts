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
import { AccountsProbe, registerAccessGuard } from './access-guard.ts';
import type { AccessMode } from './access-guard.ts';
import { accessRoutes } from './access.route.ts';
import { registerAuditHook } from './audit-hook.ts';
import { authRoutes } from './auth.route.ts';
import { visibilityRoutes } from './visibility.route.ts';
import { commentsRoutes } from './comments.route.ts';
import { exportRoutes } from './export.route.ts';
import { featuresRoutes } from './features.route.ts';
import { healthRoutes } from './health.route.ts';
import { computeRoutes } from './compute.route.ts';
import { importsRoutes } from './imports.route.ts';
import { indexRoutes } from './index.route.ts';
import { indicatorsRoutes } from './indicators.route.ts';
import { observationsRoutes } from './observations.route.ts';
import { targetsRoutes } from './targets.route.ts';
import { jobsRoutes } from './jobs.route.ts';
import { layersRoutes } from './layers.route.ts';
import { registerManners, serverOptions } from './manners.ts';
import type { LoggerSetting } from './manners.ts';
import { limitsFromEnv } from '../imports/import-file.ts';
import type { ImportLimits } from '../imports/import-file.ts';
import { registerWeb } from './web.ts';
import { ogcFeaturesRoutes } from '../ogc/ogc-features.route.ts';
import { tilesRoutes } from '../tiles/tiles.route.ts';
import { workspacesRoutes } from './workspaces.route.ts';

export interface AppOptions {
  /** Folder of the built web app (packages/web/dist); the API alone when absent. */
  webRoot?: string;
  /** The only source of "now" (timestamps in responses, jobs), so tests can fix it. */
  clock: () => Date;
  /** pino through Fastify: true for stdout, or a level and a stream (tests read the lines back). */
  logger?: LoggerSetting;
  /** Origins allowed by CORS (comma list or `*`); DOTHI_CORS_ORIGINS when absent; none when empty. */
  corsOrigins?: string;
  /** Upload limits for imports; DOTHI_MAX_IMPORT_BYTES / DOTHI_MAX_IMPORT_FEATURES when absent. */
  importLimits?: ImportLimits;
  /** Requests per minute per client, 0 for none; DOTHI_RATE_LIMIT when absent (hardening.ts). */
  ratePerMinute?: number;
  /** Time for the rate limiter only; the wall clock when absent. */
  rateClock?: () => number;
  /**
   * `local` (default): while the store has no account, requests from this machine to a loopback
   * host act as its administrator; `accounts`: every caller signs in or sends a token (access-guard.ts).
   */
  access?: AccessMode;
}

function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

export async function buildApp(db: Db, opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify(serverOptions(opts.logger));
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app);
  await registerManners(app, { corsOrigins: opts.corsOrigins ?? process.env.DOTHI_CORS_ORIGINS, ratePerMinute: opts.ratePerMinute, rateClock: opts.rateClock });
  const probe = new AccountsProbe(db);
  registerAccessGuard(app, db, { mode: opts.access ?? 'local', clock: opts.clock }, probe);
  registerAuditHook(app, db, opts.clock);

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
        { name: 'auth', description: 'Signing in and out; who the caller is' },
        { name: 'access', description: 'Members, roles, API tokens and the audit log of a workspace' },
        { name: 'workspaces', description: 'Cities, provinces, parks or districts' },
        { name: 'layers', description: 'Sector layers and the provenance of their immutable versions' },
        { name: 'features', description: 'GeoJSON features in WGS84' },
        { name: 'jobs', description: 'Long work and its progress' },
        { name: 'imports', description: 'Uploads of planners\' files, validated and reprojected into new layer versions' },
        { name: 'tiles', description: 'Mapbox vector tiles and TileJSON of current layer versions' },
        { name: 'ogc', description: 'OGC API – Features Parts 1 and 2 at /ogc, read by QGIS and GDAL' },
        { name: 'catalogs', description: 'Indicator frameworks and custom indicators' },
        { name: 'monitoring', description: 'Observations, targets, progress, benchmarks and computed indicator values' },
        { name: 'participation', description: 'Comments of stakeholders on layers, features and places, moderated by planners' },
        { name: 'indices', description: 'Composite indices: COINr datasets, specs, builds with uncertainty, stored results' },
      ],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  app.get('/api/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());
  await app.register(healthRoutes, { db, clock: opts.clock });
  await app.register(authRoutes, { db, clock: opts.clock, probe });
  await app.register(accessRoutes, { db, clock: opts.clock });
  await app.register(visibilityRoutes, { db });
  await app.register(commentsRoutes, { db, clock: opts.clock });
  await app.register(workspacesRoutes, { db });
  await app.register(layersRoutes, { db });
  await app.register(featuresRoutes, { db, clock: opts.clock });
  await app.register(jobsRoutes, { db });
  await app.register(importsRoutes, { db, clock: opts.clock, limits: opts.importLimits ?? limitsFromEnv() });
  await app.register(exportRoutes, { db });
  await app.register(indicatorsRoutes, { db, clock: opts.clock });
  await app.register(computeRoutes, { db, clock: opts.clock });
  await app.register(observationsRoutes, { db, clock: opts.clock });
  await app.register(targetsRoutes, { db });
  await app.register(indexRoutes, { db, clock: opts.clock });
  await app.register(tilesRoutes, { db });
  await app.register(ogcFeaturesRoutes, { db, clock: opts.clock });
  await registerWeb(app, opts.webRoot);
  return app;
}
