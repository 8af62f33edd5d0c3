"""Vacancy search: the form's validation, the search, paging, details and a new search."""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import asdict
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import parsing, validators
from actions.config import CONFIG
from actions.content import language_of
from actions.form_validation import ReaskingFormValidationAction, skip_empty
from actions.vacancies import cards
from actions.vacancies.model import SCHEDULES, VacancyPage, VacancyQuery, VacancySourceError
from actions.vacancies.source import VacancySource

logger = logging.getLogger(__name__)

PAGE_SIZE = 5
ANY = "any"  # the slot value for "any occupation" / "anywhere"
SEARCH_SLOTS = ("occupation", "location", "salary_min", "schedule")
ENTITY_OF_SLOT = {
    "occupation": "occupation",
    "location": "location",
    "salary_min": "salary",
    "schedule": "schedule",
}

_source: VacancySource | None = None
_source_lock = asyncio.Lock()


def use_source(source: VacancySource | None) -> None:
    """Make the actions search `source` (None: open the configured one on next use)."""
    global _source
    _source = source


async def vacancy_source() -> VacancySource:
    """The configured vacancy source (VACANCY_SOURCE), opened once per process."""
    global _source
    async with _source_lock:
        if _source is None:
            from actions.vacancies.factory import open_source

            _source = await open_source(CONFIG)
    return _source


# "from 60000", "от 60 тысяч", "at least 2k": a wanted salary the entity extractor may have missed.
_SALARY_PHRASE = re.compile(
    r"(?:\bfrom|\bover|\bat least|\bmore than|\bот|\bне меньше|\bне менее|\bболее|\bсвыше)"
    r"\s+(\d[\d\s.,]*(?:\s*(?:k|к|тыс\w*|thousand))?)",
    re.IGNORECASE,
)


def salary_in_text(text: str) -> int | None:
    match = _SALARY_PHRASE.search(text)
    amount = parsing.parse_money(match.group(1)) if match else None
    return int(amount) if amount else None


def is_any(text: str, language: str, key: str) -> bool:
    """Whether `text` is one of the words for "any" (`key`) in any language we speak."""
    words = {str(w).lower() for code in CONFIG.languages for w in cards.texts(code)[key]}
    return text.strip().lower().strip(".!") in words


def query_from_slots(tracker: Tracker) -> VacancyQuery:
    language = language_of(tracker)
    occupation = tracker.get_slot("occupation")
    location = tracker.get_slot("location")
    salary = parsing.parse_money(str(tracker.get_slot("salary_min") or ""))
    schedule = tracker.get_slot("schedule")
    return VacancyQuery(
        occupation=None if occupation in (None, ANY) else str(occupation),
        location=None if location in (None, ANY) else str(location),
        salary_min=int(salary) if salary else None,
        schedule=schedule if schedule in SCHEDULES else None,
        language=language,
    )


def remembered(query: VacancyQuery, page: VacancyPage, shown: int) -> SlotSet:
    return SlotSet(
        "vacancy_search", {"query": asdict(query), "cursor": page.next_cursor, "shown": shown}
    )


async def search(
    dispatcher: CollectingDispatcher, query: VacancyQuery, cursor: str | None
) -> VacancyPage | None:
    """A page from the source, or None after apologising (in the person's language) when the
    source cannot answer in time."""
    try:
        source = await vacancy_source()
        return await asyncio.wait_for(
            source.search(query, cursor, PAGE_SIZE), timeout=CONFIG.vacancy_timeout_s + 1
        )
    except (VacancySourceError, asyncio.TimeoutError):
        logger.warning("Vacancy search failed", exc_info=True)
        dispatcher.utter_message(text=cards.texts(query.language)["source_down"])
        return None


def utter_all(dispatcher: CollectingDispatcher, messages: list[cards.Message]) -> None:
    for message in messages:
        dispatcher.utter_message(text=message.get("text"), buttons=message.get("buttons", []))


class ValidateVacancyForm(ReaskingFormValidationAction):
    def name(self) -> str:
        return "validate_vacancy_form"

    @skip_empty
    def validate_occupation(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value)
        if is_any(text, language_of(tracker), "any_words"):
            return {"occupation": ANY}
        occupation = validators.occupation(text, [])
        if occupation is None:
            dispatcher.utter_message(response="utter_invalid_occupation")
        return {"occupation": occupation}

    @skip_empty
    def validate_location(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value)
        if is_any(text, language_of(tracker), "anywhere_words"):
            return {"location": ANY}
        location = validators.place(text)
        if location is None:
            dispatcher.utter_message(response="utter_invalid_location")
        return {"location": location}


