// Reads an OSM file (XML or PBF) through GDAL's OSM driver in gdal3.js: GDAL resolves node
// references, builds ways and assembles multipolygon relations. We take its geometry layers as
// GeoJSON with every tag in all_tags. GDAL is told that NO closed way is an area, so every way
// comes as a line with its own tags and only relations come as multipolygons; which closed ways
// are areas is decided in osm-sectors.ts (isAreaWay).

import type { Geometry } from '@dothi/engine';
import { takeGdalMessages, withGdal } from '../gdal.ts';
import type { Gdal } from '../gdal.ts';
import { closedWayPolygon, normaliseGeometry } from './osm-geometry.ts';
import { isAreaWay } from './osm-sectors.ts';
import { HstoreError, parseHstore } from './osm-tags.ts';

/** GDAL's OSM layers that we read; other_relations (routes as collections, sites...) feeds no sector. */
export const GDAL_OSM_LAYERS = ['points', 'lines', 'multilinestrings', 'multipolygons'] as const;
export type GdalOsmLayer = (typeof GDAL_OSM_LAYERS)[number];

export interface RawOsmFeature {
  /** "node/1", "way/2", "relation/3". */
  osmId: string;
  tags: Record<string, string>;
  geometry: Geometry;
  /** all_tags is long enough that GDAL's 8 KiB buffer may have dropped tags (see TRUNCATION_SAFE_BYTES). */
  tagsMayBeTruncated: boolean;
}

/** A GDAL error: the file is damaged or not OSM. The reader turns it into DOTHI_IMPORT_UNREADABLE. */
export class GdalOsmError extends Error {}

const CONF_DIR = '/dothi-osm';
const CONF_PATH = `${CONF_DIR}/osmconf.ini`;

/**
 * GDAL's osmconf.ini: every tag of every feature in all_tags (HSTORE text), no closed way is an
 * area (an empty list also disables GDAL's own area=yes rule), so a relation never borrows tags
 * from its outer way as GDAL does for untagged ("old-style") multipolygons.
 */
export function osmconf(): string {
  const layer = (extra = ''): string =>
    'osm_id=yes\nosm_version=no\nosm_timestamp=no\nosm_uid=no\nosm_user=no\nosm_changeset=no\n' +
    `attributes=\nall_tags=yes\nignore=\n${extra}`;
  return [
    'closed_ways_are_polygons=',
    'report_all_nodes=no',
    'report_all_ways=no',
    'attribute_name_laundering=no',
    // A node is a feature when it has a tag other than these (GDAL's default list).
    `[points]\n${layer('unsignificant=created_by,converted_by,source,time,ele,attribution\n')}`,
    `[lines]\n${layer()}`,
    `[multipolygons]\n${layer()}`,
    `[multilinestrings]\n${layer()}`,
    `[other_relations]\n${layer()}`,
  ].join('\n');
}

// GDAL writes all_tags into an 8192-byte buffer and silently skips a tag when the text so far
// plus twice the tag's length (its worst-case escaping) would not fit. OSM keys and values are at
// most 255 characters (1020 UTF-8 bytes), so below this length no tag can have been skipped.
const TRUNCATION_SAFE_BYTES = 8191 - (2 * 1020 + 2) * 2 - 3;

interface GdalProps {
  osm_id?: string | null;
  osm_way_id?: string | null;
  all_tags?: string | null;
}

function osmIdOf(layer: GdalOsmLayer, p: GdalProps): string | null {
  switch (layer) {
    case 'points':
      return p.osm_id ? `node/${p.osm_id}` : null;
    case 'lines':
      return p.osm_id ? `way/${p.osm_id}` : null;
    case 'multilinestrings':
      return p.osm_id ? `relation/${p.osm_id}` : null;
    case 'multipolygons':
      // osm_way_id would mark a closed way made an area by GDAL; our osmconf makes none.
      return p.osm_id ? `relation/${p.osm_id}` : p.osm_way_id ? `way/${p.osm_way_id}` : null;
  }
}

function toRaw(layer: GdalOsmLayer, f: { properties?: GdalProps | null; geometry?: Geometry | null }): RawOsmFeature | null {
  const p = f.properties ?? {};
  const osmId = osmIdOf(layer, p);
  let geometry = f.geometry ? normaliseGeometry(f.geometry) : null;
  if (!osmId || !geometry) return null;
  const text = p.all_tags ?? '';
  let tags: Record<string, string>;
  try {
    tags = parseHstore(text);
  } catch (e) {
    if (e instanceof HstoreError) throw new GdalOsmError(`GDAL returned unreadable tags for ${osmId}: ${e.message}`);
    throw e;
  }
  if (layer === 'lines' && isAreaWay(tags)) geometry = closedWayPolygon(geometry) ?? geometry;
  return { osmId, tags, geometry, tagsMayBeTruncated: Buffer.byteLength(text) >= TRUNCATION_SAFE_BYTES };
}

