"""The tables of the local vacancy index, and bringing an index file up to date.

Layout:
- `vacancies`: one slim row per vacancy (id, title, employer, place, salary, schedule, dates, url),
  all that filtering and ordering read, so they touch few pages;
- `vacancy_texts`: the long texts (duties, requirements), three normalised columns (see
  `normalise.py`): title, body (duties and requirements) and place (city and region), and two tag
  columns (see `vocabulary.py`): the vacancy's occupation codes and place ids;
- `vacancy_fts`: FTS5 over the normalised and tag columns, with `vacancy_texts` as external
  content. Codes ("8332.1") and place ids ("st-petersburg") are single tokens: "." and "-" are
  token characters, which never occur in the normalised columns (words joined by spaces);
- `index_meta`: the fingerprint of the classification and gazetteer the tags were made with.

Why migrate rather than rebuild: an index may hold vacancies a PES imported itself, not only the
sample. An index of schema 1 (no tags) gets the tag columns, its vacancies tagged and its
full-text index rebuilt, in one transaction. Tags depend on files that staff edit, so an index
opened with another classification or gazetteer than it was tagged with re-tags the vacancies
whose tags change.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from actions.vacancies.model import VacancySourceError
from actions.vacancies.vocabulary import Vocabulary, vocabulary

SCHEMA_VERSION = 2

# Column order = the order of Vacancy's fields.
SUMMARY_COLUMNS = (
    "id",
    "title",
    "employer",
    "city",
    "region",
    "salary_min",
    "salary_max",
    "currency",
    "schedule",
    "employment",
    "posted",
    "url",
)
TEXT_COLUMNS = ("duties", "requirements")
VACANCY_COLUMNS = SUMMARY_COLUMNS + TEXT_COLUMNS
# The columns of the full-text index, as stored in vacancy_texts.
INDEXED_COLUMNS = ("title_norm", "body_norm", "place_norm", "occupation_codes", "place_ids")
_FTS = ", ".join(INDEXED_COLUMNS)

_CREATE_FTS = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS vacancy_fts USING fts5({_FTS},"
    " content='vacancy_texts', content_rowid='pk',"
    """ tokenize="unicode61 remove_diacritics 2 tokenchars '.-'")"""
)
_CREATE_TRIGGER = f"""
CREATE TRIGGER IF NOT EXISTS vacancies_ad AFTER DELETE ON vacancies BEGIN
    INSERT INTO vacancy_fts (vacancy_fts, rowid, {_FTS})
    SELECT 'delete', pk, {_FTS} FROM vacancy_texts WHERE pk = old.pk;
    DELETE FROM vacancy_texts WHERE pk = old.pk;
END"""
_CREATE_META = "CREATE TABLE IF NOT EXISTS index_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
_CREATE = (
    """
CREATE TABLE vacancies (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    employer TEXT NOT NULL DEFAULT '',
    city TEXT,
    region TEXT,
    salary_min INTEGER,
    salary_max INTEGER,
    currency TEXT,
    schedule TEXT,
    employment TEXT,
    posted TEXT,
    url TEXT,
    -- The salary filter: "up to" when stated, else "from" (salary_min <= salary_max).
    salary_top INTEGER GENERATED ALWAYS AS (coalesce(salary_max, salary_min)) VIRTUAL
)""",
    "CREATE INDEX vacancies_posted ON vacancies (posted DESC, pk DESC)",
    # For counting the matches of searches by filters alone.
    "CREATE INDEX vacancies_salary ON vacancies (salary_top)",
    "CREATE INDEX vacancies_schedule ON vacancies (schedule, salary_top)",
    """
