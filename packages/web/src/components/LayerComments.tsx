// Comments on a layer: members from stakeholder up write them; a planner publishes or hides each one
// before other members read it. Who wrote a comment shows only to planners, owners and its author.

import { useEffect, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { fetchMe } from '../api/auth.ts';
import type { Me } from '../api/auth.ts';
import { isAbort } from '../api/http.ts';
import type { LayerItem } from '../api/layers.ts';
import { fetchComments, moderateComment, postComment } from '../api/participation.ts';
import type { CommentStatus, LayerComment } from '../api/participation.ts';
import { useI18n } from '../i18n.tsx';
import { ErrorNote } from './ErrorNote.tsx';

const RANK: Readonly<Record<string, number>> = { stakeholder: 1, analyst: 2, planner: 3, owner: 4 };

/** The role's rank in this workspace: single-user mode and site administrators act as owners. */
function rankIn(me: Me | null, ws: string): number {
  if (!me) return 0;
  if (me.kind === 'local' || me.is_admin) return RANK.owner ?? 4;
  return RANK[me.roles.find((r) => r.workspace_id === ws)?.role ?? ''] ?? 0;
}

export function LayerComments({ ws, layer }: { ws: string; layer: LayerItem }): ReactNode {
  const { t, lang } = useI18n();
  const [me, setMe] = useState<Me | null>(null);
  const [comments, setComments] = useState<LayerComment[] | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const rank = rankIn(me, ws);

  useEffect(() => {
    fetchMe().then(setMe, () => setMe(null));
  }, []);
  useEffect(() => {
    if (rank < 1) return undefined;
    const ctl = new AbortController();
    fetchComments(ws, layer.layer_id, ctl.signal).then(setComments, (e: unknown) => {
      if (!isAbort(e)) setError(e);
    });
    return () => ctl.abort();
  }, [ws, layer.layer_id, rank]);

  if (me === null) return null;
  if (rank < 1) return <p className="muted layer-comments">{t('comments.sign_in')}</p>;

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (text.trim() === '') return;
    setBusy(true);
    setError(null);
    postComment(ws, layer.layer_id, text.trim()).then((c) => {
      setComments((list) => [...(list ?? []), c]);
      setText('');
    }, setError).finally(() => setBusy(false));
  };
  const moderate = (c: LayerComment, status: CommentStatus): void => {
    moderateComment(ws, c.comment_id, status).then((next) => setComments((list) => (list ?? []).map((x) => (x.comment_id === next.comment_id ? next : x))), setError);
  };
  const date = new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  const id = `comment-${layer.layer_id}`;
  return (
    <section className="layer-comments" aria-label={t('comments.title', { title: layer.title })}>
      <h4>{t('comments.heading', { n: comments?.length ?? 0 })}</h4>
      {comments === null && error === null && <p className="muted" role="status">{t('loading')}</p>}
      {comments?.length === 0 && <p className="muted">{t('comments.none')}</p>}
      <ol className="comment-list">
        {(comments ?? []).map((c) => (
          <li key={c.comment_id} className={`comment comment-${c.status}`}>
            <p className="comment-body">{c.body}</p>
            <p className="comment-meta muted">
              {c.mine ? t('comments.you') : c.author ?? t('comments.member')} · {date.format(new Date(c.created_at))} · <span className="comment-status">{t(`comments.status.${c.status}`)}</span>
            </p>
            {rank >= 3 && (
              <div className="comment-actions">
                {c.status !== 'published' && <button type="button" className="button small" onClick={() => moderate(c, 'published')}>{t('comments.publish')}</button>}
                {c.status !== 'hidden' && <button type="button" className="button small" onClick={() => moderate(c, 'hidden')}>{t('comments.hide')}</button>}
              </div>
            )}
          </li>
        ))}
      </ol>
      <form onSubmit={submit} className="comment-form">
        <label htmlFor={id}>{t('comments.new')}</label>
        <textarea id={id} value={text} maxLength={4000} rows={3} onChange={(e) => setText(e.target.value)} />
        <p className="muted">{t('comments.moderated')}</p>
        <button type="submit" className="button small" disabled={busy || text.trim() === ''}>{busy ? t('comments.sending') : t('comments.send')}</button>
      </form>
      {error !== null && <ErrorNote error={error} />}
    </section>
  );
}
