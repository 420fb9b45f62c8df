-- Customers: a stream kind of their own, contact details sealed under a key per customer, and a way to
-- forget them although events are immutable.
--
-- Every stream has a kind. Existing streams are orders; a customer's stream holds CustomerRegistered and
-- ContactInfoChanged, whose personal fields (name, email, phone, address) are sealed with AES-256-GCM
-- under that customer's key. The keys live in `customer_keys`, apart from `events`: destroying a key
-- (forget_customer) leaves every event, and so every hash-chain link, exactly as it was, while the
-- ciphertext it covers can no longer be opened.
--
-- The migration runs in one transaction, so every lock it takes is held until it commits. It therefore
-- reads no table whole: the new columns have constant defaults (no rewrite, no scan), and the new checks
-- are NOT VALID, which PostgreSQL enforces on every row written from now on without reading the rows
-- already there. Those need no reading: every existing stream is an order with the defaults, and every
-- existing event passed the narrower type check this one replaces. Writers wait only for the catalog
-- changes; existing order streams keep working, and keep verifying, as they were.

ALTER TABLE streams
    ADD COLUMN kind text NOT NULL DEFAULT 'order',
    ADD COLUMN forgotten boolean NOT NULL DEFAULT false;
ALTER TABLE streams
    ADD CONSTRAINT streams_kind_known CHECK (kind IN ('order', 'customer')) NOT VALID,
    ADD CONSTRAINT streams_only_customers_are_forgotten CHECK (NOT forgotten OR kind = 'customer') NOT VALID;

ALTER TABLE events
    DROP CONSTRAINT events_event_type_check,
    ADD CONSTRAINT events_event_type_known CHECK (event_type IN (
        'OrderPlaced', 'ItemAdded', 'ItemRemoved', 'OrderConfirmed', 'OrderShipped', 'OrderDelivered', 'OrderCancelled',
        'CustomerRegistered', 'ContactInfoChanged')) NOT VALID;

-- One key per customer, written with the registration, read to seal and open the customer's details.
CREATE TABLE customer_keys (
    customer_id uuid PRIMARY KEY REFERENCES streams (stream_id),
    key         bytea NOT NULL CONSTRAINT customer_keys_key_is_256_bits CHECK (length(key) = 32),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- A forgotten customer never gets a key again: it could not open the old details anyway, and a new key
-- beside an erased history would only invite new personal data into it.
CREATE FUNCTION customer_keys_refuse_forgotten() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT FROM public.streams WHERE stream_id = NEW.customer_id AND forgotten) THEN
        RAISE EXCEPTION 'customer % was forgotten: it gets no key again', NEW.customer_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER customer_keys_refuse_forgotten
    BEFORE INSERT ON customer_keys
    FOR EACH ROW EXECUTE FUNCTION customer_keys_refuse_forgotten();
ALTER TABLE customer_keys ENABLE ALWAYS TRIGGER customer_keys_refuse_forgotten;

-- The contacts read model: one row per customer with the details in the clear, as `query customer`
-- shows them, written in the transaction of each customer event and cleared by forget_customer.
CREATE TABLE customer_contacts (
    customer_id   uuid PRIMARY KEY,
    name          text,
    email         text,
    phone         text,
    address       jsonb,
    forgotten     boolean NOT NULL DEFAULT false,
    version       integer NOT NULL CHECK (version >= 1),
    registered_at timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    CONSTRAINT customer_contacts_forgotten_hold_nothing
        CHECK (NOT forgotten OR (name IS NULL AND email IS NULL AND phone IS NULL AND address IS NULL)),
    CONSTRAINT customer_contacts_known_have_name_and_email CHECK (forgotten OR (name IS NOT NULL AND email IS NOT NULL))
);

-- Whatever writes a row for a forgotten customer (a catch-up racing the forget, a bug), the row holds
-- nothing personal: the database itself keeps the promise that forgetting is for good. ENABLE ALWAYS, as
-- for the events' triggers, so that replicated writes are held to it too.
CREATE FUNCTION customer_contacts_stay_forgotten() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT FROM public.streams WHERE stream_id = NEW.customer_id AND forgotten) THEN
        NEW.name := NULL;
        NEW.email := NULL;
        NEW.phone := NULL;
        NEW.address := NULL;
        NEW.forgotten := true;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER customer_contacts_stay_forgotten
    BEFORE INSERT OR UPDATE ON customer_contacts
    FOR EACH ROW EXECUTE FUNCTION customer_contacts_stay_forgotten();
ALTER TABLE customer_contacts ENABLE ALWAYS TRIGGER customer_contacts_stay_forgotten;

-- A customer command's fingerprint is a digest of its personal details; forgetting removes it, and a
-- record without one still answers a repeated command id (as a duplicate on the same stream).
ALTER TABLE commands ALTER COLUMN fingerprint DROP NOT NULL;

-- Forgets a customer in one transaction: marks the stream, destroys the key, clears the read model and
-- the command fingerprints. Returns 'forgotten', 'already_forgotten', 'not_found' or 'wrong_stream_kind'.
--
-- SECURITY DEFINER, because the runtime role may insert and read keys but never update or delete them:
-- this function is its only way to destroy one. Its search_path holds no schema anyone but a superuser
-- can write (the runtime role may create tables in public, and temporary ones), and it names every table
-- with its schema; the triggers below do the same, so no table of the caller's can stand in for ours. Locking the stream row first serialises it with the
-- customer's appends, which move that row: an append that committed first has its row cleared here, and
-- one that comes after finds the stream forgotten and writes nothing.
CREATE FUNCTION forget_customer(customer uuid) RETURNS text
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
    -- Every applied command appended one event naming its command id, so the customer's events name
    -- all its command records: found through two primary keys, never by reading `commands` whole.
    UPDATE public.commands SET fingerprint = NULL
    WHERE command_id IN (SELECT (metadata ->> 'commandId')::uuid FROM public.events WHERE stream_id = customer);
    RETURN 'forgotten';
END;
$$;

REVOKE ALL ON FUNCTION forget_customer(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION forget_customer(uuid) TO orderctl_runtime;

-- The runtime role moves a stream's version and nothing else of it: only forget_customer marks a
-- stream forgotten, and nothing unmarks it.
REVOKE UPDATE ON streams FROM orderctl_runtime;
GRANT UPDATE (version) ON streams TO orderctl_runtime;
GRANT SELECT, INSERT ON customer_keys TO orderctl_runtime;       -- never UPDATE or DELETE: see forget_customer
GRANT SELECT, INSERT, UPDATE, DELETE ON customer_contacts TO orderctl_runtime;
