// Stakeholder comments on a layer, one of its features or a place on it. A comment waits for a
// planner (pending) before other members read it (published), or is set aside (hidden). What a
// caller reads depends on the role: stakeholders their own and the published ones, analysts every
// comment but not who wrote it, planners and owners everything. The author is personal data.

import { randomUUID } from 'node:crypto';
import { DothiError } from '@dothi/engine';
import type { Queryable } from '../store/db.ts';
import { ISO } from '../store/db.ts';
import { seesPersonal } from '../auth/access.ts';
import type { WorkspaceRole } from '../auth/access.ts';

export const COMMENT_STATUSES = ['pending', 'published', 'hidden'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

export interface Comment {
  comment_id: string;
  layer_id: string;
  feature_id: string | null;
  lon: number | null;
  lat: number | null;
  /** Null when the caller may not know who wrote it. */
  author: string | null;
  mine: boolean;
  body: string;
  status: CommentStatus;
  created_at: string;
  moderated_at: string | null;
}

export interface NewComment {
  body: string;
  feature_id?: string;
  lon?: number;
  lat?: number;
}

interface Row extends Omit<Comment, 'mine'> {
  author: string;
}

const COLUMNS = `comment_id, layer_id, feature_id, ST_X(location) lon, ST_Y(location) lat, author, body, status,
  ${ISO('created_at')} created_at, ${ISO('moderated_at')} moderated_at`;

function shown(r: Row, role: WorkspaceRole, actor: string): Comment {
  const mine = r.author === actor;
  return { ...r, author: seesPersonal(role) || mine ? r.author : null, mine };
}

export async function addComment(db: Queryable, ws: string, layer: string, c: NewComment, actor: string, clock: () => Date): Promise<Comment> {
  if (c.feature_id !== undefined) {
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int n from feature f join layer l
          on l.workspace_id = f.workspace_id and l.layer_id = f.layer_id and l.current_version = f.version
        where f.workspace_id = $1 and f.layer_id = $2 and f.source_id = $3`,
      [ws, layer, c.feature_id],
    );
    if ((rows[0]?.n ?? 0) === 0) throw new DothiError('DOTHI_COMMENT_FEATURE_UNKNOWN', { layer, feature: c.feature_id });
  }
  const id = randomUUID();
  const hasPlace = c.lon !== undefined && c.lat !== undefined;
  const { rows } = await db.query<Row>(
    `insert into comment (workspace_id, comment_id, layer_id, feature_id, location, author, body, created_at)
       values ($1, $2, $3, $4, case when $5::boolean then ST_SetSRID(ST_MakePoint($6::float8, $7::float8), 4326) end, $8, $9, $10)
     returning ${COLUMNS}`,
    [ws, id, layer, c.feature_id ?? null, hasPlace, c.lon ?? null, c.lat ?? null, actor, c.body, clock()],
  );
  return { ...rows[0]!, mine: true };
}

export async function listComments(db: Queryable, ws: string, layer: string, role: WorkspaceRole, actor: string, status?: CommentStatus): Promise<Comment[]> {
  // Stakeholders read their own and what a planner published; analysts all but the set-aside.
  const scope = seesPersonal(role) ? 'all' : role === 'analyst' ? 'unhidden' : 'published_or_own';
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from comment
      where workspace_id = $1 and layer_id = $2
        and ($3 = 'all' or author = $4 or ($3 = 'unhidden' and status <> 'hidden') or status = 'published')
        and ($5::text is null or status = $5)
      order by created_at, seq`,
    [ws, layer, scope, actor, status ?? null],
  );
  return rows.map((r) => shown(r, role, actor));
}

export async function moderateComment(
  db: Queryable, ws: string, id: string, status: CommentStatus, actor: string, clock: () => Date,
): Promise<{ before: CommentStatus; comment: Comment }> {
  const { rows: old } = await db.query<{ status: CommentStatus }>('select status from comment where workspace_id = $1 and comment_id = $2', [ws, id]);
  const before = old[0]?.status;
  if (!before) throw new DothiError('DOTHI_COMMENT_NOT_FOUND', { workspace: ws, comment: id });
  const { rows } = await db.query<Row>(
    `update comment set status = $3, moderated_by = $4, moderated_at = $5
      where workspace_id = $1 and comment_id = $2 returning ${COLUMNS}`,
    [ws, id, status, actor, clock()],
  );
  return { before, comment: { ...rows[0]!, mine: rows[0]!.author === actor } };
}
