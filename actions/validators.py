"""Checks and normalisation of what people type into the pre-registration form (any language).

Pure functions: each returns the normalised value, or None when the answer is not acceptable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import dateparser
import phonenumbers
from dateparser.data import language_order

from actions.config import CONFIG

MIN_AGE, MAX_AGE = 14, 100
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}")
_NAME_CHARS = re.compile(r"^[^\W\d_]+(?:[-'’.][^\W\d_]*)*$")
_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[./\-\s](\d{1,2})[./\-\s](\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
# Dates written in words ("23 April 1990", «23 апреля 1990») in every language the assistant
# speaks that dateparser knows.
_DATE_LANGUAGES = [code for code in CONFIG.languages if code in language_order]


def full_name(text: str) -> str | None:
    """A person's name: 2–6 words of letters (hyphens, apostrophes and initials allowed), one of
    them at least two letters long, 3–100 characters."""
    words = text.split()
    if not 2 <= len(words) <= 6 or not 3 <= len(text.strip()) <= 100:
        return None
    if not any(len(word.strip(".")) >= 2 for word in words):
        return None
    if not all(_NAME_CHARS.match(word) for word in words):
        return None
    return " ".join(words)


def birth_date(text: str, today: date) -> tuple[date | None, str | None]:
    """(date, None) for a real date of birth of someone aged 14–100, else (None, reason) with the
    reason "unreadable" or "age"."""
    parsed = _parse_date(text)
    if parsed is None:
        return None, "unreadable"
    age = today.year - parsed.year - ((today.month, today.day) < (parsed.month, parsed.day))
    if not MIN_AGE <= age <= MAX_AGE:
        return None, "age"
    return parsed, None


def _parse_date(text: str) -> date | None:
    numeric = _NUMERIC_DATE.match(text)
    iso = _ISO_DATE.match(text)
    try:
        if numeric:  # day first, as written in both languages: 23.04.1990, 23/04/1990
            day, month, year = (int(part) for part in numeric.groups())
            return date(year, month, day)
        if iso:
            year, month, day = (int(part) for part in iso.groups())
            return date(year, month, day)
    except ValueError:  # 31.02.1990
        return None
    parsed = dateparser.parse(
        text,
        languages=_DATE_LANGUAGES,
        settings={"DATE_ORDER": "DMY", "STRICT_PARSING": True, "PREFER_DATES_FROM": "past"},
    )
    return parsed.date() if parsed else None


@dataclass(frozen=True)
class Contact:
    kind: str  # "phone" | "email"
    value: str


def contact(text: str, default_region: str) -> Contact | None:
    """A phone number (normalised to E.164) or an e-mail address found in the answer."""
    email = _EMAIL.search(text)
    if email:
        return Contact("email", email.group(0).lower())
    for match in phonenumbers.PhoneNumberMatcher(text, default_region):
        if phonenumbers.is_valid_number(match.number):
            formatted = phonenumbers.format_number(
                match.number, phonenumbers.PhoneNumberFormat.E164
            )
            return Contact("phone", formatted)
    return None


def place(text: str) -> str | None:
    """A city or region name: 2–60 characters with letters, no question."""
    cleaned = " ".join(text.split())
    if not 2 <= len(cleaned) <= 60 or "?" in cleaned or "@" in cleaned:
        return None
    if not re.search(r"[^\W\d_]{2}", cleaned):
        return None
    return cleaned


def occupation(text: str, no_occupation_words: list[str]) -> str | None:
    """A short description of an occupation, or "none" when the person has not worked yet."""
    cleaned = " ".join(text.split())
    if cleaned.lower().strip(".! ") in no_occupation_words:
        return "none"
    if not 2 <= len(cleaned) <= 80 or "?" in cleaned or not re.search(r"[^\W\d_]{2}", cleaned):
        return None
    return cleaned


def choice(text: str, choices: dict[str, Any]) -> str | None:
    """The key of the choice that `text` names: the key itself (a button), or a typed word."""
    wanted = text.strip().lower()
    if wanted in choices:
        return wanted
    for key, spec in choices.items():
        if any(word in wanted for word in spec.get("typed", [])):
            return str(key)
    return None
