// Comments of stakeholders and members on the layers they see: written by stakeholders and up,
// moderated (published or set aside) by planners; who wrote a comment is shown to planners and
// owners only (participation/comments.ts).

import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../store/db.ts';
import { getVersion } from '../store/layers.ts';
import { actorName, roleIn } from '../auth/access.ts';
import { refuseRecords } from '../auth/layer-access.ts';
import { requireVisible } from '../auth/visibility.ts';
import { addComment, COMMENT_STATUSES, listComments, moderateComment } from '../participation/comments.ts';
import { errorResponses, LayerParams, WorkspaceParams } from './schemas.ts';

const StatusEnum = z.enum(COMMENT_STATUSES);

const Comment = z.object({
  comment_id: z.string(),
  layer_id: z.string(),
  feature_id: z.string().nullable().describe('The source id of the feature commented on, in the layer\'s current version at the time'),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  author: z.string().nullable().describe('user:EMAIL, token:ID or local; null unless the caller is a planner, an owner or the author'),
  mine: z.boolean(),
  body: z.string(),
  status: StatusEnum.describe('pending until a planner publishes it (other members then read it) or hides it'),
  created_at: z.string(),
  moderated_at: z.string().nullable(),
});

const NewComment = z.strictObject({
  body: z.string().trim().min(1).max(4000).describe('The comment, in whatever language its author writes'),
  feature_id: z.string().min(1).max(200).optional().describe('Comment on one feature (its source id in the current version)'),
  lon: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
}).refine((b) => (b.lon === undefined) === (b.lat === undefined), { message: 'a place needs both lon and lat' });

const ListQuery = z.object({ status: StatusEnum.optional() });

export const commentsRoutes: FastifyPluginAsyncZod<{ db: Db; clock: () => Date }> = async (app, { db, clock }) => {
  app.get('/api/workspaces/:ws/layers/:layer/comments', {
    config: { permission: 'comment' },
    schema: {
      tags: ['participation'],
      summary: 'Comments on a layer, oldest first: stakeholders read their own and the published ones; analysts all but the hidden, without authors',
      params: LayerParams,
      querystring: ListQuery,
      response: { 200: z.object({ comments: z.array(Comment) }), ...errorResponses },
    },
  }, async (req) => {
    const role = roleIn(req.principal, req.params.ws);
    await requireVisible(db, 'layer', req.params.ws, req.params.layer, role);
    return { comments: await listComments(db, req.params.ws, req.params.layer, role, actorName(req.principal), req.query.status) };
  });

  app.post('/api/workspaces/:ws/layers/:layer/comments', {
    config: { permission: 'comment' },
    schema: {
      tags: ['participation'],
      summary: 'Comment on a layer, one of its features or a place on it; planners publish or hide it',
      params: LayerParams,
      body: NewComment,
      response: { 201: Comment, ...errorResponses },
    },
  }, async (req, reply) => {
    const { ws, layer } = req.params;
    const role = roleIn(req.principal, ws);
    await requireVisible(db, 'layer', ws, layer, role);
    // Naming a feature would confirm a record exists where the caller may not read records.
    if (req.body.feature_id !== undefined) refuseRecords(await getVersion(db, ws, layer), role);
    const comment = await addComment(db, ws, layer, req.body, actorName(req.principal), clock);
    return reply.code(201).send(comment);
  });

  app.put('/api/workspaces/:ws/comments/:id/status', {
    config: { permission: 'edit' },
    schema: {
      tags: ['participation'],
      summary: 'Moderate a comment: publish it to the workspace\'s members, hide it, or put it back to pending',
      params: WorkspaceParams.extend({ id: z.string().min(1).max(100) }),
      body: z.object({ status: StatusEnum }),
      response: { 200: Comment, ...errorResponses },
    },
  }, async (req) => {
    const { before, comment } = await moderateComment(db, req.params.ws, req.params.id, req.body.status, actorName(req.principal), clock);
    req.audit = { before: { status: before }, after: { status: comment.status } };
    return comment;
  });
};
