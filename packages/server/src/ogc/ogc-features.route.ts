// OGC API – Features (Part 1 Core + GeoJSON, Part 2 CRS by reference), so QGIS, GDAL (OAPIF:) and
// ArcGIS read dothi's layers directly (DESIGN.md §5). One API per workspace and one over all of them:
//
//   /ogc                         every workspace; collection ids `{workspace}__{layer}` (see catalog.ts)
//   /ogc/{workspace}             one city: collection ids are the layer ids, for a planner's QGIS project
//   …/conformance  …/collections  …/collections/{id}  …/collections/{id}/items  …/items/{featureId}
//   …/collections/{id}/queryables
//
// Collections are the layers' current versions. Items default to 10 a page and hold at most 10000
// (larger limits are served as 10000, which Part 1 permits); next/prev links pin the version. Links
// are absolute, built from the request's protocol and Host (X-Forwarded-* only when Fastify trusts a
// proxy), because GDAL resolves a root-relative href against the API's root URL, not the server's.
// JSON is the only encoding; a browser asking for HTML gets JSON too. A workspace slug equal to
// `conformance` or `collections` is reachable only through /ogc, whose fixed paths take precedence.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DothiError } from '@dothi/engine';
import type { z } from 'zod';
import type { Db } from '../store/db.ts';
import { getWorkspace, listWorkspaces } from '../store/workspaces.ts';
import { errorResponses } from '../http/schemas.ts';
import { collectionDoc, collectionTitle, findCollection, listCollections, scopePath } from './catalog.ts';
import type { Scope } from './catalog.ts';
import { roleIn } from '../auth/access.ts';
import type { WorkspaceRole } from '../auth/access.ts';
import { requireWorkspaceVisible, visibleWorkspaceIds } from '../auth/visibility.ts';
import { contentCrs } from './crs.ts';
import type { OgcCrs } from './crs.ts';
import { itemsPage, oneItem } from './items.ts';
import { queryables } from './queryables.ts';
import {
  Collection, CollectionParams, Collections, Conformance, FeatureParams, ITEM_PARAMS, ItemQuery, ItemsQuery, LandingPage,
  META_PARAMS, MetaQuery, OgcFeature, OgcFeatureCollection, Queryables, WsCollectionParams, WsFeatureParams, WsParams,
} from './schemas.ts';
import type { LinkT } from './schemas.ts';

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
] as const;

const origin = (req: FastifyRequest): string => `${req.protocol}://${req.host}`;
const apiRoot = (req: FastifyRequest, s: Scope): string => `${origin(req)}${scopePath(s)}`;
const pathOf = (req: FastifyRequest): string => `${origin(req)}${req.url.split('?')[0] ?? req.url}`;

type Query = Record<string, unknown>;

/**
 * Repeating a parameter with the same value is harmless (GDAL appends the query of an OAPIF: URL to
 * links that may already carry it); repeating it with different values stays an error of validation.
 */
async function collapseRepeats(req: FastifyRequest): Promise<void> {
  const q = req.query as Query;
  for (const [k, v] of Object.entries(q)) {
    if (Array.isArray(v) && v.length > 0 && v.every((x) => x === v[0])) q[k] = v[0];
  }
}

/** Part 1 /req/core/query-param-unknown: a parameter the API definition does not list is a 400. */
function onlyParams(allowed: readonly string[]) {
  return async (req: FastifyRequest): Promise<void> => {
    await collapseRepeats(req);
    for (const k of Object.keys(req.query as Query)) {
      if (!allowed.includes(k)) throw new DothiError('DOTHI_OGC_PARAMETER_UNKNOWN', { parameter: k, allowed: allowed.join(', ') || 'no parameters' });
    }
  };
}

