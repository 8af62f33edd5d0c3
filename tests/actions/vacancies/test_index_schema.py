"""An index file written by older code, or tagged with another classification, is brought up to
date when it is opened: its vacancies are kept and found across languages."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from vacancy_records import MakeIndex, record, write_jsonl

from actions.config import CONFIG
from actions.vacancies.local import LocalIndexSource, open_local_index
from actions.vacancies.model import VacancyQuery
from actions.vacancies.schema import SCHEMA_VERSION, connect, retag
from actions.vacancies.vocabulary import load_vocabulary

# The index as schema 1 wrote it: normalised words, no occupation codes or place ids.
SCHEMA_1 = """
CREATE TABLE vacancies (
    pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
    employer TEXT NOT NULL DEFAULT '', city TEXT, region TEXT, salary_min INTEGER,
    salary_max INTEGER, currency TEXT, schedule TEXT, employment TEXT, posted TEXT, url TEXT,
    salary_top INTEGER GENERATED ALWAYS AS (coalesce(salary_max, salary_min)) VIRTUAL
);
CREATE INDEX vacancies_posted ON vacancies (posted DESC, pk DESC);
CREATE INDEX vacancies_salary ON vacancies (salary_top);
CREATE INDEX vacancies_schedule ON vacancies (schedule, salary_top);
CREATE TABLE vacancy_texts (
    pk INTEGER PRIMARY KEY, duties TEXT NOT NULL DEFAULT '',
    requirements TEXT NOT NULL DEFAULT '', title_norm TEXT NOT NULL DEFAULT '',
    body_norm TEXT NOT NULL DEFAULT '', place_norm TEXT NOT NULL DEFAULT ''
);
CREATE VIRTUAL TABLE vacancy_fts USING fts5(
    title_norm, body_norm, place_norm, content='vacancy_texts', content_rowid='pk',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER vacancies_ad AFTER DELETE ON vacancies BEGIN
    INSERT INTO vacancy_fts (vacancy_fts, rowid, title_norm, body_norm, place_norm)
    SELECT 'delete', pk, title_norm, body_norm, place_norm FROM vacancy_texts WHERE pk = old.pk;
    DELETE FROM vacancy_texts WHERE pk = old.pk;
END;
INSERT INTO vacancies (pk, id, title, employer, city, region, posted) VALUES
    (1, 'imported-ru', 'Сварщик', 'ООО «Пример»', 'Москва', 'Москва', '2026-11-02'),
    (2, 'imported-en', 'Cook', 'Example OÜ', 'Tallinn', 'Harju County', '2026-11-01');
INSERT INTO vacancy_texts (pk, duties, title_norm, body_norm, place_norm) VALUES
    (1, 'Сварка металлоконструкций.', 'сварщик', 'сварка металлоконструкция', 'москва москва'),
    (2, 'Cooking.', 'cook', 'cooking', 'tallinn harju county');
INSERT INTO vacancy_fts (vacancy_fts) VALUES ('rebuild');
PRAGMA user_version = 1;
"""


def old_index(path: Path) -> Path:
    connection = sqlite3.connect(path)
    connection.executescript(SCHEMA_1)
    connection.close()
    return path


def full_text_index_is_consistent(path: Path) -> bool:
    """FTS5's own check that the full-text index matches its content table."""
    connection = connect(path)
    try:
        connection.execute(
            "INSERT INTO vacancy_fts (vacancy_fts, rank) VALUES ('integrity-check', 1)"
        )
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        connection.close()


def ids_matching(path: Path, expression: str) -> list[str]:
    connection = connect(path)
    try:
        return [
            vacancy_id
            for (vacancy_id,) in connection.execute(
                "SELECT v.id FROM vacancy_fts JOIN vacancies v ON v.pk = vacancy_fts.rowid"
                " WHERE vacancy_fts MATCH ? ORDER BY v.id",
                (expression,),
            )
        ]
    finally:
        connection.close()


async def test_an_index_of_schema_1_keeps_its_vacancies_and_finds_them_across_languages(
    tmp_path: Path,
):
    path = old_index(tmp_path / "vacancies.db")
    sample = write_jsonl(tmp_path / "sample.jsonl", [record("sample-1", "Повар")])

    source = await open_local_index(path, sample)
    try:
        welders = await source.search(VacancyQuery(occupation="welder", location="Moscow"))
        cooks = await source.search(VacancyQuery(occupation="повар", location="в Таллине"))
        by_words = await source.search(VacancyQuery(occupation="свар"))
        everything = await source.search(VacancyQuery())
    finally:
        await source.close()

    assert [v.id for v in welders.vacancies] == ["imported-ru"]
    assert [v.id for v in cooks.vacancies] == ["imported-en"]
    assert [v.id for v in by_words.vacancies] == ["imported-ru"]
    # The PES's own vacancies are kept; the sample is only for an empty index.
    assert [v.id for v in everything.vacancies] == ["imported-ru", "imported-en"]
    connection = connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    connection.execute("DELETE FROM vacancies WHERE id = 'imported-en'")  # the trigger's turn
    connection.close()
    assert full_text_index_is_consistent(path)
    assert ids_matching(path, 'place_ids : "tallinn"') == []


async def test_vacancies_are_retagged_when_the_classification_changes(
    make_index: MakeIndex, index_path: Path, tmp_path: Path
):
    make_index([record("w", "Сварщик", city="Москва"), record("c", "Повар", city="Москва")])
    # Staff reclassify welders under another code and rename the place: tag as they would.
    edited = tmp_path / "content"
    edited.mkdir()
    shutil.copy(CONFIG.content_dir / "languages.yml", edited / "languages.yml")
    (edited / "occupations.yml").write_text(
        'occupations:\n  - isco: "7213"\n    en: [welder]\n    ru: [сварщик]\n', encoding="utf-8"
    )
    (edited / "places.yml").write_text(
        "places:\n  - id: moskva\n    en: [Moscow]\n    ru: [Москва]\n", encoding="utf-8"
    )
    connection = connect(index_path)
    connection.execute("BEGIN IMMEDIATE")
    retag(connection, load_vocabulary(edited), rebuild=False)
    connection.execute("COMMIT")
    connection.close()
    assert ids_matching(index_path, 'occupation_codes : "7213"') == ["w"]
    assert ids_matching(index_path, 'place_ids : "moskva"') == ["c", "w"]
    assert full_text_index_is_consistent(index_path)

    # Opened with the shipped files again, the index re-tags itself by them.
    source = LocalIndexSource(index_path)
    welders = await source.search(VacancyQuery(occupation="welder", location="Moscow"))
    await source.close()
    assert [v.id for v in welders.vacancies] == ["w"]
    assert ids_matching(index_path, 'occupation_codes : "7213"') == []
    assert ids_matching(index_path, 'place_ids : "moskva"') == []
    assert full_text_index_is_consistent(index_path)
