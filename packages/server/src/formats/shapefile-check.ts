// Checks a Shapefile's parts before GDAL sees them, and finds what they say about text encoding.
// GDAL reads a truncated .shp with one error line per lost record and still returns every feature
// (with null geometries); checking the headers here turns that into one clear error naming the file.

import fs from 'node:fs/promises';
import { DothiError } from '@dothi/engine';
import type { InputPart } from './types.ts';
import { extensionOf } from './detect.ts';
import { encodingByName, encodingForCodePage } from './encoding.ts';
import type { EncodingPlan } from './encoding.ts';

/** DBF language driver ids (byte 29) and the Windows/DOS code pages they stand for (ESRI's table). */
const LDID: Readonly<Record<number, number>> = {
  1: 437, 2: 850, 3: 1252, 4: 10000, 8: 865, 9: 437, 10: 850, 11: 437, 13: 437, 14: 850, 15: 437, 16: 850,
  17: 437, 18: 850, 19: 932, 20: 850, 21: 437, 22: 850, 23: 865, 24: 437, 25: 437, 26: 850, 27: 437, 28: 863,
  29: 850, 31: 852, 34: 852, 35: 852, 36: 860, 37: 850, 38: 866, 55: 850, 64: 852, 77: 936, 78: 949, 79: 950,
  80: 874, 88: 1252, 89: 1252, 100: 852, 101: 866, 102: 865, 103: 861, 104: 895, 105: 620, 106: 737, 107: 857,
  108: 863, 120: 950, 121: 949, 122: 936, 123: 932, 124: 874, 134: 737, 135: 852, 136: 857, 150: 10007,
  151: 10029, 200: 1250, 201: 1251, 202: 1254, 203: 1253, 204: 1257,
};
/** 0x57 means "the writer's Windows ANSI code page": on a Vietnamese PC that is CP1258, elsewhere CP1252. Not a declaration. */
const LDID_ANSI = 0x57;

export interface ShapefileFacts {
  records: number;
  ldid: number;
  cpg?: string;
}

function broken(file: string, detail: string): DothiError {
  return new DothiError('DOTHI_IMPORT_UNREADABLE', { file, format: 'Shapefile', detail });
}

async function readAll(p: InputPart): Promise<Uint8Array> {
  return new Uint8Array(await fs.readFile(p.path));
}

async function readHead(p: InputPart, n: number): Promise<{ head: Uint8Array; size: number }> {
  const fh = await fs.open(p.path, 'r');
  try {
    const size = (await fh.stat()).size;
    const buf = Buffer.alloc(Math.min(n, size));
    await fh.read(buf, 0, buf.length, 0);
    return { head: new Uint8Array(buf), size };
  } finally {
    await fh.close();
  }
}

/** Checks .shp, .shx and .dbf of one Shapefile; the parts list holds the .shp first. */
export async function checkShapefile(parts: readonly InputPart[], displayName: string): Promise<ShapefileFacts> {
  const byExt = (ext: string): InputPart | undefined => parts.find((p) => extensionOf(p.name) === ext);
  const shp = byExt('shp'), shx = byExt('shx'), dbf = byExt('dbf');
  if (!shp) throw new DothiError('DOTHI_IMPORT_MISSING_PART', { format: 'Shapefile', file: displayName, part: '.shp' });
  if (!shx) throw new DothiError('DOTHI_IMPORT_MISSING_PART', { format: 'Shapefile', file: shp.name, part: '.shx (the record index)' });
  if (!dbf) throw new DothiError('DOTHI_IMPORT_MISSING_PART', { format: 'Shapefile', file: shp.name, part: '.dbf (the attribute table)' });

  for (const p of [shp, shx]) {
    const { head, size } = await readHead(p, 100);
    const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
    if (size < 100) throw broken(p.name, `it is ${size} bytes, shorter than the 100-byte header`);
    if (v.getInt32(0, false) !== 9994) throw broken(p.name, 'it does not start with the Shapefile file code 9994');
    const declared = v.getInt32(24, false) * 2;
    if (declared > size) throw broken(p.name, `it is truncated: the header says ${declared} bytes, the file has ${size}`);
  }
  const shxSize = (await readHead(shx, 0)).size;
  const shpRecords = (shxSize - 100) / 8;

  const { head, size } = await readHead(dbf, 32);
  if (size < 32) throw broken(dbf.name, `it is ${size} bytes, shorter than the 32-byte dBase header`);
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const records = v.getUint32(4, true), headerLen = v.getUint16(8, true), recordLen = v.getUint16(10, true);
  const need = headerLen + records * recordLen;
  if (headerLen < 33 || recordLen < 1) throw broken(dbf.name, 'its dBase header is not valid');
  if (need > size) throw broken(dbf.name, `it is truncated: its header announces ${records} records (${need} bytes), the file has ${size}`);
  if (Number.isInteger(shpRecords) && shpRecords !== records) {
    throw broken(shp.name, `the .shx indexes ${shpRecords} shapes but the .dbf holds ${records} records`);
  }
  const facts: ShapefileFacts = { records, ldid: head[29] ?? 0 };
  const cpg = byExt('cpg');
  if (cpg) facts.cpg = new TextDecoder().decode(await readAll(cpg)).trim();
  return facts;
}

export interface EncodingChoice {
  /** undefined: nothing declared it; decide from the bytes (UTF-8 if valid). */
  plan?: EncodingPlan;
  why: string;
}

/** The encoding of a Shapefile's attributes: .cpg, else the DBF language driver, else the user's word. */
export function shapefileEncoding(facts: ShapefileFacts, file: string, userEncoding: string | undefined): EncodingChoice {
  const user = (why: string): EncodingChoice => {
    if (!userEncoding) return { why };
    const plan = encodingByName(userEncoding);
    if (!plan) {
      throw new DothiError('DOTHI_IMPORT_ENCODING', { file, encoding: userEncoding, detail: `the encoding "${userEncoding}" given for the import is not one dothi can decode` });
    }
    return { plan, why: `${why}; used ${plan.name} as given for the import` };
  };
  if (facts.cpg !== undefined && facts.cpg !== '') {
    const plan = encodingByName(facts.cpg);
    if (plan) return { plan, why: `${file}'s .cpg says ${facts.cpg}` };
    return user(`${file}'s .cpg names "${facts.cpg}", which dothi cannot decode`);
  }
  if (facts.ldid !== 0 && facts.ldid !== LDID_ANSI) {
    const cp = LDID[facts.ldid];
    const plan = cp !== undefined ? encodingForCodePage(cp) : undefined;
    const hex = `0x${facts.ldid.toString(16).padStart(2, '0')}`;
    if (plan) return { plan, why: `${file}'s DBF language driver ${hex} declares code page ${cp}` };
    return user(`${file}'s DBF language driver ${hex}${cp !== undefined ? ` declares code page ${cp}, which dothi cannot decode` : ' is unknown'}`);
  }
  const said = facts.ldid === LDID_ANSI ? "the DBF language driver 0x57 only says 'Windows ANSI'" : 'no .cpg and no DBF language driver';
  return user(`${file} does not declare its encoding (${said})`);
}
