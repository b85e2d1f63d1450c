// dothi crs transform --from C --to C X Y (or x,y lines on stdin); dothi crs list

import { CRS_REGISTRY, DothiError, getCrs, transformer } from '@dothi/engine';
import type { Ctx } from '../main.ts';
import { printJson, printTable } from '../output.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseNumber(s: string | undefined, where: string): number {
  const n = Number((s ?? '').trim());
  if (s === undefined || s.trim() === '' || !Number.isFinite(n)) throw new DothiError('DOTHI_CRS_INPUT_INVALID', { where, detail: JSON.stringify(s ?? '') });
  return n;
}

export async function crsTransform({ out, flags, args }: Ctx, stdin: () => Promise<string> = readStdin): Promise<void> {
  if (!flags.from || !flags.to) throw new DothiError('DOTHI_USAGE', { detail: 'dothi crs transform --from C --to C X Y' });
  const from = getCrs(flags.from);
  const to = getCrs(flags.to);
  const fn = transformer(from, to);
  const digits = to.geographic ? 9 : 4;
  let points: Array<[number, number]>;
  if (args.length >= 2) points = [[parseNumber(args[0], 'X'), parseNumber(args[1], 'Y')]];
  else {
    points = [];
    const lines = (await stdin()).split(/\r?\n/);
    lines.forEach((line, i) => {
      const [x, y] = line.trim().split(/[,;\t ]+/);
      // Blank lines, and a first line with no number at all (a header such as "lon,lat"), carry no point.
      if (line.trim() === '' || (i === 0 && Number.isNaN(Number(x)) && Number.isNaN(Number(y)))) return;
      points.push([parseNumber(x, `line ${i + 1}, x`), parseNumber(y, `line ${i + 1}, y`)]);
    });
  }
  const results = points.map(([x, y]) => {
    const [ox, oy] = fn(x, y);
    return { x: Number(ox.toFixed(digits)), y: Number(oy.toFixed(digits)) };
  });
  if (out.json) printJson(out, { from: from.id, to: to.id, points: results });
  else for (const r of results) out.stdout(`${r.x.toFixed(digits)},${r.y.toFixed(digits)}\n`);
}

export async function crsList({ out }: Ctx): Promise<void> {
  const rows = CRS_REGISTRY.filter((c) => c.epsg < 32601 || c.epsg > 32760 || [32648, 32649].includes(c.epsg)).map((c) => ({
    id: c.id,
    name: out.lang === 'vi' ? c.name_vi : c.name,
    aliases: c.aliases.join(' '),
  }));
  if (out.json) printJson(out, CRS_REGISTRY.map((c) => ({ id: c.id, name: c.name, name_vi: c.name_vi, proj4: c.proj4, aliases: c.aliases, area: c.area })));
  else printTable(out, rows, ['id', 'name', 'aliases']);
}