function landing(req: FastifyRequest, s: Scope, name: string | null, workspaces: string[]): z.infer<typeof LandingPage> {
  const root = apiRoot(req, s);
  const links: LinkT[] = [
    { href: root, rel: 'self', type: 'application/json', title: 'This document' },
    { href: `${origin(req)}/api/openapi.json`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.1', title: 'The API definition (OpenAPI 3.1, every dothi route)' },
    { href: `${origin(req)}/api/docs`, rel: 'service-doc', type: 'text/html', title: 'The API documentation' },
    { href: `${root}/conformance`, rel: 'conformance', type: 'application/json', title: 'Conformance classes' },
    { href: `${root}/collections`, rel: 'data', type: 'application/json', title: 'The collections' },
  ];
  for (const w of workspaces) {
    links.push({ href: `${origin(req)}/ogc/${encodeURIComponent(w)}`, rel: 'related', type: 'application/json', title: `The API of workspace ${w} alone` });
  }
  const what = name === null ? 'every workspace (collection ids {workspace}__{layer})' : `workspace ${s.workspace} (${name})`;
  const whatVi = name === null ? 'mọi không gian làm việc' : `không gian làm việc ${s.workspace} (${name})`;
  return {
    title: name === null ? 'dothi — OGC API – Features' : `dothi — ${name} — OGC API – Features`,
    description:
      `The current version of every layer of ${what}, as GeoJSON in CRS84 or, on request, in VN-2000 (geographic, TM-3 zones, UTM) and WGS 84 UTM. ` +
      `Phiên bản hiện hành của mọi lớp thuộc ${whatVi}, dạng GeoJSON theo CRS84 hoặc, khi yêu cầu, theo VN-2000 (địa lý, múi chiếu 3°, UTM) và WGS 84 UTM.`,
    links,
  };
}

async function collections(db: Db, req: FastifyRequest, s: Scope): Promise<z.infer<typeof Collections>> {
  const root = apiRoot(req, s);
  const list = await listCollections(db, s);
  return {
    links: [{ href: `${root}/collections`, rel: 'self', type: 'application/json', title: 'This document' }],
    collections: list.map((c) => collectionDoc(c, s, root)),
  };
}

/** Part 2 /req/crs/ogc-crs-header: every items and item response names its CRS, CRS84 included. */
function sendGeoJson<T>(reply: FastifyReply, crs: OgcCrs, body: T): T {
  reply.type('application/geo+json').header('Content-Crs', contentCrs(crs));
  return body;
}

async function queryablesDoc(db: Db, req: FastifyRequest, s: Scope, id: string): Promise<z.infer<typeof Queryables>> {
  const c = await findCollection(db, s, id);
  const props = Object.fromEntries([...(await queryables(db, c.v))].filter(([k]) => !c.hidden.includes(k)));
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: pathOf(req),
    type: 'object',
    title: collectionTitle(c, s),
    description: 'Each property can be a query parameter of /items: name=value keeps the features whose property, as text, equals value. ' +
      'Mỗi thuộc tính có thể là tham số truy vấn của /items để lọc theo giá trị bằng.',
    properties: props,
    additionalProperties: false,
  };
}

const TAG = ['ogc'];
const READ = { permission: 'read' as const };
const meta = { preValidation: onlyParams(META_PARAMS) };

