// What a format reader hands to the import pipeline: features in the file's own coordinates,
// grouped in source layers, with what the file says about its CRS and text encoding.

import type { CrsDef, Feature } from '@dothi/engine';

export const FORMAT_IDS = ['geojson', 'csv', 'shapefile', 'geopackage', 'kml', 'mapinfo', 'dxf', 'osm'] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

/** One file of an input; a Shapefile or MapInfo table given as loose parts has several. */
export interface InputPart {
  /** File name with extension, no directory. */
  name: string;
  /** Absolute path on disk. */
  path: string;
}

export interface SourceInput {
  /** Name shown in reports: the main file's name. */
  name: string;
  parts: InputPart[];
}

export interface DetectedCrs {
  /** The registry CRS the file's definition matched, if any. */
  crs?: CrsDef;
  /** The file's own definition (WKT or PROJ), kept for the report and as a fallback. */
  definition?: string;
  /** Why this CRS: what was found in the file and what was assumed. */
  note: string;
}

export interface SourceLayer {
  /** Name in the source (Shapefile base name, GeoPackage table, OSM sector). */
  name: string;
  features: Feature[];
  /** null when the file says nothing about its CRS. */
  crs: DetectedCrs | null;
  /** Layer kind the reader knows the data to be (the OSM importer's sector layers). */
  kind?: string;
}

export interface SourceDataset {
  format: FormatId;
  layers: SourceLayer[];
  /** Text encoding that was used to read attributes, and why. */
  encoding?: string;
  notes: string[];
}

export interface ReadOptions {
  /** Encoding for attribute text when the file does not say (DBF code page), e.g. 'cp1258'. */
  encoding?: string;
  /** Stop reading past this many features (DOTHI_IMPORT_TOO_MANY_FEATURES). */
  maxFeatures: number;
  /** Called with 0..1 while reading large inputs. */
  onProgress?: (fraction: number) => void;
}

export type Reader = (input: SourceInput, opts: ReadOptions) => Promise<SourceDataset>;
