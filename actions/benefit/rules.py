"""Benefit rules: a PES's scheme as data, loaded from YAML and validated into frozen dataclasses.

The YAML (``data/content/benefit_rules.yml``) is edited by PES staff, so loading is strict: a
wrong, missing or misspelt field raises `BenefitRulesError` naming that field, at start-up.
Money and rates are `Decimal`, never float.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from actions.benefit.errors import BenefitRulesError
from actions.benefit.fields import Fields
from actions.benefit.texts import BenefitTexts, check_template, load_texts
from actions.benefit.yaml_file import read_yaml
from common.settings import settings

__all__ = [
    "DEFAULT_RULES_PATH",
    "Alternative",
    "BenefitRules",
    "BenefitRulesError",
    "DurationTier",
    "RatePeriod",
    "VoluntaryQuitRule",
    "load_rules",
]

DEFAULT_RULES_PATH = Path(__file__).resolve().parents[2] / "data" / "content" / "benefit_rules.yml"
SCHEMA_VERSION = 1
_QUIT_PLACEHOLDERS = frozenset({"rate", "extra_waiting_days"})


@dataclass(frozen=True)
class RatePeriod:
    """Days `first_day`..`last_day` of the benefit (day 1 = first paid day) pay `rate`."""

    first_day: int
    last_day: int | None  # None: until the end of the duration
    rate: Decimal


@dataclass(frozen=True)
class DurationTier:
    """An insurance record of at least `from_years` (up to the next tier) gives `days` days."""

    from_years: Decimal
    days: int


@dataclass(frozen=True)
class VoluntaryQuitRule:
    """What changes when the job ended at the person's own wish or by agreement."""

    rate: Decimal | None  # replaces every period's rate; None keeps them
    extra_waiting_days: int
    explanation: Mapping[str, str]  # per language; placeholders {rate}, {extra_waiting_days}


@dataclass(frozen=True)
class Alternative:
    """Something else a person who does not qualify can do."""

    key: str  # stable identifier for code and analytics
    text: Mapping[str, str]  # per language
    url: str | None


