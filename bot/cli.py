"""`python -m bot …`: operator commands, one subcommand group per feature.

    python -m bot serve [--host HOST] [--port PORT]
    python -m bot vacancies import FILE [--index PATH]
    python -m bot vacancies stats [--index PATH]

A group registers its subcommands with `add_parser(...).set_defaults(run=handler)`; a handler gets
the parsed arguments and returns the exit code. Handlers import their feature lazily, so a command
loads only what it needs (the vacancy commands: pymorphy3 and its dictionaries).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tqdm import tqdm

from bot.logs_cli import add_logs_commands
from bot.staff_cli import add_staff_commands
from bot.telegram_cli import add_telegram_commands


def _default_index_path() -> Path:
    from actions.config import CONFIG

    return CONFIG.vacancy_index_path


class _ProgressBar:
    """A tqdm bar on stderr, shown from the first progress report on (not for a file that
    cannot be read at all)."""

    def __init__(self) -> None:
        self._bar: tqdm[object] | None = None

    def __call__(self, done: int, expected: int | None) -> None:
        total = max(expected or 0, done)
        if self._bar is None:
            self._bar = tqdm(
                desc="Importing", total=total, initial=done, unit=" vacancies", file=sys.stderr
            )
        if self._bar.total != total:
            self._bar.total = total
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _vacancies_import(args: argparse.Namespace) -> int:
    from actions.vacancies.importer import VacancyImportError, import_file

    index_path: Path = args.index or _default_index_path()
    progress = _ProgressBar()
    try:
        summary = import_file(args.file, index_path, progress=progress)
    except VacancyImportError as error:
        progress.close()
        print(f"error: {error}; the index at {index_path} is unchanged", file=sys.stderr)
        return 1
    progress.close()
    print(
        f"imported {summary.imported}, updated {summary.updated}, skipped {summary.skipped}"
        f" ({index_path})"
    )
    for position, reason in summary.errors:
        print(f"{summary.unit} {position}: {reason}")
    if summary.errors and not summary.imported and not summary.updated:
        print(f"error: no valid vacancy in {args.file}", file=sys.stderr)
        return 1
    return 0


def _vacancies_stats(args: argparse.Namespace) -> int:
    from actions.vacancies.local import read_stats

    index_path: Path = args.index or _default_index_path()
    stats = read_stats(index_path)
    print(f"{stats.count} {'vacancy' if stats.count == 1 else 'vacancies'} in {index_path}")
    for city, count in stats.by_city:
        print(f"  {count:>8}  {city}")
    return 0


def _add_vacancy_commands(groups: Any) -> None:
    vacancies = groups.add_parser("vacancies", help="the local vacancy index")
    commands = vacancies.add_subparsers(dest="command", required=True, metavar="COMMAND")
    index_help = "index file (default: VACANCY_INDEX_PATH, var/vacancies.db)"

    importing = commands.add_parser(
        "import",
        help="import vacancies from .jsonl/.ndjson, .csv or a saved Work in Russia .json",
        description="Import vacancies into the local index. Bad records are reported and "
        "skipped; when the file cannot be imported at all the index is left as it was.",
    )
    importing.add_argument("file", type=Path, metavar="FILE")
    importing.add_argument("--index", type=Path, metavar="PATH", help=index_help)
    importing.set_defaults(run=_vacancies_import)

    stats = commands.add_parser("stats", help="how many vacancies, in which cities")
    stats.add_argument("--index", type=Path, metavar="PATH", help=index_help)
    stats.set_defaults(run=_vacancies_stats)


def _serve(args: argparse.Namespace) -> int:
    import logging

    import uvloop
    from aiohttp import web

    from bot.app import create_app
    from bot.settings import Settings, SettingsError

    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    host = args.host or settings.host
    port = args.port or settings.port
    print(f"Gateway on http://{host}:{port} (web chat demo: http://localhost:{port}/)", flush=True)
    web.run_app(
        create_app(settings),
        host=host,
        port=port,
        print=None,
        access_log=None,
        shutdown_timeout=10,  # in-flight replies may take up to RASA_TIMEOUT_S
        loop=uvloop.new_event_loop(),  # libuv's loop: less time per frame than asyncio's
    )
    return 0


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
    _add_vacancy_commands(groups)
    add_telegram_commands(groups)
    add_logs_commands(groups)
    add_staff_commands(groups)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))
