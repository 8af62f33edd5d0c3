"""Occupations and places in every language: the classification and the gazetteer.

Why: a vacancy and the person looking for it need not share a language. "any welder jobs in
Moscow?" must find «Сварщик» in «Москва», and "водителем в Таллине" must find "Truck driver" in
"Tallinn"; words alone never meet across languages. So both sides are mapped onto shared codes:

- occupations onto ISCO-08 codes (data/content/occupations.yml): a vacancy's title is tagged with
  the codes of the occupation it names, and a search for an occupation looks for those codes;
- places onto gazetteer ids (data/content/places.yml): a vacancy's city and region are tagged
  with the ids of the places they name, and a search for a place looks for its id.

PES staff extend both files without touching Python; every entry must have names in every
language on offer (data/content/languages.yml), and a file that breaks a rule is refused with
the entry named. Names are compared as normalised words (normalise.py: any Russian word form,
English plurals, no grammatical words), so "водителем" meets «водитель» and "в Таллине" meets
«Таллин».

Codes are hierarchical. A vacancy is tagged with its occupation's codes and every group above
them ("8332" is tagged 8 83 833 8332), so a broad entry ("driver", 832 833 8344) finds every
occupation under it. Within one ISCO-08 unit group our occupations are told apart by a suffix,
ESCO-style: "8332" truck driver, "8332.1" long-haul driver (found by "truck driver" too).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pymorphy3

from actions.config import CONFIG
from actions.vacancies.normalise import normalise_word, query_words
from common.content import ContentError, read_yaml
from common.languages import load_languages

# An ISCO-08 group (1-3 digits) or unit group (4 digits), the latter with an optional suffix.
_ISCO_CODE = re.compile(r"\d{1,4}|\d{4}\.\d{1,2}")
# Place ids are single tokens of the full-text index (letters, digits and hyphens).
_PLACE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


class VocabularyError(ValueError):
    """A classification or gazetteer file is unusable; the message names the file and entry."""


Names = Mapping[str, tuple[str, ...]]  # language → names, the first is the one shown


@dataclass(frozen=True)
class Entry:
    """One occupation (its ISCO-08 codes) or one place (its id), with its names by language;
    the first name of a language is the one the assistant shows."""

    codes: tuple[str, ...]
    names: Names

    def name(self, language: str) -> str:
        return (self.names.get(language) or self.names["en"])[0]


@dataclass(frozen=True)
class Found:
    """An entry named in a text: the name as written in the data, its language, and whether it
    is all the text says (rather than a part of it, as in "senior welder")."""

    entry: Entry
    name: str
    language: str
    whole: bool


def _key(text: str) -> tuple[str, ...]:
    """The normalised meaningful words a name or a text is compared by."""
    return tuple(base for _, base in query_words(text))


class WordForms:
    """What the lemmatiser makes of every form of a Russian noun. Names are written in their
    dictionary form, but pymorphy3 reads some forms as another word: "электрика" (of электрик)
    stays «электрика», and «слесарь» itself becomes «слесарить». A name is found under all of
    them, so in any case and number. Used while loading, then let go with its analyser."""

    def __init__(self) -> None:
        self._morph = pymorphy3.MorphAnalyzer()
        self._known: dict[str, set[str]] = {}

    def __call__(self, word: str) -> set[str]:
        if word not in self._known:
            forms = {word}
            dictionary_form = word.replace("ё", "е")
            for parse in self._morph.parse(word) if _CYRILLIC.search(word) else ():
                if (
                    parse.tag.POS == "NOUN"
                    and parse.normal_form.replace("ё", "е") == dictionary_form
                ):
                    forms.update(form.word for form in parse.lexeme)
            self._known[word] = {normalise_word(form) for form in forms}
        return self._known[word]


class Terms:
    """The names of a list of entries, found in texts as runs of normalised words."""

    def __init__(self, entries: Sequence[Entry], path: Path, forms: WordForms | None) -> None:
        self.entries = tuple(entries)
        self._names: dict[tuple[str, ...], tuple[Entry, str, str]] = {}
        named = [
            (entry, name, language)
            for entry in self.entries
            for language, names in entry.names.items()
            for name in names
        ]
        for entry, name, language in named:
            key = _key(name)
            other = self._names.get(key, (entry,))[0]
            if not key or other is not entry:
                problem = "has no letters" if not key else f"is also a name of {other.codes}"
                raise VocabularyError(f"{path.name}: {name!r} of {entry.codes} {problem}")
            self._names.setdefault(key, (entry, name, language))
        if forms is not None:  # then their other forms; the names as written win over them
            for entry, name, language in named:
                alternatives = [forms(typed) for typed, _ in query_words(name)]
                for key in itertools.product(*alternatives):
                    self._names.setdefault(key, (entry, name, language))
        self._longest = max(map(len, self._names), default=0)

    def find(self, text: str) -> Found | None:
        """The entry with the longest name in `text`. Among names of equal length the first
        wins in Russian and the last in English, where the head of a job title comes last
        ("Warehouse loader") rather than first («Грузчик-комплектовщик»)."""
        words = _key(text)
        for size in range(min(len(words), self._longest), 0, -1):
            hits = [
                self._names[run]
                for run in (words[start : start + size] for start in range(len(words) - size + 1))
                if run in self._names
            ]
            if hits:
                entry, name, language = hits[0] if _CYRILLIC.search(text) else hits[-1]
                return Found(entry, name, language, whole=size == len(words))
        return None


def ancestors(code: str) -> list[str]:
    """A code and the ISCO-08 groups above it: "8332.1" → 8, 83, 833, 8332, 8332.1."""
    unit = code.split(".")[0]
    return [unit[:size] for size in range(1, len(unit) + 1)] + ([code] if code != unit else [])


class Vocabulary:
    """The classification and the gazetteer, and the tags they give the vacancy index."""

    def __init__(self, occupations: Terms, places: Terms) -> None:
        self.occupations = occupations
        self.places = places
        contents = [
            [[entry.codes, sorted(entry.names.items())] for entry in terms.entries]
            for terms in (occupations, places)
        ]
        # Changes whenever a code or a name does (not for comments): the index then re-tags.
        encoded = json.dumps(contents, ensure_ascii=False).encode()
        self.fingerprint = hashlib.sha256(encoded).hexdigest()[:16]
        # Titles and places repeat a lot across vacancies: remember their tags.
        self.occupation_tags: Callable[[str], str] = lru_cache(100_000)(self._occupation_tags)
        self.place_tags: Callable[[str, str], str] = lru_cache(100_000)(self._place_tags)

    def occupation(self, text: str | None) -> Found | None:
        """The occupation a searched text names as a whole; "senior welder" is narrower than
        any entry, so it is searched by its words."""
        found = self.occupations.find(text or "")
        return found if found is not None and found.whole else None

    def place(self, text: str | None) -> Found | None:
        """The place a searched text names, also within more words ("центр Казани")."""
        return self.places.find(text or "")

    def _occupation_tags(self, title: str) -> str:
        """Index tokens of a vacancy title: its occupation's codes and the groups above them."""
        found = self.occupations.find(title)
        codes = () if found is None else found.entry.codes
        return " ".join(dict.fromkeys(tag for code in codes for tag in ancestors(code)))

    def _place_tags(self, city: str, region: str) -> str:
        """Index tokens of a vacancy's place: the ids of its city and of its region ("" when
        not stated)."""
        found = (self.places.find(part) for part in (city, region) if part)
        return " ".join(dict.fromkeys(hit.entry.codes[0] for hit in found if hit is not None))


