"""Which new vacancies match which subscriptions, with the vacancy search's own normalisation.

New vacancies are the rows of the local index above a high-water mark (`index_meta`,
`alerts_matched_pk`), read with the normalised and tag columns the importer stored for the
full-text search, so a subscription matches exactly what its search would find among them:

- occupation: one the classification knows matches the vacancies tagged with its ISCO-08 codes
  (the tags include every group above, so "driver" finds truck and bus drivers); besides, and
  for any other occupation, every word must be a prefix of a title word (normalised or as typed)
  or a whole word of the duties and requirements;
- place: the gazetteer's id among the vacancy's place ids, or the place's normalised words as a
  phrase of its city and region;
- salary: the vacancy's upper figure (else its lower one) at least the wanted salary;
- schedule: the same normalised schedule.

The new vacancies are indexed in memory one chunk at a time (`chunk` rows), the subscriptions
streamed from SQL; subscriptions with the same search are matched once per chunk. Memory holds
one chunk of vacancies, one page of subscriptions and the per-search results of the chunk.
"""

from __future__ import annotations

import bisect
import itertools
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Final

from actions.vacancies.local import row_to_vacancy
from actions.vacancies.model import Vacancy
from actions.vacancies.normalise import normalise_place, query_words
from actions.vacancies.schema import VACANCY_COLUMNS, connect, ensure_schema
from actions.vacancies.vocabulary import vocabulary
from common.storage.alerts import Subscription

MARK: Final = "alerts_matched_pk"
_SELECT = (
    "SELECT v.pk, "
    + ", ".join(
        f"v.{c}" if c not in ("duties", "requirements") else f"t.{c}" for c in VACANCY_COLUMNS
    )
    + ", t.title_norm, t.body_norm, t.place_norm, t.occupation_codes, t.place_ids"
    + " FROM vacancies v JOIN vacancy_texts t ON t.pk = v.pk"
)


@dataclass(frozen=True)
class NewVacancy:
    pk: int
    vacancy: Vacancy
    title_words: tuple[str, ...]  # normalised and as typed
    body_words: frozenset[str]
    place_norm: str  # " word word " (spaces around, for phrase search)
    codes: frozenset[str]
    place_ids: frozenset[str]

    @property
    def salary_top(self) -> int | None:
        return self.vacancy.salary_max or self.vacancy.salary_min

    @property
    def newest_first(self) -> tuple[str, int]:
        posted = self.vacancy.posted.isoformat() if self.vacancy.posted else ""
        return (posted, self.pk)


def _new_vacancy(row: tuple[object, ...]) -> NewVacancy:
    pk, *columns = row
    summary = columns[: len(VACANCY_COLUMNS)]
    title_norm, body_norm, place_norm, codes, place_ids = (
        str(value or "") for value in columns[len(VACANCY_COLUMNS) :]
    )
    vacancy = row_to_vacancy(tuple(summary), "local")
    typed = [word for word in re.findall(r"[^\W_]+", vacancy.title.lower())]
    return NewVacancy(
        pk=int(str(pk)),
        vacancy=vacancy,
        title_words=tuple(dict.fromkeys([*title_norm.split(), *typed])),
        body_words=frozenset(body_norm.split()),
        place_norm=f" {place_norm} ",
        codes=frozenset(codes.split()),
        place_ids=frozenset(place_ids.split()),
    )


def read_mark(connection: sqlite3.Connection) -> int | None:
    row = connection.execute("SELECT value FROM index_meta WHERE key = ?", (MARK,)).fetchone()
    return None if row is None else int(row[0])


def write_mark(connection: sqlite3.Connection, pk: int) -> None:
    connection.execute(
        "INSERT INTO index_meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (MARK, str(pk)),
    )


def max_pk(connection: sqlite3.Connection) -> int:
    return int(connection.execute("SELECT coalesce(max(pk), 0) FROM vacancies").fetchone()[0])


def open_index(index_path: Path) -> sqlite3.Connection:
    connection = connect(index_path)
    ensure_schema(connection)
    return connection


def start_mark(index_path: Path) -> int:
    """Set the high-water mark to the newest vacancy if there is none yet (before the first
    import that alerts follow: the vacancies already there are not news); returns the mark."""
    connection = open_index(index_path)
    try:
        mark = read_mark(connection)
        if mark is None:
            mark = max_pk(connection)
            write_mark(connection, mark)
        return mark
    finally:
        connection.close()


def new_vacancies(
    connection: sqlite3.Connection, after_pk: int, *, chunk: int = 20_000
) -> Iterator[list[NewVacancy]]:
    """The vacancies above `after_pk`, `chunk` at a time, oldest first."""
    last = after_pk
    while True:
        rows = connection.execute(
            f"{_SELECT} WHERE v.pk > ? ORDER BY v.pk LIMIT ?", (last, chunk)
        ).fetchall()
        if not rows:
            return
        yield [_new_vacancy(row) for row in rows]
        last = int(rows[-1][0])


