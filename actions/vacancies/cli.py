"""`python -m actions.vacancies …`: the action server's vacancy index, from the shell.

    python -m actions.vacancies import FILE [--index PATH] [--no-alerts]
    python -m actions.vacancies stats [--index PATH]

The index belongs to the action server, so its commands run with the action server's code and
environment. `python -m bot vacancies …` (the operator's one command line) hands its arguments
over to this module unchanged.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from tqdm import tqdm

from actions.config import CONFIG


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


def _import(args: argparse.Namespace) -> int:
    from actions.vacancies.importer import VacancyImportError, import_file

    index_path: Path = args.index or CONFIG.vacancy_index_path
    if args.alerts:
        from actions.alerts.matching import start_mark

        start_mark(index_path)  # the vacancies there before this import are not news
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
    if args.alerts:
        from actions.alerts.cli import run_matching

        return run_matching(index_path)
    return 0


def _stats(args: argparse.Namespace) -> int:
    from actions.vacancies.local import read_stats

    index_path: Path = args.index or CONFIG.vacancy_index_path
    stats = read_stats(index_path)
    print(f"{stats.count} {'vacancy' if stats.count == 1 else 'vacancies'} in {index_path}")
    for city, count in stats.by_city:
        print(f"  {count:>8}  {city}")
    return 0


def build_parser(prog: str = "python -m actions.vacancies") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="the local vacancy index")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    index_help = "index file (default: VACANCY_INDEX_PATH, var/vacancies.db)"

    importing = commands.add_parser(
        "import",
        help="import vacancies from .jsonl/.ndjson, .csv or a saved Work in Russia .json",
        description="Import vacancies into the local index. Bad records are reported and "
        "skipped; when the file cannot be imported at all the index is left as it was.",
    )
    importing.add_argument("file", type=Path, metavar="FILE")
    importing.add_argument("--index", type=Path, metavar="PATH", help=index_help)
    importing.add_argument(
        "--no-alerts",
        dest="alerts",
        action="store_false",
        help="do not match the new vacancies against job alerts afterwards",
    )
    importing.set_defaults(run=_import)

    stats = commands.add_parser("stats", help="how many vacancies, in which cities")
    stats.add_argument("--index", type=Path, metavar="PATH", help=index_help)
    stats.set_defaults(run=_stats)
    return parser


def main(argv: Sequence[str] | None = None, prog: str = "python -m actions.vacancies") -> int:
    args = build_parser(prog).parse_args(argv)
    return int(args.run(args))
