// Which CRS an import's coordinates are in, and why: the user's word wins, then what the file
// says, then WGS 84 as the documented assumption. The reason lands in the layer version's provenance.

import proj4 from 'proj4';
import { getCrs } from '@dothi/engine';
import type { CrsDef } from '@dothi/engine';
import type { DetectedCrs } from '../formats/types.ts';

export interface ResolvedCrs {
  crs: CrsDef;
  reason: string;
}

export function resolveCrs(declared: string | undefined, detected: DetectedCrs | null): ResolvedCrs {
  if (declared) {
    const crs = getCrs(declared);
    const said = detected?.crs ? ` (the file says ${detected.crs.id})` : detected?.definition ? ' (the file has a definition that was overridden)' : '';
    return { crs, reason: `declared by the importer as ${crs.id} ${crs.name}${said}` };
  }
  if (detected?.crs) return { crs: detected.crs, reason: detected.note };
  if (detected?.definition) {
    // Not in the registry: fall back on the file's own definition, which proj4 reads (PROJ or WKT1).
    try {
      proj4(detected.definition, 'WGS84');
      const crs: CrsDef = {
        id: 'file-definition', epsg: 0, name: 'definition from the file', name_vi: 'định nghĩa trong tệp',
        proj4: detected.definition, geographic: false, area: { bbox: [-180, -90, 180, 90], name: 'World' }, aliases: [],
      };
      return { crs, reason: `${detected.note}; not in dothi's registry, used the file's own definition (check with --crs)` };
    } catch {
      /* unreadable definition: fall through to the assumption, and say so */
    }
  }
  const crs = getCrs('EPSG:4326');
  const why = detected?.note ? `${detected.note}; ` : 'the file names no coordinate system; ';
  return { crs, reason: `${why}assumed WGS 84 (EPSG:4326); use --crs to declare another` };
}
