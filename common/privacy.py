"""Masking helpers that keep personal data out of logs and out of what staff see by default.

They err on the side of hiding: whatever they cannot recognise is masked rather than
logged as it is. Names inside free text cannot be recognised; log names with `mask_name`,
and hide the values a person gave in a form with `mask_values` (see `sensitive_slots`).

Personal identifiers are recognised by their checksum (python-stdnum for INN, isikukood and
Luhn; SNILS here, stdnum has none) and replaced by a label such as "[SNILS]", so staff know
what was there. A digit run that fails the checksum is not that identifier, but it is still
masked as a long digit run (only its last two digits stay readable).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Final

import phonenumbers
from stdnum import luhn
from stdnum.ee import ik as isikukood
from stdnum.ru import inn

from common.content import ContentError, read_content

MASK: Final = "***"
_EMAIL: Final = re.compile(r"[\w.%+'-]+@[\w-]+(?:\.[\w-]+)+")
# Seven or more digits, possibly split by spaces, dashes, dots or brackets: a phone number the
# library did not accept, or another identifier (account, document). A date such as
# 12.05.1988 on its own stays readable (`_DATE`).
_LONG_DIGIT_RUN: Final = re.compile(r"\+?\d(?:[ \t().\-]{0,2}\d){6,}")
_DATE: Final = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}")
# Groups of digits joined by single spaces, dashes or dots, not glued to a word, and not a
# number written with "+" (that is a phone number): the candidates for a personal identifier.
_DIGIT_GROUPS: Final = re.compile(r"(?<![\w+\-])\d+(?:[ .\-]\d+)*(?![\w\-])")
_GROUP_SEPARATOR: Final = re.compile(r"[ .\-]")
# A Russian passport: series (4 digits, often written "45 08") and number (6 digits), with
# a space or "№" between them; ten digits in one piece only after the word "passport" (else
# they cannot be told from a phone number).
_PASSPORT: Final = re.compile(r"(?<![\w+\-])(?<!\d )\d{2} ?\d{2}(?: ?№ ?| )\d{6}(?![\w\-]| \d)")
_NAMED_PASSPORT: Final = re.compile(
    r"(?P<lead>(?:паспорт\w*|passport)(?:\s*(?:№|no\.?))?[\s:]*)\d{10}(?![\w\-])", re.IGNORECASE
)
# "серия 4508 номер 123456", "серии 45 08 № 123456", "series 4508 number 123456".
_SERIES_AND_NUMBER: Final = re.compile(
    r"(?P<lead>\b(?:сери[яий]|series)\s*[:.]?\s*)\d{2}\s?\d{2}[\s,]*"
    r"(?:(?:номер|number|№|no\.?)\s*[:.]?\s*)?\d{6}(?!\d)",
    re.IGNORECASE,
)
# A place: `"latitude": 55.75` (a location as JSON) or a pair of decimal degrees.
_COORDINATE_VALUE: Final = re.compile(
    r"(?P<key>[\"']?(?:latitude|longitude|lat|lon|lng)[\"']?\s*[:=]\s*)-?\d{1,3}(?:\.\d+)?",
    re.IGNORECASE,
)
_COORDINATE_PAIR: Final = re.compile(
    r"(?<![\d.])-?\d{1,2}\.\d{3,}\s*[,;]\s*-?\d{1,3}\.\d{3,}(?![\d.])"
)
# Characters people (and phones' keyboards) put in numbers that look like the plain ones the
# patterns expect: Unicode spaces (no-break, thin, figure…), dashes and minus signs, dots;
# zero-width characters are dropped.
_SEPARATORS: Final = str.maketrans(
    {
        **{
            char: " "
            for char in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
            "\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
        },
        **{char: "-" for char in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"},
        **{char: "." for char in "\u2024\u00b7\u2027\u2219\uff0e\u3002"},
        **{char: None for char in "\u200b\u200c\u200d\u2060\ufeff\u00ad"},
    }
)

LABELS: Final = {
    "snils": "[SNILS]",
    "inn": "[INN]",
    "passport": "[passport]",
    "isikukood": "[isikukood]",
    "card": "[card]",
    "location": "[location]",
}


def mask_phone(phone: str, region: str | None = None) -> str:
    """Hide every digit except a written country code and the last two digits.

    "+7 912 345-67-67" -> "+7 *** ***-**-67". The layout is kept; a number that cannot be
    parsed (no "+" and no `region`) keeps only its last two digits.
    """
    kept_leading = 0
    if phone.lstrip().startswith("+"):
        try:
            kept_leading = len(str(phonenumbers.parse(phone, region).country_code))
        except phonenumbers.NumberParseException:
            kept_leading = 0
    digits = [index for index, char in enumerate(phone) if char.isdigit()]
    hidden = set(digits[kept_leading : len(digits) - 2])
    return "".join("*" if index in hidden else char for index, char in enumerate(phone))


def mask_email(email: str) -> str:
    """Keep the first character of the local part and the domain: "a***@example.com"."""
    local, at, domain = email.strip().rpartition("@")
    if not at:
        return MASK
    return f"{local[:1]}{MASK}@{domain}"


def mask_name(name: str) -> str:
    """Keep the initial of every part of the name: "Anna Ivanova" -> "A*** I***"."""
    return " ".join(f"{part[0]}{MASK}" for part in name.split())


def mask_sender_id(sender_id: str) -> str:
    """Keep the channel and the last two characters: "telegram:123456" -> "telegram:****56"."""
    channel, colon, user = sender_id.rpartition(":")
    hidden = "*" * max(len(user) - 2, 1) + user[-2:] if len(user) > 2 else MASK
    return f"{channel}{colon}{hidden}"


def sender_ref(sender_id: str) -> str:
    """A log reference to a conversation that does not reveal its id: the channel and the first
    8 hex digits of the id's SHA-256, "webchat:#1a2b3c4d". A web chat session id is a bearer
    secret (with the signature it opens the conversation), so it never goes to a log; the same
    conversation always gets the same reference, so its log lines can still be followed."""
    channel, colon, user = sender_id.rpartition(":")
    digest = hashlib.sha256(user.encode()).hexdigest()[:8]
    return f"{channel}{colon}#{digest}"


def mask_text(text: str, region: str | None = None) -> str:
    """Mask the personal data found in free text (a user's message).

    Identifiers with a valid checksum (SNILS, INN, isikukood, bank cards) and passport numbers
    become labels; e-mail addresses and phone numbers keep a hint (`mask_email`, `mask_phone`).
    `region` (ISO 3166 code such as "RU") lets numbers written without "+" be recognised
    with their country code; long digit runs are masked anyway. Unicode spaces, dashes and
    dots are read as their plain forms first (`normalise_separators`), and places given as
    coordinates become "[location]".
    """
    text = mask_identifiers(text)
    text = _EMAIL.sub(lambda match: mask_email(match.group()), text)
    text = _mask_phone_matches(text, region)
    return _LONG_DIGIT_RUN.sub(lambda match: _mask_digit_run(match.group(), region), text)


def normalise_separators(text: str) -> str:
    """No-break and other Unicode spaces as " ", dashes and minus signs as "-", Unicode dots
    as ".", zero-width characters removed: "8\u00a0912\u2013345" reads "8 912-345"."""
    return text.translate(_SEPARATORS)


def mask_identifiers(text: str) -> str:
    """Replace passport numbers, places given as coordinates, and checksum-valid SNILS, INN,
    isikukood and card numbers (after `normalise_separators`)."""
    text = normalise_separators(text)
    text = _COORDINATE_VALUE.sub(lambda match: match.group("key") + LABELS["location"], text)
    text = _COORDINATE_PAIR.sub(LABELS["location"], text)
    text = _SERIES_AND_NUMBER.sub(lambda match: match.group("lead") + LABELS["passport"], text)
    text = _PASSPORT.sub(LABELS["passport"], text)
    text = _NAMED_PASSPORT.sub(lambda match: match.group("lead") + LABELS["passport"], text)
    return _DIGIT_GROUPS.sub(_label_identifier, text)


def is_valid_snils(number: str) -> bool:
    """A Russian SNILS (11 digits, "112-233-445 95") with the right check number.

    The check number is the weighted sum of the first nine digits (weights 9..1) modulo 101,
    where 100 reads as 00. Numbers up to 001-001-998 were issued without a check number and
    are not recognised.
    """
    digits = _GROUP_SEPARATOR.sub("", number)
    if not re.fullmatch(r"\d{11}", digits) or int(digits[:9]) <= 1_001_998:
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:9], range(9, 0, -1), strict=True)
    )
    return int(digits[9:]) == total % 101 % 100


def mask_values(text: str, values: Iterable[str]) -> str:
    """Hide every occurrence of the given values (what a person typed into a sensitive form
    slot, e.g. their name), case-insensitively, as whole words.

    The words of a value are hidden on their own too ("Anna Ivanova" also hides "Anna"), so
    a greeting that repeats a first name does not reveal it. Numeric parts alone are not
    (they are caught by the digit rules of `mask_text` where they matter).
    """
    needles: set[str] = set()
    for value in values:
        value = value.strip()
        if len(value) < 2:
            continue
        needles.add(value.casefold())
        needles.update(
            word.casefold()
            for word in re.split(r"\s+", value)
            if len(word) >= 2 and any(char.isalpha() for char in word)
        )
    if not needles:
        return text
    alternatives = "|".join(re.escape(needle) for needle in sorted(needles, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    return pattern.sub(MASK, text)


def sensitive_slots(content_dir: Path) -> frozenset[str]:
    """The slot names listed under `sensitive_slots` in `<content_dir>/privacy.yml`."""
    names = read_content(content_dir, "privacy").get("sensitive_slots")
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise ContentError(
            f"{content_dir / 'privacy.yml'} must list slot names under sensitive_slots"
        )
    return frozenset(names)


def _label_identifier(match: re.Match[str]) -> str:
    kind = _identifier_kind(match.group())
    return LABELS[kind] if kind else match.group()


def _identifier_kind(candidate: str) -> str | None:
    groups = [len(group) for group in _GROUP_SEPARATOR.split(candidate)]
    digits = _GROUP_SEPARATOR.sub("", candidate)
    single = len(groups) == 1
    if len(digits) == 11 and (single or groups == [3, 3, 3, 2]) and is_valid_snils(digits):
        return "snils"
    if single and len(digits) == 11 and isikukood.is_valid(digits):
        return "isikukood"
    if single and len(digits) in (10, 12) and inn.is_valid(digits):
        return "inn"
    if 13 <= len(digits) <= 19 and _card_layout(groups) and luhn.is_valid(digits):
        return "card"
    return None


def _card_layout(groups: list[int]) -> bool:
    """One block, blocks of four (the last may be shorter), or the 4-6-5 / 4-6-4 layouts."""
    if len(groups) == 1 or groups in ([4, 6, 5], [4, 6, 4]):
        return True
    return all(size == 4 for size in groups[:-1]) and 1 <= groups[-1] <= 4


def _mask_digit_run(run: str, region: str | None) -> str:
    """A long digit run masked as a phone number, unless it is a date on its own."""
    return run if _DATE.fullmatch(run) else mask_phone(run, region)


def _mask_phone_matches(text: str, region: str | None) -> str:
    pieces: list[str] = []
    position = 0
    matcher = phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE)
    for match in matcher:
        pieces.append(text[position : match.start])
        pieces.append(mask_phone(match.raw_string, region))
        position = match.end
    pieces.append(text[position:])
    return "".join(pieces)
