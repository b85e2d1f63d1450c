// Health: whether the store answers, which backend it is, and whether its schema is the one this
// build expects (a server started against an old database says so here before a route fails).

import { z } from 'zod';
import { DothiError } from '@dothi/engine';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../store/db.ts';
import { MIGRATIONS } from '../store/migrations.ts';
import { ErrorBody } from './schemas.ts';

const EXPECTED = Math.max(...MIGRATIONS.map((m) => m.version));

const Health = z.object({
  status: z.enum(['ok', 'outdated']).describe('outdated: the database schema is older than this build expects'),
  backend: z.enum(['embedded', 'server']),
  schema_version: z.number().int(),
  schema_expected: z.number().int(),
  time: z.string(),
});

export const healthRoutes: FastifyPluginAsyncZod<{ db: Db; clock: () => Date }> = async (app, { db, clock }) => {
  app.get('/api/health', {
    config: { permission: 'public' },
    schema: { tags: ['meta'], summary: 'Store backend and schema version', response: { 200: Health, 503: ErrorBody } },
  }, async () => {
    let version: number;
    try {
      const { rows } = await db.query<{ v: number | null }>('select max(version)::int v from schema_migration');
      version = rows[0]?.v ?? 0;
    } catch (e) {
      throw new DothiError('DOTHI_STORE_UNAVAILABLE', { detail: (e as Error).message });
    }
    return {
      status: version >= EXPECTED ? ('ok' as const) : ('outdated' as const),
      backend: db.backend,
      schema_version: version,
      schema_expected: EXPECTED,
      time: clock().toISOString(),
    };
  });
};
