// Every coordinate reference system dothi knows, as explicit PROJ strings (DESIGN.md §4).
// The same strings feed proj4js, PostGIS ST_Transform(geom, text, srid) and gdal3.js -s_srs,
// so a coordinate means the same thing on every path.

import { DothiError } from '../errors.ts';

/** EPSG:6960 "VN-2000 to WGS 84 (2)" in PROJ's position-vector convention (rotation signs flipped from EPSG's
 * coordinate-frame values; copying EPSG's signs lands ~0.6 m off). Same output as `projinfo EPSG:4756`.
 * Applied everywhere, as DESIGN.md says: PROJ given bare EPSG codes would switch to EPSG:5194 inside the
 * Mekong-delta petroleum blocks' bbox (which covers Ho Chi Minh City), up to ~1 m away; see crs.test.ts. */
export const VN2000_TOWGS84 =
  '+towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278';

export interface AreaOfUse {
  /** west, south, east, north in degrees (WGS84). */
  readonly bbox: readonly [number, number, number, number];
  readonly name: string;
}

export interface CrsDef {
  /** Canonical id, always `EPSG:<code>`. */
  readonly id: string;
  readonly epsg: number;
  readonly name: string;
  readonly name_vi: string;
  readonly proj4: string;
  readonly geographic: boolean;
  readonly area: AreaOfUse;
  /** Other names the CRS is known by, lower case (`vn2000:danang`). */
  readonly aliases: readonly string[];
  /** For VN-2000 TM-3 zones: the central meridian in degrees. */
  readonly centralMeridian?: number;
}

const WORLD: AreaOfUse = { bbox: [-180, -90, 180, 90], name: 'World' };
// EPSG's "Vietnam - onshore" area widened to the offshore islands (Hoàng Sa, Trường Sa) that
// city and provincial datasets include; used to catch coordinates read in the wrong CRS.
const VIETNAM: AreaOfUse = { bbox: [102.14, 6.0, 117.9, 23.4], name: 'Vietnam' };

/** VN-2000 TM-3 zones: central meridian, EPSG code, pre-2025 provinces (Circular 973/2001/TT-TCĐC, EPSG usage areas). */
const TM3_ZONES: ReadonlyArray<readonly [number, number, readonly string[]]> = [
  [102.0, 5896, []],
  [103.0, 9205, ['Dien Bien', 'Lai Chau']],
  [104.0, 9206, ['Son La']],
  [104.5, 9207, ['Ca Mau', 'Kien Giang']],
  [104.75, 9208, ['An Giang', 'Lao Cai', 'Nghe An', 'Phu Tho', 'Yen Bai']],
  [105.0, 5897, ['Ha Noi', 'Ha Nam', 'Ha Tay', 'Ninh Binh', 'Thanh Hoa', 'Vinh Phuc', 'Can Tho', 'Bac Lieu', 'Dong Thap', 'Hau Giang']],
  [105.5, 9209, ['Bac Ninh', 'Ha Giang', 'Ha Tinh', 'Hai Duong', 'Hung Yen', 'Nam Dinh', 'Soc Trang', 'Tay Ninh', 'Thai Binh', 'Tra Vinh', 'Vinh Long']],
  [105.75, 9210, ['Hai Phong', 'Ho Chi Minh', 'Ben Tre', 'Binh Duong', 'Cao Bang', 'Long An', 'Tien Giang']],
  [106.0, 9211, ['Hoa Binh', 'Quang Binh', 'Tuyen Quang']],
  [106.25, 9212, ['Binh Phuoc', 'Quang Tri']],
  [106.5, 9213, ['Bac Kan', 'Thai Nguyen']],
  [107.0, 9214, ['Bac Giang', 'Thua Thien Hue']],
  [107.25, 9215, ['Lang Son']],
  [107.5, 9216, ['Kon Tum']],
  [107.75, 5899, ['Quang Ninh', 'Da Nang', 'Quang Nam', 'Ba Ria Vung Tau', 'Dong Nai', 'Lam Dong']],
  [108.0, 5898, ['Quang Ngai']],
  [108.25, 9217, ['Binh Dinh', 'Khanh Hoa', 'Ninh Thuan']],
  [108.5, 9218, ['Binh Thuan', 'Dak Lak', 'Dak Nong', 'Gia Lai', 'Phu Yen']],
];

/** Extra names people use for a province. */
const PROVINCE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  'Ho Chi Minh': ['hcm', 'hcmc', 'tphcm', 'saigon', 'hochiminhcity'],
  'Ha Noi': ['hn'],
  'Thua Thien Hue': ['hue'],
  'Ba Ria Vung Tau': ['vungtau', 'brvt'],
  'Da Nang': ['dn'],
};

export function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function formatMeridian(cm: number): string {
  const deg = Math.floor(cm);
  const min = Math.round((cm - deg) * 60);
  return `${deg}°${String(min).padStart(2, '0')}′`;
}

