#!/usr/bin/env python3
"""Writes a feed for `orderctl import` to standard output, for the benchmark.

  make-feed.py ORDERS [EVENTS_PER_ORDER]

Each order is placed, then gets items added and removed in turn (so it stays valid however long it
is), then, with five events or more, confirmed and shipped. The hash chain follows the README's
canonical form.
"""
import datetime
import hashlib
import json
import sys
import uuid

orders = int(sys.argv[1])
per_order = int(sys.argv[2]) if len(sys.argv) > 2 else 5
namespace = uuid.UUID("62656e63-682d-6f72-6465-7263746c2d31")
product = str(uuid.uuid5(namespace, "product"))
start = datetime.datetime(2026, 1, 1)


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


out = sys.stdout
position = 0
for number in range(orders):
    order = str(uuid.uuid5(namespace, f"order {number}"))
    steps = [("OrderPlaced", 1, {"currency": "EUR", "customerId": str(uuid.uuid5(namespace, f"customer {number % 1000}"))})]
    middle = per_order - 1 - (2 if per_order >= 5 else 0)
    for index in range(middle):
        if index % 2 == 0:
            steps.append(("ItemAdded", 2, {"currency": "EUR", "productId": product, "quantity": 1, "unitPrice": "9.99"}))
        else:
            steps.append(("ItemRemoved", 1, {"productId": product, "quantity": 1}))
    if per_order >= 5:
        if middle % 2 == 0:
            steps[-1] = ("ItemAdded", 2, {"currency": "EUR", "productId": product, "quantity": 1, "unitPrice": "9.99"})
        steps += [("OrderConfirmed", 1, {}), ("OrderShipped", 1, {"trackingNumber": f"T-{number}"})]
    previous = bytes(32)
    for version, (kind, schema, payload) in enumerate(steps, start=1):
        position += 1
        event = {
            "position": position, "streamId": order, "version": version, "eventId": str(uuid.uuid5(namespace, f"event {position}")),
            "type": kind, "schemaVersion": schema, "payload": payload,
            "metadata": {"commandId": str(uuid.uuid5(namespace, f"command {position}"))},
            "occurredAt": (start + datetime.timedelta(microseconds=position)).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        }
        form = ["orderctl-event/1", order, version, event["eventId"], kind, schema, payload, event["metadata"], event["occurredAt"]]
        previous = hashlib.sha256(previous + canonical(form).encode("utf-8")).digest()
        event["hash"] = previous.hex()
        out.write(json.dumps(event, separators=(",", ":")) + "\n")
