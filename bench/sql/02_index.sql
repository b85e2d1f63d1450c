\timing on
DROP INDEX IF EXISTS b.pts_gix, b.zones_gix, b.amenities_gix, b.buildings_gix, b.landuse_gix, b.stops_gix, b.roads_gix;
CREATE INDEX pts_gix ON b.pts USING gist (geom);
CREATE INDEX zones_gix ON b.zones USING gist (geom);
CREATE INDEX amenities_gix ON b.amenities USING gist (geom);
CREATE INDEX buildings_gix ON b.buildings USING gist (geom);
CREATE INDEX landuse_gix ON b.landuse USING gist (geom);
CREATE INDEX stops_gix ON b.stops USING gist (geom);
CREATE INDEX roads_gix ON b.roads USING gist (geom);
