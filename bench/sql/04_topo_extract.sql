-- W4 step 2 (pgRouting 3.4 recommended): pgr_extractVertices + source/target update
DROP TABLE IF EXISTS b.vertices;
CREATE TABLE b.vertices AS
  SELECT id, in_edges, out_edges, x, y, ST_SetSRID(geom, 32628)::geometry(Point,32628) AS geom
  FROM pgr_extractVertices('SELECT id, geom FROM b.edges ORDER BY id');
UPDATE b.edges e SET source = v.id FROM (SELECT id, unnest(out_edges) AS eid FROM b.vertices) v WHERE e.id = v.eid;
UPDATE b.edges e SET target = v.id FROM (SELECT id, unnest(in_edges) AS eid FROM b.vertices) v WHERE e.id = v.eid;
ALTER TABLE b.vertices ADD PRIMARY KEY (id);
CREATE INDEX vertices_gix ON b.vertices USING gist (geom);