const isError = (m: string): boolean => /^ERROR \d+:/.test(m.trim());

function gdalDetail(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (Array.isArray(e)) return e.map(gdalDetail).join('; ');
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message).trim();
  return String(e);
}

let outputSeq = 0;

async function translateLayer(g: Gdal, path: string, layer: GdalOsmLayer, customIndexing: boolean): Promise<Uint8Array> {
  let opened;
  try {
    opened = await g.open(path, [`CONFIG_FILE=${CONF_PATH}`, `USE_CUSTOM_INDEXING=${customIndexing ? 'YES' : 'NO'}`]);
  } catch (e) {
    throw new GdalOsmError(`GDAL could not open it: ${gdalDetail(e)}`);
  }
  const ds = opened.datasets[0];
  if (!ds) throw new GdalOsmError(`GDAL could not open it: ${gdalDetail(opened.errors) || 'no driver recognised the file'}`);
  try {
    const out = await g.ogr2ogr(ds, ['-f', 'GeoJSON', layer], `dothi-osm-${++outputSeq}`);
    try {
      return await g.getFileBytes(out);
    } finally {
      // /output lives in WASM memory for the life of the process: leave nothing behind.
      for (const f of out.all ?? [out]) if (g.Module.FS.analyzePath(f.local).exists) g.Module.FS.unlink(f.local);
    }
  } catch (e) {
    throw new GdalOsmError(`GDAL could not read layer ${layer}: ${gdalDetail(e)}`);
  } finally {
    await g.close(ds);
  }
}

export interface GdalOsmResult {
  /** GDAL warnings, de-duplicated, for the import notes. */
  warnings: string[];
}

/**
 * Reads the file layer by layer, reopening it for each (the OSM driver parses the whole file for
 * any one layer; one pass per layer keeps GDAL's output to one layer at a time), and hands each
 * layer's features to onLayer. Any GDAL error is fatal: the driver returns what it read before a damaged
 * part, and a silently shortened city is worse than no import.
 */
export function readWithGdal(
  path: string,
  onLayer: (layer: GdalOsmLayer, features: RawOsmFeature[]) => void,
  onProgress?: (layersDone: number) => void,
): Promise<GdalOsmResult> {
  return withGdal(async (g) => {
    const fsys = g.Module.FS;
    if (!fsys.analyzePath(CONF_DIR).exists) fsys.mkdir(CONF_DIR);
    fsys.writeFile(CONF_PATH, osmconf());
    const warnings = new Set<string>();
    takeGdalMessages();
    let done = 0;
    // GDAL's fast node index needs ids in increasing order, as in planet extracts; files saved by
    // JOSM or other editors may have them unsorted or negative: then read again with SQLite's index.
    let customIndexing = true;
    for (let i = 0; i < GDAL_OSM_LAYERS.length; i++) {
      const layer = GDAL_OSM_LAYERS[i] as GdalOsmLayer;
      let bytes: Uint8Array | undefined;
      let failure: unknown;
      try {
        bytes = await translateLayer(g, path, layer, customIndexing);
      } catch (e) {
        failure = e;
      }
      // GDAL's own messages say more than the call's failure, and errors come without one.
      const messages = takeGdalMessages();
      const errors = [...new Set(messages.filter(isError).map((m) => m.trim().replace(/^ERROR \d+:\s*/, '')))];
      if (customIndexing && errors.some((m) => /OSM_USE_CUSTOM_INDEXING=NO/.test(m))) {
        customIndexing = false;
        i--;
        continue;
      }
      if (errors.length) throw new GdalOsmError(errors.join('; '));
      if (!bytes) throw failure;
      for (const m of messages) if (/warning/i.test(m)) warnings.add(m.trim());
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw new GdalOsmError(`GDAL wrote text that is not UTF-8 for layer ${layer}; the file's tags are not valid UTF-8`);
      }
      let parsed: { features?: Array<{ properties?: GdalProps | null; geometry?: Geometry | null }> };
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch (e) {
        throw new GdalOsmError(`GDAL's GeoJSON for layer ${layer} could not be parsed: ${(e as Error).message}`);
      }
      const out: RawOsmFeature[] = [];
      for (const f of parsed.features ?? []) {
        const raw = toRaw(layer, f);
        if (raw) out.push(raw);
      }
      onLayer(layer, out);
      onProgress?.(++done);
    }
    return { warnings: [...warnings] };
  });
}
