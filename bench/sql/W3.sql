-- W3 overlay: land-use area by class per zone (ST_Intersection + ST_Area), as specified
SELECT count(*) AS zone_class_rows, round(sum(area)::numeric, 1) AS total_area_m2
FROM (
  SELECT z.id, l.landuse, sum(ST_Area(ST_Intersection(z.geom, l.geom))) AS area
  FROM b.zones z
  JOIN b.landuse l ON ST_Intersects(z.geom, l.geom)
  GROUP BY z.id, l.landuse
) q;
