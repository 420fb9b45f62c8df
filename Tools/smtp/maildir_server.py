#!/usr/bin/python3
"""A real SMTP server for orderctl's tests and demo: aiosmtpd on 127.0.0.1 that
stores every accepted message in a Maildir and fails on purpose for some
recipients. `make smtp` starts it and `make smtp-stop` stops it; see
Tools/smtp/README.md for the layout and the fault-injection rules.

Only aiosmtpd (Debian's python3-aiosmtpd) and the standard library.
"""

import argparse
import asyncio
import datetime
import json
import os
import re
import signal
import socket
import sys
import time

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"  # loopback only, never another address

# Recipient local-part prefixes that inject a failure (see handle_DATA).
FLAKY = re.compile(r"^flaky([0-9]+)-")


def log(line):
    stamp = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")
    print(f"{stamp} {line}", file=sys.stderr, flush=True)


def text(value):
    """A str that came from the wire (surrogate-escaped if it was not UTF-8) as valid UTF-8 text."""
    if value is None:
        return None
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def local_part(address):
    return address.rpartition("@")[0] if "@" in address else address


class Maildir:
    """Writes messages the Maildir way: into tmp/, then a rename into new/.

    The envelope of each message goes to envelope/NAME.json, written (also
    through tmp/) BEFORE the message appears in new/NAME, so a reader that sees
    the message always finds its envelope. Message files hold the DATA bytes
    exactly as received (after SMTP dot-unstuffing), nothing added.
    """

    def __init__(self, root):
        self.root = root
        self.seq = 0
        self.host = re.sub(r"[^A-Za-z0-9-]", "_", socket.gethostname()) or "localhost"
        for sub in ("tmp", "new", "cur", "envelope"):
            os.makedirs(os.path.join(root, sub), mode=0o700, exist_ok=True)

    def _write(self, final_path, data):
        tmp = os.path.join(self.root, "tmp", os.path.basename(final_path))
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.rename(tmp, final_path)
        except BaseException:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise

    def store(self, content, envelope_record):
        self.seq += 1
        now = time.time()
        # time.M<microseconds>P<pid>Q<sequence>.<host>: unique within this server, and across
        # servers on one host by the pid.
        name = f"{int(now)}.M{int((now % 1) * 1_000_000):06d}P{os.getpid()}Q{self.seq}.{self.host}"
        record = dict(envelope_record, message="new/" + name, size=len(content))
        self._write(os.path.join(self.root, "envelope", name + ".json"),
                    (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        self._write(os.path.join(self.root, "new", name), content)
        return name


class Handler:
    def __init__(self, maildir):
        self.maildir = maildir
        self.flaky_seen = {}  # recipient address -> messages for it that reached the end of DATA

    # No handle_MAIL / handle_RCPT: aiosmtpd then accepts every sender and recipient.

    async def handle_DATA(self, server, session, envelope):
        rcpts = list(envelope.rcpt_tos)
        peer = "%s:%s" % tuple(session.peer[:2]) if session.peer else "?"
        about = f"peer={peer} from=<{text(envelope.mail_from)}> to={','.join('<%s>' % text(r) for r in rcpts)}"
        locals_ = [local_part(r) for r in rcpts]

        # Every flaky recipient counts this arrival, whatever the outcome.
        flaky_fail = []
        for rcpt, lp in zip(rcpts, locals_):
            m = FLAKY.match(lp)
            if m:
                seen = self.flaky_seen.get(rcpt, 0) + 1
                self.flaky_seen[rcpt] = seen
                if seen <= int(m.group(1)):
                    flaky_fail.append(f"{rcpt} {seen}/{m.group(1)}")

        # One reply per message, so with several recipients the strongest fault wins:
        # drop-, then fail554-, then fail451-, then flaky<N>-.
        if any(lp.startswith("drop-") for lp in locals_):
            log(f"{about} outcome=dropped (connection closed without a reply)")
            server.transport.close()
            # Closing the transport makes aiosmtpd cancel this session's task (connection_lost),
            # so no reply is ever written. The sleep is only where the cancellation lands.
            await asyncio.sleep(3600)
            return "421 4.3.0 connection should have been closed"
        if any(lp.startswith("fail554-") for lp in locals_):
            log(f"{about} outcome=554 (fail554-)")
            return "554 5.0.0 injected permanent failure"
        if any(lp.startswith("fail451-") for lp in locals_):
            log(f"{about} outcome=451 (fail451-)")
            return "451 4.3.0 injected temporary failure"
        if flaky_fail:
            log(f"{about} outcome=451 (flaky: {'; '.join(flaky_fail)})")
            return "451 4.3.0 injected temporary failure"

        content = envelope.original_content
        if content is None:
            content = envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogateescape")
        record = {
            "received_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="microseconds"),
            "peer": peer,
            "mail_from": text(envelope.mail_from),
            "rcpt_tos": [text(r) for r in rcpts],
            "mail_options": [text(o) for o in envelope.mail_options],
            "rcpt_options": [text(o) for o in envelope.rcpt_options],
            "smtputf8": bool(envelope.smtp_utf8),
        }
        try:
            name = self.maildir.store(bytes(content), record)
        except OSError as error:
            log(f"{about} outcome=451 (storing failed: {error})")
            return "451 4.3.0 could not store the message"
        log(f"{about} size={len(content)} outcome=250 stored new/{name}")
        return "250 2.0.0 OK: stored"


class LoopbackController(Controller):
    """Controller that also works with port 0: it learns the port the kernel picked
    before aiosmtpd connects to itself to check that it is up. And when the port
    cannot be bound, start() fails at once instead of after ready_timeout."""

    def _run(self, ready_event):
        try:
            super()._run(ready_event)
        finally:
            ready_event.set()  # also after a bind error; harmless after a normal stop

    def _trigger_server(self):
        if self._thread_exception is not None:
            raise self._thread_exception
        if self.port == 0:
            self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def write_file(path, content):
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w") as f:
        f.write(content)
    os.rename(tmp, path)


def remove_if_ours(path, content):
    try:
        with open(path) as f:
            if f.read().strip() == content:
                os.unlink(path)
    except OSError:
        pass


def main():
    parser = argparse.ArgumentParser(description="orderctl's test SMTP server (127.0.0.1 only).")
    parser.add_argument("--port", type=int, required=True, help="port on 127.0.0.1; 0 picks a free one")
    parser.add_argument("--port-file", required=True, help="the port is written here once the server listens")
    parser.add_argument("--maildir", required=True, help="Maildir folder for accepted messages")
    parser.add_argument("--pid-file", help="this process's pid is written here at start")
    args = parser.parse_args()
    if not 0 <= args.port <= 65535:
        parser.error("--port must be 0..65535")

    pid = str(os.getpid())
    if args.pid_file:
        write_file(args.pid_file, pid + "\n")

    # Wait for the stop signals in this thread; the server's thread (started below) inherits the mask.
    stop_signals = {signal.SIGTERM, signal.SIGINT, signal.SIGHUP}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)

    handler = Handler(Maildir(args.maildir))
    controller = LoopbackController(
        handler, hostname=HOST, port=args.port, server_hostname="localhost",
        ready_timeout=30, enable_SMTPUTF8=True,
    )
    try:
        controller.start()
    except Exception as error:
        log(f"cannot listen on {HOST}:{args.port}: {error}")
        if args.pid_file:
            remove_if_ours(args.pid_file, pid)
        return 1
    port = str(controller.port)
    write_file(args.port_file, port + "\n")
    log(f"listening on {HOST}:{port} (pid {pid}), maildir {os.path.abspath(args.maildir)}")

    sig = signal.sigwait(stop_signals)
    log(f"{signal.Signals(sig).name}: stopping")
    controller.stop()
    remove_if_ours(args.port_file, port)
    if args.pid_file:
        remove_if_ours(args.pid_file, pid)
    log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
