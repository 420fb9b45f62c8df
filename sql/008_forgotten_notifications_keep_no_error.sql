-- A forgotten customer's notifications keep no last_error either.
--
-- 007's trigger cleared the recipient, the message and the attempts' replies, since "a server's reply may
-- repeat the address" ("550 <someone@example.com>: no such user"); but a failed or dead notification's
-- last_error is that same reply, copied when the attempt was recorded, and it stayed. The function is
-- replaced (the triggers of 007 call it by name), and the rows of customers forgotten before this
-- migration are cleared through it.
CREATE OR REPLACE FUNCTION notifications_stay_forgotten() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT FROM public.streams WHERE stream_id = NEW.customer_id AND forgotten) THEN
        NEW.recipient := NULL;
        NEW.message := NULL;
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

UPDATE notifications SET last_error = NULL
WHERE last_error IS NOT NULL AND customer_id IN (SELECT stream_id FROM streams WHERE kind = 'customer' AND forgotten);
