// Which collections an OGC API serves, and how each is described. One collection per layer, always
// its current version. Two scopes share the code: /ogc/{workspace} serves one workspace with the
// layer ids as collection ids; /ogc serves every workspace, with ids `{workspace}__{layer}`.
//
// Why `__`: workspace slugs are lower-case letters, digits and hyphens, so the first `__` always
// splits an id unambiguously; unlike `.` or `:` it is taken as a plain layer name by GDAL (including
// its SQL dialects, where `a.b` reads as table b of schema a), QGIS and Shapefile/GeoPackage exports.

import { DothiError, recordsArePersonal } from '@dothi/engine';
import type { Queryable } from '../store/db.ts';
import { getVersion, listLayers } from '../store/layers.ts';
import type { LayerVersion } from '../store/layers.ts';
import { getWorkspace, listWorkspaces } from '../store/workspaces.ts';
import { kindInfo } from '../http/layers.route.ts';
import { canSee, seesPersonal } from '../auth/access.ts';
import type { WorkspaceRole } from '../auth/access.ts';
import { openRecords } from '../auth/layer-access.ts';
import { CRS84, offeredCrs } from './crs.ts';
import type { LinkT } from './schemas.ts';
import type { z } from 'zod';
import type { Collection } from './schemas.ts';

/** A workspace's own API, or (null) the one over every workspace. */
export interface Scope {
  workspace: string | null;
  /** The caller's role in a workspace: what it sees of the layers and their attributes. */
  role: (workspace: string) => WorkspaceRole;
}

export interface CollectionRef {
  id: string;
  workspaceName: string;
  v: LayerVersion;
  /** Personal attributes withheld from this caller. */
  hidden: readonly string[];
}

export const ID_SEPARATOR = '__';

export const scopePath = (s: Scope): string => (s.workspace === null ? '/ogc' : `/ogc/${encodeURIComponent(s.workspace)}`);

function idFor(s: Scope, workspace: string, layer: string): string {
  return s.workspace === null ? `${workspace}${ID_SEPARATOR}${layer}` : layer;
}

export async function listCollections(db: Queryable, s: Scope): Promise<CollectionRef[]> {
  const workspaces = s.workspace === null ? await listWorkspaces(db) : [await getWorkspace(db, s.workspace)];
  const out: CollectionRef[] = [];
  for (const w of workspaces) {
    const role = s.role(w.workspace_id);
    for (const l of await listLayers(db, w.workspace_id)) {
      if (!canSee(role, l.visibility)) continue;
      const v = await getVersion(db, w.workspace_id, l.layer_id, l.current_version);
      // A collection its caller may not open is not offered (QGIS would list it and then fail).
      if (!seesPersonal(role) && recordsArePersonal(v.kind, v.personal_attributes)) continue;
      out.push({ id: idFor(s, w.workspace_id, l.layer_id), workspaceName: w.name, v, hidden: seesPersonal(role) ? [] : v.personal_attributes });
    }
  }
  return out;
}

/**
 * The collection an id names, at `version` or the current one. In a workspace's API a missing
 * workspace keeps its own error: the whole API is missing, not one collection.
 */
export async function findCollection(db: Queryable, s: Scope, id: string, version?: number): Promise<CollectionRef> {
  let workspace = s.workspace;
  let layer = id;
  if (workspace === null) {
    const at = id.indexOf(ID_SEPARATOR);
    workspace = at > 0 ? id.slice(0, at) : null;
    layer = id.slice(at + ID_SEPARATOR.length);
  }
  const missing = new DothiError('DOTHI_OGC_COLLECTION_NOT_FOUND', { collection: id, collections: `${scopePath(s)}/collections` });
  if (workspace === null || layer === '') throw missing;
  try {
    const w = await getWorkspace(db, workspace);
    const role = s.role(workspace);
    const { v, hidden } = await openRecords(db, workspace, layer, role, version);
    return { id, workspaceName: w.name, v, hidden };
  } catch (e) {
    if (!(e instanceof DothiError)) throw e;
    if (e.code === 'DOTHI_LAYER_NOT_FOUND' || (e.code === 'DOTHI_WORKSPACE_NOT_FOUND' && s.workspace === null)) throw missing;
    throw e;
  }
}

