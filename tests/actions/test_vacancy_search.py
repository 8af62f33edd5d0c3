"""Vacancy search actions over a real local index: slots → query → cards, paging, details,
no results, a failing source — in both languages."""

import json

import pytest
from rasa_sdk.events import SlotSet
from support.trackers import make_tracker, user_message

from actions import vacancy_search
from actions.vacancies.local import LocalIndexSource, open_local_index
from actions.vacancy_search import (
    ActionNewVacancySearch,
    ActionPrepareVacancySearch,
    ActionSearchVacancies,
    ActionShowMoreVacancies,
    ActionVacancyDetails,
    ValidateVacancyForm,
)


def vacancy(number: int, **fields):
    return {
        "id": f"t-{number:03d}",
        "title": "Водитель автобуса",
        "employer": "АО «Тестовый автопарк»",
        "city": "Казань",
        "region": "Республика Татарстан",
        "salary_min": 60000,
        "salary_max": 80000,
        "currency": "RUB",
        "schedule": "shift",
        "employment": "permanent",
        "posted": f"2026-11-{number % 28 + 1:02d}",
        "url": f"https://demo-pes.example/jobs/t-{number:03d}",
        "duties": "Перевозка пассажиров по городским маршрутам.",
        "requirements": "Права категории D.",
        **fields,
    }


VACANCIES = [vacancy(n) for n in range(1, 8)] + [
    vacancy(
        20,
        title="Welder (MIG/MAG)",
        employer="Baltic Freight OÜ",
        city="Tallinn",
        region="Harju County",
        salary_min=1800,
        salary_max=2400,
        currency="EUR",
        schedule="full_time",
        duties="Welding of steel structures.",
        requirements="Certificate EN ISO 9606.",
    ),
    vacancy(
        21,
        title="Accountant",
        employer="Demo Health Clinic",
        city="Tartu",
        region="Tartu",
        salary_min=None,
        salary_max=None,
        currency=None,
        schedule="remote",
        duties="Bookkeeping.",
        requirements="Experience with payroll.",
    ),
    vacancy(
        22,
        title="Сварщик",
        employer="ООО «Московский металл»",
        city="Москва",
        region="Москва",
        salary_min=90000,
        salary_max=None,
        schedule="full_time",
        duties="Сварка металлоконструкций.",
        requirements="Удостоверение сварщика.",
    ),
]


@pytest.fixture
async def index(tmp_path):
    sample = tmp_path / "sample.jsonl"
    sample.write_text("\n".join(json.dumps(v, ensure_ascii=False) for v in VACANCIES) + "\n")
    source = await open_local_index(tmp_path / "vacancies.db", sample)
    vacancy_search.use_source(source)
    yield source
    vacancy_search.use_source(None)
    await source.close()


def searched(**slots):
    entities = [{"entity": k, "value": v} for k, v in slots.items() if k != "language"]
    language = slots.get("language", "en")
    return make_tracker(
        latest=user_message("…", "search_vacancies", entities=entities),
        slots={**slots, "language": language},
    )


async def test_russian_word_forms_find_the_vacancies_and_paging_is_offered(dispatcher, index):
    tracker = searched(occupation="водителем", location="Казани", language="ru")
    events = await ActionSearchVacancies().run(dispatcher, tracker, {})
    header, *cards = dispatcher.messages
    assert header["text"] == "Нашлось вакансий: 7 по запросу «водитель» — Казань. Вот 5:"
    assert len(cards) == 5
    assert "**Водитель автобуса** — АО «Тестовый автопарк»" in cards[0]["text"]
    assert "60 000–80 000 ₽" in cards[0]["text"]
    assert cards[0]["buttons"][0]["payload"].startswith('/vacancy_details{"vacancy_id": "t-')
    assert [b["payload"] for b in cards[-1]["buttons"][1:]] == [
        "/show_more",
        "/subscribe_alerts",
        "/new_search",
    ]
    [remembered] = events
    assert remembered["name"] == "vacancy_search"
    assert remembered["value"]["cursor"] is not None


