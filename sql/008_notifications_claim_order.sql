-- A claim's plan that does not depend on luck: an index in the claim's own order, and statistics that
-- follow the outbox's open notifications.
--
-- A claim takes the first due notification by (next_attempt_at, global_position) that nothing open comes
-- before in its stream. Every notification of one preparation batch shares its next_attempt_at (the
-- batch transaction's now()), so with notifications_due on next_attempt_at alone PostgreSQL had to test
-- the stream rule on all of the batch's open notifications and sort them before it could take the first.
-- With fresh statistics that cost about 3 ms a claim (600 of them), one claim per message. With
-- statistics that call open notifications rare (taken while nearly every one was sent, or while the
-- table was empty) it planned the rule as a scan of all open notifications for each candidate: over a
-- backlog of 9,197 after 3,057 sent, one claim took 36 s (26 to 37 s), and over 29,000 ten minutes.
--
-- Walking this index the plan stops at the first notification that passes: 0.25 to 0.4 ms a claim over
-- the same backlogs with fresh statistics, 5 to 13 ms with the stale ones (the stream rule then reads the
-- open notifications once). It serves everything notifications_due served, whose column leads it.
CREATE INDEX notifications_due_in_order ON notifications (next_attempt_at, global_position) WHERE state IN ('pending', 'failed');
DROP INDEX notifications_due;

-- And the statistics are taken again after every thousand changed rows, not after a tenth of the table:
-- on an outbox of ten million sent notifications a backlog of a hundred thousand would otherwise keep
-- the stale estimate until it was sent. A sample of the table a minute at most is cheap beside that.
ALTER TABLE notifications SET (autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000);
