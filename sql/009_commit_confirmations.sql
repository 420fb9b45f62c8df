-- One row that `submit` updates to learn whether the synchronous standby has every earlier commit.
--
-- After a failover, or after the server warned that a commit's wait for the standby was cancelled, the
-- commits `submit` has not yet answered are settled from what the primary holds. Before it reads them,
-- it commits a write of its own and waits for that commit to be confirmed: the standby confirms WAL in
-- order, so this confirms every commit before it. The write must be real: a transaction that writes no
-- WAL does not wait for the standby (an xid alone, or a temporary table, would not do). One row keeps
-- the table small however often it is done; `confirmed_at` says when it last happened.
CREATE TABLE commit_confirmations (
    id           boolean PRIMARY KEY DEFAULT true CHECK (id),
    confirmed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO commit_confirmations DEFAULT VALUES;

GRANT SELECT, UPDATE ON commit_confirmations TO orderctl_runtime;