function buildRegistry(): CrsDef[] {
  const defs: CrsDef[] = [
    {
      id: 'EPSG:4326', epsg: 4326, name: 'WGS 84', name_vi: 'WGS 84', geographic: true, area: WORLD,
      proj4: '+proj=longlat +datum=WGS84 +no_defs',
      aliases: ['wgs84', 'crs84', 'ogc:crs84', 'urn:ogc:def:crs:ogc:1.3:crs84', 'http://www.opengis.net/def/crs/ogc/1.3/crs84'],
    },
    {
      id: 'EPSG:3857', epsg: 3857, name: 'WGS 84 / Pseudo-Mercator', name_vi: 'WGS 84 / Pseudo-Mercator', geographic: false,
      area: { bbox: [-180, -85.06, 180, 85.06], name: 'World' },
      proj4: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs',
      aliases: ['webmercator', 'google'],
    },
    {
      id: 'EPSG:4756', epsg: 4756, name: 'VN-2000', name_vi: 'VN-2000 (địa lý)', geographic: true, area: VIETNAM,
      proj4: `+proj=longlat +ellps=WGS84 ${VN2000_TOWGS84} +no_defs`,
      aliases: ['vn2000', 'vn-2000', 'vn2000:geographic'],
    },
    {
      id: 'EPSG:3405', epsg: 3405, name: 'VN-2000 / UTM zone 48N', name_vi: 'VN-2000 / UTM múi 48N', geographic: false,
      area: { bbox: [102.14, 6.0, 108.0, 23.4], name: 'Vietnam west of 108°E' },
      proj4: `+proj=utm +zone=48 +ellps=WGS84 ${VN2000_TOWGS84} +units=m +no_defs`,
      aliases: ['vn2000:utm48', 'vn2000:utm48n'],
    },
    {
      id: 'EPSG:3406', epsg: 3406, name: 'VN-2000 / UTM zone 49N', name_vi: 'VN-2000 / UTM múi 49N', geographic: false,
      area: { bbox: [108.0, 6.0, 117.9, 23.4], name: 'Vietnam east of 108°E' },
      proj4: `+proj=utm +zone=49 +ellps=WGS84 ${VN2000_TOWGS84} +units=m +no_defs`,
      aliases: ['vn2000:utm49', 'vn2000:utm49n'],
    },
  ];
  for (const [cm, epsg, provinces] of TM3_ZONES) {
    const m = formatMeridian(cm);
    const aliases = [`vn2000:tm3:${cm}`, `vn2000:${slug(m)}`];
    for (const p of provinces) {
      aliases.push(`vn2000:${slug(p)}`);
      for (const extra of PROVINCE_ALIASES[p] ?? []) aliases.push(`vn2000:${extra}`);
    }
    defs.push({
      id: `EPSG:${epsg}`, epsg, geographic: false, centralMeridian: cm,
      name: `VN-2000 / TM-3 ${m}${provinces.length ? ` (${provinces.join(', ')})` : ''}`,
      name_vi: `VN-2000 / TM-3 kinh tuyến trục ${m}${provinces.length ? ` (${provinces.join(', ')})` : ''}`,
      proj4: `+proj=tmerc +lat_0=0 +lon_0=${cm} +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 ${VN2000_TOWGS84} +units=m +no_defs`,
      area: VIETNAM,
      aliases,
    });
  }
  // WGS 84 / UTM: every zone, north and south.
  for (let zone = 1; zone <= 60; zone++) {
    const west = -180 + (zone - 1) * 6;
    for (const south of [false, true]) {
      const epsg = (south ? 32700 : 32600) + zone;
      const hemi = south ? 'S' : 'N';
      defs.push({
        id: `EPSG:${epsg}`, epsg, geographic: false,
        name: `WGS 84 / UTM zone ${zone}${hemi}`, name_vi: `WGS 84 / UTM múi ${zone}${hemi}`,
        proj4: `+proj=utm +zone=${zone}${south ? ' +south' : ''} +datum=WGS84 +units=m +no_defs`,
        area: { bbox: [west, south ? -80 : 0, west + 6, south ? 0 : 84], name: `UTM zone ${zone}${hemi}` },
        aliases: [`utm:${zone}${hemi.toLowerCase()}`, `wgs84:utm${zone}${hemi.toLowerCase()}`],
      });
    }
  }
  return defs;
}

export const CRS_REGISTRY: readonly CrsDef[] = buildRegistry();

const byKey = new Map<string, CrsDef>();
for (const d of CRS_REGISTRY) {
  byKey.set(d.id.toLowerCase(), d);
  byKey.set(String(d.epsg), d);
  byKey.set(`http://www.opengis.net/def/crs/epsg/0/${d.epsg}`, d);
  byKey.set(`urn:ogc:def:crs:epsg::${d.epsg}`, d);
  for (const a of d.aliases) byKey.set(a, d);
}

/** Finds a CRS by EPSG code (`EPSG:5899`, `5899`, OGC URI) or by name (`vn2000:danang`, `vn2000:ho-chi-minh`). */
export function findCrs(ref: string): CrsDef | undefined {
  const key = ref.trim().toLowerCase();
  const hit = byKey.get(key);
  if (hit) return hit;
  const m = /^vn-?2000:(.+)$/.exec(key);
  if (m?.[1]) return byKey.get(`vn2000:${slug(m[1])}`);
  return undefined;
}

export function getCrs(ref: string): CrsDef {
  const d = findCrs(ref);
  if (!d) throw new DothiError('DOTHI_CRS_UNKNOWN', { crs: ref });
  return d;
}

/** The VN-2000 TM-3 zone with this central meridian, if there is one. */
export function tm3ZoneByMeridian(cm: number): CrsDef | undefined {
  return CRS_REGISTRY.find((d) => d.centralMeridian !== undefined && Math.abs(d.centralMeridian - cm) < 1e-6);
}

/** The WGS 84 UTM zone that holds a point. */
export function utmZoneFor(lon: number, lat: number): CrsDef {
  const zone = Math.min(60, Math.max(1, Math.floor((lon + 180) / 6) + 1));
  return getCrs(`EPSG:${(lat < 0 ? 32700 : 32600) + zone}`);
}