/** Licence texts that start with a versioned SPDX id ("ODbL-1.0 © OpenStreetMap contributors") get a link. */
const LICENCE_PAGES: Readonly<Record<string, string>> = {
  'odbl-1.0': 'https://opendatacommons.org/licenses/odbl/1-0/',
  'odc-by-1.0': 'https://opendatacommons.org/licenses/by/1-0/',
  'pddl-1.0': 'https://opendatacommons.org/licenses/pddl/1-0/',
  'cc0-1.0': 'https://creativecommons.org/publicdomain/zero/1.0/',
  'cc-by-4.0': 'https://creativecommons.org/licenses/by/4.0/',
  'cc-by-sa-4.0': 'https://creativecommons.org/licenses/by-sa/4.0/',
};

export function licenceLink(licence: string | null): LinkT | undefined {
  const token = licence?.trim().split(/\s+/)[0];
  if (!licence || !token) return undefined;
  const known = LICENCE_PAGES[token.toLowerCase()];
  if (known) return { href: known, rel: 'license', type: 'text/html', title: licence };
  if (/^[A-Za-z][A-Za-z0-9.+]*(-[A-Za-z0-9.+]+)*-\d+(\.\d+)*(-only|-or-later)?$/.test(token)) {
    return { href: `https://spdx.org/licenses/${token}.html`, rel: 'license', type: 'text/html', title: licence };
  }
  return undefined;
}

export function collectionTitle(c: CollectionRef, s: Scope): string {
  const k = kindInfo(c.v.kind);
  const base = `${c.v.title} · ${k.en} / ${k.vi}`;
  return s.workspace === null ? `${c.workspaceName}: ${base}` : base;
}

function description(c: CollectionRef): string {
  const v = c.v;
  const k = kindInfo(v.kind);
  const src = `${v.source_file} (${v.source_format}, source CRS ${v.source_crs})`;
  const srcVi = `${v.source_file} (${v.source_format}, hệ tọa độ gốc ${v.source_crs})`;
  return (
    `Layer "${v.layer_id}" of workspace "${v.workspace_id}" (${c.workspaceName}), kind ${k.en} (sector ${k.sector}). ` +
    `Version ${v.version}, imported ${v.imported_at} from ${src}; ${v.feature_count} features. ` +
    `Licence: ${v.licence ?? 'not recorded'}. ` +
    `Lớp "${v.layer_id}" của không gian làm việc "${v.workspace_id}", loại ${k.vi}. ` +
    `Phiên bản ${v.version}, nhập lúc ${v.imported_at} từ ${srcVi}; ${v.feature_count} đối tượng. ` +
    `Giấy phép: ${v.licence ?? 'chưa ghi nhận'}.`
  );
}

/** The collection resource, with absolute links under `base` (the API's root URL). */
export function collectionDoc(c: CollectionRef, s: Scope, base: string): z.infer<typeof Collection> {
  const k = kindInfo(c.v.kind);
  const self = `${base}/collections/${encodeURIComponent(c.id)}`;
  const links: LinkT[] = [
    { href: self, rel: 'self', type: 'application/json', title: 'This collection' },
    { href: `${self}/items`, rel: 'items', type: 'application/geo+json', title: 'Features (GeoJSON)' },
    { href: `${self}/queryables`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables', type: 'application/schema+json', title: 'Properties the items can be filtered by' },
  ];
  const licence = licenceLink(c.v.licence);
  if (licence) links.push(licence);
  const bbox = c.v.bbox;
  return {
    id: c.id,
    title: collectionTitle(c, s),
    description: description(c),
    keywords: [...new Set([k.id, k.en, k.vi, k.sector])],
    ...(bbox ? { extent: { spatial: { bbox: [[...bbox]], crs: CRS84 } } } : {}),
    itemType: 'feature',
    crs: offeredCrs(bbox).map((o) => o.uri),
    storageCrs: CRS84,
    links,
  };
}