async def test_any_welder_jobs_in_moscow_shows_the_russian_vacancy_with_the_reply_in_english(
    dispatcher, index
):
    tracker = searched(occupation="welders", location="in Moscow", language="en")
    await ActionSearchVacancies().run(dispatcher, tracker, {})
    header, card, end = dispatcher.messages
    assert header["text"] == "I found 1 vacancies for “welder” in Moscow. Here are 1:"
    # The vacancy in its own language, the words around it in the person's.
    assert card["text"].startswith(
        "**Сварщик** — ООО «Московский металл»\nfrom 90,000 RUB · Москва"
    )
    assert "· posted " in card["text"]
    assert card["buttons"][0]["title"] == "Details: Сварщик"
    assert end["text"] == "That's all I have for this search."


async def test_the_header_names_occupation_and_place_in_the_persons_language(dispatcher, index):
    await ActionSearchVacancies().run(
        dispatcher, searched(occupation="welder", location="Moscow", language="ru"), {}
    )
    assert (
        dispatcher.messages[0]["text"]
        == "Нашлось вакансий: 1 по запросу «сварщик» — Москва. Вот 1:"
    )
    dispatcher.messages.clear()
    await ActionSearchVacancies().run(
        dispatcher, searched(occupation="водителем", location="Казани", language="en"), {}
    )
    assert (
        dispatcher.messages[0]["text"] == "I found 7 vacancies for “driver” in Kazan. Here are 5:"
    )
    assert "**Водитель автобуса**" in dispatcher.messages[1]["text"]


async def test_more_continues_the_last_search_without_repeats(dispatcher, index):
    first = await ActionSearchVacancies().run(
        dispatcher, searched(occupation="водитель", language="ru"), {}
    )
    shown = {m["buttons"][0]["payload"] for m in dispatcher.messages[1:]}
    dispatcher.messages.clear()
    tracker = make_tracker(
        latest=user_message("ещё", "show_more"),
        slots={"vacancy_search": first[0]["value"], "language": "ru"},
    )
    events = await ActionShowMoreVacancies().run(dispatcher, tracker, {})
    more = {m["buttons"][0]["payload"] for m in dispatcher.messages if "вакансии" not in m["text"]}
    assert len(dispatcher.messages) == 3  # two cards and "that's all"
    assert dispatcher.messages[-1]["text"] == "Больше вакансий по этому запросу нет."
    assert not (more & shown)
    assert events[0]["value"]["shown"] == 7
    assert events[0]["value"]["cursor"] is None


async def test_more_without_a_search_asks_what_to_look_for(dispatcher, index):
    await ActionShowMoreVacancies().run(
        dispatcher, make_tracker(latest=user_message("more", "show_more")), {}
    )
    assert "no search to continue" in dispatcher.messages[0]["text"]


async def test_details_show_duties_requirements_and_schedule(dispatcher, index):
    latest = user_message(
        "/vacancy_details", "vacancy_details", [{"entity": "vacancy_id", "value": "t-020"}]
    )
    await ActionVacancyDetails().run(dispatcher, make_tracker(latest=latest), {})
    [details] = dispatcher.messages
    assert "**Welder (MIG/MAG)** — Baltic Freight OÜ" in details["text"]
    assert "Schedule: full-time" in details["text"]
    assert "Duties: Welding of steel structures." in details["text"]
    assert "Requirements: Certificate EN ISO 9606." in details["text"]
    assert "EUR 1,800–2,400" not in details["text"]
    assert "1,800–2,400 EUR" in details["text"]


async def test_a_vanished_vacancy_is_said_so(dispatcher, index):
    latest = user_message(
        "/vacancy_details", "vacancy_details", [{"entity": "vacancy_id", "value": "gone"}]
    )
    await ActionVacancyDetails().run(
        dispatcher, make_tracker(latest=latest, slots={"language": "ru"}), {}
    )
    assert dispatcher.messages[0]["text"] == "К сожалению, эта вакансия больше недоступна."


async def test_no_results_offers_to_relax_the_filters(dispatcher, index):
    tracker = searched(
        occupation="senior welder", location="Tallinn", salary_min="5000", schedule="remote"
    )
    events = await ActionSearchVacancies().run(dispatcher, tracker, {})
    [message] = dispatcher.messages
    assert message["text"].startswith("Sorry, I found no vacancies for “senior welder” in Tallinn")
    titles = [b["title"] for b in message["buttons"]]
    assert titles == [
        "Any salary",
        "Any schedule",
        "Anywhere",
        "Just “welder”",
        "Notify me",
        "New search",
    ]
    relaxed = message["buttons"][0]["payload"]
    assert relaxed.startswith("/search_vacancies{") and '"salary"' not in relaxed
    assert events == [SlotSet("vacancy_search", None)]


