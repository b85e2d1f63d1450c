-- W4 step 1: split OSM ways at every vertex shared with another way (OSM node topology), cost = length in metres (EPSG:32628)
DROP TABLE IF EXISTS b.edges, b.edges_vertices_pgr, b.vertices CASCADE;
CREATE TABLE b.edges AS
WITH v AS (
  SELECT r.id AS rid, r.highway, (dp).path[1] AS k, (dp).geom AS geom, ST_NPoints(r.geom) AS np
  FROM b.roads r, LATERAL ST_DumpPoints(r.geom) dp
), f AS (
  SELECT rid, highway, k, np, geom,
         (k = 1 OR k = np OR count(*) OVER (PARTITION BY ST_X(geom), ST_Y(geom)) > 1) AS is_split
  FROM v
), s AS (
  SELECT *, coalesce(sum(is_split::int) OVER (PARTITION BY rid ORDER BY k ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS seg
  FROM f
), pieces AS (
  SELECT rid, highway, seg, k, geom FROM s WHERE k > 1
  UNION ALL
  SELECT rid, highway, seg + 1, k, geom FROM s WHERE is_split AND k < np
)
SELECT row_number() OVER (ORDER BY rid, seg)::bigint AS id, rid AS road_id, highway,
       ST_MakeLine(geom ORDER BY k)::geometry(LineString,32628) AS geom,
       NULL::bigint AS source, NULL::bigint AS target,
       0::float8 AS cost, 0::float8 AS reverse_cost
FROM pieces GROUP BY rid, highway, seg;
UPDATE b.edges SET cost = ST_Length(geom), reverse_cost = ST_Length(geom);
ALTER TABLE b.edges ADD PRIMARY KEY (id);
