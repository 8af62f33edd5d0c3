"""Stories for the benefit estimate, on the shipped Demo PES rules unless a story says otherwise.

Shipped rules: 12 insured months in the last 36; daily wage = monthly / 30; 60% on days 1-100,
40% from day 101; daily minimum 10.00, maximum 120.00; 180 / 270 / 360 days from 0 / 5 / 10
years of insurance; 7 waiting days; a voluntary quit pays 40% throughout and waits 30 days more.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from actions.benefit import (
    DEFAULT_RULES_PATH,
    INSUFFICIENT_INSURED_MONTHS,
    BenefitEstimate,
    BenefitRules,
    estimate,
    load_rules,
)
from actions.benefit.rules import DurationTier, RatePeriod


@pytest.fixture(scope="module")
def rules() -> BenefitRules:
    return load_rules(DEFAULT_RULES_PATH)


def run(
    rules: BenefitRules,
    wage: str = "900",
    insured_months: int = 24,
    years: str = "3",
    quit_voluntarily: bool = False,
) -> BenefitEstimate:
    return estimate(rules, Decimal(wage), insured_months, Decimal(years), quit_voluntarily)


# --- Which rate on which day --------------------------------------------------------------------
# A wage of 900 a month is 30.00 a day: 60% = 18.00, 40% = 12.00; 3 years of insurance = 180 days.


@pytest.mark.parametrize(
    ("day", "rate", "daily"),
    [
        pytest.param(1, "0.60", "18.00", id="first paid day is in the 60% period"),
        pytest.param(100, "0.60", "18.00", id="day 100 is the last day at 60%"),
        pytest.param(101, "0.40", "12.00", id="day 101 is the first day at 40%"),
        pytest.param(180, "0.40", "12.00", id="day 180 is the last paid day"),
    ],
)
def test_the_rate_changes_between_day_100_and_day_101(
    rules: BenefitRules, day: int, rate: str, daily: str
) -> None:
    period = run(rules).period_for_day(day)

    assert period is not None
    assert (period.rate, period.daily_amount) == (Decimal(rate), Decimal(daily))


def test_nothing_is_paid_after_the_duration(rules: BenefitRules) -> None:
    assert run(rules).period_for_day(181) is None


# --- How long it is paid --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "duration"),
    [
        pytest.param("0", 180, id="no insurance record beyond the last months"),
        pytest.param("4.99", 180, id="just under 5 years"),
        pytest.param("5", 270, id="exactly 5 years starts the 270-day tier"),
        pytest.param("9.99", 270, id="just under 10 years"),
        pytest.param("10", 360, id="exactly 10 years starts the 360-day tier"),
        pytest.param("42", 360, id="a long career stays at 360"),
    ],
)
def test_the_insurance_record_sets_the_duration(
    rules: BenefitRules, years: str, duration: int
) -> None:
    result = run(rules, years=years)

    assert result.duration_days == duration
    assert result.periods[-1].last_day == duration
    assert sum(period.days for period in result.periods) == duration


# --- Daily minimum and maximum --------------------------------------------------------------------
# Each row: the periods as (first_day, last_day, daily, monthly, minimum_applied, maximum_applied).


LIMIT_STORIES = [
    # (story, wage, periods as (first_day, last_day, daily, monthly, minimum?, maximum?))
    ("ordinary wage: no limit touches it", "900", [
        (1, 100, "18.00", "540.00", False, False),
        (101, 180, "12.00", "360.00", False, False),
    ]),
    ("low wage: the minimum lifts both periods", "450", [
        (1, 100, "10.00", "300.00", True, False),
        (101, 180, "10.00", "300.00", True, False),
    ]),
    ("60% is exactly the minimum: not lifted, but 40% is", "500", [
        (1, 100, "10.00", "300.00", False, False),
        (101, 180, "10.00", "300.00", True, False),
    ]),
    ("zero wage still gets the daily minimum", "0", [
        (1, 100, "10.00", "300.00", True, False),
        (101, 180, "10.00", "300.00", True, False),
    ]),
    ("60% is exactly the maximum: not capped", "6000", [
        (1, 100, "120.00", "3600.00", False, False),
        (101, 180, "80.00", "2400.00", False, False),
    ]),
    ("high wage: the maximum caps the first period only", "7000", [
        (1, 100, "120.00", "3600.00", False, True),
        (101, 180, "93.33", "2800.00", False, False),
    ]),
    ("very high wage: both periods capped", "100000", [
        (1, 100, "120.00", "3600.00", False, True),
        (101, 180, "120.00", "3600.00", False, True),
    ]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("wage", "expected"),
    [pytest.param(wage, expected, id=story) for story, wage, expected in LIMIT_STORIES],
)
def test_daily_limits_apply_to_each_period(
    rules: BenefitRules, wage: str, expected: list[tuple[int, int, str, str, bool, bool]]
) -> None:
    periods = [
        (
            p.first_day,
            p.last_day,
            str(p.daily_amount),
            str(p.monthly_amount),
            p.minimum_applied,
            p.maximum_applied,
        )
        for p in run(rules, wage=wage).periods
    ]

    assert periods == expected


# --- Totals and rounding --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wage", "years", "quit_voluntarily", "total"),
    [
        pytest.param("900", "3", False, "2760.00", id="18.00 x 100 days + 12.00 x 80 days"),
        pytest.param("900", "3", True, "2160.00", id="voluntary quit: 12.00 x 180 days"),
        pytest.param("0", "3", True, "1800.00", id="zero wage, voluntary quit: minimum x 180"),
        pytest.param("7000", "10", False, "36266.67", id="120.00 x 100 + 93.333... x 260"),
        # Exact daily amounts 20.005 and 13.3366...: rounded once at the end, the total is
        # 2000.50 + 1066.93 = 3067.43; rounding the daily amounts first would give 3068.20.
        pytest.param("1000.25", "3", False, "3067.43", id="cents rounded only at the end"),
    ],
)
def test_the_total_adds_up_every_paid_day(
    rules: BenefitRules, wage: str, years: str, quit_voluntarily: bool, total: str
) -> None:
    result = run(rules, wage=wage, years=years, quit_voluntarily=quit_voluntarily)

    assert result.total_amount == Decimal(total)
    assert str(result.total_amount) == total  # always two decimals


def test_amounts_round_half_up_to_cents(rules: BenefitRules) -> None:
    # 1000.25 / 30 x 0.60 = 20.005 exactly: half-up gives 20.01 (banker's rounding: 20.00).
    first = run(rules, wage="1000.25").periods[0]

    assert first.daily_amount == Decimal("20.01")
    assert first.monthly_amount == Decimal("600.15")  # 20.005 x 30, not 20.01 x 30
    assert first.total_amount == Decimal("2000.50")  # 20.005 x 100, not 20.01 x 100


def test_the_grand_total_is_rounded_from_exact_amounts(rules: BenefitRules) -> None:
    # 1000 a month at 70% for 10 days and 50% for 11: exactly 233.333... + 183.333... = 416.666...
    two_inexact_periods = replace(
        rules,
        periods=(RatePeriod(1, 10, Decimal("0.7")), RatePeriod(11, None, Decimal("0.5"))),
        duration_tiers=(DurationTier(Decimal(0), 21),),
    )

    result = run(two_inexact_periods, wage="1000")

    assert [p.total_amount for p in result.periods] == [Decimal("233.33"), Decimal("183.33")]
    assert result.total_amount == Decimal("416.67")  # not 233.33 + 183.33 = 416.66


# --- Who qualifies --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("insured_months", "eligible"),
    [
        pytest.param(0, False, id="never insured"),
        pytest.param(11, False, id="one month short"),
        pytest.param(12, True, id="exactly 12 months qualifies"),
        pytest.param(36, True, id="insured the whole lookback"),
    ],
)
def test_twelve_insured_months_in_the_last_36_qualify(
    rules: BenefitRules, insured_months: int, eligible: bool
) -> None:
    assert run(rules, insured_months=insured_months).eligible is eligible


@pytest.mark.parametrize("quit_voluntarily", [False, True], ids=["laid off", "quit"])
def test_ineligible_says_why_in_numbers(rules: BenefitRules, quit_voluntarily: bool) -> None:
    result = run(rules, insured_months=11, quit_voluntarily=quit_voluntarily)

    assert not result.eligible
    assert [(r.code, dict(r.details)) for r in result.reasons] == [
        (INSUFFICIENT_INSURED_MONTHS, {"needed": 12, "has": 11, "lookback_months": 36})
    ]
    assert (result.duration_days, result.periods, result.total_amount) == (0, (), Decimal(0))


def test_eligible_has_no_reasons(rules: BenefitRules) -> None:
    assert run(rules).reasons == ()


# --- Leaving the job voluntarily ------------------------------------------------------------------


def test_voluntary_quit_pays_40_percent_throughout_after_a_longer_wait(
    rules: BenefitRules,
) -> None:
    laid_off = run(rules, wage="1500", years="6")
    quit = run(rules, wage="1500", years="6", quit_voluntarily=True)

    assert (laid_off.waiting_days, laid_off.first_paid_day) == (7, 8)
    assert (quit.waiting_days, quit.first_paid_day) == (37, 38)
    assert quit.voluntary_quit_applied and not laid_off.voluntary_quit_applied
    assert quit.duration_days == laid_off.duration_days == 270
    assert [(p.first_day, p.last_day, p.rate, p.daily_amount) for p in quit.periods] == [
        (1, 270, Decimal("0.4"), Decimal("20.00"))
    ]


# --- Another PES's scheme: same code, different data ----------------------------------------------


def test_a_scheme_with_three_periods_no_limits_and_no_quit_rule(rules: BenefitRules) -> None:
    other = replace(
        rules,
        periods=(
            RatePeriod(1, 30, Decimal("0.7")),
            RatePeriod(31, 90, Decimal("0.5")),
            RatePeriod(91, None, Decimal("0.3")),
        ),
        duration_tiers=(DurationTier(Decimal(0), 60), DurationTier(Decimal(2), 120)),
        daily_minimum=None,
        daily_maximum=None,
        voluntary_quit=None,
        waiting_days=0,
    )

    result = run(other, wage="3000", years="2", quit_voluntarily=True)

    assert [(p.first_day, p.last_day, p.daily_amount) for p in result.periods] == [
        (1, 30, Decimal("70.00")),
        (31, 90, Decimal("50.00")),
        (91, 120, Decimal("30.00")),
    ]
    assert (result.waiting_days, result.voluntary_quit_applied) == (0, False)
    assert run(other, wage="0").periods[0].daily_amount == Decimal("0.00")  # no minimum


def test_a_short_duration_ends_inside_the_first_period(rules: BenefitRules) -> None:
    short = replace(rules, duration_tiers=(DurationTier(Decimal(0), 90),))

    periods = run(short).periods

    assert [(p.first_day, p.last_day, p.days) for p in periods] == [(1, 90, 90)]


# --- Inputs no person could have ------------------------------------------------------------------


IMPOSSIBLE_INPUTS = [
    # (story, changed argument, error, words in the message)
    ("negative wage", {"monthly_wage": Decimal(-1)}, ValueError, "monthly_wage"),
    ("absurd wage", {"monthly_wage": Decimal("1000000.01")}, ValueError, "at most 1000000"),
    ("NaN wage", {"monthly_wage": Decimal("NaN")}, ValueError, "finite"),
    ("float wage", {"monthly_wage": 1500.0}, TypeError, "Decimal"),
    ("negative months", {"insured_months_last_36": -1}, ValueError, "between 0 and 36"),
    ("more months than the lookback", {"insured_months_last_36": 37}, ValueError, "0 and 36"),
    ("negative record", {"insurance_years": Decimal("-0.5")}, ValueError, "insurance_years"),
    ("a record beyond a lifetime", {"insurance_years": Decimal(101)}, ValueError, "at most 100"),
]


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [pytest.param(*row, id=story) for story, *row in IMPOSSIBLE_INPUTS],
)
def test_impossible_inputs_are_refused(
    rules: BenefitRules, change: dict[str, Any], error: type[Exception], message: str
) -> None:
    arguments: dict[str, Any] = {
        "monthly_wage": Decimal(1500),
        "insured_months_last_36": 24,
        "insurance_years": Decimal(3),
        "quit_voluntarily": False,
    }
    arguments.update(change)

    with pytest.raises(error, match=message):
        estimate(rules, **arguments)


def test_the_highest_plausible_wage_is_accepted(rules: BenefitRules) -> None:
    assert run(rules, wage="1000000").eligible
