"""Fixtures for the vacancy index tests: a real index file in tmp_path."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from vacancy_records import MakeIndex, Record, write_jsonl

from actions.vacancies.importer import import_file
from actions.vacancies.local import LocalIndexSource


@pytest.fixture
def index_path(tmp_path: Path) -> Path:
    return tmp_path / "var" / "vacancies.db"


@pytest.fixture
async def make_index(tmp_path: Path, index_path: Path) -> AsyncIterator[MakeIndex]:
    """Import records into the index file and open it as a source (closed afterwards)."""
    opened: list[LocalIndexSource] = []

    def make(records: list[Record]) -> LocalIndexSource:
        summary = import_file(write_jsonl(tmp_path / "input.jsonl", records), index_path)
        assert summary.errors == []
        source = LocalIndexSource(index_path)
        opened.append(source)
        return source

    yield make
    for source in opened:
        await source.close()
