-- Derived benchmark tables, all in EPSG:32628 (UTM 28N, metres)
DROP SCHEMA IF EXISTS b CASCADE;
CREATE SCHEMA b;

CREATE TABLE b.buildings AS
  SELECT row_number() OVER (ORDER BY ogc_fid)::int AS id, osm_id, building,
         ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(geom, 32628)), 3))::geometry(MultiPolygon,32628) AS geom
  FROM osm.multipolygons WHERE building IS NOT NULL;

CREATE TABLE b.amenities AS
  SELECT row_number() OVER (ORDER BY ogc_fid)::int AS id, osm_id, amenity,
         ST_Transform(geom, 32628)::geometry(Point,32628) AS geom
  FROM osm.points WHERE amenity IS NOT NULL;

CREATE TABLE b.stops AS
  SELECT row_number() OVER (ORDER BY ogc_fid)::int AS id, osm_id, name,
         ST_Transform(geom, 32628)::geometry(Point,32628) AS geom
  FROM osm.points WHERE highway = 'bus_stop' OR public_transport = 'platform';

CREATE TABLE b.landuse AS
  SELECT row_number() OVER (ORDER BY ogc_fid)::int AS id, osm_id, landuse,
         ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(geom, 32628)), 3))::geometry(MultiPolygon,32628) AS geom
  FROM osm.multipolygons WHERE landuse IS NOT NULL;

CREATE TABLE b.roads AS
  SELECT row_number() OVER (ORDER BY ogc_fid)::int AS id, osm_id, highway,
         ST_Transform(geom, 32628)::geometry(LineString,32628) AS geom
  FROM osm.lines WHERE highway IS NOT NULL;

-- Study area = PBF header bbox (-15.5432594,28.0097513,-15.3788715,28.1962132) in EPSG:32628
CREATE TABLE b.bbox AS
  SELECT ST_Transform(ST_Segmentize(ST_MakeEnvelope(-15.5432594,28.0097513,-15.3788715,28.1962132,4326), 0.001), 32628)::geometry(Polygon,32628) AS geom;

-- 1,000 zones: 25 columns x 40 rows over the metric extent of the bbox, clipped to the bbox polygon
CREATE TABLE b.zones AS
  WITH e AS (SELECT ST_XMin(geom) x0, ST_YMin(geom) y0, ST_XMax(geom) x1, ST_YMax(geom) y1, geom FROM b.bbox),
  g AS (
    SELECT c, r, ST_MakeEnvelope(x0 + c*(x1-x0)/25, y0 + r*(y1-y0)/40, x0 + (c+1)*(x1-x0)/25, y0 + (r+1)*(y1-y0)/40, 32628) cell, e.geom bb
    FROM e, generate_series(0,24) c, generate_series(0,39) r)
  SELECT (r*25 + c + 1)::int AS id, c AS col, r AS row,
         ST_Multi(ST_CollectionExtract(ST_Intersection(cell, bb), 3))::geometry(MultiPolygon,32628) AS geom
  FROM g;

-- 1,000,000 seeded random points, uniform in lon/lat inside the bbox, then projected
SELECT setseed(0.42);
CREATE TABLE b.pts AS
  SELECT i AS id,
         ST_Transform(ST_SetSRID(ST_MakePoint(-15.5432594 + random()*(-15.3788715 - -15.5432594),
                                              28.0097513 + random()*(28.1962132 - 28.0097513)), 4326), 32628)::geometry(Point,32628) AS geom,
         random()*100 AS val
  FROM generate_series(1,1000000) i;
