// The app's pages by path (the server answers index.html for each): the map at /, the indicator
// dashboard at /dashboard, composite indices at /indices. The workspace and what a page shows are in
// the hash as key=value pairs, so a link or a reload shows the same view.

export type Page = 'map' | 'dashboard' | 'indices';

export const PAGES: readonly Page[] = ['map', 'dashboard', 'indices'];

const PATHS: Record<Page, string> = { map: '/', dashboard: '/dashboard', indices: '/indices' };

export function pageOf(pathname: string): Page {
  const p = pathname.replace(/\/+$/, '');
  return PAGES.find((x) => x !== 'map' && PATHS[x] === p) ?? 'map';
}

/** The page's address with the workspace in its hash (each page keeps the rest of its own view). */
export function pageHref(page: Page, ws: string | null): string {
  return `${PATHS[page]}${ws ? `#ws=${encodeURIComponent(ws)}` : ''}`;
}

export function readHashParams(hash: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of hash.replace(/^#/, '').split('&')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    try {
      out.set(decodeURIComponent(part.slice(0, i)), decodeURIComponent(part.slice(i + 1)));
    } catch {
      /* a damaged pair is ignored; the page shows its default for it */
    }
  }
  return out;
}

/** Writes the view into the hash without adding a history entry; empty values are left out. */
export function writeHashParams(params: ReadonlyArray<[string, string | null]>): void {
  const hash = params.filter(([, v]) => v).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v as string)}`).join('&');
  const next = hash ? `#${hash}` : '';
  if (next !== window.location.hash) window.history.replaceState(null, '', next || window.location.pathname);
}
