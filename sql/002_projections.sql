-- The projections registry: which table holds which version of each read model, and how far each
-- table has read the log. Read models are rebuilt into new tables while the live ones keep serving;
-- `orderctl projections rebuild` switches the registry in one short transaction.

CREATE TABLE projections (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The read model (orders, customers, statuses) and the version of its row shape.
    name        text    NOT NULL CHECK (name ~ '^[a-z_]+$'),
    version     integer NOT NULL CHECK (version >= 1),
    table_name  text    NOT NULL UNIQUE,
    -- building: filled by a rebuild, not read; live: read by queries and written by every append;
    -- retired: replaced, dropped once no query holds it.
    state       text    NOT NULL CHECK (state IN ('building', 'live', 'retired')),
    -- Gap-safe checkpoint: every event with (transaction_id, global_position) <= this pair is projected.
    checkpoint_transaction_id xid8   NOT NULL DEFAULT '0',
    checkpoint_position       bigint NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX projections_one_live_per_name ON projections (name) WHERE state = 'live';
CREATE UNIQUE INDEX projections_one_build_per_name ON projections (name) WHERE state = 'building';

-- The first release kept the order read model in `order_views`: that is version 1 of `orders`.
-- It stays live until `orderctl projections rebuild orders` builds version 2 beside it. Its checkpoint
-- starts at the beginning, so the first catch-up confirms every existing row against the log.
ALTER TABLE order_views RENAME TO orders_v1;
ALTER INDEX order_views_pkey RENAME TO orders_v1_pkey;
INSERT INTO projections (name, version, table_name, state) VALUES ('orders', 1, 'orders_v1', 'live');
