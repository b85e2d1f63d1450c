// Bringing one MapLibre map in line with the page's state: which layer versions have sources and
// layers, which are visible, their colours, the highlighted feature and the optional basemap. Each
// function compares with what it drew last (Drawn), so React can call them on every change.

import type { ExpressionSpecification, MapGeoJSONFeature, Map as MlMap, PointLike } from 'maplibre-gl';
import type { Bbox, LayerItem } from '../api/layers.ts';
import { geometryBbox } from '../api/features.ts';
import type { SelectionRef } from '../view-hash.ts';
import { BASEMAP_LAYER, BASEMAP_SOURCE, OSM_SOURCE } from './basemap.ts';
import { fillOpacity, kindColour } from './colours.ts';
import { highlightFilters, highlightId, KEY_EXPRESSION, partId, sourceId, styleDataLayers, tileSource } from './style.ts';
import { THEMATIC_FILL_OPACITY } from './thematic.ts';

export interface Drawn {
  ws: string | null;
  /** Layer id → the version its source serves. */
  versions: Map<string, number>;
  kinds: Map<string, string>;
  byDataLayer: Map<string, string[]>;
  /** Layer id → the colour expression applied, as JSON, or '' for the kind's colour. */
  colours: Map<string, string>;
  highlight: SelectionRef | null;
}

export function emptyDrawn(): Drawn {
  return { ws: null, versions: new Map(), kinds: new Map(), byDataLayer: new Map(), colours: new Map(), highlight: null };
}

const HIGHLIGHT_PARTS = ['fill', 'line', 'circle'] as const;

/** Sources of unchanged versions are kept (their tiles too); layers are re-added in draw order. */
export function syncDataLayers(map: MlMap, drawn: Drawn, ws: string | null, layers: readonly LayerItem[], origin: string): boolean {
  const same = drawn.ws === ws && drawn.versions.size === layers.length
    && layers.every((l) => drawn.versions.get(l.layer_id) === l.current_version && drawn.kinds.get(l.layer_id) === l.kind);
  if (same) return false;
  for (const [layer, ids] of drawn.byDataLayer) {
    for (const id of [...ids, ...HIGHLIGHT_PARTS.map((p) => highlightId(layer, p))]) if (map.getLayer(id)) map.removeLayer(id);
  }
  const wanted = new Map(layers.map((l) => [l.layer_id, l]));
  for (const [layer, version] of drawn.versions) {
    const l = wanted.get(layer);
    if (drawn.ws !== ws || !l || l.current_version !== version) map.removeSource(sourceId(layer));
  }
  for (const l of layers) {
    if (!map.getSource(sourceId(l.layer_id))) map.addSource(sourceId(l.layer_id), tileSource(origin, ws ?? '', l.layer_id, l.current_version, l.bbox));
  }
  const styled = styleDataLayers(layers);
  for (const spec of styled.specs) map.addLayer(spec);
  drawn.ws = ws;
  drawn.versions = new Map(layers.map((l) => [l.layer_id, l.current_version]));
  drawn.kinds = new Map(layers.map((l) => [l.layer_id, l.kind]));
  drawn.byDataLayer = styled.byDataLayer;
  drawn.colours = new Map();
  drawn.highlight = null;
  return true;
}

export function syncVisibility(map: MlMap, drawn: Drawn, visible: ReadonlySet<string>): void {
  for (const [layer, ids] of drawn.byDataLayer) {
    const v = visible.has(layer) ? 'visible' : 'none';
    for (const id of ids) if (map.getLayoutProperty(id, 'visibility') !== v) map.setLayoutProperty(id, 'visibility', v);
  }
}

export function syncColours(map: MlMap, drawn: Drawn, thematic: ReadonlyMap<string, ExpressionSpecification>): void {
  for (const [layer, kind] of drawn.kinds) {
    const expr = thematic.get(layer) ?? null;
    const key = expr ? JSON.stringify(expr) : '';
    if ((drawn.colours.get(layer) ?? '') === key) continue;
    const c = expr ?? kindColour(kind);
    map.setPaintProperty(partId(layer, 'fill'), 'fill-color', c);
    map.setPaintProperty(partId(layer, 'fill'), 'fill-opacity', expr ? THEMATIC_FILL_OPACITY : fillOpacity(kind));
    // A styled area's outline is a quiet line, so neighbouring classes stay readable.
    map.setPaintProperty(partId(layer, 'outline'), 'line-color', expr ? 'rgba(40, 44, 52, 0.35)' : c);
    map.setPaintProperty(partId(layer, 'line'), 'line-color', c);
    map.setPaintProperty(partId(layer, 'circle'), 'circle-color', c);
    drawn.colours.set(layer, key);
  }
}

