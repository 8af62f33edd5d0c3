"""Jobs and places across languages: an English search finds the Russian vacancies and the
reverse, over the shipped sample vacancies (data/vacancies/sample.jsonl) in a real index."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from vacancy_records import MakeIndex, record

from actions.vacancies.importer import import_file
from actions.vacancies.local import LocalIndexSource
from actions.vacancies.model import Vacancy, VacancyQuery
from actions.vacancies.vocabulary import vocabulary

SAMPLE = Path(__file__).resolve().parents[3] / "data" / "vacancies" / "sample.jsonl"
TALLINN_DRIVERS = {
    "Long-haul truck driver": 4,
    "Forklift driver": 3,
    "Delivery truck driver": 2,
    "Tram driver": 1,
    "City bus driver": 1,
    "CE driver": 1,
    "Truck driver": 1,
    "Company car driver": 1,
    "Van driver": 1,
    "Delivery van driver": 1,
    "HGV driver (C)": 1,
}


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample vacancies, imported once for the module."""
    index_path = tmp_path_factory.mktemp("sample") / "vacancies.db"
    summary = import_file(SAMPLE, index_path)
    assert summary.imported == 2400
    return index_path


@pytest.fixture
async def sample(sample_index: Path) -> AsyncIterator[LocalIndexSource]:
    source = LocalIndexSource(sample_index)
    yield source
    await source.close()


async def everything(source: LocalIndexSource, **query: str) -> list[Vacancy]:
    page = await source.search(VacancyQuery(**query), limit=100)
    assert page.next_cursor is None
    return page.vacancies


def titles(vacancies: list[Vacancy]) -> dict[str, int]:
    counted: dict[str, int] = {}
    for vacancy in vacancies:
        counted[vacancy.title] = counted.get(vacancy.title, 0) + 1
    return counted


async def test_any_welder_jobs_in_moscow_finds_the_russian_welders(sample: LocalIndexSource):
    found = await everything(sample, occupation="welder", location="Moscow")
    assert titles(found) == {"Сварщик": 2, "Электросварщик ручной сварки": 1}
    assert {vacancy.city for vacancy in found} == {"Москва"}


async def test_ishchu_rabotu_voditelem_v_talline_finds_the_drivers_of_tallinn(
    sample: LocalIndexSource,
):
    found = await everything(sample, occupation="водителем", location="Таллине")
    assert {vacancy.city for vacancy in found} == {"Tallinn"}
    # Every driver vacancy of Tallinn, and the forklift and reach truck operators: in Russian
    # they are «водители погрузчика» too.
    assert titles(found) == {**TALLINN_DRIVERS, "Forklift operator": 2, "Reach truck operator": 2}


@pytest.mark.parametrize(
    ("occupation", "location", "expected"),
    [
        (
            "nurses",
            "Moscow",
            {
                "Старшая медицинская сестра": 5,
                "Медицинская сестра": 3,
                "Медсестра процедурного кабинета": 2,
            },
        ),
        ("повара", "в Таллинне", {"Chef de partie": 3, "Cook": 1, "Line cook": 1}),
        ("accountant", "Kazan", {"Бухгалтер": 1}),
        ("бухгалтером", "Риге", {"Senior accountant": 2}),
        ("cashier", "St Petersburg", {"Кассир": 1, "Кассир торгового зала": 1}),
        ("кассир", "Питер", {"Кассир": 1, "Кассир торгового зала": 1}),
    ],
)
async def test_an_occupation_and_place_in_one_language_find_vacancies_in_the_other(
    sample: LocalIndexSource, occupation: str, location: str, expected: dict[str, int]
):
    assert titles(await everything(sample, occupation=occupation, location=location)) == expected


async def test_a_broad_occupation_finds_every_occupation_under_it(sample: LocalIndexSource):
    """«Электрик» (ISCO-08 741) finds installation, maintenance and auto electricians."""
    found = await everything(sample, occupation="electrician", location="Москва")
    assert titles(found) == {
        "Электромонтажник": 4,
        "Электрик": 3,
        "Электрик цеха": 2,
        "Автоэлектрик": 1,
        "Автоэлектрик-диагност": 1,
        "Электромонтёр по ремонту и обслуживанию электрооборудования": 1,
    }


async def test_a_place_alone_finds_its_vacancies_whatever_the_language(sample: LocalIndexSource):
    moscow = await sample.search(VacancyQuery(location="Moscow"))
    in_moscow = await sample.search(VacancyQuery(location="в Москве"))
    tallinn = await sample.search(VacancyQuery(location="Таллине"))
    assert (moscow.total, in_moscow.total, tallinn.total) == (285, 285, 235)


async def test_vacancies_in_the_searchers_language_come_first(make_index: MakeIndex):
    source = make_index(
        [
            record("ru", "Сварщик", posted="2026-11-20"),
            record("en", "Welder", posted="2026-11-01"),
            record("cook", "Cook"),
        ]
    )
    english = await everything(source, occupation="welder")
    russian = await everything(source, occupation="сварщика")
    assert [v.id for v in english] == ["en", "ru"]
    assert [v.id for v in russian] == ["ru", "en"]


async def test_an_unknown_occupation_is_still_found_by_its_words(make_index: MakeIndex):
    source = make_index(
        [record("bee-ru", "Пчеловод", city="Казань"), record("bee-en", "Beekeeper", city="Tartu")]
    )
    assert vocabulary().occupation("пчеловод") is None
    assert [v.id for v in await everything(source, occupation="пчеловода")] == ["bee-ru"]
    assert [v.id for v in await everything(source, occupation="beekeepers")] == ["bee-en"]


async def test_a_qualified_occupation_is_searched_by_all_its_words(make_index: MakeIndex):
    source = make_index(
        [record("senior", "Senior welder"), record("welder", "Welder"), record("ru", "Сварщик")]
    )
    assert [v.id for v in await everything(source, occupation="senior welder")] == ["senior"]


async def test_an_unknown_place_is_still_found_by_its_words(make_index: MakeIndex):
    source = make_index(
        [
            record("u", "Водитель", city="Урюпинск", region="Волгоградская область"),
            record("v", "Водитель", city="Волгоград", region="Волгоградская область"),
        ]
    )
    assert vocabulary().place("Урюпинске") is None
    assert [v.id for v in await everything(source, location="в Урюпинске")] == ["u"]
    found = await everything(source, location="Volgograd Oblast")
    assert sorted(v.id for v in found) == ["u", "v"]
