// Vector tiles made in JS (PGlite's PostGIS has no ST_AsMVT, DESIGN.md §3): one geojson-vt index per
// (workspace, layer, version), built lazily from every feature of that version, and the encoded tiles
// cut from it. Both live in LRUs bounded by weight: indexes by their feature count, tiles by bytes.
//
// Versions are immutable, so a key that includes the version never goes stale. Every request resolves
// the layer's current version first; the first request that sees a different version drops the other
// versions of that layer at once, so an import frees the old index without waiting for the LRU.

import GeoJSONVT from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';
import { DothiError } from '@dothi/engine';
import type { Feature } from '@dothi/engine';
import { WeightedLru } from './lru.ts';
import type { TileVersion } from './tile-source.ts';

/**
 * The tile grid served. geojson-vt returns nothing beyond its maxZoom, so its maxZoom is the grid's:
 * tiles to z16 keep building outlines to about 15 cm; MapLibre overzooms past that by itself.
 */
export const TILE_GRID = { minzoom: 0, maxzoom: 16, extent: 4096 } as const;

const INDEX_OPTIONS = {
  maxZoom: TILE_GRID.maxzoom,
  // Tiles to z5 are cut up front; deeper ones are drilled down to on demand (and kept by geojson-vt).
  indexMaxZoom: 5,
  buffer: 64,
  extent: TILE_GRID.extent,
} as const;

export interface TileCacheLimits {
  /** Features over all cached indexes; a layer larger than this is refused rather than rebuilt per request. */
  maxFeatures: number;
  /** Bytes of encoded tiles kept. */
  maxTileBytes: number;
}

export function tileLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): TileCacheLimits {
  const num = (v: string | undefined, d: number): number => (v && Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : d);
  return {
    maxFeatures: num(env.DOTHI_TILE_CACHE_FEATURES, 2_000_000),
    maxTileBytes: num(env.DOTHI_TILE_CACHE_BYTES, 64 * 1024 ** 2),
  };
}

export type LoadFeatures = (v: TileVersion) => Promise<Feature[]>;

export interface TileCacheStats {
  /** Indexes built (loads started) since the cache was made. */
  builds: number;
  indexes: number;
  indexedFeatures: number;
  indexHits: number;
  tiles: number;
  tileBytes: number;
  tileHits: number;
  tileMisses: number;
}

interface CachedTile {
  /** Index key of the version the tile was cut from. */
  owner: string;
  layer: string;
  /** null: nothing there (remembered too, so panning over empty country stays cheap). */
  data: Uint8Array | null;
}

/** Map keys and bookkeeping cost a tile about this much besides its bytes. */
const TILE_OVERHEAD = 64;

// Workspace and layer ids are slugs (checked by the schema), so NUL cannot occur inside them.
const layerKey = (v: TileVersion): string => `${v.workspace_id}\u0000${v.layer_id}`;
const indexKey = (v: TileVersion): string => `${layerKey(v)}\u0000${v.version}\u0000${v.stamp}`;

export class TileCache {
  private readonly indexes: WeightedLru<string, Promise<GeoJSONVT>>;
  private readonly tiles: WeightedLru<string, CachedTile>;
  /** The version each layer was last seen at. */
  private readonly current = new Map<string, string>();
  private readonly n = { builds: 0, indexHits: 0, tileHits: 0, tileMisses: 0 };

  constructor(private readonly load: LoadFeatures, readonly limits: TileCacheLimits = tileLimitsFromEnv()) {
    this.indexes = new WeightedLru(limits.maxFeatures);
    this.tiles = new WeightedLru(limits.maxTileBytes);
  }

  /** The encoded tile, or null when no feature reaches it. z/x/y must be on the grid. */
  async tile(v: TileVersion, z: number, x: number, y: number): Promise<Uint8Array | null> {
    const owner = this.observe(v);
    const key = `${owner}\u0000${z}/${x}/${y}`;
    const hit = this.tiles.get(key);
    if (hit) {
      this.n.tileHits++;
      return hit.data;
    }
    this.n.tileMisses++;
    const index = await this.index(v);
    const cut = index.getTile(z, x, y);
    const data = cut && cut.features.length > 0 ? fromGeojsonVt({ [v.layer_id]: cut }, { version: 2, extent: TILE_GRID.extent }) : null;
    // A request that raced an import must not put the old version's tile back.
    if (this.current.get(layerKey(v)) === owner) {
      this.tiles.set(key, { owner, layer: layerKey(v), data }, (data?.byteLength ?? 0) + TILE_OVERHEAD);
    }
    return data;
  }

  /** The version's index, built once however many requests ask for it at the same time. */
  private async index(v: TileVersion): Promise<GeoJSONVT> {
    if (v.feature_count > this.limits.maxFeatures) {
      throw new DothiError('DOTHI_TILE_LAYER_TOO_LARGE', { layer: v.layer_id, count: v.feature_count, limit: this.limits.maxFeatures });
    }
    const key = this.observe(v);
    const hit = this.indexes.get(key);
    if (hit) {
      this.n.indexHits++;
      return hit;
    }
    this.n.builds++;
    const built = this.build(v);
    // Weighed by the count the version row declares, so memory is reserved before the load starts.
    this.indexes.set(key, built, Math.max(1, v.feature_count));
    // A failed build is forgotten, so the next request tries again instead of getting the old failure.
    built.catch(() => {
      if (this.indexes.peek(key) === built) this.indexes.delete(key);
    });
    return built;
  }

  stats(): TileCacheStats {
    return {
      ...this.n,
      indexes: this.indexes.size,
      indexedFeatures: this.indexes.weight,
      tiles: this.tiles.size,
      tileBytes: this.tiles.weight,
    };
  }

  private async build(v: TileVersion): Promise<GeoJSONVT> {
    const features = await this.load(v);
    // The engine's Feature allows a null geometry, which geojson-vt skips but its types do not admit.
    const data = { type: 'FeatureCollection', features } as unknown as ConstructorParameters<typeof GeoJSONVT>[0];
    return new GeoJSONVT(data, INDEX_OPTIONS);
  }

  /**
   * Notes the version a request resolved; on a change, drops everything cut from the layer's other versions.
   * The version seen last wins, not the highest, so a layer set back to an older version is cached too; a
   * request that resolved its version just before an import costs at most one extra build.
   */
  private observe(v: TileVersion): string {
    const layer = layerKey(v);
    const key = indexKey(v);
    if (this.current.get(layer) !== key) {
      this.current.set(layer, key);
      const prefix = `${layer}\u0000`;
      this.indexes.deleteWhere((k) => k.startsWith(prefix) && k !== key);
      this.tiles.deleteWhere((_k, t) => t.layer === layer && t.owner !== key);
    }
    return key;
  }
}
