"""How fast are notices rendered and delivered over SMTP, with one connection for all of them?

    .venv/bin/python bench/notify.py [--notices 10000] [--server process|thread] [--baseline 300]

1. Builds ``--notices`` contexts from ``notifications.render.EXAMPLE_CONTEXTS``, cycling through
   the kinds (every tenth notice in English) and varying each one: its title, number or code and
   recipient, so no two notices render alike. Ladder notices carry an .ics of their deadline.
2. Times ``render`` alone (``render_per_s``), then builds the ``OutgoingEmail`` rows (untimed).
3. Starts aiosmtpd, by default in a subprocess of this script (``--serve``), so the server does
   not share our interpreter lock and the figure is the client's; ``--server thread`` runs it
   in-process instead. The server counts sessions (EHLO), accepted messages, bytes and distinct
   Message-IDs, and parses the last message it got.
4. Times ``SmtpTransport.send`` for every notice over one connection (``send_per_s``: messages
   the server accepted per second), then, as a baseline, ``--baseline`` notices with a new
   connection per message (what ``yagmail.SMTP.send()`` does: it logs in on every call).
5. Kills ``chainops notices send`` at random ``--kills`` times over ``--notices`` outbox rows and
   counts, at the server, rows that arrived twice under different Message-IDs
   (``kill_duplicates_new_id``, expected 0; see ``bench/notify_kill.py``).
6. Prints a table, then one JSON object as the last line. Target: ``send_per_s`` ≥ 200. Exits 0
   even if the target is missed.
"""

import argparse
import email
import json
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from email import policy
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from notifications.examples import EXAMPLE_CONTEXTS
from notifications.message import Attachment, OutgoingEmail, new_message_id, to_bytes
from notifications.render import Rendered, render
from notifications.transports import SmtpTransport, TransportError

TARGET_SEND_PER_S = 200.0
OFFICE = "chain-office@example.gov.cn"
HOST = "127.0.0.1"
KINDS = [kind for kind in EXAMPLE_CONTEXTS if kind != "digest"]  # a digest wraps the others
LADDER = {"reminder", "urging_slip", "coordination", "supervision"}
_MESSAGE_ID = re.compile(rb"^Message-ID: *(\S+)", re.IGNORECASE | re.MULTILINE)


# --- the server ----------------------------------------------------------------------------


class CountingHandler:
    """Accepts everything and keeps only counts (and the last message, to check it)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sessions = 0
        self.accepted = 0
        self.bytes = 0
        self.message_ids: set[bytes] = set()
        self.last: bytes = b""

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        session.host_name = hostname
        with self.lock:
            self.sessions += 1
        return responses

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw: bytes = envelope.original_content
        found = _MESSAGE_ID.search(raw)
        with self.lock:
            self.accepted += 1
            self.bytes += len(raw)
            self.message_ids.add(found.group(1) if found else b"")
            self.last = raw
        return "250 2.0.0 OK"

    def stats(self) -> dict[str, Any]:
        with self.lock:
            last = email.message_from_bytes(self.last, policy=policy.default) if self.last else None
            return {
                "sessions": self.sessions,
                "accepted": self.accepted,
                "bytes": self.bytes,
                "distinct_message_ids": len(self.message_ids),
                "last_subject": str(last["Subject"]) if last else None,
                "last_message_id": str(last["Message-ID"]) if last else None,
            }


def serve() -> None:
    """The ``--serve`` child: print the port, answer each "stats" line, stop at end of input."""
    handler = CountingHandler()
    controller = Controller(handler, hostname=HOST, port=_free_port())
    controller.start()
    print(json.dumps({"port": controller.port}), flush=True)
    for line in sys.stdin:
        if line.strip() == "stats":
            print(json.dumps(handler.stats()), flush=True)
    controller.stop()


class ProcessServer:
    def __init__(self) -> None:
        self.child = subprocess.Popen(
            [sys.executable, __file__, "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.port = int(json.loads(self._line())["port"])

    def stats(self) -> dict[str, Any]:
        assert self.child.stdin is not None
        self.child.stdin.write("stats\n")
        self.child.stdin.flush()
        return dict(json.loads(self._line()))

    def stop(self) -> None:
        assert self.child.stdin is not None
        self.child.stdin.close()
        self.child.wait(timeout=30)

    def _line(self) -> str:
        assert self.child.stdout is not None
        line = self.child.stdout.readline()
        if not line:
            raise RuntimeError("the SMTP server process died")
        return line


class ThreadServer:
    def __init__(self) -> None:
        self.handler = CountingHandler()
        self.controller = Controller(self.handler, hostname=HOST, port=_free_port())
        self.controller.start()
        self.port = self.controller.port

    def stats(self) -> dict[str, Any]:
        return self.handler.stats()

    def stop(self) -> None:
        self.controller.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


# --- the notices ---------------------------------------------------------------------------


def contexts(count: int) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(kind, locale, context) for notice ``i``: the example context, made its own."""
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        context = dict(EXAMPLE_CONTEXTS[kind])
        for key in ("title", "name", "description"):
            if key in context:
                context[key] = f"{context[key]}（第{i + 1}项）"
        if context.get("number"):
            context["number"] = re.sub(r"\d+号$", f"{i + 1}号", context["number"])
        if "code" in context:
            context["code"] = f"{context['code']}-{i + 1}"
        if "task_id" in context:
            context["task_id"] = i + 1
        if "scope_name" in context:
            context["scope_name"] = f"{context['scope_name']}{i % 12 + 1}"
        context["recipient_name"] = f"{context['recipient_name']}{i % 97}"
        yield kind, "en" if i % 10 == 9 else "zh-CN", context


