"""Import vacancies into the local index from JSON lines, CSV or a saved Work in Russia response.

Formats, chosen by the file extension:
- `.jsonl` / `.ndjson`: one JSON object a line, keys = the Vacancy fields (id, title, employer,
  city, region, salary_min, salary_max, currency, schedule, employment, posted, url, duties,
  requirements); other keys are ignored.
- `.csv`: a header row with the same names; empty cells are "not stated".
- `.json`: a saved Work in Russia (trudvsem.ru) API response `{"results": {"vacancies": [...]}}`
  (each vacancy mapped by `workinrussia_mapping`, as the API source maps it, contacts blanked),
  or a plain list of objects in the JSON-lines schema.

Every record is checked on its own; a bad one is reported with its line (for `.json`, its
1-based place in the list) and skipped. Everything else happens in ONE transaction: when the file
cannot be read or the index cannot be written, nothing changes. Only the listed fields are read,
so the contact persons, phones and e-mails a source may carry are never stored. Error reasons
name the field, never its value (values may be personal data).
"""

from __future__ import annotations

import csv
import json
import logging
import math
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from actions.vacancies import workinrussia_mapping
from actions.vacancies.model import Vacancy, VacancySourceError
from actions.vacancies.normalise import normalise_phrase, normalise_schedule, normalise_text
from actions.vacancies.plain import plain_text
from actions.vacancies.schema import (
    INDEXED_COLUMNS,
    SUMMARY_COLUMNS,
    TEXT_COLUMNS,
    connect,
    ensure_schema,
)
from actions.vacancies.vocabulary import vocabulary

logger = logging.getLogger(__name__)

CHUNK_SIZE = 10_000  # records checked, then written and indexed together

# (processed records, expected records or None)
Progress = Callable[[int, int | None], None]
Row = tuple[object, ...]


@dataclass
class ImportSummary:
    imported: int = 0  # new vacancies
    updated: int = 0  # vacancies whose id was already in the index (or earlier in the file)
    skipped: int = 0  # bad records
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line or record, reason)
    unit: str = "line"  # what the numbers in `errors` count: "line", or "record" for .json


class VacancyImportError(Exception):
    """The file could not be imported at all; the index was left as it was."""


class RecordError(ValueError):
    """One record is unusable; the reason names the field, not its value."""


# --- one record -----------------------------------------------------------------------------

_CURRENCY_WORDS = {"руб": "RUB", "р": "RUB", "₽": "RUB", "€": "EUR", "$": "USD", "eur": "EUR"}
_SALARY_PREFIX = re.compile(r"^(?:от|до|from|to)\s*", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def _text(raw: Mapping[str, object], name: str) -> str | None:
    value = raw.get(name)
    if type(value) is str:  # the usual case first: this runs ten times a record
        return plain_text(value) or None
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise RecordError(f"{name} is not text")
    return plain_text(str(value)) or None


def _salary(raw: Mapping[str, object], name: str) -> int | None:
    """An amount, or None when not stated; 0 and "от 0" are "not stated" too."""
    value = raw.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        cleaned = _SPACES.sub("", _SALARY_PREFIX.sub("", value.strip())).replace(",", ".")
        if not cleaned:
            return None
        try:
            value = float(cleaned)
        except ValueError:
            raise RecordError(f"{name} is not a number") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise RecordError(f"{name} is not a number")
    if value < 0:
        raise RecordError(f"{name} is negative")
    return int(value) or None


def _currency(raw: Mapping[str, object]) -> str | None:
    value = raw.get("currency")
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise RecordError("currency is not text")
    code = _currency_code(value)
    if code is None:
        raise RecordError("currency is not an ISO 4217 code")
    return code


@lru_cache(maxsize=256)
def _currency_code(value: str) -> str | None:
    """ "RUB", "«руб.»", "€" → an ISO 4217 code; None when it is none."""
    word = re.sub(r"[^\w₽€$]", "", value).lower()
    if word in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[word]
    if len(word) == 3 and word.isascii() and word.isalpha():
        return word.upper()
    return None


def _date(raw: Mapping[str, object], name: str) -> date | None:
    value = raw.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, str) and (len(value) == 10 or value[10:11] in ("T", " ")):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise RecordError(f"{name} is not a valid date (YYYY-MM-DD)")


