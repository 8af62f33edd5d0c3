"""Turn a `BenefitEstimate` into a short chat message in the person's language.

All words come from the rules and their texts file (editable by the PES); this module only
chooses which texts to show and formats numbers the way the language writes them.
"""

from __future__ import annotations

from decimal import Decimal

from actions.benefit.calculator import BenefitEstimate
from actions.benefit.rules import BenefitRules
from actions.benefit.texts import LanguageTexts

CENT = Decimal("0.01")


def format_estimate(estimate: BenefitEstimate, rules: BenefitRules, language: str) -> str:
    """The breakdown for an eligible person: periods, duration, waiting, total, disclaimer.

    Raises ValueError for an ineligible estimate (use `format_ineligible`) or a language the
    texts do not have.
    """
    if not estimate.eligible:
        raise ValueError("the estimate is not eligible: use format_ineligible()")
    texts = rules.texts.for_language(language)
    lines = [texts.render("estimate_title", benefit=rules.benefit_name[texts.language])]
    for period in estimate.periods:
        line = texts.render(
            "period",
            first_day=period.first_day,
            last_day=period.last_day,
            days=period.days,
            monthly=format_money(period.monthly_amount, rules, texts),
            daily=format_money(period.daily_amount, rules, texts),
            rate=format_percent(period.rate, texts),
        )
        if period.minimum_applied and rules.daily_minimum is not None:
            minimum = format_money(rules.daily_minimum, rules, texts)
            line = f"{line} {texts.render('minimum_applied', minimum=minimum)}"
        if period.maximum_applied and rules.daily_maximum is not None:
            maximum = format_money(rules.daily_maximum, rules, texts)
            line = f"{line} {texts.render('maximum_applied', maximum=maximum)}"
        lines.append(line)
    quit_rule = rules.voluntary_quit
    if estimate.voluntary_quit_applied and quit_rule is not None:
        rate = "" if quit_rule.rate is None else format_percent(quit_rule.rate, texts)
        lines.append(
            quit_rule.explanation[texts.language].format(
                rate=rate, extra_waiting_days=quit_rule.extra_waiting_days
            )
        )
    lines += [
        texts.render("duration", days=estimate.duration_days),
        texts.render(
            "waiting", waiting_days=estimate.waiting_days, first_paid_day=estimate.first_paid_day
        ),
        texts.render(
            "total",
            total=format_money(estimate.total_amount, rules, texts),
            days=estimate.duration_days,
        ),
        "",
        texts.render("disclaimer"),
        texts.render("source", url=rules.source_url),
    ]
    return "\n".join(lines)


def format_ineligible(estimate: BenefitEstimate, rules: BenefitRules, language: str) -> str:
    """Why the person does not qualify, and what else they can do.

    Raises ValueError for an eligible estimate (use `format_estimate`) or an unknown language.
    """
    if estimate.eligible:
        raise ValueError("the estimate is eligible: use format_estimate()")
    texts = rules.texts.for_language(language)
    lines = [texts.render("ineligible_title", benefit=rules.benefit_name[texts.language])]
    for reason in estimate.reasons:
        lines.append(texts.render(f"reason_{reason.code}", **reason.details))
    if rules.alternatives:
        lines += ["", texts.render("alternatives_title")]
    for alternative in rules.alternatives:
        lines.append(texts.render("alternative", text=alternative.text[texts.language]))
        if alternative.url is not None:
            lines.append(texts.render("alternative_url", url=alternative.url))
    lines += [
        "",
        texts.render("disclaimer"),
        texts.render("source", url=rules.source_url),
    ]
    return "\n".join(lines)


def format_money(amount: Decimal, rules: BenefitRules, texts: LanguageTexts) -> str:
    """``€1,234.50`` in English, ``1 234,50 €`` in Russian (as the texts file says)."""
    whole, cents = f"{amount.quantize(CENT):f}".split(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups = [digits[max(i - 3, 0) : i] for i in range(len(digits), 0, -3)][::-1]
    number = f"{sign}{texts.thousands_separator.join(groups)}{texts.decimal_separator}{cents}"
    return texts.render("money", symbol=rules.currency_symbol, amount=number)


def format_percent(rate: Decimal, texts: LanguageTexts) -> str:
    """A rate as a percentage number without needless decimals: 0.60 -> ``60``, 0.375 -> 37.5."""
    percent = rate * 100
    if percent == percent.to_integral_value():
        return str(int(percent))
    return f"{percent:f}".rstrip("0").replace(".", texts.decimal_separator)
