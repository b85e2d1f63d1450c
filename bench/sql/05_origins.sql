-- 100 seeded random origin vertices (used by W5 and for the W4b sample)
DROP TABLE IF EXISTS b.origins;
SELECT setseed(0.42);
CREATE TABLE b.origins AS SELECT id FROM (SELECT id FROM b.vertices ORDER BY id) v ORDER BY random() LIMIT 100;