def _url(raw: Mapping[str, object]) -> str | None:
    value = raw.get("url")
    if value is None or value == "":
        return None
    if (
        isinstance(value, str)
        and value.lower().startswith(("https://", "http://"))
        and not _SPACES.search(value)
    ):
        return value
    raise RecordError("url is not an http(s) address")


def _checked(raw: object) -> tuple[object, ...]:
    """The Vacancy fields of a record in the JSON-lines schema, checked and cleaned, in the order
    of VACANCY_COLUMNS (and of Vacancy's own fields); RecordError when it is unusable."""
    if not isinstance(raw, Mapping):
        raise RecordError("not a JSON object")
    vacancy_id = raw.get("id")
    if isinstance(vacancy_id, bool) or not isinstance(vacancy_id, (str, int)):
        raise RecordError("id is missing" if vacancy_id in (None, "") else "id is not text")
    vacancy_id = str(vacancy_id).strip()
    if not vacancy_id:
        raise RecordError("id is missing")
    title = _text(raw, "title")
    if not title:
        raise RecordError("title is missing")
    salary_min = _salary(raw, "salary_min")
    salary_max = _salary(raw, "salary_max")
    if salary_min is not None and salary_max is not None and salary_min > salary_max:
        raise RecordError("salary_min is greater than salary_max")
    currency = _currency(raw)
    return (
        vacancy_id,
        title,
        _text(raw, "employer") or "",
        _text(raw, "city"),
        _text(raw, "region"),
        salary_min,
        salary_max,
        # A currency without an amount says nothing.
        currency if salary_min or salary_max else None,
        normalise_schedule(_text(raw, "schedule")),
        _text(raw, "employment"),
        _date(raw, "posted"),
        _url(raw),
        _text(raw, "duties") or "",
        _text(raw, "requirements") or "",
    )


def parse_record(raw: object) -> Vacancy:
    """A Vacancy from a record in the JSON-lines schema; RecordError when it is unusable."""
    return Vacancy(*_checked(raw))  # type: ignore[arg-type]


def index_row(raw: object) -> Row:
    """What the index stores of a record: its checked fields in the order of VACANCY_COLUMNS
    (`posted` as ISO text), then the normalised and tag columns (INDEXED_COLUMNS); RecordError
    when it is unusable.

    Builds no Vacancy on the way: at 100,000 records that alone would cost half a second.
    """
    fields = _checked(raw)
    words = vocabulary()
    title, city, region, posted = fields[1], fields[3], fields[4], fields[10]
    duties, requirements = fields[12], fields[13]
    return (
        *fields[:10],
        posted.isoformat() if isinstance(posted, date) else None,
        *fields[11:],
        normalise_phrase(str(title)),
        normalise_text(f"{duties}\n{requirements}"),
        normalise_phrase(f"{city or ''} {region or ''}"),
        words.occupation_tags(str(title)),
        words.place_tags(str(city or ""), str(region or "")),
    )


# --- reading files ----------------------------------------------------------------------------

# What readers yield: (line or record number, a record, or the RecordError saying why the record
# could not even be read).
Numbered = Iterator[tuple[int, object]]


class _FileError(Exception):
    """The file as a whole is unusable (reported as VacancyImportError)."""


def _count_lines(path: Path) -> int:
    with path.open("rb") as file:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: file.read(1 << 20), b""))


def _read_jsonl(path: Path) -> tuple[int | None, Numbered]:
    def records() -> Numbered:
        with path.open("rb") as file:
            for number, line in enumerate(file, start=1):
                if not line.strip():
                    continue
                try:
                    yield number, json.loads(line)
                except UnicodeDecodeError:
                    yield number, RecordError("not UTF-8 text")
                except ValueError:
                    yield number, RecordError("not valid JSON")

    return _count_lines(path), records()


def _read_csv(path: Path) -> tuple[int | None, Numbered]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        columns = next(csv.reader(file), [])
    if "id" not in columns or "title" not in columns:
        raise _FileError("the CSV header must name the columns id and title")

    def records() -> Numbered:
        with path.open(encoding="utf-8-sig", newline="") as file:
            reader = csv.DictReader(file)
            last_line = 1  # the header
            for row in reader:
                number, last_line = last_line + 1, reader.line_num
                if None in row:
                    yield number, RecordError("more cells than columns")
                    continue
                yield number, {key: (value or None) for key, value in row.items()}

    return max(_count_lines(path) - 1, 0), records()