async def test_salary_and_schedule_filters(dispatcher, index):
    await ActionSearchVacancies().run(
        dispatcher, searched(occupation="any", location="any", schedule="remote"), {}
    )
    assert "**Accountant**" in dispatcher.messages[1]["text"]
    assert "salary not stated" in dispatcher.messages[1]["text"]
    assert len(dispatcher.messages) == 3  # header, one card, "that's all"


async def test_a_failing_source_gets_an_apology_in_the_persons_language(dispatcher, tmp_path):
    vacancy_search.use_source(LocalIndexSource(tmp_path))  # a directory: the index can't open
    try:
        events = await ActionSearchVacancies().run(
            dispatcher, searched(occupation="сварщик", language="ru"), {}
        )
    finally:
        vacancy_search.use_source(None)
    assert events == []
    assert dispatcher.messages[0]["text"].startswith("Извините, сейчас не получается искать")


async def test_a_new_request_drops_filters_it_does_not_mention(dispatcher):
    tracker = make_tracker(
        latest=user_message(
            "driver jobs", "search_vacancies", [{"entity": "occupation", "value": "driver"}]
        ),
        slots={"occupation": "driver", "location": "Kazan", "salary_min": "50000"},
    )
    events = await ActionPrepareVacancySearch().run(dispatcher, tracker, {})
    assert events == [
        SlotSet("location", None),
        SlotSet("salary_min", None),
        SlotSet("schedule", None),
    ]


async def test_a_search_inside_another_form_searches_anywhere_without_asking(dispatcher):
    tracker = make_tracker(
        latest=user_message("any jobs?", "search_vacancies"), active_loop="registration_form"
    )
    events = await ActionPrepareVacancySearch().run(dispatcher, tracker, {})
    assert SlotSet("occupation", "any") in events
    assert SlotSet("location", "any") in events


@pytest.mark.parametrize(
    ("slot", "typed", "language", "kept"),
    [
        ("occupation", "любая", "ru", "any"),
        ("occupation", "сварщик", "ru", "сварщик"),
        ("location", "везде", "ru", "any"),
        ("location", "anywhere", "en", "any"),
        ("location", "Tartu", "en", "Tartu"),
    ],
)
async def test_the_form_accepts_any_and_anywhere(dispatcher, slot, typed, language, kept):
    tracker = make_tracker(
        latest=user_message(typed, "inform"),
        slots={slot: typed, "requested_slot": slot, "language": language},
        after=[{"event": "slot", "name": slot, "value": typed}],
        active_loop="vacancy_form",
    )
    domain = {"forms": {"vacancy_form": {"required_slots": ["occupation", "location"]}}}
    events = await ValidateVacancyForm().run(dispatcher, tracker, domain)
    assert SlotSet(slot, kept) in events


async def test_a_new_search_forgets_the_last_one(dispatcher):
    events = await ActionNewVacancySearch().run(dispatcher, make_tracker(), {})
    assert SlotSet("occupation", None) in events
    assert SlotSet("vacancy_search", None) in events


@pytest.mark.parametrize(
    ("text", "salary"),
    [
        ("удалённая работа бухгалтером от 60 тысяч", 60000),
        ("driver jobs paying at least 2k", 2000),
        ("welder from 1 500 eur", 1500),
        ("welder jobs in Kazan", None),
    ],
)
async def test_a_wanted_salary_is_read_from_the_words_when_no_entity_was_found(
    dispatcher, text, salary
):
    tracker = make_tracker(latest=user_message(text, "search_vacancies"))
    events = await ActionPrepareVacancySearch().run(dispatcher, tracker, {})
    assert SlotSet("salary_min", salary) in events


async def test_when_the_remote_source_is_down_local_results_come_with_a_note(dispatcher, index):
    from actions.vacancies.fallback import FallbackSource
    from actions.vacancies.workinrussia import WorkInRussiaSource

    unreachable = WorkInRussiaSource("http://127.0.0.1:1", timeout_s=1)  # nothing listens there
    vacancy_search.use_source(FallbackSource(unreachable, index, timeout_s=2))
    try:
        await ActionSearchVacancies().run(
            dispatcher, searched(occupation="водитель", language="ru"), {}
        )
    finally:
        await unreachable.close()
    note, header, *_ = dispatcher.messages
    assert note["text"].startswith("Сервис вакансий сейчас не отвечает")
    assert header["text"].startswith("Нашлось вакансий: 7")
