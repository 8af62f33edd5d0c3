"""Masking helpers that keep personal data out of logs.

They err on the side of hiding: whatever they cannot recognise is masked rather than
logged as it is. Names inside free text cannot be recognised; log names with `mask_name`.
"""

from __future__ import annotations

import re
from typing import Final

import phonenumbers

MASK: Final = "***"
_EMAIL: Final = re.compile(r"[\w.%+'-]+@[\w-]+(?:\.[\w-]+)+")
# Seven or more digits, possibly split by spaces, dashes or brackets: a phone number the
# library did not accept, or another identifier (account, document). Dots are not
# separators here, so dates such as 12.05.1988 stay readable.
_LONG_DIGIT_RUN: Final = re.compile(r"\+?\d(?:[ \t()\-]{0,2}\d){6,}")


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


def mask_text(text: str, region: str | None = None) -> str:
    """Mask the e-mail addresses and phone numbers found in free text (a user's message).

    `region` (ISO 3166 code such as "RU") lets numbers written without "+" be recognised
    with their country code; long digit runs are masked anyway.
    """
    text = _EMAIL.sub(lambda match: mask_email(match.group()), text)
    text = _mask_phone_matches(text, region)
    return _LONG_DIGIT_RUN.sub(lambda match: mask_phone(match.group(), region), text)


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
