// The web's client of the dothi REST API: typed responses, and errors in both languages as the
// API sends them (the page shows whichever half matches the current language).

import type { Feature, Geometry } from 'geojson';
import { translate } from './messages.ts';

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
}

export interface LayerList {
  workspace: Workspace;
  bbox: Bbox | null;
  sectors: Array<{ sector: string; layers: string[] }>;
  layers: LayerItem[];
}

export interface LayerDetail extends LayerItem {
  version: number;
  source_crs: string;
  source_crs_reason: string;
  source_sha256: string;
  importer: string;
  personal_attributes: string[];
}

/** Stored features always have a geometry (the column is not null). */
export type GeoFeature = Feature<Geometry, Record<string, unknown> | null>;

interface FeaturePage {
  numberMatched: number;
  numberReturned: number;
  links: Array<{ href: string; rel: string }>;
  features: GeoFeature[];
}

/** An error from the API (its catalog code) or from the network, in both languages. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly en: string,
    readonly vi: string,
    readonly status: number,
  ) {
    super(en);
    this.name = 'ApiError';
  }
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
  } catch (e) {
    if (signal?.aborted) throw e;
    const detail = (e as Error).message;
    throw new ApiError('NETWORK', translate('en', 'error.network', { detail }), translate('vi', 'error.network', { detail }), 0);
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string; message_vi: string } } | null;
    if (body?.error) throw new ApiError(body.error.code, body.error.message, body.error.message_vi, res.status);
    const detail = `HTTP ${res.status}`;
    throw new ApiError('HTTP', translate('en', 'error.network', { detail }), translate('vi', 'error.network', { detail }), res.status);
  }
  return (await res.json()) as T;
}

const seg = encodeURIComponent;

export async function fetchWorkspaces(): Promise<Workspace[]> {
  return (await getJson<{ workspaces: Workspace[] }>('/api/workspaces')).workspaces;
}

export function fetchLayers(ws: string, signal?: AbortSignal): Promise<LayerList> {
  return getJson<LayerList>(`/api/workspaces/${seg(ws)}/layers`, signal);
}

export function fetchLayerDetail(ws: string, layer: string, signal?: AbortSignal): Promise<LayerDetail> {
  return getJson<LayerDetail>(`/api/workspaces/${seg(ws)}/layers/${seg(layer)}`, signal);
}

export const PAGE_SIZE = 5000;
/** Beyond this a layer needs vector tiles, not GeoJSON in the browser; the panel says what is shown. */
export const MAX_FEATURES_IN_BROWSER = 100_000;

export interface LoadProgress {
  features: GeoFeature[];
  matched: number;
  done: boolean;
}

/** Every page of one layer version, following next links, reporting after each page. */
export async function loadFeatures(
  ws: string,
  layer: string,
  version: number,
  onPage: (p: LoadProgress) => void,
  signal: AbortSignal,
): Promise<void> {
  let url: string | undefined = `/api/workspaces/${seg(ws)}/layers/${seg(layer)}/features?limit=${PAGE_SIZE}&version=${version}`;
  const features: GeoFeature[] = [];
  let matched = 0;
  while (url) {
    const page: FeaturePage = await getJson<FeaturePage>(url, signal);
    features.push(...page.features);
    matched = page.numberMatched;
    url = features.length < MAX_FEATURES_IN_BROWSER ? page.links.find((l) => l.rel === 'next')?.href : undefined;
    onPage({ features, matched, done: url === undefined });
  }
}
