"""Job alerts in the chat: subscribe (after an explicit consent question), list, pause, resume,
cancel. Matching and digests are `actions/alerts/`; the texts are data/content/alert_texts.yml.

A subscription is the search the message names ("notify me about welder jobs in Kazan"), else
the person's last search (the "Notify me" button under results). Nothing is stored before the
person says yes to a question naming what is kept and for how long; "no" keeps nothing.
Changes only ever touch the person's own alerts (by their sender id).
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from dataclasses import asdict
from datetime import timedelta
from functools import cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.alerts import subscriptions
from actions.alerts.config import AlertConfig
from actions.alerts.texts import describe, texts, what
from actions.config import CONFIG
from actions.content import language_of
from actions.intakes import database
from actions.vacancies import cards
from actions.vacancies.model import VacancyQuery
from actions.vacancy_search import ENTITY_OF_SLOT, query_from_slots, salary_in_text
from common.storage import alerts
from common.storage.alerts import Subscription
from common.storage.columns import utc_now
from common.storage.outbox import OUTBOUND_CHANNELS
from common.storage.sessions import read, write

log = logging.getLogger(__name__)

PENDING = "alert_consent_pending"
DRAFT = "alert_draft"


@cache
def alert_config() -> AlertConfig:
    return AlertConfig.load(CONFIG.content_dir)


def requested_query(tracker: Tracker) -> VacancyQuery:
    """The search the message names; else the last search made (its slots)."""
    language = language_of(tracker)
    message = tracker.latest_message
    mentioned = {e.get("entity") for e in message.get("entities", [])}
    if mentioned & set(ENTITY_OF_SLOT.values()):
        query = query_from_slots(tracker)
        salary = query.salary_min or salary_in_text(str(message.get("text") or ""))
        keep = {slot for slot, entity in ENTITY_OF_SLOT.items() if entity in mentioned}
        return VacancyQuery(
            occupation=query.occupation if "occupation" in keep else None,
            location=query.location if "location" in keep else None,
            salary_min=salary if "salary_min" in keep or salary else None,
            schedule=query.schedule if "schedule" in keep else None,
            language=language,
        )
    last = (tracker.get_slot("vacancy_search") or {}).get("query")
    if last:
        return VacancyQuery(**{**last, "language": language})
    return query_from_slots(tracker)


def _alert_id(tracker: Tracker) -> int | str | None:
    value = next(tracker.get_latest_entity_values("alert_id"), None)
    if value is None:
        return None
    text = str(value).strip().lower()
    return "all" if text == "all" else int(text) if text.isdigit() else None


def _draft_from(tracker: Tracker) -> VacancyQuery | None:
    draft = tracker.get_slot(DRAFT)
    if not isinstance(draft, dict):
        return None
    try:
        return VacancyQuery(**{**draft, "language": language_of(tracker)})
    except TypeError:
        return None


class ActionProposeAlert(Action):
    """Ask for consent to keep the search as an alert (or say what to search for first)."""

    def name(self) -> str:
        return "action_propose_alert"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        language = language_of(tracker)
        t = texts(language)
        channel = tracker.sender_id.partition(":")[0]
        query = requested_query(tracker)
        if channel not in OUTBOUND_CHANNELS or not (query.occupation or query.location):
            problem = (
                "channel_unsupported"
                if channel not in OUTBOUND_CHANNELS
                else "nothing_to_subscribe"
            )
            dispatcher.utter_message(text=t[problem])
            return [SlotSet(PENDING, False), SlotSet(DRAFT, None)]
        config = alert_config()
        dispatcher.utter_message(
            text=str(t["consent"]).format(
                what=cards.describe_query(query, language),
                channel=t["channels"][channel],
                quiet_from=config.quiet_from.strftime("%H:%M"),
                quiet_to=config.quiet_to.strftime("%H:%M"),
                days=config.retention_days,
            ),
            buttons=[
                {"title": t["consent_yes"], "payload": "/affirm"},
                {"title": t["consent_no"], "payload": "/deny"},
            ],
        )
        return [SlotSet(PENDING, True), SlotSet(DRAFT, asdict(query))]


class ActionSubscribeAlert(Action):
    """The person said yes: store the alert."""

    def name(self) -> str:
        return "action_subscribe_alert"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        language = language_of(tracker)
        t = texts(language)
        done: list[EventType] = [SlotSet(PENDING, False), SlotSet(DRAFT, None)]
        query = _draft_from(tracker)
        if query is None:
            dispatcher.utter_message(text=t["nothing_to_subscribe"])
            return done
        draft = subscriptions.from_query(query, tracker.sender_id)
        config = alert_config()
        now = utc_now()
        expires = now + timedelta(days=config.retention_days)
        try:
            engine = await database()
            subscription, new = await write(
                engine,
                lambda session: alerts.subscribe(
                    session, draft, consent_at=now, expires_at=expires
                ),
            )
        except Exception:
            log.exception("A job alert could not be stored")
            dispatcher.utter_message(text=t["subscribe_failed"])
            return done
        if new:
            dispatcher.utter_message(
                text=str(t["subscribed"]).format(what=what(subscription, language))
            )
        else:
            dispatcher.utter_message(text=str(t["renewed"]).format(days=config.retention_days))
        return done


class ActionDeclineAlert(Action):
    def name(self) -> str:
        return "action_decline_alert"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(text=texts(language_of(tracker))["declined"])
        return [SlotSet(PENDING, False), SlotSet(DRAFT, None)]


class ActionListAlerts(Action):
    def name(self) -> str:
        return "action_list_alerts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        language = language_of(tracker)
        mine = await _mine(tracker)
        if not mine:
            dispatcher.utter_message(text=texts(language)["none"])
            return []
        show_list(dispatcher, mine, language, cancel_only=False)
        return []


def show_list(
    dispatcher: CollectingDispatcher,
    mine: list[Subscription],
    language: str,
    *,
    cancel_only: bool,
) -> None:
    t = texts(language)
    lines = [describe(s, number, language) for number, s in enumerate(mine, start=1)]
    buttons: list[dict[str, Any]] = []
    for number, subscription in enumerate(mine, start=1):
        entity = f'{{"alert_id": "{subscription.id}"}}'
        if not cancel_only:
            if subscription.status == "active":
                title, intent = t["pause_button"], "pause_alerts"
            else:
                title, intent = t["resume_button"], "resume_alerts"
            buttons.append(
                {"title": str(title).format(number=number), "payload": f"/{intent}{entity}"}
            )
        cancel = str(t["cancel_button"]).format(number=number)
        buttons.append({"title": cancel, "payload": f"/stop_alerts{entity}"})
    if len(mine) > 1:
        buttons.append(
            {"title": t["cancel_all_button"], "payload": '/stop_alerts{"alert_id": "all"}'}
        )
    header = t["which_to_cancel"] if cancel_only else t["list_header"]
    dispatcher.utter_message(text="\n".join([str(header), *lines]), buttons=buttons)


class _ChangeAlerts(Action, ABC):
    """Pause or resume the alert a button names, or all of the person's."""

    status = "paused"
    done = "paused"

    @abstractmethod
    def name(self) -> str:
        """Abstract: the base class is not registered as an action of its own."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        t = texts(language_of(tracker))
        chosen = _alert_id(tracker)
        one = chosen if isinstance(chosen, int) else None
        engine = await database()
        changed = await write(
            engine,
            lambda session: alerts.set_status(
                session,
                tracker.sender_id,
                self.status,
                reason="person" if self.status == "paused" else None,
                subscription_id=one,
            ),
        )
        dispatcher.utter_message(text=t[self.done] if changed else t["nothing_changed"])
        return []


class ActionPauseAlerts(_ChangeAlerts):
    def name(self) -> str:
        return "action_pause_alerts"


class ActionResumeAlerts(_ChangeAlerts):
    status = "active"
    done = "resumed"

    def name(self) -> str:
        return "action_resume_alerts"


class ActionStopAlerts(Action):
    """Cancel (delete) the alert a button names, all of them, or the only one there is; with
    several and none named, ask which."""

    def name(self) -> str:
        return "action_stop_alerts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        language = language_of(tracker)
        t = texts(language)
        chosen = _alert_id(tracker)
        mine = await _mine(tracker)
        if not mine:
            dispatcher.utter_message(text=t["none"])
            return []
        if chosen is None and len(mine) > 1:
            show_list(dispatcher, mine, language, cancel_only=True)
            return []
        one = chosen if isinstance(chosen, int) else None
        if chosen is None:
            one = mine[0].id
        engine = await database()
        deleted = await write(
            engine, lambda session: alerts.cancel(session, tracker.sender_id, one)
        )
        if not deleted:
            dispatcher.utter_message(text=t["nothing_changed"])
        elif one is None:
            dispatcher.utter_message(text=str(t["cancelled_all"]).format(count=deleted))
        else:
            dispatcher.utter_message(text=t["cancelled"])
        return []


async def _mine(tracker: Tracker) -> list[Subscription]:
    engine = await database()
    return await read(engine, lambda session: alerts.of_recipient(session, tracker.sender_id))
