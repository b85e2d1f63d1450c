-- W2a nearest amenity for each of the 1M points (KNN via <-> on GiST)
SELECT count(*) AS n, round(sum(d)::numeric, 3) AS sum_dist, round(max(d)::numeric, 3) AS max_dist
FROM b.pts p
CROSS JOIN LATERAL (
  SELECT p.geom <-> a.geom AS d
  FROM b.amenities a
  ORDER BY p.geom <-> a.geom
  LIMIT 1
) nn;
