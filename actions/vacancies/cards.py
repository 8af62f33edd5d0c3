"""Vacancies as chat messages (Rasa message dicts: text and buttons), in the person's language.

The wording is in data/content/vacancy_texts.yml; channels render these dicts (buttons become
inline keyboards on Telegram and buttons in the web chat). What a vacancy says (title, employer,
place, duties) stays in the vacancy's own language: only the words around it are translated, and
the header names the occupation and place in the person's language when vocabulary.py knows them.
"""

from __future__ import annotations

import json
from typing import Any

from actions.content import texts as content_texts
from actions.vacancies.model import Vacancy, VacancyQuery
from actions.vacancies.vocabulary import vocabulary
from nlu.words import lemma

Message = dict[str, Any]


def texts(language: str) -> dict[str, Any]:
    """The vacancy search's texts (vacancy_texts.yml) in `language`."""
    return content_texts("vacancy_texts").in_language(language)


def money(amount: int, language: str) -> str:
    return f"{amount:,}".replace(",", texts(language)["thousands_separator"])


def salary(vacancy: Vacancy, language: str) -> str:
    t = texts(language)
    currency = t["currencies"].get(vacancy.currency or "", vacancy.currency or "")
    low, high = vacancy.salary_min, vacancy.salary_max
    if low and high and low != high:
        return str(t["salary_range"]).format(
            low=money(low, language), high=money(high, language), currency=currency
        )
    if low:
        return str(t["salary_from"]).format(low=money(low, language), currency=currency)
    if high:
        return str(t["salary_up_to"]).format(high=money(high, language), currency=currency)
    return str(t["salary_not_stated"])


def place(vacancy: Vacancy, language: str) -> str:
    parts = [part for part in (vacancy.city, vacancy.region) if part]
    if vacancy.city and vacancy.region and vacancy.region.startswith(vacancy.city):
        parts = [vacancy.city]
    return ", ".join(parts) if parts else str(texts(language)["place_unknown"])


def posted(vacancy: Vacancy, language: str) -> str:
    return vacancy.posted.strftime("%d.%m.%Y") if vacancy.posted else texts(language)["not_stated"]


def payload(intent: str, **entities: Any) -> str:
    """A button payload in Rasa's `/intent{"entity": value}` syntax."""
    values = {name: value for name, value in entities.items() if value not in (None, "")}
    return f"/{intent}{json.dumps(values, ensure_ascii=False)}" if values else f"/{intent}"


def card(vacancy: Vacancy, language: str) -> Message:
    t = texts(language)
    text = str(t["card"]).format(
        title=vacancy.title,
        employer=vacancy.employer,
        salary=salary(vacancy, language),
        place=place(vacancy, language),
        posted=posted(vacancy, language),
        url=vacancy.url or "",
    )
    title = vacancy.title if len(vacancy.title) <= 40 else vacancy.title[:39] + "…"
    button = {
        "title": str(t["details_button"]).format(title=title),
        "payload": payload("vacancy_details", vacancy_id=vacancy.id),
    }
    return {"text": text.rstrip(), "buttons": [button]}


def dictionary_form(text: str) -> str:
    """Words as the person typed them, in dictionary form: "водителем" -> "водитель"."""
    return " ".join(lemma(word) if word.isalpha() else word for word in text.split())


def occupation_name(text: str, language: str) -> str:
    """The occupation as the header names it, in `language` when the classification knows it:
    the name the person used ("дальнобойщиком" → дальнобойщик) or, when they wrote in another
    language, the usual one ("welder" → сварщик); else their words in dictionary form."""
    found = vocabulary().occupation(text)
    if found is None:
        return dictionary_form(text)
    return found.name if found.language == language else found.entry.name(language)


def place_name(text: str, language: str) -> str:
    """The place as the header names it: its name in `language` when the gazetteer knows it
    ("в Таллине" → Tallinn), else the words typed in dictionary form."""
    found = vocabulary().place(text)
    return dictionary_form(text).title() if found is None else found.entry.name(language)


