"""VACANCY_SOURCE chooses the vacancy source: built-in names, or a class of your own."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from fake_workinrussia import (  # noqa: F401 (workinrussia_fixture registers the fixture)
    FakeWorkInRussia,
    workinrussia_fixture,
)

from actions.config import CONFIG, ActionsConfig
from actions.vacancies.factory import VacancySourceSettingError, open_source
from actions.vacancies.fallback import FallbackSource
from actions.vacancies.model import Vacancy, VacancyPage, VacancyQuery
from actions.vacancies.source import VacancySource
from actions.vacancies.workinrussia import WorkInRussiaSource


class BoardSource:
    """What a third party writes to plug in its own job board."""

    name = "board"

    def __init__(self, config: ActionsConfig) -> None:
        self.config = config

    async def search(
        self, query: VacancyQuery, cursor: str | None = None, limit: int = 5
    ) -> VacancyPage:
        return VacancyPage([Vacancy(id="board-1", title="Welder", employer="Example Yard")])

    async def get(self, vacancy_id: str) -> Vacancy | None:
        return None

    async def close(self) -> None:
        return None


class NotASource:
    def __init__(self, config: ActionsConfig) -> None:
        pass


def settings(tmp_path: Path, choice: str, **changes: object) -> ActionsConfig:
    return dataclasses.replace(
        CONFIG,
        vacancy_source=choice,
        vacancy_index_path=tmp_path / "vacancies.db",
        vacancy_sample_path=tmp_path / "no-sample.jsonl",
        redis_url=None,
        **changes,  # type: ignore[arg-type]
    )


async def test_a_dotted_path_plugs_in_a_source_of_your_own(tmp_path):
    config = settings(tmp_path, f"{__name__}.BoardSource")

    source = await open_source(config)

    assert isinstance(source, BoardSource) and source.config is config
    page = await source.search(VacancyQuery(occupation="welder"))
    assert [v.id for v in page.vacancies] == ["board-1"]


@pytest.mark.parametrize(
    ("choice", "problem"),
    [
        ("nonsense", "is not a vacancy source"),
        ("", "is not a vacancy source"),
        ("no_such_package.module.Source", "cannot be imported"),
        (f"{__name__}.Missing", "has no class 'Missing'"),
        (f"{__name__}.NotASource", "does not implement VacancySource"),
    ],
)
async def test_a_setting_that_names_no_source_is_a_clear_error(tmp_path, choice, problem):
    with pytest.raises(VacancySourceSettingError, match=problem) as error:
        await open_source(settings(tmp_path, choice))

    assert "VACANCY_SOURCE" in str(error.value)


async def test_local_opens_the_local_index(tmp_path):
    from actions.vacancies.local import LocalIndexSource

    source = await open_source(settings(tmp_path, "local"))

    assert isinstance(source, LocalIndexSource)
    assert isinstance(await source.search(VacancyQuery(occupation="сварщик")), VacancyPage)
    assert (tmp_path / "vacancies.db").is_file()
    await source.close()


async def test_workinrussia_falls_back_to_the_local_index(tmp_path, workinrussia):
    from actions.vacancies.local import LocalIndexSource

    config = settings(
        tmp_path, "workinrussia", workinrussia_api_url=workinrussia.base_url, vacancy_timeout_s=2
    )
    source = await open_source(config)

    assert isinstance(source, FallbackSource) and isinstance(source, VacancySource)
    assert isinstance(source.primary, WorkInRussiaSource)
    assert isinstance(source.fallback, LocalIndexSource)
    page = await source.search(VacancyQuery(occupation="повар", location="Казань"))
    assert [v.title for v in page.vacancies] == ["Повар"] and page.note is None
    await source.close()
