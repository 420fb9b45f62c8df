#!/usr/bin/env python3
"""Writes Fixtures/legacy-feed.jsonl: a feed as the first release exported it, whose ItemAdded events are
schema version 1 (the price under "price" as a decimal string, no currency).

Its hash chain is computed here, in Python, from the README's definition of the canonical form, so the
feed also shows that the definition is enough for another tool to reproduce every link.
Run it again only to change the feed: the tests expect its current content.
"""
import hashlib
import json
import uuid

NAMESPACE = uuid.UUID("6f726465-7263-746c-2d6c-656761637921")


def ident(name):
    return str(uuid.uuid5(NAMESPACE, name))


def canonical(value):
    # Keys sorted by code point (the same order as their UTF-8 bytes), no whitespace, non-ASCII as itself.
    # Every number in this feed is an integer, whose plain decimal is Python's own spelling.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def link(previous, event):
    form = ["orderctl-event/1", event["streamId"], event["version"], event["eventId"], event["type"],
            event["schemaVersion"], event["payload"], event["metadata"], event["occurredAt"]]
    return hashlib.sha256(previous + canonical(form).encode("utf-8")).digest()


anna, bruno = ident("customer anna"), ident("customer bruno")
kettle, mugs, tea = ident("product kettle"), ident("product mugs"), ident("product tea")
first, second, third = ident("order 1"), ident("order 2"), ident("order 3")

# (order, type, schema version, payload, time): in the order the first release committed them.
history = [
    (first, "OrderPlaced", 1, {"customerId": anna, "currency": "EUR"}, "2025-03-02T09:15:00.000000Z"),
    (first, "ItemAdded", 1, {"productId": kettle, "quantity": 1, "price": "39.9"}, "2025-03-02T09:16:30.250000Z"),
    (second, "OrderPlaced", 1, {"customerId": bruno, "currency": "JPY"}, "2025-03-02T10:00:00.000000Z"),
    (first, "ItemAdded", 1, {"productId": mugs, "quantity": 4, "price": "6.25"}, "2025-03-02T10:05:00.000000Z"),
    (second, "ItemAdded", 1, {"productId": tea, "quantity": 3, "price": "1200"}, "2025-03-02T10:06:00.000000Z"),
    (first, "ItemRemoved", 1, {"productId": mugs, "quantity": 2}, "2025-03-03T08:00:00.000000Z"),
    (first, "OrderConfirmed", 1, {}, "2025-03-03T08:30:00.000000Z"),
    (third, "OrderPlaced", 1, {"customerId": anna, "currency": "KWD"}, "2025-03-04T12:00:00.000000Z"),
    (second, "OrderCancelled", 1, {"reason": "found it cheaper"}, "2025-03-04T12:30:00.000000Z"),
    (third, "ItemAdded", 1, {"productId": tea, "quantity": 2, "price": "1.125"}, "2025-03-04T12:31:00.000000Z"),
    (first, "OrderShipped", 1, {"trackingNumber": "UPS-1Z999"}, "2025-03-05T07:45:00.000000Z"),
    (first, "OrderDelivered", 1, {}, "2025-03-07T16:20:00.000000Z"),
    (third, "OrderConfirmed", 1, {}, "2025-03-08T09:00:00.000000Z"),
]

versions, previous = {}, {}
with open("legacy-feed.jsonl", "w", encoding="utf-8") as feed:
    for position, (order, kind, schema, payload, time) in enumerate(history, start=1):
        versions[order] = versions.get(order, 0) + 1
        event = {
            "position": position, "streamId": order, "version": versions[order],
            "eventId": ident(f"event {position}"), "type": kind, "schemaVersion": schema, "payload": dict(sorted(payload.items())),
            "metadata": {"commandId": ident(f"command {position}"), "source": "first release"}, "occurredAt": time,
        }
        digest = link(previous.get(order, bytes(32)), event)
        previous[order] = digest
        event["hash"] = digest.hex()
        # Payload and metadata with sorted keys, as orderctl export writes them: exporting the imported feed gives these bytes.
        feed.write(json.dumps(event, separators=(",", ":"), ensure_ascii=False) + "\n")
