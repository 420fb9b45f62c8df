-- Replaying one stream: the query of StreamHistory.forEachLine (and, with = ANY, of the event store's
-- load before every command), with a new plan each time as orderctl's unnamed statements get.
\set s random(1, :streams)
SELECT e.global_position, e.stream_id, e.version, e.event_id, e.event_type, e.schema_version, e.payload::text, e.metadata::text, e.occurred_at, e.hash
FROM events e WHERE e.stream_id = md5('s' || :s)::uuid ORDER BY e.version;
