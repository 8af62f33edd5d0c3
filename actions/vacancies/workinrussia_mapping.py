"""The one mapping of a Work in Russia (trudvsem.ru) vacancy, for the API source and the importer.

`record(raw)` turns one `vacancy` object of the API (as it answers, or as a saved answer the
importer reads) into a record of the JSON-lines schema (`Vacancy` field names, plain values);
`vacancy(raw)` is the same as a `Vacancy`. Both sources of Work in Russia data therefore agree on
every field: the city found in the addresses (or the region, for Moscow, St Petersburg and
Sevastopol), salaries where 0 or "от 0" mean "not stated", the currency read from "«руб.»", the
schedule (remote when either the schedule or the employment says so), requirements as
education, experience and qualification lines, and HTML as plain text.

Personal data: only the fields read here are copied. `contact_list`, `contact_person` and every
phone or e-mail field are read for one purpose only, to blank them (and any phone number or
e-mail address) out of the free text of duties and requirements: they are never stored, cached
or logged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any, Final

from actions.vacancies.model import Vacancy
from actions.vacancies.normalise import normalise_schedule
from actions.vacancies.plain import plain_text

SOURCE: Final = "workinrussia"
BLANKED: Final = "…"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?:\+7|\b8)[\s\-(]*\d{3}[\s\-)]*\d{3}[\s\-]*\d{2}[\s\-]*\d{2}\b|\+\d[\d\s\-()]{8,}\d"
)
_AMOUNT = re.compile(r"\d[\d\s\u00a0]*(?:[.,]\d+)?")
# "г. Казань", "г Казань", "город Казань", "гор. Казань", "Казань г", "Казань г."
_CITY_PART = re.compile(r"(?:г\.|г\s|гор\.?\s|город\s)\s*(.+)|(.+?)\s+г\.?$", re.I)
# Federal cities: their region is the city ("Москва" without a "г.").
_CITY_REGIONS = frozenset({"7700000000000", "7800000000000", "9200000000000"})
_CURRENCIES = (
    ("RUB", ("руб", "rub", "rur", "₽")),
    ("USD", ("usd", "$", "долл")),
    ("EUR", ("eur", "€", "евро")),
)
# Fields of an API vacancy that hold contact data; read only to blank them out of free text.
_CONTACT_FIELDS = (
    "contact_list",
    "contact_person",
    "contacts",
    "email",
    "emails",
    "phone",
    "phones",
)


def record(raw: Any) -> dict[str, object] | None:
    """One API `vacancy` object as a JSON-lines record; None when it has no id or title."""
    if not isinstance(raw, Mapping):
        return None
    vacancy_id = _text(raw.get("id"))
    title = _text(raw.get("job-name"))
    if not vacancy_id or not title:
        return None
    company = _object(raw.get("company"))
    region = _object(raw.get("region"))
    salary_min = _amount(raw.get("salary_min"))
    salary_max = _amount(raw.get("salary_max"))
    currency = _currency(raw.get("currency"))
    if currency is None and raw.get("currency") in (None, "") and (salary_min or salary_max):
        currency = "RUB"
    secrets = sorted(set(_contact_strings(raw)), key=len, reverse=True)
    employment = _text(raw.get("employment")) or None
    posted = _date(raw.get("creation-date"))
    return {
        "id": vacancy_id,
        "title": title,
        "employer": _text(company.get("name")),
        "city": _city(raw.get("addresses"), region),
        "region": _text(region.get("name")) or None,
        "salary_min": salary_min,
        "salary_max": salary_max,
        # A currency without an amount says nothing.
        "currency": currency if (salary_min or salary_max) else None,
        "schedule": _schedule(_text(raw.get("schedule")), employment),
        "employment": employment,
        "posted": posted.isoformat() if posted else None,
        "url": _url(raw.get("vac_url")),
        "duties": blank_contacts(plain_text(_raw_text(raw.get("duty"))), secrets),
        "requirements": blank_contacts(_requirements(raw.get("requirement")), secrets),
    }


def vacancy(raw: Any) -> Vacancy | None:
    """One API `vacancy` object as a Vacancy of the Work in Russia source; None without an id
    or a title."""
    found = record(raw)
    if found is None:
        return None
    posted = found["posted"]
    fields: dict[str, Any] = {
        **found,
        "posted": date.fromisoformat(str(posted)) if posted else None,
    }
    return Vacancy(**fields, source=SOURCE)


def blank_contacts(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with the given contact strings, phone numbers and e-mail addresses blanked."""
    for secret in secrets:
        text = re.sub(re.escape(secret), BLANKED, text, flags=re.I)
    return _PHONE.sub(BLANKED, _EMAIL.sub(BLANKED, text))


