"""The console's texts (`staff_console.yml` in the content directory), in English and Russian."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import yaml

FILE_NAME: Final = "staff_console.yml"

Translate = Callable[..., str]


class StaffTexts:
    """Texts by dotted key ("inbox.title"); each leaf holds one text per language."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    @staticmethod
    @lru_cache(maxsize=4)
    def load(content_dir: Path, languages: tuple[str, ...]) -> StaffTexts:
        """Read once per content directory; every text must exist in every language."""
        path = content_dir / FILE_NAME
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        if not isinstance(data, dict):
            raise ValueError(f"{path} must map text keys to texts")
        missing = [key for key, leaf in _leaves(data, "") if set(languages) - set(leaf)]
        if missing:
            raise ValueError(f"{path}: texts without every language {languages}: {missing}")
        return StaffTexts(data)

    def text(self, key: str, language: str, /, **values: object) -> str:
        """The text for `key`; `values` fill its `{placeholders}`. KeyError for an unknown key."""
        node: Any = self._data
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, dict) or "en" not in node:
            raise KeyError(f"{FILE_NAME} has no text {key!r}")
        template = str(node.get(language) or node["en"])
        return template.format(**values) if values else template

    def translator(self, language: str) -> Translate:
        def translate(key: str, /, **values: object) -> str:
            return self.text(key, language, **values)

        return translate


def _leaves(node: dict[str, Any], prefix: str) -> list[tuple[str, dict[str, Any]]]:
    if "en" in node and all(isinstance(value, str) for value in node.values()):
        return [(prefix.rstrip("."), node)]
    found: list[tuple[str, dict[str, Any]]] = []
    for key, child in node.items():
        if not isinstance(child, dict):
            raise ValueError(f"text {prefix}{key} must hold one text per language")
        found.extend(_leaves(child, f"{prefix}{key}."))
    return found
