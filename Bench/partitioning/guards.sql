-- What guards the partitioned layout's history: each statement below must be refused (run.sh runs this
-- after the measurements and writes what PostgreSQL answered to results/guards.txt). Each runs in its own
-- transaction (psql without ON_ERROR_STOP), so a guard that failed would show as a statement that passed.
\set ON_ERROR_STOP off
\echo '-- UPDATE through the parent (row trigger cloned onto the partitions)'
UPDATE part.events SET event_type = 'OrderCancelled' WHERE global_position = 1;
\echo '-- DELETE from a partition directly'
DELETE FROM part.events_p000 WHERE global_position = 1;
\echo '-- TRUNCATE of the parent'
TRUNCATE part.events;
\echo '-- TRUNCATE of one partition (statement triggers are not cloned: each partition has its own)'
TRUNCATE part.events_p000;
\echo '-- DETACH PARTITION (the event trigger at ddl_command_start)'
ALTER TABLE part.events DETACH PARTITION part.events_p000;
\echo '-- DETACH PARTITION CONCURRENTLY (refused at ddl_command_end, its first transaction had already committed and left the partition detach-pending, out of every read)'
ALTER TABLE part.events DETACH PARTITION part.events_p000 CONCURRENTLY;
\echo '-- DROP of a partition (the event trigger at sql_drop)'
DROP TABLE part.events_p000;
\echo '-- an event id already used in another partition (the key table)'
INSERT INTO part.events (stream_id, version, event_id, event_type, schema_version, payload, metadata, occurred_at, hash)
SELECT stream_id, 100000, event_id, 'ItemRemoved', 1, '{}', '{"commandId": "00000000-0000-4000-8000-000000000000"}', now(), hash
FROM part.events WHERE global_position = 1;
\echo '-- a (stream_id, version) already used (the key table)'
INSERT INTO part.events (stream_id, version, event_id, event_type, schema_version, payload, metadata, occurred_at, hash)
SELECT stream_id, version, gen_random_uuid(), 'ItemRemoved', 1, '{}', '{"commandId": "00000000-0000-4000-8000-000000000000"}', now(), hash
FROM part.events WHERE global_position = 1;
\echo '-- the partitions are all still there:'
SELECT count(*) AS partitions, count(*) FILTER (WHERE inhdetachpending) AS detach_pending FROM pg_inherits WHERE inhparent = 'part.events'::regclass;
