// Text encodings of attribute data: the names files and people use for them, and who decodes them.
//
// GDAL's own recoding is avoided where we can: its iconv path drops the last character of every
// CP1258 (Vietnamese) string, in Debian's GDAL 3.6 and in gdal3.js alike, and gdal3.js has no
// CP437/CP850. So readers ask GDAL for the raw bytes and decode them here with TextDecoder, which is
// exact for UTF-8 and single-byte code pages. Multi-byte code pages (CJK) stay with GDAL: their
// trail bytes can be 0x5C, which GDAL's JSON writer would escape inside the raw bytes.

import { DothiError } from '@dothi/engine';

export interface EncodingPlan {
  /** Name reported to the user: 'UTF-8', 'CP1258', 'ISO-8859-1'... */
  name: string;
  /** WHATWG label when TextDecoder decodes the raw bytes. */
  decoder?: string;
  /** Name GDAL's recoder knows, when GDAL must recode to UTF-8 itself. */
  gdal?: string;
}

export const UTF8: EncodingPlan = { name: 'UTF-8', decoder: 'utf-8' };

const SINGLE_BYTE: Readonly<Record<number, string>> = {
  874: 'windows-874', 866: 'ibm866', 10000: 'macintosh', 20866: 'koi8-r', 21866: 'koi8-u',
  1250: 'windows-1250', 1251: 'windows-1251', 1252: 'windows-1252', 1253: 'windows-1253', 1254: 'windows-1254',
  1255: 'windows-1255', 1256: 'windows-1256', 1257: 'windows-1257', 1258: 'windows-1258',
};
const MULTI_BYTE: Readonly<Record<number, string>> = { 932: 'shift_jis', 936: 'gbk', 949: 'euc-kr', 950: 'big5' };

export function encodingForCodePage(cp: number): EncodingPlan | undefined {
  if (cp === 65001) return UTF8;
  const single = SINGLE_BYTE[cp];
  if (single) return { name: `CP${cp}`, decoder: single };
  if (MULTI_BYTE[cp]) return { name: `CP${cp}`, gdal: `CP${cp}` };
  return undefined;
}

function isoPart(n: number): EncodingPlan | undefined {
  // WHATWG maps the label iso-8859-1 onto windows-1252, a superset that differs only in C1 controls.
  if (n === 1) return { name: 'ISO-8859-1', decoder: 'iso-8859-1' };
  if ([2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16].includes(n)) return { name: `ISO-8859-${n}`, decoder: `iso-8859-${n}` };
  return undefined;
}

/**
 * An encoding from what a .cpg file, a header or a user says: 'UTF-8', '65001', '1258', 'CP1258',
 * 'ANSI 1251', 'windows-1258', '88591', 'ISO-8859-1', 'GBK'... undefined when dothi cannot decode it.
 */
export function encodingByName(raw: string): EncodingPlan | undefined {
  const s = raw.trim().toLowerCase();
  if (s === '') return undefined;
  if (/^utf-?8$/.test(s)) return UTF8;
  const iso = /^iso[-_ ]?8859[-_ ]?(\d{1,2})$/.exec(s) ?? /^8859[-_]?(\d{1,2})$/.exec(s);
  if (iso?.[1]) return isoPart(Number(iso[1]));
  const num = /^(?:ansi[ _]?|cp[ _-]?|windows-?|ms|ldid\/)?(\d{3,5})$/.exec(s);
  if (num?.[1]) return encodingForCodePage(Number(num[1]));
  let label: string;
  try {
    label = new TextDecoder(s).encoding;
  } catch {
    return undefined;
  }
  if (label === 'utf-8') return UTF8;
  const cp = Object.entries({ ...SINGLE_BYTE, ...MULTI_BYTE }).find(([, l]) => l === label)?.[0];
  if (cp) return encodingForCodePage(Number(cp));
  if (label.startsWith('iso-8859-')) return isoPart(Number(label.slice(9)));
  if (label === 'gb18030') return { name: 'GB18030', gdal: 'GB18030' };
  if (label === 'euc-jp') return { name: 'EUC-JP', gdal: 'EUC-JP' };
  return undefined;
}

/** Like encodingByName, but a name dothi cannot decode is a coded error naming the file. */
export function requireEncoding(raw: string, file: string, where: string): EncodingPlan {
  const plan = encodingByName(raw);
  if (!plan) {
    throw new DothiError('DOTHI_IMPORT_ENCODING', {
      file, encoding: raw,
      detail: `${where} names the encoding "${raw}", which dothi cannot decode (UTF-8, Windows code pages 874 and 1250-1258, ISO-8859-x, CP932/936/949/950 are supported; TCVN3 is not)`,
    });
  }
  return plan;
}

export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

// WHATWG windows-1252 for 0x80-0x9F. Node 20.18.3+ decodes 'windows-1252' (and 'latin1') as ISO-8859-1,
// turning ’ – € into C1 controls (nodejs/node#56542, #60888), so this code page is decoded here.
const CP1252_HIGH = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

function decodeCp1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] as string);
}

/**
 * Decodes raw bytes with a plan that has a decoder. UTF-8 is strict: invalid bytes are an error, not
 * U+FFFD. CP1258 writes most Vietnamese letters as base letter + combining tone mark; NFC gives back
 * the precomposed letters every other source (and the user's keyboard) uses.
 */
export function decodeBytes(bytes: Uint8Array, plan: EncodingPlan, file: string): string {
  if (!plan.decoder) throw new Error(`internal: ${plan.name} is decoded by GDAL, not TextDecoder`);
  // WHATWG maps the iso-8859-1 label onto windows-1252 as well.
  if (plan.decoder === 'windows-1252' || plan.decoder === 'iso-8859-1') return decodeCp1252(bytes);
  const fatal = plan.decoder === 'utf-8';
  try {
    const text = new TextDecoder(plan.decoder, { fatal, ignoreBOM: false }).decode(bytes);
    return plan.decoder === 'windows-1258' ? text.normalize('NFC') : text;
  } catch (e) {
    throw new DothiError('DOTHI_IMPORT_ENCODING', { file, encoding: plan.name, detail: (e as Error).message });
  }
}

/** Byte offset of the first invalid UTF-8 sequence (-1 if none), for error messages. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (n === 0 || (n > 1 && !isValidUtf8(bytes.subarray(i, i + n)))) return i;
    i += n;
  }
  return -1;
}
