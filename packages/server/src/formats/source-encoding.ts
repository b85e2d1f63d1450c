// What MapInfo tables and DXF drawings say about their text encoding, and how each is read.

import fs from 'node:fs/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { DothiError } from '@dothi/engine';
import { encodingByName, encodingForCodePage } from './encoding.ts';
import type { EncodingPlan } from './encoding.ts';
import type { EncodingChoice } from './shapefile-check.ts';

/** MapInfo charset names (`!charset X` in a .tab, `Charset "X"` in a .mif) and the code pages they stand for. */
const MAPINFO_CHARSETS: Readonly<Record<string, number | string>> = {
  windowslatin1: 1252, windowslatin2: 1250, windowscyrillic: 1251, windowsgreek: 1253, windowsturkish: 1254,
  windowshebrew: 1255, windowsarabic: 1256, windowsbalticrim: 1257, windowsvietnamese: 1258, windowsthai: 874,
  windowssimpchinese: 936, windowstradchinese: 950, windowsjapanese: 932, windowskorean: 949,
  iso88591: 'ISO-8859-1', iso88592: 'ISO-8859-2', iso88593: 'ISO-8859-3', iso88594: 'ISO-8859-4', iso88595: 'ISO-8859-5',
  iso88596: 'ISO-8859-6', iso88597: 'ISO-8859-7', iso88598: 'ISO-8859-8', iso88599: 'ISO-8859-9', utf8: 'UTF-8',
};

function fromUser(userEncoding: string | undefined, file: string, why: string): EncodingChoice {
  if (!userEncoding) return { why };
  const plan = encodingByName(userEncoding);
  if (!plan) throw new DothiError('DOTHI_IMPORT_ENCODING', { file, encoding: userEncoding, detail: `the encoding "${userEncoding}" given for the import is not one dothi can decode` });
  return { plan, why: `${why}; used ${plan.name} as given for the import` };
}

export interface MapInfoEncoding extends EncodingChoice {
  /** True when dothi decodes the raw bytes itself, so the staged file's charset must be set to Neutral. */
  neutralize: boolean;
}

/**
 * A MapInfo table's encoding from the charset its .tab (`!charset X`) or .mif (`Charset "X"`) declares.
 * When TypeScript can decode that charset, the staged copy is set to `Neutral` so GDAL hands over the
 * raw bytes (its CP1258 decoder loses characters); multi-byte charsets stay with GDAL.
 */
export function mapInfoEncoding(headerText: string, file: string, userEncoding: string | undefined): MapInfoEncoding {
  const charset = (/^\s*!charset\s+(\S+)/im.exec(headerText) ?? /^\s*Charset\s+"([^"]*)"/im.exec(headerText))?.[1] ?? '';
  const key = charset.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (key === '' || key === 'neutral') {
    const choice = fromUser(userEncoding, file, `${file} declares the charset ${charset || '(none)'}, which says nothing about the encoding`);
    // GDAL passes Neutral text through untouched, so only encodings TypeScript decodes can be applied to it.
    if (choice.plan && !choice.plan.decoder) {
      throw new DothiError('DOTHI_IMPORT_ENCODING', { file, encoding: choice.plan.name, detail: `${choice.plan.name} cannot be applied to a MapInfo table whose charset is Neutral` });
    }
    return { ...choice, neutralize: false };
  }
  const cp = MAPINFO_CHARSETS[key];
  const plan = typeof cp === 'number' ? encodingForCodePage(cp) : typeof cp === 'string' ? encodingByName(cp) : undefined;
  if (!plan) {
    const choice = fromUser(userEncoding, file, `${file} declares the charset ${charset}, which dothi cannot decode`);
    if (!choice.plan?.decoder) throw new DothiError('DOTHI_IMPORT_ENCODING', { file, encoding: charset, detail: choice.why });
    return { ...choice, neutralize: true };
  }
  return { plan, why: `${file} declares the charset ${charset} (${plan.name})`, neutralize: !!plan.decoder };
}

const HEAD_BYTES = 65536;

/** Sets the charset of a staged .tab or .mif to Neutral; the rest of the file is copied byte for byte. */
export async function neutralizeMapInfoCharset(file: string): Promise<void> {
  const head = await readLatin1(file, HEAD_BYTES);
  // Latin-1 maps every byte to one character, so the header is written back unchanged around the edit.
  const patched = head.replace(/^(\s*!charset\s+)\S+/gim, '$1Neutral').replace(/(\bCharset\s+")[^"]*(")/gi, '$1Neutral$2');
  if (patched === head) return;
  const tmp = `${file}.neutral`;
  await fs.writeFile(tmp, Buffer.from(patched, 'latin1'));
  await pipeline(createReadStream(file, { start: head.length }), createWriteStream(tmp, { flags: 'a' }));
  await fs.rename(tmp, file);
}

export async function readLatin1(p: string, max?: number): Promise<string> {
  if (max === undefined) return Buffer.from(await fs.readFile(p)).toString('latin1');
  const fh = await fs.open(p, 'r');
  try {
    const buf = Buffer.alloc(max);
    const { bytesRead } = await fh.read(buf, 0, max, 0);
    return buf.subarray(0, bytesRead).toString('latin1');
  } finally {
    await fh.close();
  }
}

/**
 * A DXF drawing's encoding from its header: AutoCAD 2007 (AC1021) and later write UTF-8; older
 * drawings name a Windows code page in $DWGCODEPAGE. GDAL decodes both; CP1258 is refused because
 * GDAL's decoder drops the last character of every string.
 */
export function dxfEncoding(headerText: string, file: string): { plan: EncodingPlan; why: string } {
  const ver = /\$ACADVER\s*\r?\n\s*1\s*\r?\n\s*(AC\d+)/.exec(headerText)?.[1];
  if (ver && ver >= 'AC1021') return { plan: { name: 'UTF-8', gdal: 'UTF-8' }, why: `${file} is a DXF ${ver} drawing, which is UTF-8 (decoded by GDAL)` };
  const page = /\$DWGCODEPAGE\s*\r?\n\s*3\s*\r?\n\s*(\S+)/.exec(headerText)?.[1];
  const cp = page ? /^ANSI_(\d+)$/i.exec(page)?.[1] : undefined;
  if (cp === '1258') {
    throw new DothiError('DOTHI_IMPORT_ENCODING', {
      file, encoding: 'CP1258',
      detail: 'the drawing declares $DWGCODEPAGE ANSI_1258 and GDAL\'s CP1258 decoder drops the last character of every text; save it as DXF 2007 or later (UTF-8) and import that',
    });
  }
  const name = cp ? `CP${cp}` : 'CP1252';
  return { plan: { name, gdal: name }, why: `${file} ${page ? `declares $DWGCODEPAGE ${page}` : 'declares no code page (DXF default ANSI_1252)'}; decoded by GDAL` };
}
