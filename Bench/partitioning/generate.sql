-- The events both layouts load, made once: :max events of streams of 5 to 20 events (12.5 on average),
-- interleaved as orders are in life (a stream's events lie hundreds to thousands of positions apart),
-- with payloads and metadata of the shapes Bench/make-feed.py writes.
--
-- Cheap stand-ins, said in docs/scaling.md: stream ids are md5('s' || n)::uuid (so pgbench scripts can name
-- an existing stream without a lookup); the hash is sha256 of the event id, 32 bytes like a chain link but
-- no chain (the hash check only asks for 32 bytes); transaction ids are 1000 + position in epoch 0, below
-- every real id of the cluster (run.sh moves the cluster to epoch 1), as if each event had committed alone.
SET work_mem = '1GB';
SET maintenance_work_mem = '1GB';
DROP TABLE IF EXISTS bench.gen;
DROP TABLE IF EXISTS bench.gen_full;
CREATE UNLOGGED TABLE bench.gen AS
WITH placed AS (
    SELECT s, v
    FROM generate_series(1, (:max / 12.5)::bigint + 1) s,
         LATERAL generate_series(1, 5 + abs(hashint8(s)) % 16) v
), timed AS (
    SELECT s, v, s * 12.5 + (v - 1) * (40 + abs(hashint8(s * 31 + v)) % 400) AS t,
           5 + abs(hashint8(s)) % 16 AS length
    FROM placed
), ordered AS (
    SELECT row_number() OVER (ORDER BY t, s, v) AS global_position, s, v, length FROM timed
)
SELECT global_position, md5('s' || s)::uuid AS stream_id, v::integer AS version, gen_random_uuid() AS event_id,
       CASE WHEN v = 1 THEN 'OrderPlaced'
            WHEN v = length AND length >= 5 THEN 'OrderShipped'
            WHEN v = length - 1 AND length >= 5 THEN 'OrderConfirmed'
            WHEN v % 2 = 0 THEN 'ItemAdded' ELSE 'ItemRemoved' END AS event_type,
       s
FROM ordered
WHERE global_position <= :max;
-- The columns that depend on the type, in a second pass (cheaper than CASE in the window query).
CREATE UNLOGGED TABLE bench.gen_full AS
SELECT global_position, stream_id, version, event_id, event_type,
       CASE event_type WHEN 'ItemAdded' THEN 2 ELSE 1 END AS schema_version,
       CASE event_type
           WHEN 'OrderPlaced' THEN jsonb_build_object('currency', 'EUR', 'customerId', md5('c' || (s % 100000))::uuid)
           WHEN 'ItemAdded' THEN jsonb_build_object('currency', 'EUR', 'productId', md5('p' || (s % 500))::uuid, 'quantity', 1 + s % 3, 'unitPrice', '9.99')
           WHEN 'ItemRemoved' THEN jsonb_build_object('productId', md5('p' || (s % 500))::uuid, 'quantity', 1)
           WHEN 'OrderShipped' THEN jsonb_build_object('trackingNumber', 'T-' || s)
           ELSE '{}'::jsonb END AS payload,
       jsonb_build_object('commandId', gen_random_uuid()) AS metadata,
       timestamptz '2026-01-01 00:00:00+00' + global_position * interval '3 ms' AS occurred_at,
       (1000 + global_position)::text::xid8 AS transaction_id,
       sha256(uuid_send(event_id)) AS hash
FROM bench.gen;
DROP TABLE bench.gen;
ALTER TABLE bench.gen_full RENAME TO gen;