def outgoing(i: int, kind: str, context: dict[str, Any], rendered: Rendered) -> OutgoingEmail:
    attachments: tuple[Attachment, ...] = ()
    if kind in LADDER:
        attachments = (Attachment(f"{kind}-{i + 1}-期限.ics", _ics(i, context), "text/calendar"),)
    return OutgoingEmail(
        sender=OFFICE,
        sender_name="市链长制办公室",
        to=f"person{i % 2000}@example.gov.cn",
        to_name=str(context["recipient_name"]),
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        attachments=attachments,
        message_id=new_message_id(OFFICE),
        headers={"X-Chainops-Outbox": str(i + 1)},
    )


def _ics(i: int, context: dict[str, Any]) -> bytes:
    due = str(context["due_date"]).replace("-", "")
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//chainops//bench//ZH\r\nBEGIN:VEVENT\r\n"
        f"UID:notice-{i + 1}@chainops\r\nDTSTART;VALUE=DATE:{due}\r\n"
        f"SUMMARY:{context['title']}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


# --- the run -------------------------------------------------------------------------------


def send_all(transport: SmtpTransport, emails: list[OutgoingEmail], *, reconnect_each: bool) -> int:
    failed = 0
    for outgoing_email in emails:
        try:
            transport.send(outgoing_email)
        except TransportError as error:
            failed += 1
            print(f"  failed: {error}", file=sys.stderr)
        if reconnect_each:
            transport.close()
    return failed