@dataclass
class Chunk:
    """A chunk of new vacancies, indexed for the questions subscriptions ask: by occupation code,
    place id, title word (sorted, for prefixes), body word and place phrase."""

    vacancies: list[NewVacancy]
    _by_code: dict[str, set[int]] = field(default_factory=dict)
    _by_place: dict[str, set[int]] = field(default_factory=dict)
    _by_body_word: dict[str, set[int]] = field(default_factory=dict)
    _by_place_phrase: dict[str, set[int]] = field(default_factory=dict)
    _title_words: list[tuple[str, int]] = field(default_factory=list)
    _results: dict[tuple[object, ...], list[NewVacancy]] = field(default_factory=dict)
    _occupations: dict[tuple[object, ...], set[int]] = field(default_factory=dict)
    _places: dict[tuple[object, ...], set[int]] = field(default_factory=dict)
    _words: dict[tuple[str, str], set[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for index, vacancy in enumerate(self.vacancies):
            for code in vacancy.codes:
                self._by_code.setdefault(code, set()).add(index)
            for place_id in vacancy.place_ids:
                self._by_place.setdefault(place_id, set()).add(index)
            for word in vacancy.body_words:
                self._by_body_word.setdefault(word, set()).add(index)
            for phrase in _phrases(vacancy.place_norm.split()):
                self._by_place_phrase.setdefault(phrase, set()).add(index)
            self._title_words.extend((word, index) for word in vacancy.title_words)
        self._title_words.sort()

    @cached_property
    def _all(self) -> set[int]:
        return set(range(len(self.vacancies)))

    def matching(self, subscription: Subscription) -> list[NewVacancy]:
        """The chunk's vacancies `subscription` matches, newest first."""
        key = subscription.search_key
        if key not in self._results:
            occupation_key = (subscription.occupation_codes, subscription.occupation)
            if occupation_key not in self._occupations:
                self._occupations[occupation_key] = self._occupation(subscription)
            place_key = (subscription.place_id, subscription.place)
            if place_key not in self._places:
                self._places[place_key] = self._place(subscription)
            found = self._occupations[occupation_key] & self._places[place_key]
            schedule = subscription.schedule
            chosen = [
                vacancy
                for vacancy in map(self.vacancies.__getitem__, found)
                if _salary_ok(vacancy, subscription.salary_min)
                and (not schedule or vacancy.vacancy.schedule == schedule)
            ]
            self._results[key] = sorted(chosen, key=lambda v: v.newest_first, reverse=True)
        return self._results[key]

    def _occupation(self, subscription: Subscription) -> set[int]:
        if not subscription.occupation:
            return self._all
        found = {i for code in subscription.occupation_codes for i in self._by_code.get(code, ())}
        words = query_words(subscription.occupation)
        if words:
            found |= set.intersection(*(self._word(word) for word in words))
        return found

    def _word(self, word: tuple[str, str]) -> set[int]:
        """As the search: a prefix of a title word (normalised or typed form; a one-letter form
        must be the whole word), or a whole word of the body."""
        if word not in self._words:
            typed, normalised = word
            found = set(self._by_body_word.get(normalised, ()))
            for form in {typed, normalised}:
                found |= self._title_prefix(form) if len(form) > 1 else self._title_word(form)
            self._words[word] = found
        return self._words[word]

    def _title_prefix(self, prefix: str) -> set[int]:
        start = bisect.bisect_left(self._title_words, (prefix, -1))
        found = set()
        for word, index in itertools.islice(self._title_words, start, None):
            if not word.startswith(prefix):
                break
            found.add(index)
        return found

    def _title_word(self, whole: str) -> set[int]:
        start = bisect.bisect_left(self._title_words, (whole, -1))
        end = bisect.bisect_right(self._title_words, (whole, len(self.vacancies)))
        return {index for _, index in self._title_words[start:end]}

    def _place(self, subscription: Subscription) -> set[int]:
        if not subscription.place:
            return self._all
        phrase = normalise_place(subscription.place)
        if phrase is None:  # "anywhere"
            return self._all
        found = set(self._by_place.get(subscription.place_id or "", ()))
        known = vocabulary().place(subscription.place) if not subscription.place_id else None
        if known is not None:
            found |= self._by_place.get(known.entry.codes[0], set())
        return found | self._by_place_phrase.get(phrase, set())


def _phrases(words: list[str]) -> Iterator[str]:
    """Every run of consecutive words ("a b c" → a, a b, a b c, b, b c, c)."""
    for start in range(len(words)):
        for end in range(start + 1, len(words) + 1):
            yield " ".join(words[start:end])


def _salary_ok(vacancy: NewVacancy, wanted: int | None) -> bool:
    if wanted is None:
        return True
    top = vacancy.salary_top
    return top is not None and top >= wanted
