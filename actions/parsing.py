"""Read numbers and yes/no from what people type in chat, in English and Russian.

Every function returns None when the text is not clearly one answer (no number, two numbers,
a date...) so the assistant can ask again; none of them ever raises.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

# Spaces phones and keyboards put inside numbers (no-break, narrow, thin, figure): read as " ".
_SPACE_CHARS = "\u00a0\u202f\u2009\u2007"
_SPACES = str.maketrans(dict.fromkeys(_SPACE_CHARS, " "))
# Longer numbers are not an answer to "how much" or "how long" (and would be slow to convert).
_MAX_DIGITS = 15

# ---------------------------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------------------------

# Digit groups joined by single separators: "1500", "1 500", "1,500.50", "1.500,50", "1'500".
_MONEY_NUMBER = re.compile(r"[0-9]+(?:[ .,'’][0-9]+)*")
# "2k", "2 тыс", "60 тысяч", "2 thousand" right after the number.
_THOUSANDS = re.compile(r"\s*(?:k|к|thousands?|тыс[а-я]*)(?![a-zа-я])\.?")


def parse_money(text: str) -> Decimal | None:
    """An amount of money: "1 500 €", "1,500.50", "1.500,50", "2k", "60 тысяч" -> Decimal.

    A lone separator followed by exactly three digits groups thousands ("1,500", "1.500" are
    1500); otherwise it is the decimal point ("1,5", "1500.50"). None for no number or more
    than one ("1500-2000").
    """
    if not isinstance(text, str):
        return None
    normalized = text.translate(_SPACES).lower()
    matches = list(_MONEY_NUMBER.finditer(normalized))
    if len(matches) != 1:
        return None
    match = matches[0]
    amount = _number_with_separators(match.group())
    if amount is None:
        return None
    if _THOUSANDS.match(normalized, match.end()):
        amount *= 1000
        if amount == amount.to_integral_value():
            amount = amount.quantize(Decimal(1))  # 1.5k -> 1500, not 1500.0
    return amount


def _number_with_separators(chunk: str) -> Decimal | None:
    """Digits with separators as one number, or None when the separators make no sense."""
    parts = re.split(r"([ .,'’])", chunk)
    groups, separators = parts[0::2], parts[1::2]
    fraction = ""
    if separators and separators[-1] in ".,":
        last = separators[-1]
        if len(groups[-1]) != 3 or any(sep != last for sep in separators[:-1]):
            fraction = groups.pop()
            separators.pop()
    if separators:
        thousands_ok = (
            len(set(separators)) == 1
            and 1 <= len(groups[0]) <= 3
            and all(len(group) == 3 for group in groups[1:])
        )
        if not thousands_ok:
            return None
    if len("".join(groups)) + len(fraction) > _MAX_DIGITS:
        return None
    return Decimal("".join(groups) + (f".{fraction}" if fraction else ""))


# ---------------------------------------------------------------------------------------------
# Durations (months, years)
# ---------------------------------------------------------------------------------------------

_WORD_NUMBERS: dict[str, float] = {
    # English
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    # Russian
    "один": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6,
    "семь": 7, "восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12,
    "полтора": 1.5, "полторы": 1.5,
}  # fmt: skip
_YEARS = re.compile(r"years?|yrs?|y|год|года|годов|лет|г")
_MONTHS = re.compile(r"months?|mos?|mths?|мес(?:яц[а-я]*)?")
# A unit with no number before it counts once: "a year", "год", "месяц" (not "years").
_SINGULAR_UNITS = {"year", "год", "month", "месяц"}
# "24 of 36", "24 in the last 36 months", "24 из последних 36": the lookback, not the answer.
_LOOKBACK = re.compile(
    r"\b(?:(?:out\s+of|of|из)\s+(?:the\s+)?(?:(?:last|past|последних)\s+)?"
    r"|(?:in|over|during|за)\s+(?:the\s+)?(?:last|past|последние)\s+)"
    r"[0-9]+(?:\s+(?:months?|мес[а-я]*))?"
)
_REWRITES = (
    (re.compile(r"\bпол(?:\s*|у)года\b"), " 0.5 года "),
    (re.compile(r"\bhalf\s+(?:a\s+|an\s+)?year\b"), " 0.5 year "),
    (re.compile(r"\ban?\s+(year|month)\b"), r" 1 \1 "),
    (re.compile(r"\band\s+a\s+half\b|\bс\s+половиной\b"), " + "),
)
_DURATION_TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)?|[a-zа-я]+|\+")


def parse_months(text: str) -> int | None:
    """A number of months: "24", "24 months", "18 мес", "2 years" -> 24, "полтора года" -> 18.

    A bare number means months. None when the answer is not a whole number of months
    ("1.3 years"): better to ask again than to guess someone into or out of eligibility.
    """
    years = _parse_duration(text, bare_number_unit=Fraction(1, 12))
    if years is None:
        return None
    months = years * 12
    return int(months) if months.denominator == 1 else None


def parse_years(text: str) -> Decimal | None:
    """A number of years: "7", "7 years", "7,5 лет", "18 months" -> 1.5, "полгода" -> 0.5.

    A bare number means years. Months that are not an exact decimal of years ("5 months")
    are rounded half-up to 2 decimals (0.42).
    """
    years = _parse_duration(text, bare_number_unit=Fraction(1))
    return None if years is None else _fraction_to_decimal(years)


def _parse_duration(text: str, *, bare_number_unit: Fraction) -> Fraction | None:
    """Total years in `text`; terms add up ("1 year 6 months"). None when unclear."""
    if not isinstance(text, str):
        return None
    normalized = text.translate(_SPACES).lower().replace("ё", "е").replace("-", " ")
    normalized = _LOOKBACK.sub(" ", normalized)
    for pattern, replacement in _REWRITES:
        normalized = pattern.sub(replacement, normalized)

    total = Fraction(0)
    terms = 0
    pending: Fraction | None = None  # a number waiting for its unit
    last_unit: Fraction | None = None  # for "a year and a half"
    tokens = _DURATION_TOKEN.findall(normalized)
    if any(len(token) > _MAX_DIGITS for token in tokens if token[0].isdigit()):
        return None
    for token in tokens:
        amount = _token_amount(token)
        if amount is not None:
            if pending is not None:
                return None  # two numbers in a row: "12 18"
            pending = amount
        elif token == "+":
            if pending is not None:
                pending += Fraction(1, 2)  # "два с половиной года"
            elif last_unit is not None:
                total += last_unit / 2  # "a year and a half"
            else:
                return None
        elif _YEARS.fullmatch(token) or _MONTHS.fullmatch(token):
            if pending is None and token not in _SINGULAR_UNITS:
                continue  # "years" alone says nothing
            last_unit = Fraction(1) if _YEARS.fullmatch(token) else Fraction(1, 12)
            total += (Fraction(1) if pending is None else pending) * last_unit
            terms += 1
            pending = None
    if pending is not None:
        if terms:
            return None  # "1 year 6": 6 what?
        return pending * bare_number_unit
    return total if terms else None


def _token_amount(token: str) -> Fraction | None:
    if token[0].isdigit():
        return Fraction(token.replace(",", "."))
    if token in _WORD_NUMBERS:
        return Fraction(_WORD_NUMBERS[token])
    return None


def _fraction_to_decimal(value: Fraction) -> Decimal:
    """Exact when the fraction is a finite decimal (3/2 -> 1.5), else 2 decimals half-up."""
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator == 1:
        return Decimal(value.numerator) / Decimal(value.denominator)
    hundredths = (value.numerator * 200 + value.denominator) // (value.denominator * 2)
    return Decimal(hundredths).scaleb(-2)


# ---------------------------------------------------------------------------------------------
# Yes / no
# ---------------------------------------------------------------------------------------------

# Whole answers or their beginnings; longer phrases are tried first ("да нет" means no).
_YES_NO_PHRASES: dict[str, bool] = {
    # English
    "yes": True, "y": True, "yeah": True, "yep": True, "yup": True, "ya": True, "sure": True,
    "of course": True, "definitely": True, "correct": True, "right": True, "true": True,
    "i did": True, "that's right": True, "ok": True, "okay": True,
    "no problem": True, "не против": True, "нет проблем": True,
    "no": False, "n": False, "nope": False, "nah": False, "not really": False,
    "of course not": False, "definitely not": False, "false": False, "i didn't": False,
    "i did not": False, "never": False,
    # Russian
    "да": True, "ага": True, "угу": True, "конечно": True, "верно": True, "так точно": True,
    "ну да": True, "да да": True, "правильно": True, "точно": True, "ок": True, "д": True,
    "нет": False, "неа": False, "не": False, "нету": False, "да нет": False,
    "конечно нет": False, "ну нет": False, "нет нет": False, "не совсем": False, "н": False,
    "никогда": False,
}  # fmt: skip
# Answers that contain a yes/no word but are not one.
_UNSURE = re.compile(
    r"\b(?:not sure|don'?t know|no idea|maybe|perhaps|не знаю|не уверен[а]?|не помню|может быть"
    r"|возможно|наверное)\b"
)
_STRONG_YES = frozenset({"yes", "да"})
_STRONG_NO = frozenset({"no", "нет"})
_PHRASES_LONGEST_FIRST = sorted(_YES_NO_PHRASES, key=len, reverse=True)


def parse_yes_no(text: str) -> bool | None:
    """True for yes, False for no ("да", "нет", "yes I did", "nope"); None otherwise.

    Only the answer's own yes/no: what the question was about is the caller's business.
    """
    if not isinstance(text, str):
        return None
    normalized = text.lower().replace("ё", "е").replace("’", "'")
    normalized = " ".join(re.sub(r"[^\w' ]+", " ", normalized.translate(_SPACES)).split())
    if not normalized or _UNSURE.search(normalized):
        return None
    for phrase in _PHRASES_LONGEST_FIRST:
        if normalized == phrase or normalized.startswith(phrase + " "):
            answer = _YES_NO_PHRASES[phrase]
            rest = normalized[len(phrase) :].split()
            opposite = _STRONG_NO if answer else _STRONG_YES
            return None if opposite.intersection(rest) else answer  # "yes and no"
    return None
