-- W4b: amenities within 800 m network distance of EVERY vertex (direct: one Dijkstra per vertex, single pgRouting call)
WITH av AS (
  SELECT nv.id AS vid, count(*) AS n
  FROM b.amenities a
  CROSS JOIN LATERAL (SELECT v.id FROM b.vertices v ORDER BY v.geom <-> a.geom LIMIT 1) nv
  GROUP BY nv.id
), dd AS (
  SELECT from_v, node
  FROM pgr_drivingDistance('SELECT id, source, target, cost FROM b.edges',
                           ARRAY(SELECT id FROM b.vertices ORDER BY id), 800, directed => false)
), per_vertex AS (
  SELECT v.id, coalesce(sum(av.n), 0) AS cnt
  FROM b.vertices v LEFT JOIN dd ON dd.from_v = v.id LEFT JOIN av ON av.vid = dd.node
  GROUP BY v.id
)
SELECT count(*) AS vertices, sum(cnt) AS sum_count, max(cnt) AS max_count, count(*) FILTER (WHERE cnt > 0) AS with_any FROM per_vertex;
