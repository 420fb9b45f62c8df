-- Notifications: a transactional outbox over the event log, and the delivery records of its e-mails.
--
-- A preparer reads the log in gap-safe commit order, as the projections do, and in one transaction
-- inserts the notifications the events it read give and moves the outbox checkpoint past them. Re-reading
-- an event can therefore never give a second notification: either the rows and the checkpoint moved
-- together, or neither did; and (event_id, template) is unique besides.
--
-- Delivery claims due notifications with FOR UPDATE SKIP LOCKED, marks them with a lease and the claiming
-- session's backend pid, commits, sends with no transaction open, and records the outcome in a new
-- transaction. A claim is free again when its lease ends or its session is gone (a runner killed mid-send),
-- so nothing stays stuck and a live runner's claim is never taken from it.

-- Where the preparer has read to: every event with (transaction_id, global_position) at or below the pair
-- has given its notifications. One row.
CREATE TABLE notification_outbox (
    only_row                  boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    checkpoint_transaction_id xid8   NOT NULL,
    checkpoint_position       bigint NOT NULL,
    moved_at                  timestamptz NOT NULL DEFAULT now()
);

-- History written before this migration counts as already notified: upgrading an existing store must not
-- mail customers about orders of years ago. The SHARE lock waits for appends in flight and holds new ones
-- back until this commits, so the head read here is the last event in commit order and nothing commits
-- late behind it; it lasts one index lookup.
LOCK TABLE events IN SHARE MODE;
INSERT INTO notification_outbox (checkpoint_transaction_id, checkpoint_position)
SELECT coalesce(max_event.transaction_id, '0'::xid8), coalesce(max_event.global_position, 0)
FROM (SELECT NULL) AS nothing
LEFT JOIN (
    SELECT transaction_id, global_position FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1
) AS max_event ON true;

CREATE TABLE notifications (
    -- Derived from (event_id, template), so the same event gives the same id wherever it is prepared, and
    -- the Message-ID <notification_id@orderctl> of a repeated message is the first one's.
    notification_id uuid PRIMARY KEY,
    event_id        uuid    NOT NULL,
    global_position bigint  NOT NULL,
    -- The stream the event belongs to, and its version there: notifications of one stream go in this order.
    stream_id       uuid    NOT NULL,
    stream_version  integer NOT NULL CHECK (stream_version >= 1),
    -- Whose personal data the notification carries: the registered customer, or the order's customer
    -- (a guest's id has no stream).
    customer_id     uuid    NOT NULL,
    template        text    NOT NULL CHECK (template IN ('welcome', 'order_confirmation', 'order_shipped', 'order_cancelled')),
    state           text    NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'dead', 'skipped')),
    reason          text    CHECK (reason IN ('no_contact', 'forgotten')),
    -- The envelope and the whole RFC 5322 message, rendered when prepared; NULL when skipped.
    sender          text,
    recipient       text,
    message         text,
    attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error      text,
    next_attempt_at timestamptz,
    -- The claim of a runner sending it now: until when, and the claiming session's backend pid.
    claimed_until   timestamptz,
    claimed_by      integer,
    sent_at         timestamptz,
    prepared_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT notifications_one_per_event_and_template UNIQUE (event_id, template),
    CONSTRAINT notifications_skipped_have_reason CHECK ((state = 'skipped') = (reason IS NOT NULL)),
    CONSTRAINT notifications_due_when_open CHECK ((state IN ('pending', 'failed')) = (next_attempt_at IS NOT NULL)),
    CONSTRAINT notifications_open_have_message CHECK (state NOT IN ('pending', 'failed') OR message IS NOT NULL),
    CONSTRAINT notifications_sent_have_time CHECK ((state = 'sent') = (sent_at IS NOT NULL))
);
-- What a runner claims: the first due notification by (next_attempt_at, global_position) that nothing open
-- comes before in its stream. Every notification of one preparation batch shares its next_attempt_at (the
-- batch transaction's now()), so with an index on next_attempt_at alone PostgreSQL had to test the stream
-- rule on all of a batch's open notifications and sort them before it could take the first: about 3 ms a
-- claim with fresh statistics, and with statistics that call open notifications rare (taken while nearly
-- every one was sent) 26 to 37 s a claim over a backlog of 9,197. Walking this index, in the claim's own
-- order, the plan stops at the first that passes: 0.25 to 0.4 ms, 5 to 13 ms with the stale statistics.
CREATE INDEX notifications_due_in_order ON notifications (next_attempt_at, global_position) WHERE state IN ('pending', 'failed');
-- And the statistics are taken again after every thousand changed rows, not after a tenth of the table: on
-- an outbox of ten million sent notifications a backlog of a hundred thousand would otherwise keep the stale
-- estimate until it was sent.
ALTER TABLE notifications SET (autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000);
-- An open notification waits for the open ones before it in its stream; `notify list --order` reads by stream.
CREATE INDEX notifications_by_stream ON notifications (stream_id, stream_version);
-- `customer forget` and `notify list --customer`.
CREATE INDEX notifications_by_customer ON notifications (customer_id);
-- `notify list` in log order.
CREATE INDEX notifications_by_position ON notifications (global_position);

-- Every attempt to send, from its claim: `outcome` stays NULL when the runner died before it could tell.
-- `attempt` counts within a round: `notify retry` starts a new one, so the record has an id of its own.
CREATE TABLE notification_attempts (
    attempt_id      bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notification_id uuid    NOT NULL REFERENCES notifications (notification_id),
    attempt         integer NOT NULL CHECK (attempt >= 1),
    started_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    outcome         text CHECK (outcome IN ('sent', 'temporary_failure', 'permanent_failure')),
    -- The server's reply, or why there was none; never the SMTP URL's password.
    reply           text
);
CREATE INDEX notification_attempts_by_notification ON notification_attempts (notification_id, attempt_id);

-- Whatever writes a notification of a forgotten customer (a preparer racing the forget, a runner recording
-- a send it began before), the row keeps nothing personal and nothing of it is sent any more: the database
-- itself keeps the promise, as for the contacts read model. ENABLE ALWAYS, so replicated writes are held
-- to it too.
CREATE FUNCTION notifications_stay_forgotten() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT FROM public.streams WHERE stream_id = NEW.customer_id AND forgotten) THEN
        NEW.recipient := NULL;
        NEW.message := NULL;
        -- A failed or dead notification's last error is the server's reply, copied.
        NEW.last_error := NULL;
        IF NEW.state IN ('pending', 'failed', 'dead') THEN
            NEW.state := 'skipped';
            NEW.reason := 'forgotten';
            NEW.next_attempt_at := NULL;
        END IF;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER notifications_stay_forgotten
    BEFORE INSERT OR UPDATE ON notifications
    FOR EACH ROW EXECUTE FUNCTION notifications_stay_forgotten();