def drive(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    jobs = list(contexts(args.notices))

    clock = time.perf_counter()
    rendered = [render(kind, locale, context) for kind, locale, context in jobs]
    render_s = time.perf_counter() - clock

    clock = time.perf_counter()
    emails = [
        outgoing(i, kind, context, notice)
        for i, ((kind, _, context), notice) in enumerate(zip(jobs, rendered, strict=True))
    ]
    build_s = time.perf_counter() - clock
    sample = emails[: min(len(emails), 1000)]
    clock = time.perf_counter()
    mime_bytes = sum(len(to_bytes(e)) for e in sample)
    mime_s = time.perf_counter() - clock

    server = ProcessServer() if args.server == "process" else ThreadServer()
    try:
        transport = SmtpTransport(
            host=HOST, port=server.port, security="none", user=None, password=None, sender=OFFICE
        )
        clock = time.perf_counter()
        failed = send_all(transport, emails, reconnect_each=False)
        transport.close()  # QUIT is part of the run
        send_s = time.perf_counter() - clock
        after_main = server.stats()
        connections = transport.connections

        baseline = emails[: args.baseline]
        clock = time.perf_counter()
        baseline_failed = send_all(transport, baseline, reconnect_each=True)
        baseline_s = time.perf_counter() - clock
        after_baseline = server.stats()
    finally:
        server.stop()

    sent = after_main["accepted"]
    baseline_sent = after_baseline["accepted"] - sent
    checks = {
        "server_accepted_all": sent == len(emails) and failed == 0,
        "message_ids_distinct": after_main["distinct_message_ids"] == sent,
        "last_message_intact": after_main["last_subject"] == emails[-1].subject
        and after_main["last_message_id"] == emails[-1].message_id,
    }
    return {
        "notices": len(emails),
        "render_per_s": round(len(rendered) / render_s, 1),
        "send_per_s": round(sent / send_s, 1),
        "sent": sent,
        "failed": failed,
        "seconds": round(render_s + send_s, 2),
        "render_s": round(render_s, 3),
        "send_s": round(send_s, 3),
        "connections": connections,
        "server_sessions": after_main["sessions"],
        "mime_per_s": round(len(sample) / mime_s, 1),
        "mean_message_bytes": round(mime_bytes / len(sample)),
        "build_s": round(build_s, 3),
        "baseline_messages": baseline_sent,
        "baseline_failed": baseline_failed,
        "baseline_send_per_s": round(baseline_sent / baseline_s, 1) if baseline_s else None,
        "baseline_connections": after_baseline["sessions"] - after_main["sessions"],
        "server": args.server,
        "checks": checks,
        "target_send_per_s": TARGET_SEND_PER_S,
        "target_met": sent / send_s >= TARGET_SEND_PER_S and all(checks.values()),
        "total_s": round(time.perf_counter() - started, 1),
    }


def report(result: dict[str, Any]) -> None:
    rows = [
        ("render_per_s", f"{result['render_per_s']:,.0f}", "render() only, 7 kinds, zh-CN + en"),
        (
            "send_per_s",
            f"{result['send_per_s']:,.0f}",
            f"≥ {TARGET_SEND_PER_S:g}  {'ok' if result['target_met'] else 'MISSED'}",
        ),
        ("sent", f"{result['sent']:,}", f"of {result['notices']:,}; failed {result['failed']}"),
        ("connections", str(result["connections"]), f"server saw {result['server_sessions']}"),
        ("send_s", f"{result['send_s']:.2f}", "to_bytes + SMTP, one connection"),
        ("render_s", f"{result['render_s']:.2f}", ""),
        ("mime_per_s", f"{result['mime_per_s']:,.0f}", "to_bytes() alone, 1,000 messages"),
        ("mean bytes", f"{result['mean_message_bytes']:,}", "per message on the wire"),
        (
            "baseline/s",
            f"{result['baseline_send_per_s']:,.0f}",
            f"{result['baseline_messages']} messages, a new connection each "
            f"({result['baseline_connections']} sessions)",
        ),
    ]
    print(f"chainops notify benchmark: {result['notices']:,} notices, aiosmtpd in a "
          f"{result['server']}")
    print(f"  {'metric':<14}{'value':>10}  note")
    for name, value, note in rows:
        print(f"  {name:<14}{value:>10}  {note}")
    if "kill_duplicates_new_id" in result:
        print(
            f"  {'kill_dup_new_id':<14}{result['kill_duplicates_new_id']:>10}  expected 0; "
            f"{result['kills']} kills, {result['kill_duplicates']} resent under the same "
            f"Message-ID, {result['kill_lost']} lost, {result['kill_still_pending']} pending"
        )
    print(f"  checks: {', '.join(f'{k} {v}' for k, v in result['checks'].items())}")
    print(f"  total benchmark time {result['total_s']:.1f} s")
    print(json.dumps(result, ensure_ascii=False), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--notices", type=int, default=10_000)
    parser.add_argument("--server", choices=("process", "thread"), default="process")
    parser.add_argument("--baseline", type=int, default=300, help="notices, reconnecting each")
    parser.add_argument("--kills", type=int, default=20, help="kills of notices send; 0: skip")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve()
        return
    result = drive(args)
    if args.kills:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script
        from bench.notify_kill import kill_run  # here: it imports this module

        result |= kill_run(args.notices, args.kills)
    report(result)


if __name__ == "__main__":
    main()
