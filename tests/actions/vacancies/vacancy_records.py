"""Vacancy records in the JSON-lines schema, and files of them, for the index tests."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

from actions.vacancies.local import LocalIndexSource

Record = dict[str, object]
# The `make_index` fixture (conftest.py): records in, an open index over them out.
MakeIndex = Callable[[list[Record]], LocalIndexSource]


def record(vacancy_id: str, title: str, **fields: object) -> Record:
    """A valid vacancy record; `fields` override or add keys."""
    return {
        "id": vacancy_id,
        "title": title,
        "employer": "ООО «Пример»",
        "posted": "2026-11-01",
        **fields,
    }


def write_jsonl(path: Path, records: Iterable[Record | str]) -> Path:
    """One JSON object a line; strings are written as they are (for broken lines)."""
    lines = [
        item if isinstance(item, str) else json.dumps(item, ensure_ascii=False) for item in records
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