def _read_json(path: Path) -> tuple[int | None, Numbered]:
    try:
        document = json.loads(path.read_bytes())
    except ValueError as error:
        raise _FileError(f"not valid JSON ({error})") from None
    if isinstance(document, list):
        items: list[object] = document
        adapt: Callable[[object], object] = lambda item: item  # noqa: E731
    elif isinstance(document, Mapping) and "results" in document:
        results = document.get("results") or {}
        found = results.get("vacancies") if isinstance(results, Mapping) else None
        if not isinstance(found, list) and found is not None:
            raise _FileError("results.vacancies is not a list")
        items, adapt = found or [], _adapt_workinrussia
    else:
        raise _FileError("expected a Work in Russia response (with results) or a list")

    def records() -> Numbered:
        for number, item in enumerate(items, start=1):
            try:
                yield number, adapt(item)
            except RecordError as error:
                yield number, error

    return len(items), records()


def _adapt_workinrussia(item: object) -> object:
    """A saved API answer's item `{"vacancy": {...}}` as a record, through the same mapping as
    the API source (contact details blanked); a record without id or title fails the checks."""
    vacancy = item.get("vacancy") if isinstance(item, Mapping) else None
    if not isinstance(vacancy, Mapping):
        raise RecordError("not a Work in Russia vacancy")
    return workinrussia_mapping.record(vacancy) or {
        "id": vacancy.get("id"),
        "title": vacancy.get("job-name"),
    }


_READERS: dict[str, Callable[[Path], tuple[int | None, Numbered]]] = {
    ".jsonl": _read_jsonl,
    ".ndjson": _read_jsonl,
    ".csv": _read_csv,
    ".json": _read_json,
}


# --- writing ----------------------------------------------------------------------------------

# The writer thread gets each chunk as ONE JSON array of rows (see index_row) and every step below
# is one statement over all of it: FTS5 writes a segment per statement, and sqlite3 keeps the GIL
# released for the whole of a statement, while executemany() would take it back for every row
# and stall behind the thread that reads and normalises the next chunk.
_FIELDS = SUMMARY_COLUMNS + TEXT_COLUMNS + INDEXED_COLUMNS
_SUMMARY = ", ".join(f"value ->> {_FIELDS.index(column)}" for column in SUMMARY_COLUMNS)
_TEXT_COLUMNS = TEXT_COLUMNS + INDEXED_COLUMNS
_TEXTS = ", ".join(f"value ->> {_FIELDS.index(column)}" for column in _TEXT_COLUMNS)
_UPSERT_SUMMARY = (
    f"INSERT INTO vacancies ({', '.join(SUMMARY_COLUMNS)}) SELECT {_SUMMARY} FROM json_each(?)"
    " WHERE true ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{column} = excluded.{column}" for column in SUMMARY_COLUMNS[1:])
)
_UPSERT_TEXTS = (
    f"INSERT INTO vacancy_texts (pk, {', '.join(_TEXT_COLUMNS)})"
    f" SELECT (SELECT pk FROM vacancies WHERE id = value ->> 0), {_TEXTS} FROM json_each(?)"
    " WHERE true ON CONFLICT (pk) DO UPDATE SET "
    + ", ".join(f"{column} = excluded.{column}" for column in _TEXT_COLUMNS)
)
_OF_CHUNK = (
    "FROM vacancy_texts t JOIN vacancies v ON v.pk = t.pk"
    " WHERE v.id IN (SELECT value FROM json_each(?)) ORDER BY t.pk"
)
_FTS = ", ".join(INDEXED_COLUMNS)
_FTS_OF_T = ", ".join(f"t.{column}" for column in INDEXED_COLUMNS)
# Before their rows change: take the old entries out of the full-text index.
_UNINDEX = (
    f"INSERT INTO vacancy_fts (vacancy_fts, rowid, {_FTS}) SELECT 'delete', t.pk, {_FTS_OF_T}"
    f" {_OF_CHUNK}"
)
_INDEX = f"INSERT INTO vacancy_fts (rowid, {_FTS}) SELECT t.pk, {_FTS_OF_T} {_OF_CHUNK}"


