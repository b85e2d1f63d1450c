// Stakeholder comments (issue 6: "stakeholder (read published, comment)"), on both backends: who may
// write, who reads what, moderation, personal data (the author), and the audit log.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createUser, setMembership } from '../../src/auth/accounts.ts';
import { createSession } from '../../src/auth/credentials.ts';
import { setVisibility } from '../../src/auth/visibility.ts';
import { buildApp } from '../../src/http/app.ts';
import { BACKENDS, openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { assertError, fixedClock } from './helpers.ts';
import { HCMC_IMPORTED_AT, ODBL, readFixture, seedLayerVersion, seedWorkspace } from './seed.ts';

type Who = 'stakeholder' | 'stakeholder2' | 'analyst' | 'planner' | 'public';

interface CommentJson { comment_id: string; author: string | null; mine: boolean; body: string; status: string; feature_id: string | null; lon: number | null; lat: number | null }

for (const backend of BACKENDS) {
  describe(`comments on layers (${backend})`, () => {
    let store: TestStore;
    let app: FastifyInstance;
    const sessions = new Map<Who, { cookie: string; csrf: string }>();
    let stopId = '';

    const req = (who: Who, opts: InjectOptions): Promise<LightMyRequestResponse> => {
      const s = sessions.get(who);
      const headers: Record<string, string> = { ...(opts.headers as Record<string, string> | undefined) };
      if (s) {
        headers.cookie = s.cookie;
        headers['x-csrf-token'] = s.csrf;
      }
      return app.inject({ ...opts, headers });
    };
    const post = (who: Who, layer: string, payload: unknown) => req(who, { method: 'POST', url: `/api/workspaces/hcmc/layers/${layer}/comments`, payload: payload as object });
    const list = async (who: Who, layer = 'stops') => {
      const res = await req(who, { url: `/api/workspaces/hcmc/layers/${layer}/comments` });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ comments: CommentJson[] }>().comments;
    };

    before(async () => {
      store = await openTestStore(backend);
      const db = store.db;
      await seedWorkspace(db, 'hcmc', 'TP. Hồ Chí Minh');
      const stops = readFixture('hcmc-bus_stops.geojson');
      for (const layer of ['stops', 'internal']) {
        await seedLayerVersion(db, { workspace: 'hcmc', layer, kind: 'transit_stops', title: layer, sourceFile: 'hcmc-bus_stops.geojson', sourceText: stops.text, licence: ODBL, importedAt: HCMC_IMPORTED_AT, features: stops.features.slice(0, 5) });
      }
      await setVisibility(db, 'layer', 'hcmc', 'stops', 'published');
      const { rows } = await db.query<{ source_id: string }>("select source_id from feature where workspace_id = 'hcmc' and layer_id = 'stops' order by fid limit 1");
      stopId = rows[0]!.source_id;
      for (const who of ['stakeholder', 'stakeholder2', 'analyst', 'planner'] as const) {
        const user = await createUser(db, { email: `${who}@example.vn`, password: 'correct horse battery', isAdmin: false }, fixedClock);
        await setMembership(db, 'hcmc', `${who}@example.vn`, who === 'stakeholder2' ? 'stakeholder' : who, fixedClock);
        const s = await createSession(db, user.user_id, fixedClock);
        sessions.set(who, { cookie: `dothi_session=${s.session}`, csrf: s.csrf });
      }
      app = await buildApp(db, { clock: fixedClock, corsOrigins: '', ratePerMinute: 0, access: 'accounts' });
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    test('a stakeholder comments on a published layer, one of its features and a place; not on what it cannot see', async () => {
      const onLayer = await post('stakeholder', 'stops', { body: 'Cần thêm mái che ở các trạm xe buýt này.' });
      assert.equal(onLayer.statusCode, 201, onLayer.body);
      const c = onLayer.json<CommentJson>();
      assert.deepEqual([c.status, c.author, c.mine, c.feature_id, c.lon], ['pending', 'user:stakeholder@example.vn', true, null, null]);
      const onFeature = await post('stakeholder', 'stops', { body: 'Trạm này bị ngập khi mưa lớn.', feature_id: stopId });
      assert.equal(onFeature.json<CommentJson>().feature_id, stopId);
      const onPlace = await post('stakeholder2', 'stops', { body: 'Nên có một trạm ở đây.', lon: 106.7, lat: 10.78 });
      assert.deepEqual([onPlace.json<CommentJson>().lon, onPlace.json<CommentJson>().lat], [106.7, 10.78]);
      assertError(await post('stakeholder', 'stops', { body: 'x', feature_id: 'no-such-stop' }), 404, 'DOTHI_COMMENT_FEATURE_UNKNOWN');
      assertError(await post('stakeholder', 'stops', { body: 'x', lon: 106.7 }), 400, 'DOTHI_USAGE');
      assertError(await post('stakeholder', 'stops', { body: '   ' }), 400, 'DOTHI_USAGE');
      // A workspace-visible layer answers a stakeholder as if it did not exist.
      assertError(await post('stakeholder', 'internal', { body: 'x' }), 404, 'DOTHI_LAYER_NOT_FOUND');
      assertError(await post('public', 'stops', { body: 'x' }), 401, 'DOTHI_AUTH_REQUIRED');
      assertError(await req('public', { url: '/api/workspaces/hcmc/layers/stops/comments' }), 401, 'DOTHI_AUTH_REQUIRED');
    });

    test('until a planner publishes them, stakeholders read only their own; analysts read all but not who wrote them', async () => {
      assert.deepEqual((await list('stakeholder')).map((c) => [c.body.slice(0, 8), c.mine]), [['Cần thêm', true], ['Trạm này', true]]);
      assert.deepEqual((await list('stakeholder2')).map((c) => c.body.slice(0, 8)), ['Nên có m']);
      const analyst = await list('analyst');
      assert.equal(analyst.length, 3);
      assert.deepEqual([...new Set(analyst.map((c) => c.author))], [null], 'the author is personal data');
      const planner = await list('planner');
      assert.deepEqual(planner.map((c) => c.author), ['user:stakeholder@example.vn', 'user:stakeholder@example.vn', 'user:stakeholder2@example.vn']);

      const [first, second, third] = planner;
      const moderate = (who: Who, id: string, status: string) => req(who, { method: 'PUT', url: `/api/workspaces/hcmc/comments/${id}/status`, payload: { status } });
      assertError(await moderate('analyst', first!.comment_id, 'published'), 403, 'DOTHI_AUTH_FORBIDDEN');
      assertError(await moderate('stakeholder', first!.comment_id, 'published'), 403, 'DOTHI_AUTH_FORBIDDEN');
      assertError(await moderate('planner', 'no-such-comment', 'published'), 404, 'DOTHI_COMMENT_NOT_FOUND');
      assert.equal((await moderate('planner', first!.comment_id, 'published')).json<CommentJson>().status, 'published');
      assert.equal((await moderate('planner', third!.comment_id, 'hidden')).json<CommentJson>().status, 'hidden');

      const other = await list('stakeholder2');
      assert.deepEqual(other.map((c) => [c.body.slice(0, 8), c.mine, c.author]), [['Cần thêm', false, null], ['Nên có m', true, 'user:stakeholder2@example.vn']],
        'the published comment without its author, and its own hidden one');
      assert.deepEqual((await list('analyst')).map((c) => c.comment_id), [first!.comment_id, second!.comment_id], 'hidden comments are set aside');
      const pending = await req('planner', { url: '/api/workspaces/hcmc/layers/stops/comments?status=pending' });
      assert.deepEqual(pending.json<{ comments: CommentJson[] }>().comments.map((c) => c.comment_id), [second!.comment_id]);

      const { rows } = await store.db.query<{ action: string; actor: string; summary: { before?: { status: string }; after?: { status: string } } }>(
        "select action, actor, summary from audit_log where workspace_id = 'hcmc' and action like 'PUT %comments%' order by audit_id",
      );
      assert.deepEqual(rows.map((r) => [r.actor, r.summary.before?.status, r.summary.after?.status]), [
        ['user:planner@example.vn', 'pending', 'published'],
        ['user:planner@example.vn', 'pending', 'hidden'],
      ]);
    });
  });
}
