// Checks an OSM file's envelope before GDAL reads it. GDAL's OSM driver reports a cut-off or
// damaged file as "error during the parsing of data around byte N" and still returns the features
// it read before, so a truncated download would import as a smaller city. Here we name the file's
// real problem in words a person can act on; GDAL's own errors are still fatal afterwards.

import fs from 'node:fs/promises';
import { PbfReader } from 'pbf';

export type OsmEncoding = 'xml' | 'pbf';

/** A problem with the file; the reader turns it into DOTHI_IMPORT_UNREADABLE. */
export class OsmFileProblem extends Error {}

// Limits of the PBF format (wiki.openstreetmap.org/wiki/PBF_Format).
const MAX_HEADER = 64 * 1024;
const MAX_BLOB = 32 * 1024 * 1024;

async function readAt(fh: fs.FileHandle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  const { bytesRead } = await fh.read(buf, 0, len, pos);
  return buf.subarray(0, bytesRead);
}

interface BlobHeader {
  type: string;
  datasize: number;
}

function decodeBlobHeader(bytes: Uint8Array): BlobHeader {
  return new PbfReader(bytes).readFields<BlobHeader>(
    (tag, h, pbf) => {
      if (tag === 1) h.type = pbf.readString();
      else if (tag === 3) h.datasize = pbf.readVarint();
    },
    { type: '', datasize: -1 },
  );
}

/** Walks the PBF block framing (header length, BlobHeader, blob) to the end of the file. */
async function checkPbf(fh: fs.FileHandle, size: number): Promise<void> {
  let pos = 0;
  let block = 0;
  while (pos < size) {
    block++;
    const where = `block ${block} (byte ${pos} of ${size})`;
    if (size - pos < 4) throw new OsmFileProblem(`the file ends inside ${where}: it is truncated, copy or download it again`);
    const len = (await readAt(fh, pos, 4)).readUInt32BE(0);
    if (len === 0 || len > MAX_HEADER) {
      throw new OsmFileProblem(`${where} declares a ${len}-byte block header; the file is damaged or not OSM PBF`);
    }
    if (pos + 4 + len > size) throw new OsmFileProblem(`the file ends inside the header of ${where}: it is truncated, copy or download it again`);
    let header: BlobHeader;
    try {
      header = decodeBlobHeader(await readAt(fh, pos + 4, len));
    } catch (e) {
      throw new OsmFileProblem(`the header of ${where} is not valid (${(e as Error).message}); the file is damaged`);
    }
    const expected = block === 1 ? 'OSMHeader' : 'OSMData';
    if (header.type !== expected && !(block > 1 && header.type === 'OSMHeader')) {
      throw new OsmFileProblem(`${where} has type "${header.type}" where "${expected}" was expected; the file is damaged or not OSM PBF`);
    }
    if (header.datasize < 0 || header.datasize > MAX_BLOB) {
      throw new OsmFileProblem(`${where} declares ${header.datasize} bytes of data; the file is damaged`);
    }
    const end = pos + 4 + len + header.datasize;
    if (end > size) {
      throw new OsmFileProblem(
        `the file ends inside ${where}: the block needs ${end - pos} bytes, ${size - pos} remain. ` +
          'It is truncated (an interrupted download or copy); fetch it again',
      );
    }
    pos = end;
  }
}

async function checkXmlEnd(fh: fs.FileHandle, size: number, head: string): Promise<void> {
  const tail = (await readAt(fh, Math.max(0, size - 256), Math.min(256, size))).toString('latin1').trimEnd();
  // An empty extract may be one self-closed <osm .../>; any other ending, even a tidy "/>", is a cut.
  const emptyOsm = size <= 4096 && /<osm\b[^>]*\/>$/.test(head.trimEnd());
  if (!tail.endsWith('</osm>') && !emptyOsm) {
    throw new OsmFileProblem(
      'the XML does not end with the closing </osm> tag: the file is truncated (an interrupted download or copy); fetch it again',
    );
  }
}

/** Which OSM encoding the file is in, after checking its envelope. Throws OsmFileProblem. */
export async function checkOsmFile(path: string): Promise<OsmEncoding> {
  const fh = await fs.open(path, 'r');
  try {
    const { size } = await fh.stat();
    if (size === 0) throw new OsmFileProblem('the file is empty');
    const head = await readAt(fh, 0, Math.min(size, 4096));
    const compressed = head[0] === 0x1f && head[1] === 0x8b ? 'gzip' : head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68 ? 'bzip2' : null;
    if (compressed) {
      throw new OsmFileProblem(`the file is ${compressed}-compressed; decompress it (${compressed === 'gzip' ? 'gunzip' : 'bunzip2'}) and import the .osm file`);
    }
    const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
    if (text.startsWith('<')) {
      if (!/<osm[\s>]/.test(text)) throw new OsmFileProblem('the file is XML but has no <osm> element near its start; it is not OpenStreetMap XML');
      await checkXmlEnd(fh, size, text);
      return 'xml';
    }
    await checkPbf(fh, size);
    return 'pbf';
  } finally {
    await fh.close();
  }
}
