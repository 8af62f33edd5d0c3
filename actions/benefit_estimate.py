"""Benefit estimate form: checks the four answers, then computes the estimate from the rules."""

from __future__ import annotations

import logging
import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import parsing
from actions.benefit.calculator import estimate
from actions.benefit.format import format_estimate, format_ineligible
from actions.benefit.rules import BenefitRules, BenefitRulesError, load_rules
from actions.config import CONFIG
from actions.content import language_of
from actions.form_validation import ReaskingFormValidationAction, skip_empty

logger = logging.getLogger(__name__)

BENEFIT_SLOTS = ("monthly_wage", "insured_months", "insurance_years", "quit_voluntarily")
MAX_MONTHLY_WAGE = Decimal(1_000_000)
MAX_INSURANCE_YEARS = Decimal(60)
_NEGATIVE = re.compile(r"(?:^|\s)[-−]\s*\d|\bminus\b|минус", re.IGNORECASE)


@lru_cache(maxsize=1)
def benefit_rules() -> BenefitRules:
    return load_rules(CONFIG.content_dir / "benefit_rules.yml", CONFIG.languages.codes)


class ValidateBenefitForm(ReaskingFormValidationAction):
    def name(self) -> str:
        return "validate_benefit_form"

    @skip_empty
    def validate_monthly_wage(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        wage = None if _NEGATIVE.search(str(value)) else parsing.parse_money(str(value))
        if wage is None or wage < 0 or wage > MAX_MONTHLY_WAGE:
            dispatcher.utter_message(response="utter_invalid_monthly_wage")
            return {"monthly_wage": None}
        return {"monthly_wage": str(wage)}

    @skip_empty
    def validate_insured_months(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        months = parsing.parse_months(str(value))
        if months is None or not 0 <= months <= 36:
            dispatcher.utter_message(response="utter_invalid_insured_months")
            return {"insured_months": None}
        return {"insured_months": str(months)}

    @skip_empty
    def validate_insurance_years(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        years = parsing.parse_years(str(value))
        if years is None or not 0 <= years <= MAX_INSURANCE_YEARS:
            dispatcher.utter_message(response="utter_invalid_insurance_years")
            return {"insurance_years": None}
        recent_months = int(tracker.get_slot("insured_months") or 0)
        if years * 12 < recent_months:
            dispatcher.utter_message(response="utter_invalid_insurance_shorter_than_recent")
            return {"insurance_years": None}
        return {"insurance_years": str(years)}


class ActionEstimateBenefit(Action):
    def name(self) -> str:
        return "action_estimate_benefit"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        reset = [SlotSet(name, None) for name in BENEFIT_SLOTS]
        try:
            rules = benefit_rules()
            result = estimate(
                rules,
                monthly_wage=Decimal(str(tracker.get_slot("monthly_wage"))),
                insured_months_last_36=int(str(tracker.get_slot("insured_months"))),
                insurance_years=Decimal(str(tracker.get_slot("insurance_years"))),
                quit_voluntarily=bool(tracker.get_slot("quit_voluntarily")),
            )
        except (BenefitRulesError, OSError, ValueError, ArithmeticError):
            logger.exception("Could not compute a benefit estimate")
            dispatcher.utter_message(response="utter_benefit_rules_unavailable")
            return reset
        language = language_of(tracker)
        if result.eligible:
            dispatcher.utter_message(text=format_estimate(result, rules, language))
        else:
            dispatcher.utter_message(text=format_ineligible(result, rules, language))
        return reset
