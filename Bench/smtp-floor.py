#!/usr/bin/env python3
"""The floor under `notify run`'s send rate: the same messages to the same SMTP server, with nothing
around them, no database and no bookkeeping.

    smtp-floor.py PORT PART PARTS < MESSAGES

MESSAGES holds one JSON object a line, {"sender", "recipient", "message"}: the notifications' own
envelopes and rendered bytes, as `notify run` would send them. This process sends every PARTS-th of
them, starting with the PART-th (0-based), so that PARTS copies started together split the work as
that many runners would. Each message gets a connection of its own (EHLO, MAIL, RCPT, DATA, QUIT),
because that is how orderctl's sender works (one connection per message, see CurlMailSender): the
ratio then shows what the runner adds to a message, not what a kept-open connection would save.
Exits 1 if the server refuses any message.
"""
import json
import smtplib
import sys

port, part, parts = (int(argument) for argument in sys.argv[1:4])
refused = 0
for index, line in enumerate(sys.stdin):
    if index % parts != part:
        continue
    notification = json.loads(line)
    with smtplib.SMTP("127.0.0.1", port, local_hostname="localhost", timeout=60) as connection:
        refusals = connection.sendmail(notification["sender"], [notification["recipient"]], notification["message"].encode("ascii"))
        refused += len(refusals)
sys.exit(1 if refused else 0)
