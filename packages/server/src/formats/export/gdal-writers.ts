// GeoPackage and Shapefile exports through gdal3.js. Features go in as GeoJSON already in the
// target CRS (reprojected in TypeScript with the registry); GDAL only writes the format and labels
// the CRS (-a_srs), it never transforms.

import { zipSync } from 'fflate';
import { DothiError, geomFamily } from '@dothi/engine';
import type { CrsDef, Feature } from '@dothi/engine';
import { takeGdalMessages, withGdal } from '../gdal.ts';
import type { Gdal } from '../gdal.ts';
import type { ExportFile, ExportMeta } from './provenance.ts';
import { provenanceDocument, provenanceSidecar } from './provenance.ts';

let counter = 0;

function srsOf(crs: CrsDef): string {
  return crs.epsg > 0 ? `EPSG:${crs.epsg}` : crs.proj4;
}

function failed(meta: ExportMeta, format: string, detail: string): DothiError {
  return new DothiError('DOTHI_EXPORT_FAILED', { layer: meta.layer, format, detail });
}

function geojsonBytes(features: readonly Feature[]): Uint8Array {
  const fc = { type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', properties: f.properties ?? {}, geometry: f.geometry })) };
  return new TextEncoder().encode(JSON.stringify(fc));
}

/** Writes features through ogr2ogr into gdal3.js's memory file system; returns the created files' names and bytes. */
async function translate(features: readonly Feature[], args: string[], meta: ExportMeta, format: string): Promise<ExportFile[]> {
  return withGdal(async (G: Gdal) => {
    const id = ++counter;
    const src = `/output/dothi-export-src-${id}.geojson`;
    const made: string[] = [src];
    takeGdalMessages();
    G.Module.FS.writeFile(src, geojsonBytes(features));
    try {
      let opened: Awaited<ReturnType<Gdal['open']>>;
      try {
        opened = await G.open(src);
      } catch (errs) {
        throw failed(meta, format, `GDAL could not read the features: ${JSON.stringify(errs)}`);
      }
      const ds = opened.datasets[0];
      if (!ds) throw failed(meta, format, 'GDAL could not read the features');
      try {
        const out = await G.ogr2ogr(ds, args, `dothi-export-${id}`).catch((err: { message?: string }) => {
          throw failed(meta, format, [err.message ?? String(err), ...takeGdalMessages()].filter(Boolean).join('; '));
        });
        const files = out.all ?? [out];
        made.push(...files.map((f) => f.local));
        const errors = takeGdalMessages().filter((m) => /^ERROR/.test(m));
        if (errors.length > 0) throw failed(meta, format, errors.join('; '));
        const result: ExportFile[] = [];
        for (const f of files) result.push({ name: f.local.split('/').pop() as string, data: await G.getFileBytes(f.local) });
        return result;
      } finally {
        await G.close(ds);
      }
    } finally {
      for (const f of made) {
        try {
          G.Module.FS.unlink(f);
        } catch {
          /* not created */
        }
      }
    }
  });
}

/** GeoPackage: the provenance goes into the dataset metadata (gpkg_metadata), as DOTHI_PROVENANCE. */
export async function writeGeoPackage(features: readonly Feature[], meta: ExportMeta, crs: CrsDef, base: string): Promise<ExportFile[]> {
  const args = [
    '-f', 'GPKG', '-a_srs', srsOf(crs), '-nln', meta.layer,
    '-mo', `DOTHI_PROVENANCE=${JSON.stringify(provenanceDocument(meta, crs))}`,
    '-lco', `IDENTIFIER=${meta.title}`, '-lco', `DESCRIPTION=${meta.title} (dothi layer ${meta.layer} v${meta.version})`,
  ];
  const files = await translate(features, args, meta, 'GeoPackage');
  const gpkg = files.find((f) => f.name.endsWith('.gpkg'));
  if (!gpkg) throw failed(meta, 'GeoPackage', 'GDAL wrote no .gpkg file');
  return [{ name: `${base}.gpkg`, data: gpkg.data }];
}

const FAMILY_SUFFIX = { point: 'points', line: 'lines', polygon: 'polygons' } as const;

/**
 * Shapefile, zipped with its provenance JSON. A Shapefile holds one geometry type, so a layer that
 * mixes points, lines and polygons becomes one Shapefile per family in the zip. Attributes are
 * written as UTF-8 with a .cpg saying so; field names longer than 10 characters are cut by GDAL.
 */
export async function writeShapefile(features: readonly Feature[], meta: ExportMeta, crs: CrsDef, base: string): Promise<ExportFile[]> {
  const groups = new Map<'point' | 'line' | 'polygon', Feature[]>();
  const nulls: Feature[] = [];
  features.forEach((f, i) => {
    if (!f.geometry) return void nulls.push(f);
    const fam = geomFamily(f.geometry.type);
    if (fam === 'collection') throw failed(meta, 'Shapefile', `feature ${i + 1} is a GeometryCollection, which a Shapefile cannot hold`);
    const list = groups.get(fam) ?? [];
    list.push(f);
    groups.set(fam, list);
  });
  if (groups.size === 0) groups.set('point', []);
  const first = [...groups.keys()][0] as 'point' | 'line' | 'polygon';
  (groups.get(first) as Feature[]).push(...nulls);
  const zipped: Record<string, Uint8Array> = {};
  for (const [fam, list] of groups) {
    const name = groups.size > 1 ? `${base}_${FAMILY_SUFFIX[fam]}` : base;
    const multiPoint = fam === 'point' && list.some((f) => f.geometry?.type === 'MultiPoint');
    const nlt = multiPoint ? ['-nlt', 'MULTIPOINT'] : fam === 'point' && list.every((f) => !f.geometry) ? ['-nlt', 'POINT'] : [];
    const args = ['-f', 'ESRI Shapefile', '-a_srs', srsOf(crs), '-lco', 'ENCODING=UTF-8', ...nlt];
    for (const f of await translate(list, args, meta, 'Shapefile')) zipped[`${name}.${f.name.split('.').pop() as string}`] = f.data;
  }
  const side = provenanceSidecar(base, meta, crs);
  zipped[side.name] = side.data;
  return [{ name: `${base}.zip`, data: zipSync(zipped) }];
}
