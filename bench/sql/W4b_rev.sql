-- W4b (reverse formulation, same result on an undirected graph): one Dijkstra per amenity vertex, 800 m, count sources reaching each vertex
WITH av AS (
  SELECT nv.id AS vid, count(*) AS n
  FROM b.amenities a
  CROSS JOIN LATERAL (SELECT v.id FROM b.vertices v ORDER BY v.geom <-> a.geom LIMIT 1) nv
  GROUP BY nv.id
), dd AS (
  SELECT from_v, node
  FROM pgr_drivingDistance('SELECT id, source, target, cost FROM b.edges',
                           ARRAY(SELECT vid FROM av ORDER BY vid), 800, directed => false)
), per_vertex AS (
  SELECT v.id, coalesce(r.cnt, 0) AS cnt
  FROM b.vertices v
  LEFT JOIN (SELECT dd.node, sum(av.n) AS cnt FROM dd JOIN av ON av.vid = dd.from_v GROUP BY dd.node) r ON r.node = v.id
)
SELECT count(*) AS vertices, sum(cnt) AS sum_count, max(cnt) AS max_count, count(*) FILTER (WHERE cnt > 0) AS with_any FROM per_vertex;
