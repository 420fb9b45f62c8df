-- The event store: streams with optimistic versions, the append-only event log, the idempotency
-- record of applied commands, and the first read model. Applied by `orderctl migrate` in one
-- transaction; never edit this file once applied anywhere: add a new numbered file instead.

-- One row per order stream. The append moves `version` with
--   UPDATE streams SET version = $new WHERE stream_id = $id AND version = $expected
-- and a zero row count is a version conflict; the row lock serializes writers of one stream.
CREATE TABLE streams (
    stream_id uuid PRIMARY KEY,
    version   integer NOT NULL CHECK (version >= 1)
);

CREATE TABLE events (
    -- Increasing in append order; identities commit out of order, so gap-safe readers
    -- order by (transaction_id, global_position) instead of trusting this alone.
    global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream_id       uuid    NOT NULL REFERENCES streams (stream_id),
    version         integer NOT NULL CHECK (version >= 1),
    event_id        uuid    NOT NULL UNIQUE,
    event_type      text    NOT NULL CHECK (event_type IN (
                        'OrderPlaced', 'ItemAdded', 'ItemRemoved', 'OrderConfirmed',
                        'OrderShipped', 'OrderDelivered', 'OrderCancelled')),
    schema_version  integer NOT NULL CHECK (schema_version >= 1),
    payload         jsonb   NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
    metadata        jsonb   NOT NULL CHECK (jsonb_typeof(metadata) = 'object' AND metadata ? 'commandId'),
    occurred_at     timestamptz NOT NULL,
    -- The writing transaction, for readers that must not skip late commits.
    transaction_id  xid8    NOT NULL DEFAULT pg_current_xact_id(),
    -- The backstop behind the streams check: two events can never share a version.
    CONSTRAINT events_stream_version_unique UNIQUE (stream_id, version)
);

CREATE INDEX events_commit_order ON events (transaction_id, global_position);

-- History is never rewritten: every role, superusers included, is refused unless someone first
-- disables these triggers on purpose (which the hash chain of a later migration will expose).
CREATE FUNCTION events_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are append-only: % on events is not allowed', TG_OP
        USING HINT = 'Record a new event that corrects the old one instead.';
END;
$$;

CREATE TRIGGER events_no_update_or_delete
    BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_refuse_change();

CREATE TRIGGER events_no_truncate
    BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change();

-- ALWAYS: fire even under session_replication_role = replica, which would otherwise skip them quietly.
ALTER TABLE events ENABLE ALWAYS TRIGGER events_no_update_or_delete;
ALTER TABLE events ENABLE ALWAYS TRIGGER events_no_truncate;

-- One row per applied command, written in the same transaction as its events, so a repeated
-- command id answers with the stored outcome instead of applying again.
CREATE TABLE commands (
    command_id     uuid PRIMARY KEY,
    stream_id      uuid    NOT NULL REFERENCES streams (stream_id),
    -- SHA-256 of the command's canonical form: tells a repeat from a reused id.
    fingerprint    bytea   NOT NULL CHECK (length(fingerprint) = 32),
    result_version integer NOT NULL CHECK (result_version >= 1),
    recorded_at    timestamptz NOT NULL DEFAULT now()
);

-- The order read model, maintained in the same transaction as each append.
CREATE TABLE order_views (
    order_id    uuid PRIMARY KEY,
    customer_id uuid    NOT NULL,
    status      text    NOT NULL CHECK (status IN ('pending', 'confirmed', 'shipped', 'delivered', 'cancelled')),
    currency    text    NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    -- [{"productId": uuid, "quantity": int, "unitPriceMinorUnits": int}] in the order first added.
    lines       jsonb   NOT NULL CHECK (jsonb_typeof(lines) = 'array'),
    total_minor_units bigint NOT NULL,
    version     integer NOT NULL CHECK (version >= 1),
    placed_at   timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
