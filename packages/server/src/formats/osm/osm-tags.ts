// GDAL's OSM driver hands every tag of a feature in one text field (all_tags), written as
// PostgreSQL HSTORE: "key"=>"value","key2"=>"value2". Inside the quotes GDAL escapes only `"` and
// `\` with a backslash; newlines, commas, "=>" and any UTF-8 stay as they are. We parse it
// ourselves, strictly, instead of asking GDAL for JSON: its JSON writer does not escape control
// characters, so a description with a line break would be invalid JSON.

export class HstoreError extends Error {}

/** The tags in the order GDAL wrote them (the file's order). Throws HstoreError on malformed text. */
export function parseHstore(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  const n = text.length;

  const quoted = (): string => {
    if (text[i] !== '"') throw new HstoreError(`expected '"' at offset ${i}`);
    i++;
    let s = '';
    let start = i;
    for (;;) {
      if (i >= n) throw new HstoreError('unterminated quoted string');
      const c = text.charCodeAt(i);
      if (c === 0x22 /* " */) break;
      if (c === 0x5c /* \ */) {
        if (i + 1 >= n) throw new HstoreError('dangling backslash');
        s += text.slice(start, i) + text[i + 1];
        i += 2;
        start = i;
        continue;
      }
      i++;
    }
    s += text.slice(start, i);
    i++; // closing quote
    return s;
  };

  if (n === 0) return out;
  for (;;) {
    const k = quoted();
    if (text[i] !== '=' || text[i + 1] !== '>') throw new HstoreError(`expected '=>' after key ${JSON.stringify(k)}`);
    i += 2;
    // Plain assignment of a "__proto__" key would set the object's prototype instead of a tag.
    Object.defineProperty(out, k, { value: quoted(), enumerable: true, writable: true, configurable: true });
    if (i === n) return out;
    if (text[i] !== ',') throw new HstoreError(`expected ',' at offset ${i}`);
    i++;
  }
}
