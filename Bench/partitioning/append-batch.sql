-- A batched append: ten events of one stream in one INSERT ... SELECT and one transaction, as
-- StreamBatchWriting.insertEvents writes a batch (there from unnest of arrays).
\set s random(1, :streams)
INSERT INTO events (stream_id, version, event_id, event_type, schema_version, payload, metadata, occurred_at, hash)
SELECT md5('s' || :s)::uuid, nextval('bench.version'), gen_random_uuid(), 'ItemAdded', 2,
       jsonb_build_object('currency', 'EUR', 'productId', md5('p' || (:s % 500))::uuid, 'quantity', 1, 'unitPrice', '9.99'),
       jsonb_build_object('commandId', gen_random_uuid()), now(), sha256(uuid_send(gen_random_uuid()))
FROM generate_series(1, 10);
