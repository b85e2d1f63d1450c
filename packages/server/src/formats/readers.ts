// The readers dothi knows, by format id, and the one entry point that detects and dispatches.
// The registry is a value, passed in where a caller wants another set (tests, a restricted API).

import { DothiError } from '@dothi/engine';
import type { FormatId, Reader, ReadOptions, SourceDataset, SourceInput } from './types.ts';
import { detectFormat, formatName } from './detect.ts';
import { readGeoJson } from './geojson-reader.ts';
import { readCsv } from './csv-reader.ts';
import { readKml } from './kml-reader.ts';
import { gdalReader } from './gdal-reader.ts';
import { readOsm } from './osm/osm-reader.ts';

export type ReaderRegistry = Readonly<Partial<Record<FormatId, Reader>>>;

/** Every format dothi reads. */
export const READERS: ReaderRegistry = {
  geojson: readGeoJson,
  csv: readCsv,
  kml: readKml,
  shapefile: gdalReader('shapefile'),
  geopackage: gdalReader('geopackage'),
  mapinfo: gdalReader('mapinfo'),
  dxf: gdalReader('dxf'),
  osm: readOsm,
};

/** Detects the input's format and reads it with the registered reader. */
export async function readInput(input: SourceInput, opts: ReadOptions, readers: ReaderRegistry = READERS): Promise<SourceDataset> {
  const format = detectFormat(input);
  const reader = readers[format];
  if (!reader) {
    const known = (Object.keys(readers) as FormatId[]).map(formatName).join(', ');
    throw new DothiError('DOTHI_IMPORT_FORMAT_UNKNOWN', { file: input.name, known: `${known} (${formatName(format)} has no reader here)` });
  }
  return reader(input, opts);
}
