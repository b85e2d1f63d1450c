// Workspaces, their layers by sector, and the provenance of every layer version.

import { getJson, seg } from './http.ts';

export interface Workspace {
  workspace_id: string;
  name: string;
  kind: string;
  created_at: string;
  layer_count: number;
}

export type Bbox = [number, number, number, number];

export interface KindInfo {
  id: string;
  en: string;
  vi: string;
  sector: string;
}

export interface LayerItem {
  layer_id: string;
  kind: string;
  kind_info: KindInfo;
  title: string;
  current_version: number;
  version_count: number;
  feature_count: number;
  source_file: string;
  licence: string | null;
  imported_at: string;
  bbox: Bbox | null;
  /** Each record is about a household or a person, and this caller reads the layer only as summaries. */
  summary_only: boolean;
}

export interface LayerList {
  workspace: Workspace;
  bbox: Bbox | null;
  sectors: Array<{ sector: string; layers: string[] }>;
  layers: LayerItem[];
}

/** One immutable version's provenance, as /versions lists it. */
export interface LayerVersion {
  layer_id: string;
  version: number;
  kind: string;
  title: string;
  source_file: string;
  source_sha256: string;
  source_format: string;
  source_crs: string;
  source_crs_reason: string;
  licence: string | null;
  importer: string;
  imported_at: string;
  feature_count: number;
  rejected_count: number;
  repaired_count: number;
  on_invalid: string;
  personal_attributes: string[];
  bbox: Bbox | null;
}

export async function fetchWorkspaces(): Promise<Workspace[]> {
  return (await getJson<{ workspaces: Workspace[] }>('/api/workspaces')).workspaces;
}

export function fetchLayers(ws: string, signal?: AbortSignal): Promise<LayerList> {
  return getJson<LayerList>(`/api/workspaces/${seg(ws)}/layers`, signal);
}

/** Every version of a layer, newest first (the API lists them oldest first). */
export async function fetchVersions(ws: string, layer: string, signal?: AbortSignal): Promise<LayerVersion[]> {
  const r = await getJson<{ versions: LayerVersion[] }>(`/api/workspaces/${seg(ws)}/layers/${seg(layer)}/versions`, signal);
  return [...r.versions].sort((a, b) => b.version - a.version);
}
