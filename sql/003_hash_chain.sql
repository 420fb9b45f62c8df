-- The per-stream hash chain: every event stores hash = sha256(previous hash || canonical form), with
-- 32 zero bytes before version 1 (the README defines the canonical form). orderctl computes it in the
-- append, under the stream's version check; `orderctl audit verify` recomputes it.

ALTER TABLE events ADD COLUMN hash bytea CONSTRAINT events_hash_is_sha256 CHECK (hash IS NULL OR length(hash) = 32);

-- Every `migrate` looks for events still to seal; with this (empty once sealed) index that costs nothing.
CREATE INDEX events_unsealed ON events (stream_id) WHERE hash IS NULL;

-- Every new event arrives with its link. Events written before this migration have none until
-- `orderctl migrate` seals them, in version order, right after applying this file.
CREATE FUNCTION events_require_hash() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.hash IS NULL THEN
        RAISE EXCEPTION 'event % of stream % has no hash: events are written with their hash-chain link', NEW.version, NEW.stream_id
            USING HINT = 'Write events through orderctl (submit or import), which computes the link.';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER events_require_hash
    BEFORE INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION events_require_hash();
ALTER TABLE events ENABLE ALWAYS TRIGGER events_require_hash;

-- Still append-only, with one exception: sealing, which sets a missing hash once and changes nothing else.
CREATE OR REPLACE FUNCTION events_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND NEW.hash IS NOT NULL
       AND (NEW.global_position, NEW.stream_id, NEW.version, NEW.event_id, NEW.event_type, NEW.schema_version,
            NEW.payload, NEW.metadata, NEW.occurred_at, NEW.transaction_id)
           IS NOT DISTINCT FROM
           (OLD.global_position, OLD.stream_id, OLD.version, OLD.event_id, OLD.event_type, OLD.schema_version,
            OLD.payload, OLD.metadata, OLD.occurred_at, OLD.transaction_id) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'events are append-only: % on events is not allowed', TG_OP
        USING HINT = 'Record a new event that corrects the old one instead.';
END;
$$;
