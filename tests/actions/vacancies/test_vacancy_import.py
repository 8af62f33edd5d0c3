"""Importing vacancy files into the local index: formats, checks, one transaction, updates."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from vacancy_records import record, write_jsonl

from actions.vacancies import importer, workinrussia_mapping
from actions.vacancies.importer import (
    ImportSummary,
    VacancyImportError,
    import_file,
    parse_record,
)
from actions.vacancies.local import LocalIndexSource
from actions.vacancies.model import Vacancy, VacancyQuery
from actions.vacancies.plain import plain_text


async def search(index_path: Path, **query: Any) -> list[Vacancy]:
    source = LocalIndexSource(index_path)
    try:
        return (await source.search(VacancyQuery(**query), limit=100)).vacancies
    finally:
        await source.close()


async def fetch(index_path: Path, vacancy_id: str) -> Vacancy | None:
    source = LocalIndexSource(index_path)
    try:
        return await source.get(vacancy_id)
    finally:
        await source.close()


def index_bytes(index_path: Path) -> bytes:
    """Everything SQLite wrote: the database file and its write-ahead log."""
    return b"".join(path.read_bytes() for path in sorted(index_path.parent.glob("*.db*")))


# --- JSON lines ------------------------------------------------------------------------------


async def test_json_lines_are_imported_as_clean_plain_text(tmp_path: Path, index_path: Path):
    source = write_jsonl(
        tmp_path / "vacancies.jsonl",
        [
            record(
                "demo-1",
                "  Сварщик  ",
                salary_min="45 000",
                salary_max=60000.0,
                currency="руб.",
                schedule="Сменный график",
                duties="<p>Сварка&nbsp;металлоконструкций</p><ul><li>швы</li><li>контроль</li></ul>",
                contact_phone="+7 912 345-67-89",
            ),
            record("demo-2", "Welder", schedule="part-time", posted="2026-11-02T10:00:00"),
        ],
    )
    summary = import_file(source, index_path)
    assert summary == ImportSummary(imported=2, updated=0, skipped=0, errors=[])

    welder = await fetch(index_path, "demo-1")
    assert welder is not None
    assert (welder.title, welder.salary_min, welder.salary_max) == ("Сварщик", 45000, 60000)
    assert (welder.currency, welder.schedule) == ("RUB", "shift")
    assert welder.duties == "Сварка металлоконструкций\nшвы\nконтроль"
    other = await fetch(index_path, "demo-2")
    assert other is not None
    assert (other.schedule, other.posted) == ("part_time", date(2026, 11, 2))
    assert b"345-67-89" not in index_bytes(index_path)  # unknown keys are never stored


async def test_bad_lines_are_reported_with_their_numbers_and_skipped(
    tmp_path: Path, index_path: Path
):
    source = write_jsonl(
        tmp_path / "vacancies.jsonl",
        [
            record("ok-1", "Повар"),
            {"title": "Без номера"},
            record("no-title", ""),
            record("negative", "Повар", salary_min=-5),
            record("reversed", "Повар", salary_min=50000, salary_max=30000),
            record("bad-date", "Повар", posted="2026-02-30"),
            "{not json",
            "[1, 2]",
            record("bad-url", "Повар", url="javascript:alert(1)"),
            record("bad-salary", "Повар", salary_max="a lot"),
            "",
            record("ok-2", "Курьер"),
        ],
    )
    summary = import_file(source, index_path)
    assert summary.imported == 2
    assert summary.skipped == 9
    assert summary.errors == [
        (2, "id is missing"),
        (3, "title is missing"),
        (4, "salary_min is negative"),
        (5, "salary_min is greater than salary_max"),
        (6, "posted is not a valid date (YYYY-MM-DD)"),
        (7, "not valid JSON"),
        (8, "not a JSON object"),
        (9, "url is not an http(s) address"),
        (10, "salary_max is not a number"),
    ]
    assert sorted(vacancy.id for vacancy in await search(index_path)) == ["ok-1", "ok-2"]


# --- CSV -------------------------------------------------------------------------------------


async def test_csv_with_the_same_column_names(tmp_path: Path, index_path: Path):
    source = tmp_path / "vacancies.csv"
    source.write_text(
        "id,title,employer,city,salary_min,salary_max,currency,schedule,posted,duties\n"
        'c-1,Медсестра,Больница №1,Казань,40000,,RUB,полный день,2026-11-05,"Уход за\n'
        'пациентами, процедуры"\n'
        "c-2,Медсестра,Больница №2,Пермь,-1,,RUB,,2026-11-05,\n"
        "c-3,Nurse,Clinic,Tallinn,,,,remote,,\n",
        encoding="utf-8",
    )
    summary = import_file(source, index_path)
    # c-2 starts on line 4: the quoted duties of c-1 take two lines.
    assert (summary.imported, summary.errors) == (2, [(4, "salary_min is negative")])

    nurse = await fetch(index_path, "c-1")
    assert nurse is not None
    assert (nurse.city, nurse.salary_min, nurse.salary_max) == ("Казань", 40000, None)
    assert (nurse.schedule, nurse.duties) == ("full_time", "Уход за\nпациентами, процедуры")
    remote = await fetch(index_path, "c-3")
    assert remote is not None
    assert (remote.schedule, remote.posted, remote.currency) == ("remote", None, None)


def test_csv_without_id_and_title_columns_is_refused(tmp_path: Path, index_path: Path):
    source = tmp_path / "vacancies.csv"
    source.write_text("name,salary\nПовар,30000\n", encoding="utf-8")
    with pytest.raises(VacancyImportError, match="id and title"):
        import_file(source, index_path)


# --- Work in Russia --------------------------------------------------------------------------

PHONE = "+7 (843) 555-12-34"
CONTACT_PERSON = "Захарова Ирина Павловна"
EMAIL = "hr.zakharova@example.ru"


def workinrussia_vacancy(vacancy_id: str, **fields: object) -> dict[str, object]:
    """A vacancy as the Work in Russia API sends it, contact fields included."""
    return {
        "vacancy": {
            "id": vacancy_id,
            "source": "Работа в России",
            "region": {"region_code": "1600000000000", "name": "Республика Татарстан"},
            "company": {
                "companycode": "1021602841391",
                "name": "ГАУЗ «Городская больница №7»",
                "phone": PHONE,
                "email": EMAIL,
            },
            "creation-date": "2026-11-10",
            "salary_min": "45000",
            "salary_max": 60000,
            "currency": "«руб.»",
            "job-name": "Медицинская сестра палатная",
            "vac_url": f"https://trudvsem.ru/vacancy/card/1021602841391/{vacancy_id}",
            "employment": "Полная занятость",
            "schedule": "Сменный график",
            "duty": "<p>Уход за пациентами&nbsp;отделения.</p><ul><li>Выполнение назначений"
            "</li><li>Ведение документации</li></ul><script>alert(1)</script>",
            "requirement": {
                "education": "Среднее профессиональное",
                "experience": 1,
                "qualification": "<b>Сертификат</b> «Сестринское дело»",
            },
            "addresses": {
                "address": [{"location": "Республика Татарстан, г Казань, ул. Чуйкова, д. 54"}]
            },
            "contact_list": [
                {"contact_type": "Телефон", "contact_value": PHONE},
                {"contact_type": "Эл. почта", "contact_value": EMAIL},
            ],
            "contact_person": CONTACT_PERSON,
            **fields,
        }
    }


def write_json(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


async def test_a_saved_work_in_russia_response(tmp_path: Path, index_path: Path):
    source = write_json(
        tmp_path / "trudvsem.json",
        {
            "status": "200",
            "meta": {"total": "3", "limit": 100},
            "results": {
                "vacancies": [
                    workinrussia_vacancy("a1"),
                    workinrussia_vacancy("a2", salary_min="от 0", salary_max=0, currency=None),
                    workinrussia_vacancy("a3", **{"job-name": None}),
                    {"not a vacancy": True},
                ]
            },
        },
    )
    summary = import_file(source, index_path)
    assert (summary.imported, summary.unit) == (2, "record")
    assert summary.errors == [(3, "title is missing"), (4, "not a Work in Russia vacancy")]

    nurse = await fetch(index_path, "a1")
    assert nurse == Vacancy(
        id="a1",
        title="Медицинская сестра палатная",
        employer="ГАУЗ «Городская больница №7»",
        city="Казань",
        region="Республика Татарстан",
        salary_min=45000,
        salary_max=60000,
        currency="RUB",
        schedule="shift",
        employment="Полная занятость",
        posted=date(2026, 11, 10),
        url="https://trudvsem.ru/vacancy/card/1021602841391/a1",
        duties="Уход за пациентами отделения.\nВыполнение назначений\nВедение документации",
        requirements="Образование: Среднее профессиональное\nОпыт работы (лет): 1\n"
        "Сертификат «Сестринское дело»",
        source="local",
    )
    unstated = await fetch(index_path, "a2")
    assert unstated is not None
    assert (unstated.salary_min, unstated.salary_max, unstated.currency) == (None, None, None)
    found = await search(index_path, occupation="медицинской сестрой", location="в Казани")
    assert sorted(vacancy.id for vacancy in found) == ["a1", "a2"]


async def test_contact_data_from_work_in_russia_is_never_stored(tmp_path: Path, index_path: Path):
    source = write_json(
        tmp_path / "trudvsem.json",
        {"status": "200", "results": {"vacancies": [workinrussia_vacancy("a1")]}},
    )
    assert import_file(source, index_path).imported == 1
    stored = index_bytes(index_path)
    assert "Медицинская сестра палатная".encode() in stored  # the check reads real text
    for personal in (PHONE, "555-12-34", CONTACT_PERSON, "Захарова", EMAIL):
        assert personal.encode() not in stored, personal


async def test_contacts_written_into_the_duties_are_blanked_as_the_api_source_blanks_them(
    tmp_path: Path, index_path: Path
):
    raw = workinrussia_vacancy(
        "a1", duty=f"Звонить {CONTACT_PERSON} по тел. 8 843 555 12 34 или {EMAIL}."
    )
    source = write_json(tmp_path / "trudvsem.json", {"results": {"vacancies": [raw]}})

    assert import_file(source, index_path).imported == 1

    imported = await fetch(index_path, "a1")
    from_api = workinrussia_mapping.vacancy(raw["vacancy"])
    assert imported is not None and from_api is not None
    assert imported.duties == from_api.duties == "Звонить … по тел. … или …."
    assert dataclasses.replace(imported, source="workinrussia") == from_api


def test_an_empty_work_in_russia_response_imports_nothing(tmp_path: Path, index_path: Path):
    source = write_json(
        tmp_path / "empty.json", {"status": "200", "meta": {"total": 0}, "results": {}}
    )
    assert import_file(source, index_path) == ImportSummary(unit="record")


async def test_a_json_list_and_ndjson_take_the_json_lines_schema(tmp_path: Path, index_path: Path):
    listed = write_json(tmp_path / "list.json", [record("l1", "Повар"), {"id": "l2"}])
    summary = import_file(listed, index_path)
    assert (summary.imported, summary.errors) == (1, [(2, "title is missing")])
    lines = write_jsonl(tmp_path / "more.ndjson", [record("n1", "Курьер")])
    assert import_file(lines, index_path).imported == 1
    assert sorted(vacancy.id for vacancy in await search(index_path)) == ["l1", "n1"]


# --- all or nothing --------------------------------------------------------------------------


async def test_a_broken_file_leaves_the_previous_index_intact(tmp_path: Path, index_path: Path):
    import_file(write_jsonl(tmp_path / "good.jsonl", [record("keep", "Повар")]), index_path)
    before = index_bytes(index_path)

    broken = tmp_path / "broken.json"
    broken.write_text('{"results": {"vacancies": [', encoding="utf-8")
    with pytest.raises(VacancyImportError, match="not valid JSON"):
        import_file(broken, index_path)
    with pytest.raises(VacancyImportError, match="unsupported file type"):
        import_file(tmp_path / "vacancies.xml", index_path)
    with pytest.raises(VacancyImportError, match="could not be read"):
        import_file(tmp_path / "missing.jsonl", index_path)

    assert index_bytes(index_path) == before
    assert [v.id for v in await search(index_path, occupation="повар")] == ["keep"]


async def test_a_read_error_halfway_rolls_back_what_was_written(
    tmp_path: Path, index_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import_file(write_jsonl(tmp_path / "good.jsonl", [record("keep", "Повар")]), index_path)
    monkeypatch.setattr(importer, "CHUNK_SIZE", 2)  # several chunks are written first
    source = tmp_path / "vacancies.csv"
    rows = [f"n{number},Сварщик,{'длинный текст ' * 150}" for number in range(30)]
    source.write_bytes(
        ("id,title,duties\n" + "\n".join(rows) + "\n").encode() + b"n99,\xff\xfe broken,\n"
    )
    with pytest.raises(VacancyImportError, match="could not be read"):
        import_file(source, index_path)
    assert await search(index_path, occupation="сварщик") == []
    assert [v.id for v in await search(index_path)] == ["keep"]


async def test_a_database_error_halfway_rolls_back_what_was_written(
    tmp_path: Path, index_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import_file(write_jsonl(tmp_path / "good.jsonl", [record("keep", "Повар")]), index_path)
    with sqlite3.connect(index_path) as connection:  # the disk fills up at the third vacancy
        connection.execute(
            "CREATE TRIGGER full_disk BEFORE INSERT ON vacancies WHEN new.id = 'n3'"
            " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
        )
    monkeypatch.setattr(importer, "CHUNK_SIZE", 2)
    records = [record(f"n{number}", "Сварщик") for number in range(1, 6)]
    with pytest.raises(VacancyImportError, match="index could not be written: database or disk"):
        import_file(write_jsonl(tmp_path / "new.jsonl", records), index_path)
    assert [v.id for v in await search(index_path)] == ["keep"]
    assert await search(index_path, occupation="сварщик") == []


# --- updates ---------------------------------------------------------------------------------


async def test_reimporting_an_id_updates_it_without_duplicates(tmp_path: Path, index_path: Path):
    first = [record("v1", "Пекарь", salary_min=30000), record("v2", "Курьер")]
    assert import_file(write_jsonl(tmp_path / "a.jsonl", first), index_path).imported == 2

    second = [record("v1", "Кондитер", salary_min=50000), record("v3", "Грузчик")]
    summary = import_file(write_jsonl(tmp_path / "b.jsonl", second), index_path)
    assert (summary.imported, summary.updated) == (1, 1)

    assert await search(index_path, occupation="пекарь") == []
    [pastry_cook] = await search(index_path, occupation="кондитер")
    assert (pastry_cook.id, pastry_cook.salary_min) == ("v1", 50000)
    assert sorted(v.id for v in await search(index_path)) == ["v1", "v2", "v3"]


async def test_the_same_id_twice_in_one_file_keeps_the_last(tmp_path: Path, index_path: Path):
    records = [record("v1", "Пекарь"), record("v1", "Кондитер")]
    summary = import_file(write_jsonl(tmp_path / "a.jsonl", records), index_path)
    assert (summary.imported, summary.updated) == (1, 1)
    assert [v.title for v in await search(index_path)] == ["Кондитер"]
    assert await search(index_path, occupation="пекарь") == []


# --- cleaning --------------------------------------------------------------------------------


def test_plain_text_strips_html_and_keeps_the_lines():
    html = (
        "<h3>Обязанности</h3><p>Hello&nbsp;<b>world</b> &amp; more</p>"
        "<ul><li>one</li><li>two</li></ul>a<br>b<br/>c"
        "<script>alert('x')</script><style>p {}</style>"
    )
    assert plain_text(html) == "Обязанности\nHello world & more\none\ntwo\na\nb\nc"
    assert plain_text("  many   spaces\n\n\n and lines  ") == "many spaces\nand lines"


@pytest.mark.parametrize(
    ("raw", "schedule"),
    [
        ("Удалённая работа", "remote"),
        ("удаленная работа", "remote"),
        ("Сменный график", "shift"),
        ("Вахтовый метод", "shift"),
        ("Полный рабочий день", "full_time"),
        ("полный день", "full_time"),
        ("Неполный рабочий день", "part_time"),
        ("part-time", "part_time"),
        ("Full time", "full_time"),
        ("remote", "remote"),
        ("Гибкий график", None),
        ("", None),
    ],
)
def test_schedules_are_normalised(raw: str, schedule: str | None):
    assert parse_record(record("x", "Повар", schedule=raw)).schedule == schedule
