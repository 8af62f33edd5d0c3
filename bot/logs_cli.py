"""`python -m bot logs …`: retention and erasure of the conversation log, from the shell.

    python -m bot logs purge [--days N] [--by NAME]
    python -m bot logs erase --sender ID [--reason TEXT] [--by NAME]
    python -m bot logs audit [--limit N]

The database is DATABASE_URL (else var/pes.db), migrated first; erase also deletes the Rasa
tracker from REDIS_URL. Each purge and erasure is written to the audit log under `--by`
(default: the operating-system user). Output masks sender ids, as logs do.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from typing import Any


def add_logs_commands(groups: Any) -> None:
    logs = groups.add_parser("logs", help="the conversation log: retention, erasure, audit")
    commands = logs.add_subparsers(dest="command", required=True, metavar="COMMAND")
    by_help = "who runs the command, for the audit log (default: the system user)"

    purge = commands.add_parser(
        "purge",
        help="delete conversations without activity for N days",
        description="Delete the conversations whose last activity is older than N days, "
        "with all their events, tags and notes.",
    )
    purge.add_argument(
        "--days", type=_positive, metavar="N", help="default: LOG_RETENTION_DAYS, else 365"
    )
    purge.add_argument("--by", help=by_help)
    purge.set_defaults(run=_purge)

    erase = commands.add_parser(
        "erase",
        help="remove one person's data everywhere",
        description="Remove everything kept about one sender: conversations in the log, "
        "pre-registrations (intakes) and the Rasa tracker in Redis; report what was removed.",
    )
    erase.add_argument("--sender", required=True, metavar="ID", help="e.g. telegram:123456")
    erase.add_argument("--reason", help="why, for the audit log (e.g. the request's reference)")
    erase.add_argument("--by", help=by_help)
    erase.set_defaults(run=_erase)

    audit = commands.add_parser("audit", help="the newest audit log entries")
    audit.add_argument("--limit", type=_positive, default=50, metavar="N", help="default 50")
    audit.set_defaults(run=_audit)


def _purge(args: argparse.Namespace) -> int:
    from common.settings import settings

    days = args.days or settings().log_retention_days
    store = _open_store()
    if store is None:
        return 1
    report = asyncio.run(store.purge(older_than_days=days, by=_actor(args)))
    print(
        f"purged {report.conversations} conversations ({report.events} events) "
        f"without activity since {report.cutoff:%Y-%m-%d %H:%M} UTC ({days} days);"
        f" {report.expired_alerts} expired job alerts, {report.outbound} old outbox messages"
    )
    print(f"purged {report.bookings} appointments that began before then")
    return 0


def _erase(args: argparse.Namespace) -> int:
    from common.privacy import mask_sender_id

    sender = args.sender.strip()
    if not sender:
        print("error: --sender must not be empty", file=sys.stderr)
        return 2
    store = _open_store()
    if store is None:
        return 1
    report = asyncio.run(store.erase(sender, by=_actor(args), reason=args.reason))
    print(f"erased {mask_sender_id(sender)}:")
    print(f"  conversation log: {report.conversations} conversations ({report.events} events)")
    print(f"  pre-registrations: {report.intakes}")
    print(f"  appointments: {report.bookings}")
    print(f"  job alerts: {report.alerts}; outbox messages: {report.outbound}")
    print(f"  Rasa tracker: {report.tracker_keys} ({report.tracker_note})")
    if report.tracker_failed:
        print("error: the Rasa tracker may still exist; run the command again", file=sys.stderr)
        return 1
    return 0


def _audit(args: argparse.Namespace) -> int:
    store = _open_store()
    if store is None:
        return 1
    for entry in asyncio.run(store.audit_log(limit=args.limit)):
        details = ", ".join(f"{key}={value}" for key, value in entry.details.items())
        print(
            f"{entry.at:%Y-%m-%d %H:%M:%S} {entry.actor} {entry.action} {entry.target or '-'}"
            f"{f' reason={entry.reason!r}' if entry.reason else ''}"
            f"{f' ({details})' if details else ''}"
        )
    return 0


def _open_store() -> Any:
    """The conversation log of DATABASE_URL, migrated; None (after saying why) if unreachable."""
    from common.privacy import sensitive_slots
    from common.settings import settings
    from common.storage.engine import make_engine
    from common.storage.errors import describe_error
    from common.storage.log_store import ConversationLog
    from common.storage.migrate import upgrade

    database_url = settings().database_url
    try:
        upgrade(database_url)
    except Exception as error:
        print(f"error: the database cannot be used: {describe_error(error)}", file=sys.stderr)
        return None
    return ConversationLog(
        make_engine(database_url),
        sensitive_slots=sensitive_slots(settings().content_dir),
        redis_url=settings().redis_url,
    )


def _actor(args: argparse.Namespace) -> str:
    return str(args.by or f"cli:{getpass.getuser()}")


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {value!r}") from None
    if number <= 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0, got {value!r}")
    return number