class ActionPrepareVacancySearch(Action):
    """A new request: filters the message does not mention are dropped, so each search is what
    the person asked for now. A search in the middle of another form asks nothing and searches
    anywhere."""

    def name(self) -> str:
        return "action_prepare_vacancy_search"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        mentioned = {e.get("entity") for e in tracker.latest_message.get("entities", [])}
        events: list[EventType] = [
            SlotSet(slot, None)
            for slot, entity in ENTITY_OF_SLOT.items()
            if entity not in mentioned
        ]
        if "salary" not in mentioned:
            salary = salary_in_text(str(tracker.latest_message.get("text") or ""))
            if salary:
                events[events.index(SlotSet("salary_min", None))] = SlotSet("salary_min", salary)
        other_form = tracker.active_loop.get("name")
        if other_form and other_form != "vacancy_form":
            for slot in ("occupation", "location"):
                if ENTITY_OF_SLOT[slot] not in mentioned:
                    events.append(SlotSet(slot, ANY))
        return events


class ActionSearchVacancies(Action):
    def name(self) -> str:
        return "action_search_vacancies"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        query = query_from_slots(tracker)
        page = await search(dispatcher, query, None)
        if page is None:
            return []
        if not page.vacancies:
            dispatcher.utter_message(**cards.no_results(query, query.language))
            return [SlotSet("vacancy_search", None)]
        if page.note == "fallback_local":
            dispatcher.utter_message(text=cards.texts(query.language)["fallback_note"])
        utter_all(
            dispatcher,
            cards.results(
                query, page.vacancies, page.total, page.next_cursor is not None, query.language
            ),
        )
        return [remembered(query, page, len(page.vacancies))]


class ActionShowMoreVacancies(Action):
    def name(self) -> str:
        return "action_show_more_vacancies"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        language = language_of(tracker)
        last = tracker.get_slot("vacancy_search") or {}
        if not last.get("query"):
            dispatcher.utter_message(text=cards.texts(language)["no_previous_search"])
            return []
        query = VacancyQuery(**{**last["query"], "language": language})
        if not last.get("cursor"):
            dispatcher.utter_message(
                text=cards.texts(language)["end_of_results"],
                buttons=[
                    {"title": cards.texts(language)["new_search_button"], "payload": "/new_search"}
                ],
            )
            return []
        page = await search(dispatcher, query, last["cursor"])
        if page is None:
            return []
        messages = cards.results(
            query,
            page.vacancies,
            page.total,
            page.next_cursor is not None,
            language,
            first_page=False,
        )
        utter_all(dispatcher, messages)
        return [remembered(query, page, int(last.get("shown", 0)) + len(page.vacancies))]


class ActionVacancyDetails(Action):
    def name(self) -> str:
        return "action_vacancy_details"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        language = language_of(tracker)
        vacancy_id = next(tracker.get_latest_entity_values("vacancy_id"), None)
        try:
            source = await vacancy_source()
            vacancy = await source.get(str(vacancy_id)) if vacancy_id else None
        except VacancySourceError:
            logger.warning("Vacancy details failed", exc_info=True)
            dispatcher.utter_message(text=cards.texts(language)["source_down"])
            return []
        if vacancy is None:
            dispatcher.utter_message(text=cards.texts(language)["not_found"])
            return []
        message = cards.details(vacancy, language)
        last = tracker.get_slot("vacancy_search") or {}
        if last.get("cursor"):
            more = {"title": cards.texts(language)["more_button"], "payload": "/show_more"}
            message["buttons"].insert(0, more)
        dispatcher.utter_message(text=message["text"], buttons=message["buttons"])
        return []


class ActionNewVacancySearch(Action):
    """Forgets the last search; the vacancy form then asks what to look for."""

    def name(self) -> str:
        return "action_new_vacancy_search"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return [*(SlotSet(slot, None) for slot in SEARCH_SLOTS), SlotSet("vacancy_search", None)]
