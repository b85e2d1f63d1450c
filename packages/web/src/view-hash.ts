// The view in the URL hash, so a link or a reload shows the same map:
//   #ws=hcmc&layers=buildings,roads&map=16.25/10.78540/106.69100&sel=buildings:way%2F123
//    &style=buildings:levels:equal,land-use:class&table=buildings
// map is zoom/latitude/longitude; sel is a layer and a feature key (the id the API gives the
// feature); style lists layers coloured by an attribute; table is the layer the table shows.
// `layers` absent means every layer of the workspace; present and empty means none.

import type { LayerStyle } from './map/thematic.ts';

export interface MapPosition {
  zoom: number;
  lat: number;
  lon: number;
}

export interface SelectionRef {
  layer_id: string;
  key: string;
}

export interface View {
  ws: string | null;
  layers: string[] | null;
  map: MapPosition | null;
  sel: SelectionRef | null;
  styles: ReadonlyMap<string, LayerStyle>;
  table: string | null;
}

export const EMPTY_VIEW: View = { ws: null, layers: null, map: null, sel: null, styles: new Map(), table: null };

function parseMap(s: string | undefined): MapPosition | null {
  if (!s) return null;
  const parts = s.split('/').map(Number);
  const [zoom, lat, lon] = parts;
  if (parts.length !== 3 || zoom === undefined || lat === undefined || lon === undefined) return null;
  if (![zoom, lat, lon].every(Number.isFinite) || zoom < 0 || zoom > 24 || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return { zoom, lat, lon };
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

function parseSel(s: string | undefined): SelectionRef | null {
  if (!s) return null;
  const i = s.indexOf(':');
  if (i <= 0 || i === s.length - 1) return null;
  const key = safeDecode(s.slice(i + 1));
  return key === null ? null : { layer_id: s.slice(0, i), key };
}

function parseStyles(s: string | undefined): Map<string, LayerStyle> {
  const out = new Map<string, LayerStyle>();
  for (const item of (s ?? '').split(',')) {
    const [layer, attr, method] = item.split(':').map((p) => safeDecode(p) ?? '');
    if (!layer || !attr) continue;
    out.set(layer, { attr, method: method === 'equal' ? 'equal' : 'quantile' });
  }
  return out;
}

export function parseHash(hash: string): View {
  const fields = new Map<string, string>();
  for (const part of hash.replace(/^#/, '').split('&')) {
    if (!part) continue;
    const i = part.indexOf('=');
    const key = i < 0 ? part : part.slice(0, i);
    const value = i < 0 ? '' : part.slice(i + 1);
    // sel and style are decoded piece by piece, since their keys may hold ':' and ','.
    const raw = key === 'sel' || key === 'style';
    const decoded = raw ? value : safeDecode(value);
    const k = safeDecode(key);
    if (decoded !== null && k !== null) fields.set(k, decoded);
  }
  const layers = fields.get('layers');
  return {
    ws: fields.get('ws') || null,
    layers: layers === undefined ? null : layers.split(',').filter(Boolean),
    map: parseMap(fields.get('map')),
    sel: parseSel(fields.get('sel')),
    styles: parseStyles(fields.get('style')),
    table: fields.get('table') || null,
  };
}

/** Decimals that keep about a metre at the zoom shown, and no more. */
function mapField(m: MapPosition): string {
  const digits = Math.max(4, Math.min(7, Math.ceil(m.zoom / 3) + 1));
  return `${m.zoom.toFixed(2)}/${m.lat.toFixed(digits)}/${m.lon.toFixed(digits)}`;
}

/** Keeps ':' ',' '&' '#' out of a piece; '/' stays readable (OSM keys are way/123). */
const piece = (s: string): string => encodeURIComponent(s).replace(/%2F/g, '/');

export function formatHash(v: View): string {
  const parts: string[] = [];
  if (v.ws) parts.push(`ws=${encodeURIComponent(v.ws)}`);
  // Layer ids are [a-z0-9_-], so commas separate them unescaped and the hash stays readable.
  if (v.layers) parts.push(`layers=${v.layers.map(encodeURIComponent).join(',')}`);
  if (v.map) parts.push(`map=${mapField(v.map)}`);
  if (v.sel) parts.push(`sel=${piece(v.sel.layer_id)}:${piece(v.sel.key)}`);
  // Quantiles are the default, so only equal intervals are spelt out.
  if (v.styles.size) parts.push(`style=${[...v.styles].map(([l, s]) => `${piece(l)}:${piece(s.attr)}${s.method === 'equal' ? ':equal' : ''}`).join(',')}`);
  if (v.table) parts.push(`table=${encodeURIComponent(v.table)}`);
  return parts.length ? `#${parts.join('&')}` : '';
}
