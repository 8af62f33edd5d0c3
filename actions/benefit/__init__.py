"""Unemployment benefit estimate: rules as data, an exact calculator, chat formatting.

Typical use in a Rasa custom action::

    rules = load_rules(DEFAULT_RULES_PATH)  # once, at start-up
    result = estimate(rules, Decimal("1500"), 24, Decimal("7"), quit_voluntarily=False)
    text = (format_estimate if result.eligible else format_ineligible)(result, rules, "en")
"""

from actions.benefit.calculator import (
    BenefitEstimate,
    IneligibilityReason,
    PeriodEstimate,
    duration_days,
    estimate,
)
from actions.benefit.errors import BenefitRulesError
from actions.benefit.format import format_estimate, format_ineligible
from actions.benefit.reasons import INSUFFICIENT_INSURED_MONTHS
from actions.benefit.rules import DEFAULT_RULES_PATH, BenefitRules, load_rules

__all__ = [
    "DEFAULT_RULES_PATH",
    "INSUFFICIENT_INSURED_MONTHS",
    "BenefitEstimate",
    "BenefitRules",
    "BenefitRulesError",
    "IneligibilityReason",
    "PeriodEstimate",
    "duration_days",
    "estimate",
    "format_estimate",
    "format_ineligible",
    "load_rules",
]
