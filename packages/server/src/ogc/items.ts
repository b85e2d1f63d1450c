// The items of a collection (OGC API – Features Part 1 /items and /items/{featureId}), in the CRS a
// client asks for (Part 2). Pages are read by offset in fid order; next and prev links carry every
// parameter plus the version, so a client walking them reads one immutable version, each feature once.

import { withoutHidden } from '../auth/layer-access.ts';
import { DothiError } from '@dothi/engine';
import type { z } from 'zod';
import type { Queryable } from '../store/db.ts';
import { countFeatures, getFeatureRow, readFeatureRows } from '../store/layers.ts';
import type { FeatureRow } from '../store/layers.ts';
import type { CollectionRef } from './catalog.ts';
import { bboxArea, geometryWriter, offeredCrs, resolveCrs } from './crs.ts';
import type { OgcCrs, Ring } from './crs.ts';
import { queryables } from './queryables.ts';
import { ITEMS_PARAMS, MAX_LIMIT } from './schemas.ts';
import type { ItemsQuery, LinkT, OgcFeature, OgcFeatureCollection } from './schemas.ts';

type Feature = z.infer<typeof OgcFeature>;
type Query = z.infer<typeof ItemsQuery>;

/**
 * Leaves unescaped what a query may carry as is (RFC 3986 §3.4) and CRS URIs and bboxes are made of:
 * GDAL appends the query of an `OAPIF:…?crs=http://…` URL to each link unless the link already holds
 * it verbatim, and a second, differently spelt crs would make the request ambiguous.
 */
function encodeValue(s: string): string {
  return encodeURIComponent(s).replace(/%3A/gi, ':').replace(/%2F/gi, '/').replace(/%2C/gi, ',').replace(/%40/gi, '@');
}

export function withQuery(path: string, params: ReadonlyArray<readonly [string, string]>): string {
  return params.length ? `${path}?${params.map(([k, v]) => `${encodeValue(k)}=${encodeValue(v)}`).join('&')}` : path;
}

function parseBbox(raw: string): number[] {
  const n = raw.split(',').map((x) => (x.trim() === '' ? NaN : Number(x)));
  if ((n.length !== 4 && n.length !== 6) || n.some((x) => !Number.isFinite(x))) {
    throw new DothiError('DOTHI_USAGE', { detail: `bbox must be 4 or 6 comma-separated numbers, got "${raw}"` });
  }
  return n;
}

const DATE = '\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])';
const DATE_TIME = `${DATE}(T([01]\\d|2[0-3]):[0-5]\\d:([0-5]\\d|60)(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2}))?`;
const DATETIME = new RegExp(`^(${DATE_TIME}|(${DATE_TIME}|\\.\\.|)/(${DATE_TIME}|\\.\\.|))$`, 'i');

function checkDatetime(raw: string): void {
  if (!DATETIME.test(raw) || raw === '/' || /^(\.\.)?\/(\.\.)?$/.test(raw)) {
    throw new DothiError('DOTHI_USAGE', { detail: `datetime must be an RFC 3339 date-time or an interval such as 2025-07-01T00:00:00Z/.., got "${raw}"` });
  }
}

export const outputFeature = (r: FeatureRow, write: (g: FeatureRow['geometry']) => FeatureRow['geometry']): Feature => ({
  type: 'Feature',
  id: r.fid,
  geometry: r.geometry ? write(r.geometry) : null,
  properties: { ...r.properties, 'dothi:source_id': r.sourceId },
});

export interface ItemsResult {
  body: z.infer<typeof OgcFeatureCollection>;
  crs: OgcCrs;
}

/**
 * One page of items. `self` is the absolute URL of this collection's /items; `query` the validated
 * parameters, where every key that is not a parameter of the operation is a property filter.
 */