@dataclass(frozen=True)
class BenefitRules:
    """One benefit scheme. See the comments in the YAML file for what each field means."""

    benefit_name: Mapping[str, str]
    currency: str
    currency_symbol: str
    source_url: str
    min_insured_months: int
    lookback_months: int
    days_per_month: int
    daily_minimum: Decimal | None
    daily_maximum: Decimal | None
    periods: tuple[RatePeriod, ...]
    duration_tiers: tuple[DurationTier, ...]
    waiting_days: int
    voluntary_quit: VoluntaryQuitRule | None
    alternatives: tuple[Alternative, ...]
    texts: BenefitTexts

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages every text of this scheme exists in."""
        return self.texts.languages


def load_rules(path: Path, languages: tuple[str, ...] | None = None) -> BenefitRules:
    """Load and validate a benefit rules file (and the texts file it names); every text in each
    of `languages` (default: the languages of languages.yml)."""
    languages = languages or settings().languages.codes
    top = Fields(read_yaml(path, path.name), "", path.name)
    version = top.integer("schema_version")
    if version != SCHEMA_VERSION:
        raise top.error("schema_version", f"this assistant reads version {SCHEMA_VERSION}")
    texts = _load_texts(top, path.parent, languages)

    benefit_name = top.localized("benefit_name", languages)
    currency = top.text("currency")
    if not (len(currency) == 3 and currency.isalpha() and currency.isupper()):
        raise top.error("currency", f"must be a 3-letter code such as EUR, got {currency!r}")
    currency_symbol = top.text("currency_symbol")
    source_url = top.url("source_url")

    qualifying = top.section("qualifying_period")
    lookback_months = qualifying.integer("lookback_months", minimum=1)
    min_insured_months = qualifying.integer(
        "min_insured_months", minimum=0, maximum=lookback_months
    )
    qualifying.finish()

    days_per_month = top.integer("days_per_month", minimum=1, maximum=31)
    daily_minimum = top.optional_money("daily_minimum")
    daily_maximum = top.optional_money("daily_maximum")
    if daily_minimum is not None and daily_maximum is not None and daily_maximum < daily_minimum:
        raise top.error(
            "daily_maximum", f"must not be below daily_minimum ({daily_minimum}): {daily_maximum}"
        )

    periods = _load_periods(top)
    tiers = _load_tiers(top)
    _check_periods_cover_tiers(top, periods, tiers)
    waiting_days = top.integer("waiting_days", minimum=0)
    voluntary_quit = _load_voluntary_quit(top, languages)
    alternatives = _load_alternatives(top, languages)
    top.finish()

    return BenefitRules(
        benefit_name=benefit_name,
        currency=currency,
        currency_symbol=currency_symbol,
        source_url=source_url,
        min_insured_months=min_insured_months,
        lookback_months=lookback_months,
        days_per_month=days_per_month,
        daily_minimum=daily_minimum,
        daily_maximum=daily_maximum,
        periods=periods,
        duration_tiers=tiers,
        waiting_days=waiting_days,
        voluntary_quit=voluntary_quit,
        alternatives=alternatives,
        texts=texts,
    )


def _load_texts(top: Fields, folder: Path, languages: tuple[str, ...]) -> BenefitTexts:
    texts_path = folder / top.text("texts_file")
    if not texts_path.is_file():
        raise top.error("texts_file", f"no such file: {texts_path}")
    return load_texts(texts_path, languages)


def _load_periods(top: Fields) -> tuple[RatePeriod, ...]:
    """Periods must run from day 1 without gaps; only the last may be open-ended."""
    items = top.sections("periods")
    periods: list[RatePeriod] = []
    expected_first = 1
    for index, fields in enumerate(items):
        first_day = fields.integer("first_day", minimum=1)
        if first_day != expected_first:
            where = "day 1" if index == 0 else "the day after the previous period's last_day"
            raise fields.error(
                "first_day",
                f"periods must be contiguous: expected {expected_first} ({where}), got {first_day}",
            )
        last_day = fields.optional_integer("last_day", minimum=first_day)
        is_last = index == len(items) - 1
        if last_day is None and not is_last:
            raise fields.error(
                "last_day", "only the last period may be left empty (until the end of the benefit)"
            )
        rate = fields.rate("rate")
        fields.finish()
        periods.append(RatePeriod(first_day=first_day, last_day=last_day, rate=rate))
        if last_day is not None:
            expected_first = last_day + 1
    return tuple(periods)


def _load_tiers(top: Fields) -> tuple[DurationTier, ...]:
    """Tiers start at 0 years and go strictly up, so every record falls in exactly one."""
    tiers: list[DurationTier] = []
    for index, fields in enumerate(top.sections("duration_tiers")):
        from_years = fields.number("from_years", minimum=Decimal(0))
        if index == 0 and from_years != 0:
            raise fields.error(
                "from_years",
                f"the first tier must start at 0 so every record has a duration, got {from_years}",
            )
        if tiers and from_years <= tiers[-1].from_years:
            raise fields.error(
                "from_years",
                f"tiers must be sorted by from_years, each above the one before: "
                f"{from_years} comes after {tiers[-1].from_years}",
            )
        days = fields.integer("days", minimum=1)
        fields.finish()
        tiers.append(DurationTier(from_years=from_years, days=days))
    return tuple(tiers)


def _check_periods_cover_tiers(
    top: Fields, periods: tuple[RatePeriod, ...], tiers: tuple[DurationTier, ...]
) -> None:
    last = periods[-1]
    longest = max(tier.days for tier in tiers)
    if last.last_day is not None and last.last_day < longest:
        raise top.error(
            f"periods[{len(periods) - 1}].last_day",
            f"the periods end on day {last.last_day} but the longest duration is {longest} days; "
            f"extend it or leave it empty (until the end of the benefit)",
        )


def _load_voluntary_quit(top: Fields, languages: tuple[str, ...]) -> VoluntaryQuitRule | None:
    fields = top.optional_section("voluntary_quit")
    if fields is None:
        return None
    rate = fields.optional_rate("rate")
    extra_waiting_days = fields.integer("extra_waiting_days", minimum=0)
    explanation = fields.localized("explanation", languages)
    allowed = _QUIT_PLACEHOLDERS if rate is not None else _QUIT_PLACEHOLDERS - {"rate"}
    explanation_fields = fields.section("explanation")
    for language, template in explanation.items():
        check_template(explanation_fields, language, template, allowed)
    fields.finish()
    return VoluntaryQuitRule(
        rate=rate, extra_waiting_days=extra_waiting_days, explanation=explanation
    )


def _load_alternatives(top: Fields, languages: tuple[str, ...]) -> tuple[Alternative, ...]:
    alternatives: list[Alternative] = []
    for fields in top.sections("alternatives_when_not_eligible", allow_empty=True):
        key = fields.text("key")
        if not key.replace("_", "").isalnum() or not key.isascii():
            raise fields.error("key", f"must be letters, digits and _ only, got {key!r}")
        if any(alternative.key == key for alternative in alternatives):
            raise fields.error("key", f"{key!r} is used twice")
        text = fields.localized("text", languages)
        url = fields.optional_url("url")
        fields.finish()
        alternatives.append(Alternative(key=key, text=text, url=url))
    return tuple(alternatives)
