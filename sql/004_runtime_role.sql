-- Least privilege: orderctl's everyday work (submit, query, replay, audits, projections, import) runs
-- as orderctl_runtime, which may only add to and read the log. Migrations run as the owner of the
-- tables. Roles belong to the whole cluster, so the role is created once and granted per database.

-- Roles and their settings are shared by every database of the cluster, and migrations of different
-- databases run at the same time (advisory locks are per database): two sessions altering the same
-- role collide with "tuple concurrently updated", two creating it with a duplicate. So the cluster-wide
-- part checks before it changes anything, and retries (in a subtransaction) when it loses such a race.
--
-- A stuck or forgotten client must not hold every reader back: a statement gives up after a minute,
-- a session idle inside a transaction is ended after one. Bulk commands (export, import, audit
-- verify, projections) lift the statement limit for their own session; the idle limit stays.
DO $$
DECLARE
    attempt integer := 0;
BEGIN
    LOOP
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'orderctl_runtime') THEN
                CREATE ROLE orderctl_runtime LOGIN;
            END IF;
            IF NOT EXISTS (
                SELECT FROM pg_db_role_setting setting JOIN pg_roles role ON role.oid = setting.setrole
                WHERE role.rolname = 'orderctl_runtime' AND setting.setdatabase = 0
                  AND setting.setconfig @> ARRAY['statement_timeout=60s', 'idle_in_transaction_session_timeout=60s']
            ) THEN
                ALTER ROLE orderctl_runtime SET statement_timeout = '60s';
                ALTER ROLE orderctl_runtime SET idle_in_transaction_session_timeout = '60s';
            END IF;
            -- migrate builds missing read models as orderctl_runtime (SET ROLE), so that it owns them too.
            IF NOT pg_has_role(current_user, 'orderctl_runtime', 'MEMBER') THEN
                EXECUTE format('GRANT orderctl_runtime TO %I', current_user);
            END IF;
            EXIT;
        EXCEPTION WHEN unique_violation OR duplicate_object OR internal_error THEN
            attempt := attempt + 1;
            IF attempt >= 50 THEN
                RAISE;
            END IF;
            PERFORM pg_sleep(0.01 * attempt);
        END;
    END LOOP;
END
$$;

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

-- `projections status` and a waiting rebuild name the oldest open transaction of any role; that needs
-- pg_read_all_stats. A migrating role that may not grant it leaves the names out, nothing else.
DO $$
BEGIN
    IF NOT pg_has_role('orderctl_runtime', 'pg_read_all_stats', 'MEMBER') THEN
        GRANT pg_read_all_stats TO orderctl_runtime;
    END IF;
EXCEPTION
    WHEN insufficient_privilege THEN
        RAISE NOTICE 'orderctl_runtime was not granted pg_read_all_stats: projections status will not see other roles'' transactions';
    WHEN unique_violation OR internal_error THEN
        NULL;  -- a migration of another database granted it at the same moment
END
$$;
