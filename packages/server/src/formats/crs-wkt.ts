// Reads a CRS definition in WKT (WKT1 as GDAL writes it, ESRI WKT as in .prj files, and WKT2) into
// the few numbers dothi needs to match it against its registry. Not a general CRS library: anything
// it does not understand is left out and the match fails, which is the safe direction.

export interface WktNode {
  keyword: string;
  args: Array<WktNode | string | number>;
}

/** Parses WKT text into a tree; throws on malformed text. Quoted strings stay strings, numbers become numbers. */
export function parseWkt(text: string): WktNode {
  let i = 0;
  const src = text.trim();
  const skip = (): void => {
    while (i < src.length && /\s/.test(src[i] as string)) i++;
  };
  const node = (): WktNode => {
    skip();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (!m) throw new Error(`expected a keyword at character ${i}`);
    i += m[0].length;
    skip();
    const open = src[i];
    if (open !== '[' && open !== '(') return { keyword: m[0].toUpperCase(), args: [] };
    const close = open === '[' ? ']' : ')';
    i++;
    const args: WktNode['args'] = [];
    for (;;) {
      skip();
      const c = src[i];
      if (c === undefined) throw new Error('unexpected end of text');
      if (c === '"') {
        let s = '';
        i++;
        for (;;) {
          const ch = src[i];
          if (ch === undefined) throw new Error('unterminated string');
          if (ch === '"') {
            if (src[i + 1] === '"') {
              s += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          s += ch;
          i++;
        }
        args.push(s);
      } else if (/[-+.\d]/.test(c)) {
        const n = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(src.slice(i));
        if (!n) throw new Error(`bad number at character ${i}`);
        args.push(Number(n[0]));
        i += n[0].length;
      } else {
        const child = node();
        // A bare word without brackets (east, NORTH, Cartesian) is an enumeration value.
        args.push(child.args.length === 0 && src[i - 1] !== ']' && src[i - 1] !== ')' ? child.keyword : child);
      }
      skip();
      if (src[i] === ',') {
        i++;
        continue;
      }
      if (src[i] === close) {
        i++;
        break;
      }
      throw new Error(`expected "," or "${close}" at character ${i}`);
    }
    return { keyword: m[0].toUpperCase(), args };
  };
  const root = node();
  skip();
  if (i < src.length) throw new Error(`unexpected text after the definition at character ${i}`);
  return root;
}

export function children(n: WktNode, ...keywords: string[]): WktNode[] {
  return n.args.filter((a): a is WktNode => typeof a === 'object' && keywords.includes(a.keyword));
}

export function child(n: WktNode, ...keywords: string[]): WktNode | undefined {
  return children(n, ...keywords)[0];
}

export function nameOf(n: WktNode): string {
  return typeof n.args[0] === 'string' ? n.args[0] : '';
}

export function numberArgs(n: WktNode): number[] {
  return n.args.filter((a): a is number => typeof a === 'number');
}

/** EPSG code in AUTHORITY["EPSG","9210"] (WKT1) or ID["EPSG",9210] (WKT2), directly under n. */
export function epsgOf(n: WktNode): number | undefined {
  for (const a of children(n, 'AUTHORITY', 'ID')) {
    if (String(a.args[0]).toUpperCase() === 'EPSG') {
      const code = Number(a.args[1]);
      if (Number.isInteger(code)) return code;
    }
  }
  return undefined;
}

/** Lower case, letters and digits only: "Central_Meridian" and "Longitude of natural origin" compare by this. */
export function squash(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}
