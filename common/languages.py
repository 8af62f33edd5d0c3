"""The languages the assistant speaks: one list, from `data/content/languages.yml`.

Every process takes its languages from here (through `Settings.languages`): the web chat and
Telegram accept exactly these codes, the staff console offers them, the actions switch between
them and the NLU pipeline detects them. Adding a language is an entry in that file (with its
texts, responses and training data), never a change in Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final

from common.content import ContentError, read_content

FILE_NAME: Final = "languages"
_CODE: Final = re.compile(r"[a-z]{2,3}")


@dataclass(frozen=True)
class Language:
    """One language: its code, the names people use for it and how its writing is recognised."""

    code: str
    name: str  # in the language itself: "English", "Русский"
    names: tuple[str, ...]
    script: str
    marker_letters: str = ""
    marker_words: frozenset[str] = field(default_factory=frozenset)
    # Its words as people write them in another script ("skolko", "posobie" for Russian).
    transliterated_words: frozenset[str] = field(default_factory=frozenset)

    @property
    def marked(self) -> bool:
        return bool(self.marker_letters or self.marker_words)


@dataclass(frozen=True)
class Languages:
    """The languages on offer, in the file's order; `default` is one of them."""

    default: str
    by_code: Mapping[str, Language]
    scripts: Mapping[str, str]  # script name -> regular-expression character ranges

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.by_code)

    def __contains__(self, code: object) -> bool:
        return code in self.by_code

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_code)

    def __len__(self) -> int:
        return len(self.by_code)

    def supported(self, code: str | None, fallback: str | None = None) -> str:
        """`code` if the assistant speaks it, else `fallback` if it does, else the default."""
        for candidate in (code, fallback):
            if candidate in self.by_code:
                return str(candidate)
        return self.default

    def name(self, code: str) -> str:
        """The language's name in itself ("Русский"); the code for one the list lacks."""
        language = self.by_code.get(code)
        return language.name if language else code

    def code_for(self, name: str | None) -> str | None:
        """The code of a language named in any of our languages ("по-русски" → "ru"), or None."""
        wanted = (name or "").strip().lower()
        if not wanted:
            return None
        for language in self.by_code.values():
            if wanted == language.code or wanted in language.names:
                return language.code
        return None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str = "languages.yml") -> Languages:
        scripts = data.get("scripts")
        if not isinstance(scripts, dict) or not scripts:
            raise ContentError(f"{source}: scripts: must name at least one writing system")
        for name, ranges in scripts.items():
            try:
                re.compile(f"[{ranges}]")
            except (re.error, TypeError):
                raise ContentError(f"{source}: scripts.{name}: not a range of letters") from None
        entries = data.get("languages")
        if not isinstance(entries, dict) or not entries:
            raise ContentError(f"{source}: languages: must list at least one language")
        by_code = {
            str(code): _language(str(code), spec, scripts, source) for code, spec in entries.items()
        }
        default = str(data.get("default") or next(iter(by_code)))
        if default not in by_code:
            raise ContentError(f"{source}: default: {default!r} is not one of {sorted(by_code)}")
        return cls(default, by_code, {str(k): str(v) for k, v in scripts.items()})


def _language(code: str, spec: Any, scripts: Mapping[str, Any], source: str) -> Language:
    where = f"{source}: languages.{code}"
    if not _CODE.fullmatch(code):
        raise ContentError(f"{where}: a language code is 2 or 3 lower-case letters (ISO 639)")
    if not isinstance(spec, dict):
        raise ContentError(f"{where}: must have names and script")
    script = spec.get("script")
    if script not in scripts:
        raise ContentError(f"{where}.script: must be one of {sorted(scripts)}, got {script!r}")
    names = spec.get("names") or []
    if not isinstance(names, list):
        raise ContentError(f"{where}.names: must be a list of words")
    if not isinstance(spec.get("name"), str) or not spec["name"].strip():
        raise ContentError(f"{where}.name: the language's name in itself is missing")
    return Language(
        code=code,
        name=spec["name"].strip(),
        names=tuple(dict.fromkeys([code, *(str(name).lower() for name in names)])),
        script=str(script),
        marker_letters=str(spec.get("marker_letters") or ""),
        marker_words=frozenset(str(word).lower() for word in spec.get("marker_words") or ()),
        transliterated_words=frozenset(
            str(word).lower() for word in spec.get("transliterated_words") or ()
        ),
    )


@cache
def load_languages(content_dir: Path) -> Languages:
    """The languages of `<content_dir>/languages.yml` (read once per directory and process)."""
    return Languages.from_mapping(
        read_content(content_dir, FILE_NAME), str(content_dir / f"{FILE_NAME}.yml")
    )
