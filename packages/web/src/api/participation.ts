// Published summaries of a layer and the comments of stakeholders on it, as the API serves them
// (GET …/summary, …/comments; PUT …/comments/{id}/status).

import { fetchOk, getJson, seg } from './http.ts';

export interface SummaryGroup {
  key: string | null;
  /** Null when withheld. */
  count: number | null;
  sums: Record<string, number> | null;
  suppressed: 'primary' | 'secondary' | null;
}

export interface LayerSummaryTable {
  layer: string;
  version: number;
  sums: string[];
  suppression: { applied: boolean; min_group_size: number };
  groups: SummaryGroup[];
  total: { count: number; sums: Record<string, number> } | null;
}

export function fetchSummary(ws: string, layer: string, by: string, sums: readonly string[], signal?: AbortSignal): Promise<LayerSummaryTable> {
  const q = new URLSearchParams({ by });
  if (sums.length > 0) q.set('sum', sums.join(','));
  return getJson<LayerSummaryTable>(`/api/workspaces/${seg(ws)}/layers/${seg(layer)}/summary?${q.toString()}`, signal);
}

export type CommentStatus = 'pending' | 'published' | 'hidden';

export interface LayerComment {
  comment_id: string;
  feature_id: string | null;
  lon: number | null;
  lat: number | null;
  author: string | null;
  mine: boolean;
  body: string;
  status: CommentStatus;
  created_at: string;
}

export async function fetchComments(ws: string, layer: string, signal?: AbortSignal): Promise<LayerComment[]> {
  return (await getJson<{ comments: LayerComment[] }>(`/api/workspaces/${seg(ws)}/layers/${seg(layer)}/comments`, signal)).comments;
}

export async function postComment(ws: string, layer: string, body: string): Promise<LayerComment> {
  const res = await fetchOk(`/api/workspaces/${seg(ws)}/layers/${seg(layer)}/comments`, {
    method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ body }),
  });
  return (await res.json()) as LayerComment;
}

export async function moderateComment(ws: string, id: string, status: CommentStatus): Promise<LayerComment> {
  const res = await fetchOk(`/api/workspaces/${seg(ws)}/comments/${seg(id)}/status`, {
    method: 'PUT', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ status }),
  });
  return (await res.json()) as LayerComment;
}
