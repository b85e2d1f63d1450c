// Seeded mutations of real files, the way files really go bad: cut short (an interrupted copy),
// bytes flipped (a bad disk or transfer), a range overwritten, deleted or repeated, a hostile token
// dropped in (huge numbers, NaN, quotes, brackets, control bytes), or, in text, a number swapped for
// garbage. Same seed, same mutation.

import { composite } from '@dothi/engine';

/** The engine's seeded mulberry32 picks the mutations; never Math.random (results must replay). */
export const rng: (seed: number) => () => number = composite.mulberry32;

const TOKENS = [
  '', '-', '"', "'", '\\', '{', '}', '[', ']', ',', ':', '<', '>', '&', ';', '\n', '\r\n', '\0', '\u0007', '\uFFFD', '\uD800',
  '0', '-0', '-1', '1e309', '-1e309', 'NaN', 'Infinity', '9007199254740993', '4294967296', '2147483648', '1.7976931348623157e308',
  'null', 'true', '[]', '{}', '[[[[[[[[[[', '"type":"Polygon"', '"coordinates":[]', 'POLYGON((0 0,1 1,0 0))', 'ĐƯỜNG', '%s%n', 'x'.repeat(5000),
];

export interface Mutation {
  bytes: Buffer;
  /** What was done, to reproduce and to read in a failure report. */
  how: string;
}

export function mutate(input: Buffer, random: () => number, text: boolean): Mutation {
  const n = input.length;
  const at = (): number => Math.floor(random() * Math.max(1, n));
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const kinds = text ? ['truncate', 'flip', 'overwrite', 'delete', 'repeat', 'token', 'number'] : ['truncate', 'flip', 'overwrite', 'delete', 'repeat', 'token'];
  const kind = pick(kinds);
  switch (kind) {
    case 'truncate': {
      const len = at();
      return { bytes: input.subarray(0, len), how: `truncate to ${len} of ${n} bytes` };
    }
    case 'flip': {
      const out = Buffer.from(input);
      const count = 1 + Math.floor(random() * 8);
      const where: number[] = [];
      for (let i = 0; i < count && n > 0; i++) {
        const p = at();
        out[p] = (out[p] ?? 0) ^ (1 << Math.floor(random() * 8));
        where.push(p);
      }
      return { bytes: out, how: `flip a bit at ${where.join(',')}` };
    }
    case 'overwrite': {
      const p = at();
      const len = 1 + Math.floor(random() * 64);
      const out = Buffer.from(input);
      for (let i = p; i < Math.min(n, p + len); i++) out[i] = Math.floor(random() * 256);
      return { bytes: out, how: `overwrite ${len} bytes at ${p}` };
    }
    case 'delete': {
      const p = at();
      const len = 1 + Math.floor(random() * 256);
      return { bytes: Buffer.concat([input.subarray(0, p), input.subarray(p + len)]), how: `delete ${len} bytes at ${p}` };
    }
    case 'repeat': {
      const p = at();
      const len = 1 + Math.floor(random() * 512);
      const times = 1 + Math.floor(random() * 4);
      const chunk = input.subarray(p, p + len);
      return { bytes: Buffer.concat([input.subarray(0, p), ...Array<Buffer>(times + 1).fill(chunk), input.subarray(p + len)]), how: `repeat ${len} bytes at ${p} ${times}×` };
    }
    case 'token': {
      const p = at();
      const tok = pick(TOKENS);
      return { bytes: Buffer.concat([input.subarray(0, p), Buffer.from(tok, 'utf8'), input.subarray(p)]), how: `insert ${JSON.stringify(tok.slice(0, 20))} at ${p}` };
    }
    default: {
      // A number in the text (a coordinate, an id, a length) replaced by a hostile token.
      const s = input.toString('latin1');
      const numbers = [...s.matchAll(/-?\d+(\.\d+)?/g)];
      if (numbers.length === 0) return { bytes: input, how: 'no number to replace' };
      const m = pick(numbers);
      const tok = pick(TOKENS);
      const start = m.index ?? 0;
      return {
        bytes: Buffer.concat([input.subarray(0, start), Buffer.from(tok, 'utf8'), input.subarray(start + m[0].length)]),
        how: `replace the number ${m[0]} at ${start} with ${JSON.stringify(tok.slice(0, 20))}`,
      };
    }
  }
}
