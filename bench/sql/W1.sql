-- W1 zonal statistics: count and sum(val) of 1M points per zone
SELECT count(*) AS zones, sum(n) AS pts_in_zones, round(sum(s)::numeric, 3) AS sum_val, max(n) AS max_n
FROM (
  SELECT z.id, count(p.id) AS n, coalesce(sum(p.val), 0) AS s
  FROM b.zones z
  LEFT JOIN b.pts p ON ST_Contains(z.geom, p.geom)
  GROUP BY z.id
) q;
