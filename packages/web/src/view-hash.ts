// The view in the URL hash, so a link or a reload shows the same map:
//   #ws=hcmc&layers=buildings,roads&map=16.25/10.78540/106.69100   (zoom/latitude/longitude)
// `layers` absent means every layer of the workspace; present and empty means none.

export interface MapPosition {
  zoom: number;
  lat: number;
  lon: number;
}

export interface View {
  ws: string | null;
  layers: string[] | null;
  map: MapPosition | null;
}

function parseMap(s: string | undefined): MapPosition | null {
  if (!s) return null;
  const parts = s.split('/').map(Number);
  const [zoom, lat, lon] = parts;
  if (parts.length !== 3 || zoom === undefined || lat === undefined || lon === undefined) return null;
  if (![zoom, lat, lon].every(Number.isFinite) || zoom < 0 || zoom > 24 || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return { zoom, lat, lon };
}

export function parseHash(hash: string): View {
  const fields = new Map<string, string>();
  for (const part of hash.replace(/^#/, '').split('&')) {
    if (!part) continue;
    const i = part.indexOf('=');
    const key = i < 0 ? part : part.slice(0, i);
    const value = i < 0 ? '' : part.slice(i + 1);
    try {
      fields.set(decodeURIComponent(key), decodeURIComponent(value));
    } catch {
      /* a mangled field is ignored, the rest of the view still applies */
    }
  }
  const layers = fields.get('layers');
  return {
    ws: fields.get('ws') || null,
    layers: layers === undefined ? null : layers.split(',').filter(Boolean),
    map: parseMap(fields.get('map')),
  };
}

/** Decimals that keep about a metre at the zoom shown, and no more. */
function mapField(m: MapPosition): string {
  const digits = Math.max(4, Math.min(7, Math.ceil(m.zoom / 3) + 1));
  return `${m.zoom.toFixed(2)}/${m.lat.toFixed(digits)}/${m.lon.toFixed(digits)}`;
}

export function formatHash(v: View): string {
  const parts: string[] = [];
  if (v.ws) parts.push(`ws=${encodeURIComponent(v.ws)}`);
  // Layer ids are [a-z0-9_-], so commas separate them unescaped and the hash stays readable.
  if (v.layers) parts.push(`layers=${v.layers.map(encodeURIComponent).join(',')}`);
  if (v.map) parts.push(`map=${mapField(v.map)}`);
  return parts.length ? `#${parts.join('&')}` : '';
}
