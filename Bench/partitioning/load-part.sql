-- The partitioned layout: `part.events`, the same columns, checks and foreign key (to plain.streams, the
-- one streams table), partitioned by range of global_position, :part_rows positions a partition, two
-- empty partitions ahead for the appends. What a unique key must become (it must hold the partition key):
--   * the primary key (global_position) stays as it is;
--   * event_id and (stream_id, version) get plain indexes on each partition (for lookups and stream reads),
--     and their global uniqueness a narrow table, part.event_keys, kept by a statement trigger with a
--     transition table (run.sh measures appends with it enabled and disabled);
-- and immutability: the row triggers as in 001 (PostgreSQL clones row triggers onto every partition), a
-- TRUNCATE trigger on the parent and on each partition (statement triggers are not cloned), and an event
-- trigger that refuses DETACH PARTITION and DROP of a partition, which no row trigger sees.
SET work_mem = '256MB';
SET maintenance_work_mem = '1GB';
SELECT set_config('bench.size', :'size', false), set_config('bench.part_rows', :'part_rows', false);
SET bench.allow_drop = on;  -- the event trigger below refuses it otherwise
DROP SCHEMA IF EXISTS part CASCADE;
RESET bench.allow_drop;
CREATE SCHEMA part;
SET search_path = part;
CREATE TABLE events (
    global_position bigint GENERATED ALWAYS AS IDENTITY,
    stream_id       uuid    NOT NULL REFERENCES plain.streams (stream_id),
    version         integer NOT NULL CHECK (version >= 1),
    event_id        uuid    NOT NULL,
    event_type      text    NOT NULL CONSTRAINT events_event_type_known CHECK (event_type IN (
                        'OrderPlaced', 'ItemAdded', 'ItemRemoved', 'OrderConfirmed', 'OrderShipped', 'OrderDelivered', 'OrderCancelled',
                        'CustomerRegistered', 'ContactInfoChanged')),
    schema_version  integer NOT NULL CHECK (schema_version >= 1),
    payload         jsonb   NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
    metadata        jsonb   NOT NULL CHECK (jsonb_typeof(metadata) = 'object' AND metadata ? 'commandId'),
    occurred_at     timestamptz NOT NULL,
    transaction_id  xid8    NOT NULL DEFAULT pg_current_xact_id(),
    hash bytea CONSTRAINT events_hash_is_sha256 CHECK (hash IS NULL OR length(hash) = 32),
    CONSTRAINT "event has no hash" CHECK (hash IS NOT NULL),
    PRIMARY KEY (global_position)
) PARTITION BY RANGE (global_position);

CREATE TABLE event_keys (
    event_id  uuid    PRIMARY KEY,
    stream_id uuid    NOT NULL,
    version   integer NOT NULL,
    CONSTRAINT event_keys_stream_version_unique UNIQUE (stream_id, version)
);

DO $$
BEGIN
    FOR k IN 0 .. (current_setting('bench.size')::bigint - 1) / current_setting('bench.part_rows')::bigint + 2 LOOP
        EXECUTE format('CREATE TABLE part.events_p%s PARTITION OF part.events FOR VALUES FROM (%s) TO (%s)',
                       lpad(k::text, 3, '0'), k * current_setting('bench.part_rows')::bigint + 1,
                       (k + 1) * current_setting('bench.part_rows')::bigint + 1);
    END LOOP;
END
$$;

SET session_replication_role = replica;
INSERT INTO events (global_position, stream_id, version, event_id, event_type, schema_version, payload, metadata, occurred_at, transaction_id, hash)
    OVERRIDING SYSTEM VALUE
SELECT global_position, stream_id, version, event_id, event_type, schema_version, payload, metadata, occurred_at, transaction_id, hash
FROM bench.gen WHERE global_position <= :size ORDER BY global_position;
INSERT INTO event_keys SELECT event_id, stream_id, version FROM bench.gen WHERE global_position <= :size;
RESET session_replication_role;
CREATE INDEX events_stream_version ON events (stream_id, version);
CREATE INDEX events_event_id ON events (event_id);
CREATE INDEX events_commit_order ON events (transaction_id, global_position);
CREATE INDEX events_unsealed ON events (stream_id) WHERE hash IS NULL;
SELECT setval(pg_get_serial_sequence('part.events', 'global_position'), :size);

-- Global uniqueness of event_id and (stream_id, version): one statement trigger per insert statement.
CREATE FUNCTION event_keys_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO part.event_keys (event_id, stream_id, version) SELECT event_id, stream_id, version FROM new_events;
    RETURN NULL;
END;
$$;
CREATE TRIGGER events_keys AFTER INSERT ON events REFERENCING NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION event_keys_record();
ALTER TABLE events ENABLE ALWAYS TRIGGER events_keys;

-- Immutability, as in 001 (and 003's exception for sealing is left out: nothing here is unsealed).
CREATE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER events_no_update_or_delete BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION events_refuse_change();
ALTER TABLE events ENABLE ALWAYS TRIGGER events_no_update_or_delete;
DO $$
DECLARE
    t regclass;
BEGIN
    FOR t IN SELECT 'part.events'::regclass UNION ALL SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'part.events'::regclass LOOP
        EXECUTE format('CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION part.events_refuse_change()', t);
        EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER events_no_truncate', t);
    END LOOP;
END
$$;

-- DETACH and DROP of a partition: event triggers, which no row trigger replaces. DETACH is refused at
-- ddl_command_start, before anything is done: refused at ddl_command_end it would survive as DETACH ...
-- CONCURRENTLY, whose first transaction has already committed by then and leaves the partition "detach
-- pending", left out of every read of the parent (measured: a million events gone from part.events). At
-- ddl_command_start PostgreSQL does not say which table or subcommand, so the statement's text is read:
-- crude, and a guard against mistakes and the runtime role (which owns nothing and cannot DETACH or DROP
-- anyway), not against the owner, who can drop the event trigger first. ATTACH PARTITION (room ahead)
-- stays allowed.
CREATE OR REPLACE FUNCTION public.events_refuse_partition_removal() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_query() ~* '\mevents\M.*\mdetach\s+partition\M' AND current_setting('bench.allow_drop', true) IS DISTINCT FROM 'on' THEN
        RAISE EXCEPTION 'events are append-only: DETACH PARTITION is not allowed';
    END IF;
END;
$$;
CREATE OR REPLACE FUNCTION public.events_refuse_partition_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE
    dropped record;
BEGIN
    FOR dropped IN SELECT * FROM pg_event_trigger_dropped_objects() LOOP
        IF dropped.object_type = 'table' AND dropped.schema_name = 'part' AND dropped.object_name ~ '^events(_p[0-9]+)?$'
           AND current_setting('bench.allow_drop', true) IS DISTINCT FROM 'on' THEN
            RAISE EXCEPTION 'events are append-only: DROP of % is not allowed', dropped.object_identity;
        END IF;
    END LOOP;
END;
$$;
DROP EVENT TRIGGER IF EXISTS events_refuse_partition_removal;
DROP EVENT TRIGGER IF EXISTS events_refuse_partition_drop;
CREATE EVENT TRIGGER events_refuse_partition_removal ON ddl_command_start WHEN TAG IN ('ALTER TABLE')
    EXECUTE FUNCTION public.events_refuse_partition_removal();
CREATE EVENT TRIGGER events_refuse_partition_drop ON sql_drop EXECUTE FUNCTION public.events_refuse_partition_drop();
