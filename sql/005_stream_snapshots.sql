-- Snapshots of long streams: the command handler reads a snapshot and the events after it instead of
-- folding ten thousand events to decide one command.
--
-- A snapshot is a cache, never a source of truth. It names the link (hash) of the event it stands at,
-- and is used only while the stored event at that version still has that link; the chain commits to
-- every event before it, so a snapshot fits exactly one history. Otherwise it is ignored and the stream
-- folded from its first event. `format` is the shape of `state`: a snapshot of another shape is ignored.
-- The store writes one when loading a stream meant folding many events; a newer one replaces it.
CREATE TABLE stream_snapshots (
    stream_id uuid PRIMARY KEY REFERENCES streams (stream_id),
    version integer NOT NULL CHECK (version >= 1),
    hash bytea NOT NULL CHECK (length(hash) = 32),
    format integer NOT NULL,
    state jsonb NOT NULL,
    taken_at timestamptz NOT NULL DEFAULT now()
);

GRANT SELECT, INSERT, UPDATE ON stream_snapshots TO orderctl_runtime;