export const ogcFeaturesRoutes: FastifyPluginAsyncZod<{ db: Db; clock: () => Date }> = async (app, { db, clock }) => {
  const role = (req: FastifyRequest) => (ws: string): WorkspaceRole => roleIn(req.principal, ws);
  const all = (req: FastifyRequest): Scope => ({ workspace: null, role: role(req) });
  // A workspace's own API exists for a caller who has a role there or sees something published in it.
  const one = async (req: FastifyRequest, ws: string): Promise<Scope> => {
    await requireWorkspaceVisible(db, ws, roleIn(req.principal, ws));
    return { workspace: ws, role: role(req) };
  };
  const visibleWorkspaces = async (req: FastifyRequest): Promise<string[]> => {
    const ids = (await listWorkspaces(db)).map((w) => w.workspace_id);
    const visible = await visibleWorkspaceIds(db, req.principal, ids);
    return ids.filter((w) => visible.has(w));
  };

  app.get('/ogc', {
    ...meta,
    config: READ,
    schema: { tags: TAG, summary: 'Landing page of the OGC API over every workspace', querystring: MetaQuery, response: { 200: LandingPage, ...errorResponses } },
  }, async (req) => landing(req, all(req), null, await visibleWorkspaces(req)));

  app.get('/ogc/:ws', {
    ...meta,
    config: READ,
    schema: { tags: TAG, summary: 'Landing page of one workspace\'s OGC API', params: WsParams, querystring: MetaQuery, response: { 200: LandingPage, ...errorResponses } },
  }, async (req) => landing(req, await one(req, req.params.ws), (await getWorkspace(db, req.params.ws)).name, []));

  const conformance = { conformsTo: [...CONFORMANCE] };
  app.get('/ogc/conformance', {
    ...meta,
    config: READ,
    schema: { tags: TAG, summary: 'Conformance classes of the OGC API', querystring: MetaQuery, response: { 200: Conformance, ...errorResponses } },
  }, async () => conformance);
  app.get('/ogc/:ws/conformance', {
    ...meta,
    config: READ,
    schema: { tags: TAG, summary: 'Conformance classes of a workspace\'s OGC API', params: WsParams, querystring: MetaQuery, response: { 200: Conformance, ...errorResponses } },
  }, async (req) => {
    await getWorkspace(db, req.params.ws);
    await one(req, req.params.ws);
    return conformance;
  });

  app.get('/ogc/collections', {
    ...meta,
    config: READ,
    schema: { tags: TAG, summary: 'Every workspace\'s layers as collections ({workspace}__{layer})', querystring: MetaQuery, response: { 200: Collections, ...errorResponses } },
  }, async (req) => collections(db, req, all(req)));
  app.get('/ogc/:ws/collections', {
    ...meta,
    config: READ,
    schema: { tags: TAG, summary: 'A workspace\'s layers as collections', params: WsParams, querystring: MetaQuery, response: { 200: Collections, ...errorResponses } },
  }, async (req) => collections(db, req, await one(req, req.params.ws)));

  app.get('/ogc/collections/:collectionId', {
    ...meta,
    config: READ,
    schema: { tags: TAG, summary: 'One collection: extent, CRSs, licence, links', params: CollectionParams, querystring: MetaQuery, response: { 200: Collection, ...errorResponses } },
  }, async (req) => collectionDoc(await findCollection(db, all(req), req.params.collectionId), all(req), apiRoot(req, all(req))));
  app.get('/ogc/:ws/collections/:collectionId', {
    ...meta,
    config: READ,
    schema: { tags: TAG, summary: 'One collection of a workspace', params: WsCollectionParams, querystring: MetaQuery, response: { 200: Collection, ...errorResponses } },
  }, async (req) => {
    const s = await one(req, req.params.ws);
    return collectionDoc(await findCollection(db, s, req.params.collectionId), s, apiRoot(req, s));
  });

  app.get('/ogc/collections/:collectionId/queryables', {
    ...meta,
    config: READ,
    schema: { tags: TAG, summary: 'Properties the items can be filtered by (JSON Schema)', params: CollectionParams, querystring: MetaQuery, response: { 200: Queryables, ...errorResponses } },
  }, async (req, reply) => {
    reply.type('application/schema+json');
    return queryablesDoc(db, req, all(req), req.params.collectionId);
  });
  app.get('/ogc/:ws/collections/:collectionId/queryables', {
    ...meta,
    config: READ,
    schema: { tags: TAG, summary: 'Properties a workspace collection\'s items can be filtered by (JSON Schema)', params: WsCollectionParams, querystring: MetaQuery, response: { 200: Queryables, ...errorResponses } },
  }, async (req, reply) => {
    reply.type('application/schema+json');
    return queryablesDoc(db, req, await one(req, req.params.ws), req.params.collectionId);
  });

  const itemsDoc = {
    description:
      'GeoJSON FeatureCollection, 10 features a page unless limit says otherwise (at most 10000). The Content-Crs header names the CRS of the ' +
      'coordinates: CRS84 (lon, lat) by default; EPSG:4326 and EPSG:4756 are lat, lon; projected CRSs are easting, northing. ' +
      'Every parameter besides bbox, bbox-crs, crs, datetime, limit, offset, version and f must be a queryable property, and filters by equality.',
  };
  const itemsHandler = async (req: FastifyRequest, reply: FastifyReply, s: Scope, id: string, query: z.infer<typeof ItemsQuery>) => {
    const c = await findCollection(db, s, id, query.version);
    const { body, crs } = await itemsPage(db, c, pathOf(req), query, clock());
    return sendGeoJson(reply, crs, body);
  };
  app.get('/ogc/collections/:collectionId/items', {
    preValidation: collapseRepeats,
    config: READ,
    schema: { tags: TAG, summary: 'Features of a collection', ...itemsDoc, params: CollectionParams, querystring: ItemsQuery, response: { 200: OgcFeatureCollection, ...errorResponses } },
  }, async (req, reply) => itemsHandler(req, reply, all(req), req.params.collectionId, req.query));
  app.get('/ogc/:ws/collections/:collectionId/items', {
    preValidation: collapseRepeats,
    config: READ,
    schema: { tags: TAG, summary: 'Features of a workspace collection', ...itemsDoc, params: WsCollectionParams, querystring: ItemsQuery, response: { 200: OgcFeatureCollection, ...errorResponses } },
  }, async (req, reply) => itemsHandler(req, reply, await one(req, req.params.ws), req.params.collectionId, req.query));

  const itemHandler = async (req: FastifyRequest, reply: FastifyReply, s: Scope, id: string, featureId: string, query: z.infer<typeof ItemQuery>) => {
    const c = await findCollection(db, s, id, query.version);
    const { body, crs } = await oneItem(db, c, pathOf(req), featureId, query);
    return sendGeoJson(reply, crs, body);
  };
  const itemDoc = { description: 'One feature by its integer id (fid); crs as for the items, with the Content-Crs header.' };
  app.get('/ogc/collections/:collectionId/items/:featureId', {
    preValidation: onlyParams(ITEM_PARAMS),
    config: READ,
    schema: { tags: TAG, summary: 'One feature', ...itemDoc, params: FeatureParams, querystring: ItemQuery, response: { 200: OgcFeature, ...errorResponses } },
  }, async (req, reply) => itemHandler(req, reply, all(req), req.params.collectionId, req.params.featureId, req.query));
  app.get('/ogc/:ws/collections/:collectionId/items/:featureId', {
    preValidation: onlyParams(ITEM_PARAMS),
    config: READ,
    schema: { tags: TAG, summary: 'One feature of a workspace collection', ...itemDoc, params: WsFeatureParams, querystring: ItemQuery, response: { 200: OgcFeature, ...errorResponses } },
  }, async (req, reply) => itemHandler(req, reply, await one(req, req.params.ws), req.params.collectionId, req.params.featureId, req.query));
};