def _encode(chunk: list[Row]) -> tuple[str, str]:
    """A chunk as the writer takes it: (JSON array of its rows, JSON array of their ids)."""
    return json.dumps(chunk, ensure_ascii=False), json.dumps([row[0] for row in chunk])


def _write_chunk(connection: sqlite3.Connection, rows: str, ids: str) -> None:
    """Upsert a chunk of rows and (re)index them, in rowid order."""
    connection.execute(_UNINDEX, (ids,))
    connection.execute(_UPSERT_SUMMARY, (rows,))
    connection.execute(_UPSERT_TEXTS, (rows,))
    connection.execute(_INDEX, (ids,))


def _write(
    connection: sqlite3.Connection,
    records: Iterable[tuple[int, object]],
    summary: ImportSummary,
    progress: Progress | None,
    expected: int | None,
) -> int:
    """Check and write the records chunk by chunk; returns how many were written.

    While SQLite writes one chunk in a worker thread (the sqlite3 module releases the GIL), this
    thread reads and normalises the next one: the two halves of the work use two cores.
    """
    written = processed = 0
    chunk: list[Row] = []
    # Leaving the `with` waits for a write in flight, also on errors: the caller's rollback never
    # races a write.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="vacancy-import") as writer:
        in_flight: Future[None] | None = None
        for number, raw in records:
            processed += 1
            try:
                if isinstance(raw, RecordError):
                    raise raw
                chunk.append(index_row(raw))
            except RecordError as error:
                summary.errors.append((number, str(error)))
            if len(chunk) >= CHUNK_SIZE:
                encoded = _encode(chunk)
                if in_flight is not None:
                    in_flight.result()
                in_flight = writer.submit(_write_chunk, connection, *encoded)
                written += len(chunk)
                chunk = []
                if progress is not None:
                    progress(processed, expected)
        if in_flight is not None:
            in_flight.result()
    if chunk:
        _write_chunk(connection, *_encode(chunk))
        written += len(chunk)
    if progress is not None:
        progress(processed, expected)
    return written


def _count(connection: sqlite3.Connection) -> int:
    return int(connection.execute("SELECT count(*) FROM vacancies").fetchone()[0])


def import_file(path: Path, index_path: Path, progress: Progress | None = None) -> ImportSummary:
    """Import a vacancy file into the index at `index_path` (created if missing).

    Raises VacancyImportError, leaving the index as it was, when the file cannot be read or
    parsed as a whole, or the index cannot be written. `progress(done, expected)` is called
    after each batch.
    """
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise VacancyImportError(
            f"unsupported file type {path.suffix or '(none)'!r}: use .jsonl, .ndjson, .csv or .json"
        )
    summary = ImportSummary(unit="record" if path.suffix.lower() == ".json" else "line")
    try:
        expected, records = reader(path)
    except _FileError as error:
        raise VacancyImportError(f"{path.name}: {error}") from None
    except (OSError, UnicodeError, csv.Error) as error:
        raise VacancyImportError(f"{path.name} could not be read: {error}") from error
    try:
        connection = connect(index_path)
        ensure_schema(connection)
    except (OSError, sqlite3.Error, VacancySourceError) as error:
        raise VacancyImportError(f"the index could not be opened: {error}") from error
    try:
        connection.execute("PRAGMA cache_size = -65536")
        connection.execute("BEGIN IMMEDIATE")
        before = _count(connection)
        written = _write(connection, records, summary, progress, expected)
        summary.imported = _count(connection) - before
        summary.updated = written - summary.imported
        connection.execute("COMMIT")
    except BaseException as error:
        if connection.in_transaction:
            with suppress(sqlite3.Error):  # closing the connection rolls back as well
                connection.execute("ROLLBACK")
        if isinstance(error, (OSError, UnicodeError, csv.Error)):
            raise VacancyImportError(f"{path.name} could not be read: {error}") from error
        if isinstance(error, sqlite3.Error):
            raise VacancyImportError(f"the index could not be written: {error}") from error
        raise
    finally:
        connection.close()
    summary.skipped = len(summary.errors)
    logger.info(
        "Vacancy import: %d imported, %d updated, %d skipped",
        summary.imported,
        summary.updated,
        summary.skipped,
    )
    return summary