CREATE TABLE vacancy_texts (
    pk INTEGER PRIMARY KEY,
    duties TEXT NOT NULL DEFAULT '',
    requirements TEXT NOT NULL DEFAULT '',
    title_norm TEXT NOT NULL DEFAULT '',
    body_norm TEXT NOT NULL DEFAULT '',
    place_norm TEXT NOT NULL DEFAULT '',
    occupation_codes TEXT NOT NULL DEFAULT '',
    place_ids TEXT NOT NULL DEFAULT ''
)""",
    _CREATE_FTS,
    _CREATE_TRIGGER,
    _CREATE_META,
)
# Schema 1 had no tag columns; its full-text index and trigger name three columns.
_FROM_1 = (
    "DROP TRIGGER vacancies_ad",
    "DROP TABLE vacancy_fts",
    "ALTER TABLE vacancy_texts ADD COLUMN occupation_codes TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE vacancy_texts ADD COLUMN place_ids TEXT NOT NULL DEFAULT ''",
    _CREATE_FTS,
    _CREATE_TRIGGER,
    _CREATE_META,
)
_FINGERPRINT = "vocabulary"


def connect(db_path: Path) -> sqlite3.Connection:
    """A connection to the index file in autocommit mode (transactions are explicit), WAL."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA busy_timeout = 10000")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    return connection


def _version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def _fingerprint(connection: sqlite3.Connection) -> str | None:
    row = connection.execute(
        "SELECT value FROM index_meta WHERE key = ?", (_FINGERPRINT,)
    ).fetchone()
    return None if row is None else str(row[0])


def _is_current(connection: sqlite3.Connection, words: Vocabulary) -> bool:
    version = _version(connection)
    if version > SCHEMA_VERSION:
        raise VacancySourceError(f"vacancy index schema {version} is newer than this code")
    return version == SCHEMA_VERSION and _fingerprint(connection) == words.fingerprint


def ensure_schema(connection: sqlite3.Connection) -> None:
    """Create the tables when they are missing, migrate an index of an older schema, and
    re-tag the vacancies when the classification or gazetteer changed (idempotent)."""
    words = vocabulary()
    if _is_current(connection, words):
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        if not _is_current(connection, words):  # another process may have done it meanwhile
            version = _version(connection)
            for statement in {0: _CREATE, 1: _FROM_1}.get(version, ()):
                connection.execute(statement)
            retag(connection, words, rebuild=version == 1)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


def retag(connection: sqlite3.Connection, words: Vocabulary, *, rebuild: bool) -> None:
    """Give every vacancy the tags of `words`, inside the caller's transaction, keeping the
    full-text index in step: entry by entry for the vacancies whose tags change, or all at once
    when `rebuild` (the index is new and empty)."""
    rows = connection.execute(
        "SELECT t.pk, v.title, v.city, v.region, t.occupation_codes, t.place_ids"
        " FROM vacancy_texts t JOIN vacancies v ON v.pk = t.pk"
    ).fetchall()
    changed = []
    for pk, title, city, region, *tags in rows:
        new = [words.occupation_tags(title), words.place_tags(city or "", region or "")]
        if new != tags:
            changed.append((pk, *new))
    if changed:
        connection.execute(
            "CREATE TEMP TABLE retagged (pk INTEGER PRIMARY KEY, occupation_codes, place_ids)"
        )
        connection.executemany("INSERT INTO temp.retagged VALUES (?, ?, ?)", changed)
        of_changed = "FROM vacancy_texts WHERE pk IN (SELECT pk FROM temp.retagged)"
        if not rebuild:
            connection.execute(
                f"INSERT INTO vacancy_fts (vacancy_fts, rowid, {_FTS})"
                f" SELECT 'delete', pk, {_FTS} {of_changed}"
            )
        connection.execute(
            "UPDATE vacancy_texts SET occupation_codes = r.occupation_codes,"
            " place_ids = r.place_ids FROM temp.retagged r WHERE r.pk = vacancy_texts.pk"
        )
        if not rebuild:
            connection.execute(
                f"INSERT INTO vacancy_fts (rowid, {_FTS}) SELECT pk, {_FTS} {of_changed}"
            )
        connection.execute("DROP TABLE temp.retagged")
    if rebuild:
        connection.execute("INSERT INTO vacancy_fts (vacancy_fts) VALUES ('rebuild')")
    connection.execute(
        "INSERT OR REPLACE INTO index_meta (key, value) VALUES (?, ?)",
        (_FINGERPRINT, words.fingerprint),
    )