def _object(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(value: Any) -> str:
    if value is None or isinstance(value, (Mapping, list, bool)):
        return ""
    return " ".join(str(value).split())


def _raw_text(value: Any) -> str:
    """Text as sent, line breaks and all (for `plain_text`)."""
    if value is None or isinstance(value, (Mapping, list, bool)):
        return ""
    return str(value)


def number(value: Any) -> int | None:
    """A whole number from a number or a text such as "15 000" (the API writes both)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return int(value)
    match = _AMOUNT.search(str(value))
    if match is None:
        return None
    digits = re.sub(r"[\s\u00a0]", "", match.group()).replace(",", ".")
    try:
        return int(float(digits))
    except ValueError:
        return None


def _amount(value: Any) -> int | None:
    """A salary; 0, "от 0", "" and nonsense mean not stated."""
    amount = number(value)
    return amount if amount and amount > 0 else None


def _currency(value: Any) -> str | None:
    text = _text(value).lower().strip("«»\"'. ")
    if not text:
        return None
    for code, fragments in _CURRENCIES:
        if any(fragment in text for fragment in fragments):
            return code
    return text.upper() if len(text) == 3 and text.isascii() and text.isalpha() else None


def _schedule(schedule: str, employment: str | None) -> str | None:
    """Remote when either field says so, else what the schedule says, else the employment."""
    both = f"{schedule} {employment or ''}"
    if normalise_schedule(both) == "remote":
        return "remote"
    return normalise_schedule(schedule) or normalise_schedule(employment)


def _city(addresses: Any, region: Mapping[str, Any]) -> str | None:
    """The city of the first address that names one ("…, г. Казань, ул. …"), else the region
    when it is a city itself ("г. Москва")."""
    entries = addresses.get("address") if isinstance(addresses, Mapping) else None
    if isinstance(entries, Mapping):
        entries = [entries]
    for entry in entries if isinstance(entries, list) else []:
        city = _city_in(_text(entry.get("location")) if isinstance(entry, Mapping) else "")
        if city:
            return city
    region_name = _text(region.get("name"))
    if _text(region.get("region_code")) in _CITY_REGIONS:
        return _city_in(region_name) or region_name or None
    return _city_in(region_name)


def _city_in(location: str) -> str | None:
    for part in location.split(","):
        match = _CITY_PART.match(part.strip())
        if match:
            return (match.group(1) or match.group(2)).strip() or None
    return None


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(_text(value)[:10])
    except ValueError:
        return None


def _url(value: Any) -> str | None:
    url = _text(value)
    return url if url.startswith(("https://", "http://")) and " " not in url else None


def _requirements(requirement: Any) -> str:
    if not isinstance(requirement, Mapping):
        return ""
    lines = []
    education = _text(requirement.get("education"))
    if education:
        lines.append(f"Образование: {education}")
    experience = requirement.get("experience")
    years = number(experience)
    if years is not None:
        lines.append(f"Опыт работы (лет): {years}" if years > 0 else "Опыт работы: не требуется")
    elif _text(experience):
        lines.append(f"Опыт работы: {_text(experience)}")
    qualification = plain_text(_raw_text(requirement.get("qualification")))
    if qualification:
        lines.append(qualification)
    return "\n".join(lines)


def _contact_strings(raw: Mapping[str, Any]) -> Iterator[str]:
    """The contact data of an API vacancy (read only to blank it out of free text)."""
    for field in _CONTACT_FIELDS:
        yield from _strings(raw.get(field))
    company = raw.get("company")
    if isinstance(company, Mapping):
        for field in _CONTACT_FIELDS:
            yield from _strings(company.get(field))


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        if len(value.strip()) >= 3:
            yield value.strip()
    elif isinstance(value, Mapping):
        # contact_list entries: {"contact_type": "Телефон", "contact_value": "+7 …"}
        yield from _strings(
            value["contact_value"] if "contact_value" in value else list(value.values())
        )
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