export async function itemsPage(db: Queryable, c: CollectionRef, self: string, query: Query, now: Date): Promise<ItemsResult> {
  const v = c.v;
  const offered = offeredCrs(v.bbox);
  const crs = query.crs === undefined ? (offered[0] as OgcCrs) : resolveCrs(query.crs, offered, c.id, 'crs');
  const where: Record<string, string> = {};
  const known = await queryables(db, v);
  for (const h of c.hidden) known.delete(h);
  for (const [k, value] of Object.entries(query)) {
    if ((ITEMS_PARAMS as readonly string[]).includes(k) || typeof value !== 'string') continue;
    if (!known.has(k)) {
      throw new DothiError('DOTHI_OGC_PROPERTY_UNKNOWN', {
        parameter: k,
        allowed: ITEMS_PARAMS.join(', '),
        collection: c.id,
        queryables: self.replace(/\/items$/, '/queryables'),
      });
    }
    where[k] = value;
  }
  if (query.datetime !== undefined) checkDatetime(query.datetime);
  let area: { rings: Ring[]; rectangle: [number, number, number, number] | null } | undefined;
  let bboxValues: number[] | undefined;
  if (query.bbox !== undefined) {
    bboxValues = parseBbox(query.bbox);
    const bboxCrs = query['bbox-crs'] === undefined ? (offered[0] as OgcCrs) : resolveCrs(query['bbox-crs'], offered, c.id, 'bbox-crs');
    area = bboxArea(bboxValues, bboxCrs);
  } else if (query['bbox-crs'] !== undefined) {
    resolveCrs(query['bbox-crs'], offered, c.id, 'bbox-crs');
  }
  const limit = Math.min(query.limit, MAX_LIMIT);
  const offset = query.offset;
  const filtered = area !== undefined || Object.keys(where).length > 0;
  // A lon/lat box goes to the store as a rectangle; a projected or antimeridian-crossing one as its rings.
  const q = { ...(area ? (area.rectangle ? { bbox: area.rectangle } : { area: area.rings }) : {}), where };
  const [matched, rows] = await Promise.all([
    filtered ? countFeatures(db, v, q) : Promise.resolve(v.feature_count),
    readFeatureRows(db, v, { ...q, limit, offset }),
  ]);
  const write = geometryWriter(crs);
  const features = rows.map((r) => withoutHidden(outputFeature(r, write), c.hidden));

  const params = (at: number): Array<[string, string]> => {
    const p: Array<[string, string]> = [];
    if (bboxValues) p.push(['bbox', bboxValues.join(',')]);
    if (query['bbox-crs'] !== undefined) p.push(['bbox-crs', query['bbox-crs']]);
    if (query.crs !== undefined) p.push(['crs', query.crs]);
    if (query.datetime !== undefined) p.push(['datetime', query.datetime]);
    for (const [k, val] of Object.entries(where)) p.push([k, val]);
    p.push(['limit', String(limit)], ['offset', String(at)], ['version', String(v.version)]);
    if (query.f !== undefined) p.push(['f', query.f]);
    return p;
  };
  const type = 'application/geo+json';
  const links: LinkT[] = [
    { href: withQuery(self, params(offset)), rel: 'self', type, title: 'This page' },
    { href: self.replace(/\/items$/, ''), rel: 'collection', type: 'application/json', title: 'The collection' },
  ];
  if (offset + features.length < matched) {
    links.push({ href: withQuery(self, params(offset + limit)), rel: 'next', type, title: 'Next page' });
  }
  if (offset > 0) links.push({ href: withQuery(self, params(Math.max(0, offset - limit))), rel: 'prev', type, title: 'Previous page' });
  return {
    crs,
    body: { type: 'FeatureCollection', timeStamp: now.toISOString(), numberMatched: matched, numberReturned: features.length, links, features },
  };
}

/** One feature by fid; ids that are not fids of this version are a 404, like any missing resource. */
export async function oneItem(
  db: Queryable,
  c: CollectionRef,
  self: string,
  featureId: string,
  query: { crs?: string | undefined; f?: string | undefined },
): Promise<{ body: Feature; crs: OgcCrs }> {
  const offered = offeredCrs(c.v.bbox);
  const crs = query.crs === undefined ? (offered[0] as OgcCrs) : resolveCrs(query.crs, offered, c.id, 'crs');
  const fid = /^\d{1,10}$/.test(featureId) ? Number(featureId) : NaN;
  const row = fid <= 2 ** 31 - 1 ? await getFeatureRow(db, c.v, fid) : undefined;
  if (!row) throw new DothiError('DOTHI_OGC_FEATURE_NOT_FOUND', { feature: featureId, collection: c.id });
  const collection = self.replace(/\/items\/[^/]*$/, '');
  const keep: Array<[string, string]> = [];
  if (query.crs !== undefined) keep.push(['crs', query.crs]);
  keep.push(['version', String(c.v.version)]);
  const body = {
    ...withoutHidden(outputFeature(row, geometryWriter(crs)), c.hidden),
    links: [
      { href: withQuery(self, keep), rel: 'self', type: 'application/geo+json', title: 'This feature' },
      { href: collection, rel: 'collection', type: 'application/json', title: 'The collection' },
    ],
  };
  return { body, crs };
}