ALTER TABLE notifications ENABLE ALWAYS TRIGGER notifications_stay_forgotten;

-- A server's reply may repeat the address ("550 <someone@example.com>: no such user").
CREATE FUNCTION notification_attempts_stay_forgotten() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF EXISTS (
        SELECT FROM public.notifications n JOIN public.streams s ON s.stream_id = n.customer_id
        WHERE n.notification_id = NEW.notification_id AND s.forgotten
    ) THEN
        NEW.reply := NULL;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER notification_attempts_stay_forgotten
    BEFORE INSERT OR UPDATE ON notification_attempts
    FOR EACH ROW EXECUTE FUNCTION notification_attempts_stay_forgotten();
ALTER TABLE notification_attempts ENABLE ALWAYS TRIGGER notification_attempts_stay_forgotten;

-- forget_customer as in 006, and now the customer's notifications: open and dead ones become skipped
-- (reason forgotten), and no notification keeps the address, the message or a reply (or last error) that may name them.
-- Preparers lock the customer's stream row FOR SHARE while they read the contact, so a forget waits for a
-- preparation in flight and then finds its rows, or the preparation finds the customer forgotten.
CREATE OR REPLACE FUNCTION forget_customer(customer uuid) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    stream record;
BEGIN
    SELECT kind, forgotten INTO stream FROM public.streams WHERE stream_id = customer FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'not_found';
    ELSIF stream.kind <> 'customer' THEN
        RETURN 'wrong_stream_kind';
    ELSIF stream.forgotten THEN
        RETURN 'already_forgotten';
    END IF;
    UPDATE public.streams SET forgotten = true WHERE stream_id = customer;
    DELETE FROM public.customer_keys WHERE customer_id = customer;
    UPDATE public.customer_contacts SET name = NULL, email = NULL, phone = NULL, address = NULL, forgotten = true
    WHERE customer_id = customer;
    UPDATE public.commands SET fingerprint = NULL
    WHERE command_id IN (SELECT (metadata ->> 'commandId')::uuid FROM public.events WHERE stream_id = customer);
    -- The trigger above does the clearing; the update makes it run on every row of the customer.
    UPDATE public.notifications SET recipient = NULL WHERE customer_id = customer;
    UPDATE public.notification_attempts SET reply = NULL
    WHERE notification_id IN (SELECT notification_id FROM public.notifications WHERE customer_id = customer);
    RETURN 'forgotten';
END;
$$;
REVOKE ALL ON FUNCTION forget_customer(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION forget_customer(uuid) TO orderctl_runtime;

-- Runners prepare, claim and record; nothing of the outbox is ever deleted by the runtime role.
GRANT SELECT, INSERT, UPDATE ON notification_outbox TO orderctl_runtime;
GRANT SELECT, INSERT, UPDATE ON notifications TO orderctl_runtime;
GRANT SELECT, INSERT, UPDATE ON notification_attempts TO orderctl_runtime;
