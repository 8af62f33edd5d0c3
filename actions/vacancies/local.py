"""The local vacancy index: an embedded SQLite file with an FTS5 table, the default source.

The tables are in `schema.py`. Only the importer inserts and updates (importer.py); it keeps
`vacancy_fts` in step in bulk, since FTS5 writes a segment at the end of every statement and
per-row triggers were three times slower. Deleting a vacancy from anywhere is kept in step by a
trigger. Re-importing an id updates its rows and its index entry in place.

Searching: an occupation the classification knows as a whole ("welder", «водителем») matches the
vacancies tagged with its codes, in any language (`vocabulary.py`). Besides, and for any other
occupation ("senior welder"), every word must match, either in the title as a prefix of its
normalised or its typed form ("свар" finds "Сварщик" although pymorphy3 reads it as "свара"), or
in the duties and requirements as a whole word ("водитель" must not find every vacancy that asks
for a "водительское удостоверение"). Vacancies with the occupation's codes or every word in the
title come first, then bm25 (title weighted highest, so a title with the words, in the person's
language, comes before one found by its code alone), then the newest. A place the gazetteer
knows matches the vacancies tagged with it; besides, the place filter is a phrase on the place
column, so "Татарстан" finds "Республика Татарстан". Without an occupation, vacancies are listed
newest first.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
import queue
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from actions.vacancies.importer import VacancyImportError, import_file
from actions.vacancies.model import Vacancy, VacancyPage, VacancyQuery, VacancySourceError
from actions.vacancies.normalise import normalise_place, normalise_schedule, query_words
from actions.vacancies.schema import SUMMARY_COLUMNS, VACANCY_COLUMNS, connect, ensure_schema
from actions.vacancies.vocabulary import vocabulary

logger = logging.getLogger(__name__)

# Relative weights of the FTS columns in bm25: title, body, place, occupation codes, place ids
# (the last three only filter).
_BM25 = "bm25(vacancy_fts, 10.0, 1.0, 0.0, 0.0, 0.0)"
_MAX_LIMIT = 100
# Searches by filters alone with at least this many matches page along the newest-first index.
_WALK_NEWEST_FROM = 1000
# The place filter of searches without an occupation.
_IN_PLACE = "v.pk IN (SELECT rowid FROM vacancy_fts WHERE vacancy_fts MATCH ?)"

_SELECT_VACANCIES = (
    "SELECT "
    + ", ".join([*(f"v.{column}" for column in SUMMARY_COLUMNS), "t.duties", "t.requirements"])
    + " FROM vacancies v JOIN vacancy_texts t ON t.pk = v.pk"
)

T = TypeVar("T")
Row = tuple[object, ...]


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The offset in a cursor made by `encode_cursor`; VacancySourceError when it is not one."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        offset = int(text[1:]) if text.startswith("o") else -1
    except (binascii.Error, UnicodeDecodeError, ValueError):
        offset = -1
    if offset < 0:
        raise VacancySourceError("invalid vacancy cursor")
    return offset


@dataclass(frozen=True)
class OccupationMatch:
    """FTS5 expressions for an occupation. Words are letters and digits only, and codes digits
    and dots (vocabulary.py checks them), so quoting them keeps FTS5 syntax out."""

    anywhere: str  # its codes, or every word in the title (as a prefix) or body (whole word)
    in_title: str  # its codes, or every word in the title: these vacancies rank first


def _any_of(column: str, tokens: tuple[str, ...]) -> str:
    quoted = " OR ".join(f'"{token}"' for token in tokens)
    return f"{column} : ({quoted})"


def fts_occupation(occupation: str | None) -> OccupationMatch | None:
    """How to find an occupation; None when it has no meaningful word.

    A known occupation matches by its codes. A word matches in the title as a prefix of its
    normalised or typed form, or in the body as the whole normalised word.
    """
    anywhere, in_title = [], []
    for typed, normalised in query_words(occupation or ""):
        # One-letter prefixes would match most of the index.
        title = "title_norm : ({})".format(
            " OR ".join(
                f'"{form}"*' if len(form) > 1 else f'"{form}"'
                for form in dict.fromkeys((normalised, typed))
            )
        )
        anywhere.append(f'({title} OR body_norm : "{normalised}")')
        in_title.append(f"({title})")
    if not anywhere:
        return None
    words = OccupationMatch(anywhere=" AND ".join(anywhere), in_title=" AND ".join(in_title))
    known = vocabulary().occupation(occupation)
    if known is None:
        return words
    codes = _any_of("occupation_codes", known.entry.codes)
    return OccupationMatch(
        anywhere=f"{codes} OR ({words.anywhere})", in_title=f"{codes} OR ({words.in_title})"
    )


def fts_place(location: str | None) -> str | None:
    """The FTS5 expression for a city or region, None for anywhere: the place's id when the
    gazetteer knows it, or else the phrase of its words."""
    place = normalise_place(location)
    if place is None:
        return None
    words = f'place_norm : "{place}"'
    known = vocabulary().place(location)
    return words if known is None else f"({_any_of('place_ids', known.entry.codes)} OR {words})"


def row_to_vacancy(row: Row, source: str) -> Vacancy:
    values = dict(zip(VACANCY_COLUMNS, row, strict=True))
    posted = values.pop("posted")
    return Vacancy(
        **values,  # type: ignore[arg-type]
        posted=date.fromisoformat(posted) if isinstance(posted, str) else None,
        source=source,
    )


class _ConnectionPool:
    """Connections handed to one thread at a time; SQLite in WAL mode lets them read at once."""

    def __init__(self, db_path: Path) -> None:
        self._db_path = db_path
        self._idle: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()
        self._all: list[sqlite3.Connection] = []
        self._closed = False

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        if self._closed:
            raise VacancySourceError("the local vacancy index is closed")
        try:
            connection = self._idle.get_nowait()
        except queue.Empty:
            connection = connect(self._db_path)
            self._all.append(connection)
            ensure_schema(connection)
            connection.execute("PRAGMA query_only = ON")
            # Reads go straight to the OS page cache instead of a private page cache each.
            connection.execute("PRAGMA mmap_size = 268435456")
        try:
            yield connection
        finally:
            self._idle.put(connection)

    def close(self) -> None:
        self._closed = True
        for connection in self._all:
            connection.close()
        self._all.clear()


class LocalIndexSource:
    """VacancySource over the local SQLite index (see the module docstring)."""

    name = "local"

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._pool = _ConnectionPool(db_path)

    async def search(
        self, query: VacancyQuery, cursor: str | None = None, limit: int = 5
    ) -> VacancyPage:
        offset = decode_cursor(cursor) if cursor else 0
        limit = max(1, min(limit, _MAX_LIMIT))
        rows, total = await self._run(lambda db: self._search(db, query, offset, limit))
        end = offset + len(rows)
        return VacancyPage(
            vacancies=[row_to_vacancy(row, self.name) for row in rows],
            total=total,
            next_cursor=encode_cursor(end) if end < total else None,
        )

    async def get(self, vacancy_id: str) -> Vacancy | None:
        sql = f"{_SELECT_VACANCIES} WHERE v.id = ?"
        row = await self._run(lambda db: db.execute(sql, (vacancy_id,)).fetchone())
        return None if row is None else row_to_vacancy(row, self.name)

    async def close(self) -> None:
        self._pool.close()

    async def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        def in_thread() -> T:
            with self._pool.connection() as connection:
                return work(connection)

        try:
            return await asyncio.to_thread(in_thread)
        except sqlite3.Error as error:
            raise VacancySourceError(f"local vacancy index: {error}") from error

    @staticmethod
    def _search(
        db: sqlite3.Connection, query: VacancyQuery, offset: int, limit: int
    ) -> tuple[list[Row], int]:
        """(rows of the page, total matches)."""
        conditions: list[str] = []
        parameters: list[object] = []
        place = fts_place(query.location)
        occupation = fts_occupation(query.occupation)
        if place is not None and occupation is None:
            conditions.append(_IN_PLACE)
            parameters.append(place)
        if query.salary_min is not None:
            conditions.append("v.salary_top >= ?")
            parameters.append(query.salary_min)
        if query.schedule:
            conditions.append("v.schedule = ?")
            parameters.append(normalise_schedule(query.schedule) or query.schedule)
        if occupation is None:
            pks, total = _newest(db, conditions, parameters, offset, limit)
        else:
            pks, total = _ranked(db, occupation, place, conditions, parameters, offset, limit)
        return _read_rows(db, pks), total


def _where(conditions: list[str]) -> str:
    return f" WHERE {' AND '.join(conditions)}" if conditions else ""


def _newest(
    db: sqlite3.Connection, conditions: list[str], parameters: list[object], offset: int, limit: int
) -> tuple[list[int], int]:
    """A page of the vacancies meeting the conditions, newest first, and how many there are."""
    where = _where(conditions)
    if conditions == [_IN_PLACE]:  # the full-text index counts a place alone fastest
        count = "SELECT count(*) FROM vacancy_fts WHERE vacancy_fts MATCH ?"
    else:
        count = f"SELECT count(*) FROM vacancies v{where}"
    total = int(db.execute(count, parameters).fetchone()[0])
    if total >= _WALK_NEWEST_FROM:
        # Many matches: walk the (posted, pk) index newest first and stop at the page; unary "+"
        # keeps the planner off the other indexes (and from sorting every match).
        where = _where([f"+{condition}" for condition in conditions])
    newest = db.execute(
        f"SELECT v.pk FROM vacancies v{where} ORDER BY v.posted DESC, v.pk DESC LIMIT ? OFFSET ?",
        [*parameters, limit, offset],
    ).fetchall()
    return [pk for (pk,) in newest], total


def _ranked(
    db: sqlite3.Connection,
    occupation: OccupationMatch,
    place: str | None,
    conditions: list[str],
    parameters: list[object],
    offset: int,
    limit: int,
) -> tuple[list[int], int]:
    """A page of the vacancies matching the occupation (and place and conditions), best first,
    and how many there are.

    Vacancies with every word in the title come first, then bm25 (title weighted highest), then
    the newest. The title tier is explicit because bm25 alone can put a rare word in the duties
    above a word that many titles share (its IDF is then low).
    """
    match = occupation.anywhere if place is None else f"({occupation.anywhere}) AND ({place})"
    where = _where(conditions)
    # bm25() only works on the FTS table itself: score there, join afterwards. CROSS JOIN keeps
    # the matches the outer loop: with a filter index the planner would otherwise run the
    # full-text query once per filtered row (seconds instead of milliseconds).
    ranked = db.execute(
        "SELECT v.pk FROM (SELECT rowid,"
        " rowid IN (SELECT rowid FROM vacancy_fts WHERE vacancy_fts MATCH ?) AS in_title,"
        f" {_BM25} AS score FROM vacancy_fts WHERE vacancy_fts MATCH ?)"
        f" AS hits CROSS JOIN vacancies v ON v.pk = hits.rowid{where}"
        " ORDER BY hits.in_title DESC, hits.score, v.posted DESC, v.pk DESC LIMIT ? OFFSET ?",
        [occupation.in_title, match, *parameters, limit, offset],
    ).fetchall()
    pks = [pk for (pk,) in ranked]
    if offset == 0 and len(pks) < limit:
        return pks, len(pks)
    # Counting apart is cheaper than a count(*) OVER () window in the ranking: that would keep
    # every match instead of the best `offset + limit`.
    if conditions:
        count = (
            "SELECT count(*) FROM (SELECT rowid FROM vacancy_fts WHERE vacancy_fts MATCH ?)"
            f" AS hits CROSS JOIN vacancies v ON v.pk = hits.rowid{where}"
        )
    else:
        count = "SELECT count(*) FROM vacancy_fts WHERE vacancy_fts MATCH ?"
    return pks, int(db.execute(count, [match, *parameters]).fetchone()[0])


def _read_rows(db: sqlite3.Connection, pks: list[int]) -> list[Row]:
    """The full rows of these vacancies, in the order given."""
    if not pks:
        return []
    found = db.execute(
        f"{_SELECT_VACANCIES.replace('SELECT ', 'SELECT v.pk, ', 1)}"
        f" WHERE v.pk IN ({', '.join('?' * len(pks))})",
        pks,
    ).fetchall()
    by_pk = {row[0]: row[1:] for row in found}
    return [by_pk[pk] for pk in pks if pk in by_pk]


@dataclass(frozen=True)
class IndexStats:
    count: int
    by_city: list[tuple[str, int]]  # the biggest cities first


def read_stats(db_path: Path, top: int = 10) -> IndexStats:
    """How many vacancies the index holds, and in which cities most of them are."""
    connection = connect(db_path)
    try:
        ensure_schema(connection)
        count = connection.execute("SELECT count(*) FROM vacancies").fetchone()[0]
        by_city = connection.execute(
            "SELECT coalesce(city, '?'), count(*) AS n FROM vacancies"
            " GROUP BY city ORDER BY n DESC, city LIMIT ?",
            (top,),
        ).fetchall()
    finally:
        connection.close()
    return IndexStats(count=int(count), by_city=[(str(c), int(n)) for c, n in by_city])


def _prepare(db_path: Path, sample_path: Path | None) -> None:
    connection = connect(db_path)
    try:
        ensure_schema(connection)
        empty = connection.execute("SELECT 1 FROM vacancies LIMIT 1").fetchone() is None
    finally:
        connection.close()
    if not (empty and sample_path is not None and sample_path.is_file()):
        return
    try:
        summary = import_file(sample_path, db_path)
    except VacancyImportError as error:
        logger.warning("The sample vacancies could not be imported: %s", error)
        return
    logger.info(
        "Imported %d sample vacancies into the empty local index (%d skipped)",
        summary.imported,
        summary.skipped,
    )


async def open_local_index(db_path: Path, sample_path: Path | None) -> LocalIndexSource:
    """The local index at `db_path`, created if missing; an empty one gets the sample vacancies,
    so a fresh installation finds jobs out of the box."""
    await asyncio.to_thread(_prepare, db_path, sample_path)
    return LocalIndexSource(db_path)
