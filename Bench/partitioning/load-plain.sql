-- The unpartitioned layout: `plain.events` exactly as the migrations leave it (run.sh applies sql/001,
-- 002, 003, 005, 006 and 008 with search_path = plain), filled with the first :size generated events.
-- Loading goes around the secondary indexes (dropped, then built again under their own names and
-- definitions) and the foreign key's per-row check (session_replication_role = replica; the streams are
-- loaded first, so it would hold): a built b-tree is denser than one grown by appends, for both layouts alike.
SET work_mem = '256MB';
SET maintenance_work_mem = '1GB';
SET search_path = plain;
INSERT INTO streams (stream_id, version)
SELECT md5('s' || s)::uuid, 1 FROM generate_series(1, (:size / 12.5)::bigint + 1) s;
ALTER TABLE events DROP CONSTRAINT events_event_id_key, DROP CONSTRAINT events_stream_version_unique;
DROP INDEX events_commit_order;
SET session_replication_role = replica;
INSERT INTO events (global_position, stream_id, version, event_id, event_type, schema_version, payload, metadata, occurred_at, transaction_id, hash)
    OVERRIDING SYSTEM VALUE
SELECT global_position, stream_id, version, event_id, event_type, schema_version, payload, metadata, occurred_at, transaction_id, hash
FROM bench.gen WHERE global_position <= :size ORDER BY global_position;
RESET session_replication_role;
ALTER TABLE events ADD CONSTRAINT events_event_id_key UNIQUE (event_id);
ALTER TABLE events ADD CONSTRAINT events_stream_version_unique UNIQUE (stream_id, version);
CREATE INDEX events_commit_order ON events (transaction_id, global_position);
SELECT setval(pg_get_serial_sequence('plain.events', 'global_position'), :size);
