"""The classification of occupations and the gazetteer: the data files staff edit, and how names
in any language and word form are found in them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from actions.config import CONFIG
from actions.vacancies.vocabulary import VocabularyError, load_vocabulary, vocabulary

PROJECT = Path(__file__).resolve().parents[3]
SAMPLE = PROJECT / "data" / "vacancies" / "sample.jsonl"
LOOKUPS = sorted((PROJECT / "data" / "nlu" / "lookups").glob("*.yml"))


def sample_records() -> list[dict[str, str]]:
    return [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]


def lookup_examples(name: str) -> list[str]:
    """Every example of the NLU lookup `name` (occupation, location) in every language."""
    examples = []
    for path in LOOKUPS:
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            if item.get("lookup") == name:
                examples += [line[2:].strip() for line in item["examples"].splitlines() if line]
    return examples


def content_with(tmp_path: Path, occupations: str, places: str = "places: []") -> Path:
    """A content folder with the shipped languages and these classification and gazetteer."""
    shutil.copy(CONFIG.content_dir / "languages.yml", tmp_path / "languages.yml")
    (tmp_path / "occupations.yml").write_text(occupations, encoding="utf-8")
    (tmp_path / "places.yml").write_text(places, encoding="utf-8")
    return tmp_path


# --- the shipped files ----------------------------------------------------------------------


def test_every_occupation_and_place_has_names_in_english_and_russian():
    words = vocabulary()
    entries = [*words.occupations.entries, *words.places.entries]
    assert len(entries) > 300
    lacking = [entry.codes for entry in entries if not (entry.names["en"] and entry.names["ru"])]
    assert lacking == []


def test_every_title_in_the_sample_vacancies_has_an_occupation():
    titles = {record["title"] for record in sample_records()}
    unclassified = sorted(title for title in titles if not vocabulary().occupation_tags(title))
    assert unclassified == []


def test_every_city_and_region_in_the_sample_vacancies_is_in_the_gazetteer():
    places = {part for record in sample_records() for part in (record["city"], record["region"])}
    unknown = sorted(place for place in places if vocabulary().place(place) is None)
    assert unknown == []


def test_every_occupation_of_the_nlu_lookups_is_classified():
    """An occupation the NLU picks out must be searchable in every language."""
    examples = lookup_examples("occupation")
    assert len(examples) > 500
    assert [example for example in examples if vocabulary().occupation(example) is None] == []


def test_every_location_of_the_nlu_lookups_is_in_the_gazetteer():
    examples = lookup_examples("location")
    assert len(examples) > 500
    unknown = [
        example
        for example in examples
        if (found := vocabulary().place(example)) is None or not found.whole
    ]
    assert unknown == []


# --- names in any language and word form -----------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        ("welder", ("7212",)),
        ("welders", ("7212",)),
        ("Сварщиков", ("7212",)),
        ("водителем", ("832", "833", "8344")),
        ("drivers", ("832", "833", "8344")),
        ("truck drivers", ("8332",)),
        ("водителя погрузчика", ("8344",)),
        ("медсёстры", ("2221",)),
        # Forms pymorphy3 takes for other words: электрика (wiring), слесарить, техника.
        ("электрика", ("741",)),
        ("слесаря", ("7222", "7231.1", "7233", "8211")),
        ("зубным техником", ("3214",)),
    ],
)
def test_an_occupation_is_found_in_any_language_and_word_form(typed: str, codes: tuple[str, ...]):
    found = vocabulary().occupation(typed)
    assert found is not None and found.entry.codes == codes


@pytest.mark.parametrize(
    ("typed", "place_id"),
    [
        ("Moscow", "moscow"),
        ("Москве", "moscow"),
        ("в Москве", "moscow"),
        ("Moskva", "moscow"),
        ("Tallinn", "tallinn"),
        ("Таллин", "tallinn"),
        ("Таллинн", "tallinn"),
        ("в Таллине", "tallinn"),
        ("Kazan", "kazan"),
        ("Казани", "kazan"),
        ("St Petersburg", "st-petersburg"),
        ("Санкт-Петербурге", "st-petersburg"),
        ("Питере", "st-petersburg"),
        ("СПб", "st-petersburg"),
        ("Нижнем Новгороде", "nizhny-novgorod"),
        ("Великом Новгороде", "veliky-novgorod"),
        ("Подмосковье", "moscow-oblast"),
        ("центр Казани", "kazan"),
    ],
)
def test_a_place_is_found_in_any_language_and_case(typed: str, place_id: str):
    found = vocabulary().place(typed)
    assert found is not None and found.entry.codes == (place_id,)


def test_a_qualified_occupation_is_not_taken_for_the_broader_one():
    assert vocabulary().occupation("senior welder") is None
    assert vocabulary().occupation("пчеловод") is None


def test_a_title_is_tagged_with_its_occupation_and_every_group_above_it():
    words = vocabulary()
    assert words.occupation_tags("Водитель-дальнобойщик") == "8 83 833 8332 8332.1"
    assert words.occupation_tags("Старший кладовщик") == "4 43 432 4321"
    assert words.occupation_tags("Night security guard") == "5 54 541 5414"
    assert words.occupation_tags("Пчеловод") == ""


def test_a_vacancys_place_is_tagged_with_its_city_and_region():
    assert vocabulary().place_tags("Казань", "Республика Татарстан") == "kazan tatarstan"
    assert vocabulary().place_tags("Урюпинск", "Волгоградская область") == "volgograd-oblast"


def test_the_header_name_is_the_one_in_the_persons_language():
    found = vocabulary().occupation("welders")
    assert found is not None
    assert (found.name, found.language, found.entry.name("ru")) == ("welder", "en", "сварщик")


# --- files with mistakes are refused, naming the entry ---------------------------------------


def test_an_occupation_without_russian_names_is_refused(tmp_path: Path):
    content = content_with(tmp_path, 'occupations:\n  - isco: "7212"\n    en: [welder]\n')
    with pytest.raises(VocabularyError, match=r"occupation 1 \('7212'\) has no names in ru"):
        load_vocabulary(content)


def test_a_place_without_english_names_is_refused(tmp_path: Path):
    content = content_with(
        tmp_path,
        'occupations:\n  - isco: "7212"\n    en: [welder]\n    ru: [сварщик]\n',
        "places:\n  - id: kazan\n    ru: [Казань]\n",
    )
    with pytest.raises(VocabularyError, match=r"place 1 \('kazan'\) has no names in en"):
        load_vocabulary(content)


@pytest.mark.parametrize("code", ["7212", "72a", "12345", "7212.x"])
def test_an_isco_code_must_be_quoted_digits(tmp_path: Path, code: str):
    isco = code if code == "7212" else f'"{code}"'  # 7212 unquoted is a number in YAML
    content = content_with(tmp_path, f"occupations:\n  - isco: {isco}\n    en: [a]\n    ru: [б]\n")
    with pytest.raises(VocabularyError, match="isco must be an ISCO-08 code"):
        load_vocabulary(content)


def test_one_name_for_two_occupations_is_refused(tmp_path: Path):
    content = content_with(
        tmp_path,
        "occupations:\n"
        '  - isco: "7212"\n    en: [welder]\n    ru: [сварщик]\n'
        '  - isco: "7213"\n    en: [welders]\n    ru: [жестянщик]\n',
    )
    with pytest.raises(
        VocabularyError, match=r"'welders' of \('7213',\) is also a name of \('7212',\)"
    ):
        load_vocabulary(content)