def _names(raw: Mapping[str, Any], languages: Iterable[str], where: str) -> Names:
    """The names by language of an entry (every key but its code is a language)."""
    names: dict[str, tuple[str, ...]] = {}
    for language, value in raw.items():
        if language in ("isco", "id"):
            continue
        listed = [value] if isinstance(value, str) else value
        if not isinstance(listed, list) or not all(isinstance(n, str) and n for n in listed):
            raise VocabularyError(f"{where}: {language} must be a list of names")
        names[str(language)] = tuple(listed)
    missing = [language for language in languages if not names.get(language)]
    if missing:
        raise VocabularyError(f"{where} has no names in {', '.join(missing)}")
    return names


def _listed(path: Path, key: str) -> list[dict[str, Any]]:
    try:
        data = read_yaml(path) or {}
    except ContentError as error:
        raise VocabularyError(str(error)) from error
    listed = data.get(key) if isinstance(data, dict) else None
    if not isinstance(listed, list) or not all(isinstance(raw, dict) for raw in listed):
        raise VocabularyError(f"{path.name} must have a list `{key}:` of entries")
    return listed


def _occupations(path: Path, languages: Sequence[str], forms: WordForms) -> Terms:
    entries = []
    for number, raw in enumerate(_listed(path, "occupations"), start=1):
        where = f"{path.name}: occupation {number} ({raw.get('isco')!r})"
        codes = raw.get("isco")
        codes = [codes] if isinstance(codes, str) else codes
        if not (
            isinstance(codes, list)
            and codes
            and all(isinstance(code, str) and _ISCO_CODE.fullmatch(code) for code in codes)
        ):
            raise VocabularyError(f"{where}: isco must be an ISCO-08 code in quotes, or a list")
        entries.append(Entry(tuple(codes), _names(raw, languages, where)))
    return Terms(entries, path, forms)


def _places(path: Path, languages: Sequence[str]) -> Terms:
    entries: list[Entry] = []
    for number, raw in enumerate(_listed(path, "places"), start=1):
        where = f"{path.name}: place {number} ({raw.get('id')!r})"
        place_id = raw.get("id")
        if not isinstance(place_id, str) or not _PLACE_ID.fullmatch(place_id):
            raise VocabularyError(f"{where}: id must be lower-case letters, digits and hyphens")
        if any(entry.codes == (place_id,) for entry in entries):
            raise VocabularyError(f"{where}: another place has this id")
        entries.append(Entry((place_id,), _names(raw, languages, where)))
    # Place names are proper nouns, which the lemmatiser reads right; the odd form is listed.
    return Terms(entries, path, None)


def load_vocabulary(content_dir: Path) -> Vocabulary:
    """The classification and gazetteer of a content folder; VocabularyError when unusable."""
    languages = list(load_languages(content_dir).codes)
    return Vocabulary(
        _occupations(content_dir / "occupations.yml", languages, WordForms()),
        _places(content_dir / "places.yml", languages),
    )


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary of the configured content folder (CONTENT_DIR), loaded once a process."""
    return load_vocabulary(CONFIG.content_dir)
