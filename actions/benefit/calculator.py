"""Estimate the unemployment insurance benefit from a person's answers and the PES's rules.

Arithmetic is exact (fractions); each amount is rounded half-up to cents once, at the end of its
own computation, from the exact values, never from other rounded amounts. So a period's total
is exact daily amount × days, rounded, not the rounded daily amount × days; and the grand total
may differ by a cent from the sum of the rounded period totals.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

from actions.benefit.reasons import INSUFFICIENT_INSURED_MONTHS
from actions.benefit.rules import BenefitRules, RatePeriod

MAX_MONTHLY_WAGE = Decimal("1000000")
MAX_INSURANCE_YEARS = Decimal("100")
ZERO_MONEY = Decimal("0.00")


@dataclass(frozen=True)
class IneligibilityReason:
    """Why the person does not qualify: a stable `code` and the numbers behind it.

    For ``insufficient_insured_months`` the details are ``needed``, ``has`` and
    ``lookback_months``.
    """

    code: str
    details: Mapping[str, int]


@dataclass(frozen=True)
class PeriodEstimate:
    """Benefit days `first_day`..`last_day` (day 1 = first paid day), both included."""

    first_day: int
    last_day: int
    days: int
    rate: Decimal
    daily_amount: Decimal
    monthly_amount: Decimal  # daily amount × the rules' days_per_month
    total_amount: Decimal  # daily amount × days
    minimum_applied: bool
    maximum_applied: bool


@dataclass(frozen=True)
class BenefitEstimate:
    """The outcome. When not eligible, `reasons` says why and the amounts are zero/empty."""

    eligible: bool
    reasons: tuple[IneligibilityReason, ...]
    average_daily_wage: Decimal
    duration_days: int
    waiting_days: int
    periods: tuple[PeriodEstimate, ...]
    total_amount: Decimal
    voluntary_quit_applied: bool

    @property
    def first_paid_day(self) -> int:
        """The day after registration on which payment starts."""
        return self.waiting_days + 1

    def period_for_day(self, day: int) -> PeriodEstimate | None:
        """The period that benefit day `day` falls in; None outside the duration."""
        return next((p for p in self.periods if p.first_day <= day <= p.last_day), None)


def estimate(
    rules: BenefitRules,
    monthly_wage: Decimal,
    insured_months_last_36: int,
    insurance_years: Decimal,
    quit_voluntarily: bool,
) -> BenefitEstimate:
    """Estimate the benefit.

    `monthly_wage` is the average monthly gross wage; `insured_months_last_36` the insured
    months within the rules' lookback (36 in the shipped rules); `insurance_years` the whole
    insurance record. Raises ValueError for inputs no person could have (negative, more months
    than the lookback, a wage above 1,000,000 a month).
    """
    _check_inputs(rules, monthly_wage, insured_months_last_36, insurance_years, quit_voluntarily)
    daily_wage = Fraction(monthly_wage) / rules.days_per_month

    if insured_months_last_36 < rules.min_insured_months:
        reason = IneligibilityReason(
            code=INSUFFICIENT_INSURED_MONTHS,
            details=MappingProxyType(
                {
                    "needed": rules.min_insured_months,
                    "has": insured_months_last_36,
                    "lookback_months": rules.lookback_months,
                }
            ),
        )
        return BenefitEstimate(
            eligible=False,
            reasons=(reason,),
            average_daily_wage=_to_cents(daily_wage),
            duration_days=0,
            waiting_days=0,
            periods=(),
            total_amount=ZERO_MONEY,
            voluntary_quit_applied=False,
        )

    duration = duration_days(rules, insurance_years)
    quit_rule = rules.voluntary_quit if quit_voluntarily else None
    waiting = rules.waiting_days + (quit_rule.extra_waiting_days if quit_rule else 0)
    schedule = _schedule(rules.periods, duration, quit_rule.rate if quit_rule else None)

    periods: list[PeriodEstimate] = []
    exact_total = Fraction(0)
    for first_day, last_day, rate in schedule:
        period, exact_period_total = _period(rules, daily_wage, first_day, last_day, rate)
        periods.append(period)
        exact_total += exact_period_total

    return BenefitEstimate(
        eligible=True,
        reasons=(),
        average_daily_wage=_to_cents(daily_wage),
        duration_days=duration,
        waiting_days=waiting,
        periods=tuple(periods),
        total_amount=_to_cents(exact_total),
        voluntary_quit_applied=quit_rule is not None,
    )


def duration_days(rules: BenefitRules, insurance_years: Decimal) -> int:
    """Days of benefit for an insurance record: the highest tier reached."""
    reached = [tier for tier in rules.duration_tiers if tier.from_years <= insurance_years]
    return reached[-1].days  # the first tier starts at 0, so one is always reached


def _schedule(
    periods: tuple[RatePeriod, ...], duration: int, override_rate: Decimal | None
) -> list[tuple[int, int, Decimal]]:
    """(first_day, last_day, rate) of each paid period, cut at the end of the duration."""
    if override_rate is not None:
        return [(1, duration, override_rate)]
    schedule = []
    for period in periods:
        if period.first_day > duration:
            break
        last_day = duration if period.last_day is None else min(period.last_day, duration)
        schedule.append((period.first_day, last_day, period.rate))
    return schedule


def _period(
    rules: BenefitRules, daily_wage: Fraction, first_day: int, last_day: int, rate: Decimal
) -> tuple[PeriodEstimate, Fraction]:
    """One period's amounts, and its exact total for the grand total."""
    daily = daily_wage * Fraction(rate)
    minimum_applied = rules.daily_minimum is not None and daily < rules.daily_minimum
    maximum_applied = rules.daily_maximum is not None and daily > rules.daily_maximum
    if minimum_applied and rules.daily_minimum is not None:
        daily = Fraction(rules.daily_minimum)
    elif maximum_applied and rules.daily_maximum is not None:
        daily = Fraction(rules.daily_maximum)
    days = last_day - first_day + 1
    exact_total = daily * days
    period = PeriodEstimate(
        first_day=first_day,
        last_day=last_day,
        days=days,
        rate=rate,
        daily_amount=_to_cents(daily),
        monthly_amount=_to_cents(daily * rules.days_per_month),
        total_amount=_to_cents(exact_total),
        minimum_applied=minimum_applied,
        maximum_applied=maximum_applied,
    )
    return period, exact_total


