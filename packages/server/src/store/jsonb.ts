// Text PostgreSQL can store. Its text and jsonb types cannot hold U+0000, and jsonb refuses a UTF-16
// surrogate without its pair; either, arriving from a damaged file, would otherwise turn a clear
// report into a database error.

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'gu');

export function isStorable(s: string): boolean {
  return !UNSTORABLE.test(s);
}

/** NUL removed, a lone surrogate replaced by U+FFFD (what a decoder shows for a broken character). */
export function storable(s: string): string {
  return s.replace(UNSTORABLE_ALL, (c) => (c === '\u0000' ? '' : '\uFFFD'));
}

/** JSON for a jsonb parameter, every string (keys too) made storable. */
export function toJsonb(value: unknown): string {
  const json = JSON.stringify(value);
  // JSON.stringify escapes both cases (\u0000, \udXXX), so clean text, nearly always, costs one scan;
  // an escaped backslash before "u0000" only sends a value down the slower, still correct, path.
  return /\\u(0000|d[89a-f])/i.test(json) ? JSON.stringify(storableDeep(value)) : json;
}

export function storableDeep(v: unknown): unknown {
  if (typeof v === 'string') return storable(v);
  if (Array.isArray(v)) return v.map(storableDeep);
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [storable(k), storableDeep(x)]));
  }
  return v;
}
