-- One append of one event in its own transaction (pgbench -M extended, as orderctl sends parameters):
-- the event insert of StreamBatchWriting.insertEvents, with the shapes of an ItemAdded. The version comes
-- from a sequence, so that (stream_id, version) stays unique without reading the stream's head first.
\set s random(1, :streams)
INSERT INTO events (stream_id, version, event_id, event_type, schema_version, payload, metadata, occurred_at, hash)
VALUES (md5('s' || :s)::uuid, nextval('bench.version'), gen_random_uuid(), 'ItemAdded', 2,
        jsonb_build_object('currency', 'EUR', 'productId', md5('p' || (:s % 500))::uuid, 'quantity', 1, 'unitPrice', '9.99'),
        jsonb_build_object('commandId', gen_random_uuid()), now(), sha256(uuid_send(gen_random_uuid())));