def _to_cents(value: Fraction) -> Decimal:
    """Round a non-negative exact amount half-up to cents (0.005 -> 0.01)."""
    cents = math.floor(value * 100 + Fraction(1, 2))
    return Decimal(cents).scaleb(-2)


def _check_inputs(
    rules: BenefitRules,
    monthly_wage: Decimal,
    insured_months: int,
    insurance_years: Decimal,
    quit_voluntarily: bool,
) -> None:
    _check_decimal("monthly_wage", monthly_wage, MAX_MONTHLY_WAGE)
    _check_decimal("insurance_years", insurance_years, MAX_INSURANCE_YEARS)
    if isinstance(insured_months, bool) or not isinstance(insured_months, int):
        raise TypeError(f"insured_months_last_36 must be an int, got {insured_months!r}")
    if not 0 <= insured_months <= rules.lookback_months:
        raise ValueError(
            f"insured_months_last_36 must be between 0 and {rules.lookback_months} "
            f"(the lookback), got {insured_months}"
        )
    if not isinstance(quit_voluntarily, bool):
        raise TypeError(f"quit_voluntarily must be a bool, got {quit_voluntarily!r}")


def _check_decimal(name: str, value: Decimal, maximum: Decimal) -> None:
    # float is refused on purpose: 0.1 + 0.2 money errors are what Decimal is here to avoid.
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal, got {type(value).__name__} {value!r}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"{name} must be a finite number, got {value}")
    if value < 0:
        raise ValueError(f"{name} must not be negative, got {value}")
    if value > maximum:
        raise ValueError(f"{name} must be at most {maximum}, got {value}")
