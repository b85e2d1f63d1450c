-- W4a (exact): snap stops, multi-source drivingDistance without equicost, min agg_cost over sources per vertex
WITH sv AS (
  SELECT DISTINCT nv.id
  FROM b.stops s
  CROSS JOIN LATERAL (SELECT v.id FROM b.vertices v ORDER BY v.geom <-> s.geom LIMIT 1) nv
), dd AS (
  SELECT node, min(agg_cost) AS d
  FROM pgr_drivingDistance('SELECT id, source, target, cost FROM b.edges',
                           ARRAY(SELECT id FROM sv), 800, directed => false, equicost => false)
  GROUP BY node
)
SELECT count(*) AS vertices_within_800, round(sum(d)::numeric, 3) AS sum_dist, round(max(d)::numeric, 3) AS max_dist FROM dd;
