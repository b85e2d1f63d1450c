-- W2a split over 2 connections (run concurrently with :lo = 1..500000 and 500001..1000000); informational only
SELECT count(*) AS n, round(sum(d)::numeric, 3) AS sum_dist, round(max(d)::numeric, 3) AS max_dist
FROM b.pts p
CROSS JOIN LATERAL (
  SELECT p.geom <-> a.geom AS d FROM b.amenities a ORDER BY p.geom <-> a.geom LIMIT 1
) nn
WHERE p.id BETWEEN :lo AND :hi;
