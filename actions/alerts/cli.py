"""`python -m actions.alerts …`: job alerts from the shell (the action server's code and data).

    python -m actions.alerts run [--index PATH]      match new vacancies, queue the digests
    python -m actions.alerts purge                    delete subscriptions past their retention

`python -m actions.vacancies import` runs the matching by itself after an import (unless
`--no-alerts`). Digests are queued in the outbox; the gateway's delivery worker sends them.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from actions.config import CONFIG
from common.storage.columns import utc_now


def run_matching(index_path: Path) -> int:
    """Match and report on stdout; the exit status."""
    from actions.alerts.config import AlertConfig
    from actions.alerts.run import run
    from common.storage.engine import make_engine
    from common.storage.migrate import upgrade

    upgrade(CONFIG.database_url)
    engine = make_engine(CONFIG.database_url)
    try:
        report = run(engine, index_path, AlertConfig.load(CONFIG.content_dir), now=utc_now())
    finally:
        engine.dispose()
    if report.paused_by:
        print(f"job alerts are paused (by {report.paused_by}): nothing matched, news kept")
    elif report.first_run:
        print("job alerts: first run, the vacancies in the index now are the starting point")
    else:
        print(
            f"job alerts: {report.vacancies} new vacancies, {report.subscriptions} active"
            f" alerts, {report.digests} digests queued"
            + (f" ({report.already_queued} queued before)" if report.already_queued else "")
        )
    return 0


def _run(args: argparse.Namespace) -> int:
    return run_matching(args.index or CONFIG.vacancy_index_path)


def _purge(_args: argparse.Namespace) -> int:
    from common.storage import alerts
    from common.storage.engine import make_engine
    from common.storage.migrate import upgrade
    from common.storage.sessions import writing

    upgrade(CONFIG.database_url)
    engine = make_engine(CONFIG.database_url)
    try:
        with writing(engine) as session:
            deleted = alerts.purge_expired(session, utc_now())
    finally:
        engine.dispose()
    print(f"deleted {deleted} expired job alert(s)")
    return 0


def build_parser(prog: str = "python -m actions.alerts") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="job alerts")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    running = commands.add_parser("run", help="match new vacancies, queue the digests")
    running.add_argument("--index", type=Path, metavar="PATH", help="the local vacancy index")
    running.set_defaults(run=_run)
    purge = commands.add_parser("purge", help="delete subscriptions past their retention")
    purge.set_defaults(run=_purge)
    return parser


def main(argv: Sequence[str] | None = None, prog: str = "python -m actions.alerts") -> int:
    args = build_parser(prog).parse_args(argv)
    return int(args.run(args))
