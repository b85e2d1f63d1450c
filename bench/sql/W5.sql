-- W5: 100 isochrones, 800 m, one multi-source pgRouting call, concave hull (pctconvex 0.5) of reached vertices per origin
WITH dd AS (
  SELECT from_v, node
  FROM pgr_drivingDistance('SELECT id, source, target, cost FROM b.edges',
                           ARRAY(SELECT id FROM b.origins ORDER BY id), 800, directed => false)
), iso AS (
  SELECT dd.from_v, ST_ConcaveHull(ST_Collect(v.geom), 0.5) AS geom, count(*) AS nodes
  FROM dd JOIN b.vertices v ON v.id = dd.node
  GROUP BY dd.from_v
)
SELECT count(*) AS isochrones, sum(nodes) AS nodes, round(sum(ST_Area(geom))::numeric, 1) AS sum_area_m2,
       count(*) FILTER (WHERE GeometryType(geom) = 'POLYGON') AS polygons
FROM iso;