export function syncHighlight(map: MlMap, drawn: Drawn, sel: SelectionRef | null): void {
  const prev = drawn.highlight;
  if (prev?.layer_id === sel?.layer_id && prev?.key === sel?.key) return;
  if (prev && drawn.byDataLayer.has(prev.layer_id)) {
    const none = highlightFilters(null);
    for (const p of HIGHLIGHT_PARTS) map.setFilter(highlightId(prev.layer_id, p), none[p]);
  }
  if (sel && drawn.byDataLayer.has(sel.layer_id)) {
    const f = highlightFilters(sel.key);
    for (const p of HIGHLIGHT_PARTS) map.setFilter(highlightId(sel.layer_id, p), f[p]);
  }
  drawn.highlight = sel;
}

export function syncBasemap(map: MlMap, on: boolean): void {
  const has = !!map.getSource(BASEMAP_SOURCE);
  if (on && !has) {
    map.addSource(BASEMAP_SOURCE, OSM_SOURCE);
    // Right above the background, under every data layer.
    const firstData = map.getStyle().layers.find((l) => l.id !== 'background')?.id;
    map.addLayer({ id: BASEMAP_LAYER, type: 'raster', source: BASEMAP_SOURCE, paint: { 'raster-opacity': 0.85 } }, firstData);
  } else if (!on && has) {
    map.removeLayer(BASEMAP_LAYER);
    map.removeSource(BASEMAP_SOURCE);
  }
}

/** A feature the planner clicked, or the map found by its key. */
export interface MapFeature {
  layer_id: string;
  key: string;
  /** Where it is (around the click, or its drawn extent): enough to fetch its full record by bbox. */
  bbox: Bbox;
  /** What the tile carries: fid, source_id and the kind's non-personal scalar attributes. */
  properties: Record<string, unknown>;
}

function keyOf(props: Record<string, unknown>): string {
  return String(props.source_id ?? props.fid ?? '');
}

/** The topmost feature under the pointer; only a click on nothing looks a few pixels around, for thin lines and points. */
export function pickAt(map: MlMap, x: number, y: number, drawn: Drawn, visible: ReadonlySet<string>): MapFeature | null {
  const ids = [...drawn.byDataLayer].filter(([layer]) => visible.has(layer)).flatMap(([, mlIds]) => mlIds);
  if (!ids.length) return null;
  const pad = 4;
  const box: [PointLike, PointLike] = [[x - pad, y - pad], [x + pad, y + pad]];
  const exact = map.queryRenderedFeatures([x, y], { layers: ids });
  const hit: MapGeoJSONFeature | undefined = exact[0] ?? map.queryRenderedFeatures(box, { layers: ids })[0];
  if (!hit) return null;
  const sw = map.unproject([x - pad, y + pad]);
  const ne = map.unproject([x + pad, y - pad]);
  const props = hit.properties;
  return { layer_id: hit.layer.id.split(':')[0] ?? '', key: keyOf(props), bbox: [sw.lng, sw.lat, ne.lng, ne.lat], properties: props };
}

/**
 * The feature with this key in the tiles loaded now, with the extent of every piece of it drawn;
 * undefined while its layer's tiles are not in yet (so there is no answer), null when they are and it is not there.
 */
export function locate(map: MlMap, ref: SelectionRef, visible: ReadonlySet<string>): MapFeature | null | undefined {
  const src = sourceId(ref.layer_id);
  if (!visible.has(ref.layer_id)) return null;
  if (!map.getSource(src) || !map.isSourceLoaded(src)) return undefined;
  const found = map.querySourceFeatures(sourceId(ref.layer_id), { sourceLayer: ref.layer_id, filter: ['==', KEY_EXPRESSION, ref.key] });
  let bbox: Bbox | null = null;
  for (const f of found) {
    const b = geometryBbox(f.geometry);
    if (b) bbox = bbox ? [Math.min(bbox[0], b[0]), Math.min(bbox[1], b[1]), Math.max(bbox[2], b[2]), Math.max(bbox[3], b[3])] : b;
  }
  const first = found[0];
  return first && bbox ? { layer_id: ref.layer_id, key: ref.key, bbox, properties: first.properties } : null;
}
