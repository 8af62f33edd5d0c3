"""The one loader of the texts people read, in one YAML shape: key → language → text.

    rate_limited:                # a key (sections nest: errors.rate_limited)
      en: "You're sending messages too fast."
      ru: "Вы отправляете сообщения слишком часто."

Every content file with texts (gateway.yml, telegram.yml, webchat.yml, staff_console.yml,
demo_page.yml, handoff.yml, vacancy_texts.yml, benefit_texts.yml, and the labels of
registration.yml, suggestions.yml and benefit_rules.yml) is read through `Texts`, which checks
when the process starts that every text exists in every language of languages.yml: a missing one
stops the process with a message naming the file and the key. A mapping is a text when its keys
are language codes; any other mapping is a section of texts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from common.content import ContentError, read_content

Translate = Callable[..., str]


class Texts:
    """Texts by dotted key, each in every language; a language not on offer gets the default."""

    def __init__(
        self, tree: Mapping[str, Any], languages: tuple[str, ...], source: str, default: str
    ) -> None:
        self._tree = tree
        self.languages = languages
        self.source = source
        self.default = default
        self._by_language: dict[str, dict[str, Any]] = {}

    @classmethod
    def from_mapping(
        cls, data: Any, languages: tuple[str, ...], source: str, default: str | None = None
    ) -> Texts:
        """The texts of `data`; ContentError (naming `source` and the key) unless every text
        exists in every one of `languages`."""
        if not languages:
            raise ValueError("texts need at least one language")
        if not isinstance(data, Mapping):
            raise ContentError(f"{source}: must map keys to texts")
        for key, text in _leaves(data, (), languages, source):
            missing = [language for language in languages if text.get(language) is None]
            if missing:
                raise ContentError(
                    f"{source}: {key} has no text in {', '.join(missing)}"
                    f" (every text needs every language of languages.yml:"
                    f" {', '.join(languages)})"
                )
        return cls(data, languages, source, default or languages[0])

    @classmethod
    def load(
        cls, content_dir: Path, name: str, languages: tuple[str, ...], default: str | None = None
    ) -> Texts:
        """The texts of `<content_dir>/<name>.yml` (read and checked once per process)."""
        return _load(content_dir, name, languages, default)

    def text(self, key: str, language: str, /, **values: object) -> str:
        """The text for `key` ("errors.rate_limited") in `language`; `values` fill its
        `{placeholders}`. KeyError for a key the file does not have."""
        node = self.get(key, language)
        if not isinstance(node, str):
            raise KeyError(f"{self.source} has no text {key!r}")
        return node.format(**values) if values else node

    def get(self, key: str, language: str) -> Any:
        """The value of `key` in `language`: a text, or for a section that language's version
        of the whole section (nested dicts)."""
        node: Any = self._tree
        for part in key.split("."):
            node = node.get(part) if isinstance(node, Mapping) else None
        if node is None:
            raise KeyError(f"{self.source} has no text {key!r}")
        return _in_language(node, self._choose(language), self.languages)

    def in_language(self, language: str) -> dict[str, Any]:
        """Every text in `language`, as nested dicts of the file's keys (built once per
        language: read it, do not change it)."""
        chosen = self._choose(language)
        if chosen not in self._by_language:
            found = _in_language(self._tree, chosen, self.languages)
            self._by_language[chosen] = found if isinstance(found, dict) else {}
        return self._by_language[chosen]

    def translator(self, language: str) -> Translate:
        def translate(key: str, /, **values: object) -> str:
            return self.text(key, language, **values)

        return translate

    def text_keys(self) -> list[str]:
        """The dotted key of every text."""
        return [key for key, _ in _leaves(self._tree, (), self.languages, self.source)]

    def _choose(self, language: str) -> str:
        return language if language in self.languages else self.default


@cache
def _load(content_dir: Path, name: str, languages: tuple[str, ...], default: str | None) -> Texts:
    path = content_dir / f"{name}.yml"
    return Texts.from_mapping(read_content(content_dir, name), languages, str(path), default)


def _is_text(node: Mapping[str, Any], languages: tuple[str, ...]) -> bool:
    return any(key in languages for key in node)


def _leaves(
    node: Mapping[str, Any], path: tuple[str, ...], languages: tuple[str, ...], source: str
) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for key, child in node.items():
        here = (*path, str(key))
        if isinstance(child, Mapping) and _is_text(child, languages):
            yield ".".join(here), child
        elif isinstance(child, Mapping):
            yield from _leaves(child, here, languages, source)
        else:
            raise ContentError(
                f"{source}: {'.'.join(here)} must hold one text per language"
                f" ({': …, '.join(languages)}: …)"
            )


def _in_language(node: Any, language: str, languages: tuple[str, ...]) -> Any:
    if isinstance(node, Mapping):
        if _is_text(node, languages):
            return node.get(language)
        return {key: _in_language(child, language, languages) for key, child in node.items()}
    return node
