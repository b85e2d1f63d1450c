// The OSM importer: an OpenStreetMap extract (XML .osm or .osm.pbf) split into sector layers
// (roads, buildings, amenities, transit stops, land use, green spaces, water bodies) by the
// rules in osm-sectors.ts. Geometry comes from GDAL's OSM driver (osm-gdal.ts); every feature
// keeps its OSM id and all its tags, so the sector attributes can always be traced back.

import { DothiError, geomFamily, getCrs } from '@dothi/engine';
import type { Feature, GeomFamily } from '@dothi/engine';
import type { Reader, SourceDataset, SourceInput, SourceLayer } from '../types.ts';
import { sectorAttributes } from './osm-attributes.ts';
import { checkOsmFile, OsmFileProblem } from './osm-file-check.ts';
import type { OsmEncoding } from './osm-file-check.ts';
import { GDAL_OSM_LAYERS, GdalOsmError, readWithGdal } from './osm-gdal.ts';
import type { RawOsmFeature } from './osm-gdal.ts';
import { ruleMatch, SECTOR_RULES } from './osm-sectors.ts';
import type { SectorId } from './osm-sectors.ts';

const OSM_PART = /\.(osm|osm\.pbf|pbf)$/i;

// Share of the progress bar for the envelope check; GDAL's four layer passes share the rest.
const CHECK_SHARE = 0.02;

interface Tally {
  /** Sector features so far, for maxFeatures. */
  total: number;
  /** OSM features that went to no sector. */
  unmatched: number;
  /** OSM features in more than one sector. */
  multiSector: number;
  /** Sector matched, but the sector does not take the feature's geometry (a park drawn as a point). */
  wrongGeometry: Map<SectorId, Map<GeomFamily, number>>;
  truncated: string[];
}

function unreadable(file: string, detail: string): DothiError {
  return new DothiError('DOTHI_IMPORT_UNREADABLE', { file, format: 'OSM', detail });
}

/** The sector features one OSM feature gives (none, one, or several). */
export function classify(raw: RawOsmFeature): Array<{ sector: SectorId; feature: Feature }> {
  const family = geomFamily(raw.geometry.type);
  if (family === 'collection') return [];
  const out: Array<{ sector: SectorId; feature: Feature }> = [];
  for (const rule of SECTOR_RULES) {
    if (!rule.geometry.includes(family)) continue;
    const matched = ruleMatch(rule, raw.tags, family);
    if (!matched) continue;
    out.push({
      sector: rule.sector,
      feature: {
        type: 'Feature',
        id: raw.osmId,
        geometry: raw.geometry,
        properties: { ...sectorAttributes(rule.sector, raw.tags, matched), osm_id: raw.osmId, osm_tags: { ...raw.tags } },
      },
    });
  }
  return out;
}

function wrongGeometrySectors(raw: RawOsmFeature): SectorId[] {
  const family = geomFamily(raw.geometry.type);
  if (family === 'collection') return [];
  return SECTOR_RULES.filter((r) => !r.geometry.includes(family) && ruleMatch(r, raw.tags, family)).map((r) => r.sector);
}

const listIds = (ids: string[]): string => `${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', ...' : ''}`;

function notesFor(encoding: OsmEncoding, layers: SourceLayer[], tally: Tally, warnings: string[]): string[] {
  const notes = [
    `Read as OSM ${encoding === 'pbf' ? 'PBF' : 'XML'} with GDAL's OSM driver; multipolygon relations assembled by GDAL ` +
      '(a relation whose member ways are missing from the extract cannot be closed and is left out).',
    `Sectors: ${layers.map((l) => `${l.kind} ${l.features.length}`).join(', ') || 'none'}.`,
  ];
  if (tally.multiSector) {
    notes.push(
      `${tally.multiSector} OSM features are in more than one sector (a building with amenity=*, landuse=grass in land_use and ` +
        'green_spaces); do not add areas across sector layers.',
    );
  }
  for (const [sector, byFamily] of tally.wrongGeometry) {
    const takes = SECTOR_RULES.find((r) => r.sector === sector)?.geometry.map((g) => `${g}s`).join(' and ');
    for (const [family, n] of byFamily) {
      // An area way that does not close has lost nodes to the extract's boundary, or was drawn open.
      const why = family === 'line' && takes?.includes('polygon') ? ': ways that do not close, cut by the extract boundary or drawn open' : '';
      notes.push(`Left out ${n} × ${sector} drawn as ${family}s (${sector} takes ${takes}${why}).`);
    }
  }
  if (tally.unmatched) notes.push(`${tally.unmatched} OSM features match no sector and were not imported.`);
  if (tally.truncated.length) {
    notes.push(
      `Tags of ${tally.truncated.length} features are long enough that GDAL may have dropped some from osm_tags: ${listIds(tally.truncated)}.`,
    );
  }
  for (const w of warnings.slice(0, 10)) notes.push(`GDAL: ${w}`);
  return notes;
}

