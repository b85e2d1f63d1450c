// Exports: the file is fetched rather than navigated to, so a failure shows as a coded error in
// the page's language instead of a page of JSON, and the browser saves it under the server's name.

import { fetchOk, seg } from './http.ts';

export type ExportFormat = 'geojson' | 'csv' | 'geopackage' | 'shapefile';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['geojson', 'geopackage', 'shapefile', 'csv'];

export interface ExportRequest {
  format: ExportFormat;
  /** Empty for WGS 84. */
  crs: string;
  version: number;
}

export interface SavedFile {
  name: string;
  bytes: number;
}

export function exportUrl(ws: string, layer: string, r: ExportRequest): string {
  const p = new URLSearchParams({ format: r.format, version: String(r.version) });
  if (r.crs) p.set('crs', r.crs);
  return `/api/workspaces/${seg(ws)}/layers/${seg(layer)}/export?${p.toString()}`;
}

/** The file name from Content-Disposition, preferring the exact UTF-8 one (RFC 6266). */
export function attachmentName(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      /* fall through to the plain name */
    }
  }
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? fallback;
}

export async function downloadExport(ws: string, layer: string, r: ExportRequest, signal: AbortSignal): Promise<SavedFile> {
  const res = await fetchOk(exportUrl(ws, layer, r), { signal });
  const blob = await res.blob();
  const name = attachmentName(res.headers.get('content-disposition'), `${layer}.${r.format}`);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later, not at once: Chromium may still be reading the blob when click() returns.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return { name, bytes: blob.size };
}