def describe_query(query: VacancyQuery, language: str) -> str:
    t = texts(language)
    what = ""
    if query.occupation:
        occupation = occupation_name(query.occupation, language)
        what += str(t["for_occupation"]).format(occupation=occupation)
    if query.location:
        what += str(t["in_location"]).format(location=place_name(query.location, language))
    return what


def results(
    query: VacancyQuery,
    vacancies: list[Vacancy],
    total: int | None,
    has_more: bool,
    language: str,
    first_page: bool = True,
) -> list[Message]:
    """A header (on the first page), one card per vacancy, and the buttons: More, Notify me
    (a job alert for this search), New search."""
    t = texts(language)
    messages: list[Message] = []
    if first_page:
        header = t["found"] if total is not None else t["found_unknown_total"]
        messages.append(
            {
                "text": str(header).format(
                    total=total, shown=len(vacancies), what=describe_query(query, language)
                )
            }
        )
    messages += [card(vacancy, language) for vacancy in vacancies]
    navigation = [
        {"title": t["notify_button"], "payload": "/subscribe_alerts"},
        {"title": t["new_search_button"], "payload": "/new_search"},
    ]
    if has_more:
        navigation.insert(0, {"title": t["more_button"], "payload": "/show_more"})
    else:
        messages.append({"text": t["end_of_results"]})
    messages[-1] = {**messages[-1], "buttons": [*messages[-1].get("buttons", []), *navigation]}
    return messages


def no_results(query: VacancyQuery, language: str) -> Message:
    """Say nothing matched and offer searches with relaxed filters."""
    t = texts(language)
    base = {
        "occupation": query.occupation,
        "location": query.location,
        "salary": query.salary_min,
        "schedule": query.schedule,
    }
    options = []
    if query.salary_min:
        options.append((t["relax_salary"], {**base, "salary": None}))
    if query.schedule:
        options.append((t["relax_schedule"], {**base, "schedule": None}))
    if query.location:
        options.append((t["relax_location"], {**base, "location": None}))
    broader = broader_occupation(query.occupation, language)
    if broader:
        title = str(t["relax_occupation"]).format(occupation=broader)
        options.append((title, {**base, "occupation": broader}))
    buttons = [
        {"title": title, "payload": payload("search_vacancies", **e)} for title, e in options
    ]
    buttons.append({"title": t["notify_button"], "payload": "/subscribe_alerts"})
    buttons.append({"title": t["new_search_button"], "payload": "/new_search"})
    return {
        "text": str(t["no_results"]).format(what=describe_query(query, language)),
        "buttons": buttons,
    }


def broader_occupation(occupation: str | None, language: str) -> str | None:
    """The head word of a several-word occupation: "truck driver" -> "driver",
    "электросварщик ручной сварки" -> "электросварщик"."""
    words = (occupation or "").split()
    if len(words) < 2:
        return None
    return words[0] if language == "ru" else words[-1]


def details(vacancy: Vacancy, language: str) -> Message:
    t = texts(language)
    lines = [
        str(t["details"]).format(
            title=vacancy.title,
            employer=vacancy.employer,
            salary=salary(vacancy, language),
            place=place(vacancy, language),
            schedule=t["schedules"].get(vacancy.schedule or "", t["not_stated"]),
            employment=vacancy.employment or t["not_stated"],
            posted=posted(vacancy, language),
        )
    ]
    if vacancy.duties:
        lines.append(str(t["duties"]).format(text=vacancy.duties))
    if vacancy.requirements:
        lines.append(str(t["requirements"]).format(text=vacancy.requirements))
    if vacancy.url:
        lines.append(str(t["link"]).format(url=vacancy.url))
    buttons = [{"title": t["new_search_button"], "payload": "/new_search"}]
    return {"text": "\n\n".join(lines), "buttons": buttons}