export const readOsm: Reader = async (input: SourceInput, opts) => {
  const part = input.parts.find((p) => OSM_PART.test(p.name)) ?? input.parts[0];
  if (!part) throw unreadable(input.name, 'no file was given');
  const file = input.name;
  opts.onProgress?.(0);

  let encoding: OsmEncoding;
  try {
    encoding = await checkOsmFile(part.path);
  } catch (e) {
    if (e instanceof OsmFileProblem) throw unreadable(file, e.message);
    throw unreadable(file, `the file could not be opened: ${(e as Error).message}`);
  }
  opts.onProgress?.(CHECK_SHARE);

  const bySector = new Map<SectorId, Feature[]>(SECTOR_RULES.map((r) => [r.sector, []]));
  const tally: Tally = { total: 0, unmatched: 0, multiSector: 0, wrongGeometry: new Map(), truncated: [] };
  const take = (raws: RawOsmFeature[]): void => {
    for (const raw of raws) {
      const placed = classify(raw);
      for (const { sector, feature } of placed) bySector.get(sector)?.push(feature);
      if (placed.length > 1) tally.multiSector++;
      if (placed.length && raw.tagsMayBeTruncated) tally.truncated.push(raw.osmId);
      if (!placed.length) {
        const wrong = wrongGeometrySectors(raw);
        if (!wrong.length) tally.unmatched++;
        const family = geomFamily(raw.geometry.type) as GeomFamily;
        for (const s of wrong) {
          const m = tally.wrongGeometry.get(s) ?? new Map<GeomFamily, number>();
          m.set(family, (m.get(family) ?? 0) + 1);
          tally.wrongGeometry.set(s, m);
        }
      }
      tally.total += placed.length;
      if (tally.total > opts.maxFeatures) {
        throw new DothiError('DOTHI_IMPORT_TOO_MANY_FEATURES', { file, limit: opts.maxFeatures });
      }
    }
  };

  let warnings: string[];
  try {
    ({ warnings } = await readWithGdal(part.path, (_layer, raws) => take(raws), (done) =>
      opts.onProgress?.(CHECK_SHARE + ((1 - CHECK_SHARE) * done) / GDAL_OSM_LAYERS.length),
    ));
  } catch (e) {
    if (!(e instanceof GdalOsmError)) throw e;
    // GDAL's PBF messages cite its own source lines; expat's XML messages cite the file's line and column.
    throw unreadable(
      file,
      encoding === 'pbf'
        ? `the data inside the PBF is damaged (GDAL: ${e.message}); copy or download the file again`
        : `${e.message}; correct the XML there or export the data again`,
    );
  }

  const crs = { crs: getCrs('EPSG:4326'), note: 'OSM data is WGS 84 by definition' };
  const layers: SourceLayer[] = [];
  for (const [sector, features] of bySector) {
    if (features.length) layers.push({ name: sector, kind: sector, features, crs });
  }
  const notes = notesFor(encoding, layers, tally, warnings);
  if (opts.encoding && !/^utf-?8$/i.test(opts.encoding)) {
    notes.push(`OSM files are UTF-8 by definition; the encoding ${opts.encoding} that was asked for is not used.`);
  }
  const dataset: SourceDataset = { format: 'osm', layers, encoding: 'UTF-8', notes };
  return dataset;
};
