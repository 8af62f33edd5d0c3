"""`python -m bot …`: operator commands, one subcommand group per feature.

    python -m bot serve [--host HOST] [--port PORT]
    python -m bot outbound [--host HOST] [--port PORT]   the delivery worker on its own
    python -m bot db upgrade
    python -m bot vacancies import FILE [--index PATH]   (runs python -m actions.vacancies …)
    python -m bot vacancies stats [--index PATH]
    python -m bot telegram …, logs …, staff …

A group registers its subcommands with `add_parser(...).set_defaults(run=handler)`; a handler gets
the parsed arguments and returns the exit code. Handlers import their feature lazily, so a command
loads only what it needs. The vacancy commands belong to the action server: they run its own
command line (`python -m actions.vacancies`) in a child process.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

from bot.logs_cli import add_logs_commands
from channels.telegram.cli import add_telegram_commands
from common.settings import PROJECT_ROOT, SettingsError
from staff.cli import add_staff_commands


def _vacancies(arguments: Sequence[str]) -> int:
    """Hand the arguments to the action server's own command (`python -m actions.vacancies`):
    the vacancy index belongs to the action server, whose code the gateway never imports."""
    command = [_actions_python(), "-m", "actions.vacancies", *arguments]
    return subprocess.run(command, check=False).returncode


def _actions_python() -> str:
    """This Python if it runs the action server's code (rasa_sdk), else the action server's
    environment's (`.venv`), as when the command is run from the gateway's `.venv-gateway`."""
    if importlib.util.find_spec("rasa_sdk") is not None:
        return sys.executable
    action_server = PROJECT_ROOT / ".venv" / "bin" / "python"
    return str(action_server) if action_server.exists() else sys.executable


def _add_vacancy_commands(groups: Any) -> None:
    vacancies = groups.add_parser(
        "vacancies",
        help="the local vacancy index: import FILE, stats (python -m actions.vacancies)",
        description="The action server's vacancy index; `python -m bot vacancies ARGS` runs "
        "`python -m actions.vacancies ARGS` (import FILE [--index PATH], stats [--index PATH]).",
        add_help=False,
    )
    vacancies.add_argument("arguments", nargs=argparse.REMAINDER)
    vacancies.set_defaults(run=lambda args: _vacancies(args.arguments))


def _db_upgrade(_args: argparse.Namespace) -> int:
    from common.settings import settings
    from common.storage.errors import describe_error
    from common.storage.migrate import upgrade

    try:
        upgrade(settings().database_url)
    except Exception as error:
        print(f"error: the database cannot be migrated: {describe_error(error)}", file=sys.stderr)
        return 1
    print("database schema is current")
    return 0


def _add_db_commands(groups: Any) -> None:
    database = groups.add_parser("db", help="the database schema (Alembic migrations)")
    commands = database.add_subparsers(dest="command", required=True, metavar="COMMAND")
    upgrading = commands.add_parser(
        "upgrade",
        help="migrate DATABASE_URL to the newest schema (once, before the processes start)",
    )
    upgrading.set_defaults(run=_db_upgrade)


def _serve(args: argparse.Namespace) -> int:
    import logging

    import uvloop
    from aiohttp import web

    from bot.app import create_app
    from common.content import ContentError
    from common.settings import settings as current_settings

    settings = current_settings()
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = settings.with_secret_key()
    try:
        app = create_app(settings)
    except ContentError as error:  # a content file the gateway cannot use: it does not start
        print(f"error: {error}", file=sys.stderr)
        return 2
    host = args.host or settings.host
    port = args.port or settings.port
    print(f"Gateway on http://{host}:{port} (web chat demo: http://localhost:{port}/)", flush=True)
    web.run_app(
        app,
        host=host,
        port=port,
        print=None,
        access_log=None,
        shutdown_timeout=10,  # in-flight replies may take up to RASA_TIMEOUT_S
        loop=uvloop.new_event_loop(),  # libuv's loop: less time per frame than asyncio's
    )
    return 0


def _outbound(args: argparse.Namespace) -> int:
    import logging

    from aiohttp import web

    from bot.outbound_app import create_outbound_app
    from common.content import ContentError
    from common.settings import settings as current_settings

    settings = current_settings()
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        app = create_outbound_app(settings)
    except ContentError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"Outbound delivery worker; health and metrics on port {args.port}", flush=True)
    web.run_app(app, host=args.host, port=args.port, print=None, access_log=None)
    return 0


def _add_outbound_command(groups: Any) -> None:
    outbound = groups.add_parser(
        "outbound",
        help="run the outbox's delivery worker as a process of its own",
        description="Send what the outbox holds (alerts, reminders, staff messages); set "
        "OUTBOUND_WORKER=off on the gateways then. See docs/outbound.md.",
    )
    outbound.add_argument("--host", default="127.0.0.1", help="for /healthz and /metrics")
    outbound.add_argument("--port", type=int, default=8090, help="for /healthz and /metrics")
    outbound.set_defaults(run=_outbound)


def _add_serve_command(groups: Any) -> None:
    serve = groups.add_parser(
        "serve",
        help="run the gateway (web chat, Telegram, staff console, health, metrics)",
        description="Run the gateway; settings come from the environment (see README).",
    )
    serve.add_argument("--host", help="interface to listen on (default: GATEWAY_HOST, 0.0.0.0)")
    serve.add_argument("--port", type=int, help="port (default: GATEWAY_PORT, 8080)")
    serve.set_defaults(run=_serve)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="PES assistant commands")
    groups = parser.add_subparsers(dest="group", required=True, metavar="GROUP")
    _add_serve_command(groups)
    _add_outbound_command(groups)
    _add_db_commands(groups)
    _add_vacancy_commands(groups)
    add_telegram_commands(groups)
    add_logs_commands(groups)
    add_staff_commands(groups)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["vacancies"]:  # everything after it is the action server's business
        return _vacancies(arguments[1:])
    args = build_parser().parse_args(arguments)
    try:
        return int(args.run(args))
    except SettingsError as error:  # a variable no process could use: say which, and stop
        print(f"error: {error}", file=sys.stderr)
        return 2
