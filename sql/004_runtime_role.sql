-- Least privilege: orderctl's everyday work (submit, query, replay, audits, projections, import) runs
-- as orderctl_runtime, which may only add to and read the log. Migrations run as the owner of the
-- tables. Roles belong to the whole cluster, so the role is created once and granted per database.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'orderctl_runtime') THEN
        CREATE ROLE orderctl_runtime LOGIN;
    END IF;
END
$$;

-- A stuck or forgotten client must not hold every reader back: a statement gives up after a minute,
-- a session idle inside a transaction is ended after one. Bulk commands (export, import, audit
-- verify, projections) lift the statement limit for their own session; the idle limit stays.
ALTER ROLE orderctl_runtime SET statement_timeout = '60s';
ALTER ROLE orderctl_runtime SET idle_in_transaction_session_timeout = '60s';

GRANT USAGE, CREATE ON SCHEMA public TO orderctl_runtime;  -- CREATE: rebuilds make new read-model tables
GRANT SELECT, INSERT ON events TO orderctl_runtime;          -- never UPDATE, DELETE or TRUNCATE
GRANT SELECT, INSERT, UPDATE ON streams TO orderctl_runtime; -- the version check
GRANT SELECT, INSERT ON commands TO orderctl_runtime;
GRANT SELECT, INSERT, UPDATE, DELETE ON projections TO orderctl_runtime;
GRANT SELECT ON schema_migrations TO orderctl_runtime;        -- the schema check every command makes
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO orderctl_runtime;

-- Read models are derived data that rebuilds replace and drop, which takes ownership.
DO $$
DECLARE
    read_model record;
BEGIN
    FOR read_model IN SELECT table_name FROM projections LOOP
        IF to_regclass(format('%I', read_model.table_name)) IS NOT NULL THEN
            EXECUTE format('ALTER TABLE %I OWNER TO orderctl_runtime', read_model.table_name);
        END IF;
    END LOOP;
END
$$;

-- migrate builds missing read models as orderctl_runtime (SET ROLE), so that it owns them too.
GRANT orderctl_runtime TO CURRENT_USER;

-- `projections status` and a waiting rebuild name the oldest open transaction of any role; that needs
-- pg_read_all_stats. A migrating role that may not grant it leaves the names out, nothing else.
DO $$
BEGIN
    GRANT pg_read_all_stats TO orderctl_runtime;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'orderctl_runtime was not granted pg_read_all_stats: projections status will not see other roles'' transactions';
END
$$;
