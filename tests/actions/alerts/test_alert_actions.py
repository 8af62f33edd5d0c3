"""The job alerts in the chat: consent first, then the alert; list, pause, resume, cancel only
the person's own; in both languages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.engine import Engine
from support.trackers import make_tracker, user_message

from actions import intakes
from actions.alert_actions import (
    ActionDeclineAlert,
    ActionListAlerts,
    ActionPauseAlerts,
    ActionProposeAlert,
    ActionResumeAlerts,
    ActionStopAlerts,
    ActionSubscribeAlert,
)
from common.storage import alerts
from common.storage.engine import make_engine
from common.storage.sessions import reading

ME = "telegram:424242"


@pytest.fixture(autouse=True)
def database(database_url: str, engine: Engine) -> Iterator[str]:
    """The actions' database, migrated (SQLite, then PostgreSQL)."""
    intakes.use_database(database_url)
    yield database_url
    intakes.use_database(intakes.CONFIG.database_url)


def mine(database_url: str, recipient: str = ME) -> list[alerts.Subscription]:
    engine = make_engine(database_url)
    try:
        with reading(engine) as session:
            return alerts.of_recipient(session, recipient)
    finally:
        engine.dispose()


def asked(text: str, intent: str, *, sender: str = ME, language: str = "en", **kw):
    entities = [{"entity": k, "value": v} for k, v in kw.pop("entities", {}).items()]
    return make_tracker(
        latest=user_message(text, intent, entities=entities),
        slots={"language": language, **kw.pop("slots", {})},
        sender_id=sender,
    )


async def subscribe(
    occupation: str, location: str, *, sender: str = ME, language: str = "en"
) -> CollectingDispatcher:
    entities = {"occupation": occupation, "location": location}
    tracker = asked(
        "…", "subscribe_alerts", sender=sender, language=language, entities=entities, slots=entities
    )
    proposal = CollectingDispatcher()
    events = await ActionProposeAlert().run(proposal, tracker, {})
    draft = events[1]["value"]
    yes = asked("yes", "affirm", sender=sender, language=language, slots={"alert_draft": draft})
    done = CollectingDispatcher()
    await ActionSubscribeAlert().run(done, yes, {})
    return done


async def test_consent_names_what_is_kept_and_for_how_long(dispatcher, database) -> None:
    entities = {"occupation": "welder", "location": "Kazan"}
    tracker = asked(
        "notify me about welder jobs in Kazan",
        "subscribe_alerts",
        entities=entities,
        slots=entities,
    )
    events = await ActionProposeAlert().run(dispatcher, tracker, {})
    [message] = dispatcher.messages
    assert message["text"].startswith(
        "I can let you know about new vacancies for “welder” in Kazan."
    )
    assert "your chat on Telegram and your language" in message["text"]
    assert "at most 180 days" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/affirm", "/deny"]
    assert events[0] == SlotSet("alert_consent_pending", True)
    assert events[1]["value"]["occupation"] == "welder"
    assert mine(database) == []  # nothing before the yes


async def test_the_last_search_is_the_alert_when_the_message_names_none(dispatcher) -> None:
    last = {
        "query": {
            "occupation": "водитель",
            "location": "Москва",
            "salary_min": 80000,
            "schedule": None,
            "language": "ru",
        }
    }
    tracker = asked(
        "сообщать о новых", "subscribe_alerts", language="ru", slots={"vacancy_search": last}
    )
    events = await ActionProposeAlert().run(dispatcher, tracker, {})
    assert "о новых вакансиях по запросу «водитель» — Москва" in dispatcher.messages[0]["text"]
    assert events[1]["value"]["salary_min"] == 80000


async def test_nothing_to_subscribe_to_says_how(dispatcher) -> None:
    events = await ActionProposeAlert().run(dispatcher, asked("notify me", "subscribe_alerts"), {})
    assert "Which vacancies should I tell you about?" in dispatcher.messages[0]["text"]
    assert events[0] == SlotSet("alert_consent_pending", False)


async def test_a_channel_the_outbox_cannot_reach_gets_no_alert(dispatcher) -> None:
    entities = {"occupation": "welder"}
    tracker = asked(
        "notify me", "subscribe_alerts", sender="rest-client", entities=entities, slots=entities
    )
    await ActionProposeAlert().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"].startswith("Job alerts come in this website's chat")


async def test_yes_stores_the_alert_and_no_keeps_nothing(database) -> None:
    done = await subscribe("сварщиком", "в Казани", language="ru")
    assert done.messages[0]["text"].startswith(
        "Готово: я сообщу о новых вакансиях по запросу «сварщик» — Казань."
    )
    [stored] = mine(database)
    assert (stored.occupation_codes, stored.place_id, stored.language, stored.channel) == (
        ("7212",),
        "kazan",
        "ru",
        "telegram",
    )

    again = await subscribe("сварщиком", "в Казани", language="ru")
    assert "снова активна" in again.messages[0]["text"]
    assert len(mine(database)) == 1

    no = CollectingDispatcher()
    events = await ActionDeclineAlert().run(no, asked("no", "deny", sender="telegram:9"), {})
    assert no.messages[0]["text"] == "All right — I haven't saved anything."
    assert SlotSet("alert_draft", None) in events
    assert mine(database, "telegram:9") == []


async def test_list_pause_resume_and_cancel_touch_only_my_alerts(database) -> None:
    await subscribe("welder", "Kazan")
    await subscribe("driver", "Tallinn")
    await subscribe("cook", "Tartu", sender="telegram:someone-else")
    first, second = mine(database)

    listing = CollectingDispatcher()
    await ActionListAlerts().run(listing, asked("my alerts", "list_alerts"), {})
    [message] = listing.messages
    assert message["text"].splitlines() == [
        "Your job alerts:",
        "1. New vacancies for “welder” in Kazan — active",
        "2. New vacancies for “driver” in Tallinn — active",
    ]
    payloads = [b["payload"] for b in message["buttons"]]
    assert f'/pause_alerts{{"alert_id": "{first.id}"}}' in payloads
    assert '/stop_alerts{"alert_id": "all"}' in payloads

    pause = CollectingDispatcher()
    await ActionPauseAlerts().run(
        pause, asked("…", "pause_alerts", entities={"alert_id": str(first.id)}), {}
    )
    assert pause.messages[0]["text"].startswith("Paused")
    assert [s.status for s in mine(database)] == ["paused", "active"]

    others = mine(database, "telegram:someone-else")[0]
    stranger = CollectingDispatcher()
    await ActionStopAlerts().run(
        stranger, asked("…", "stop_alerts", entities={"alert_id": str(others.id)}), {}
    )
    assert stranger.messages[0]["text"].startswith("Nothing to change")
    assert len(mine(database, "telegram:someone-else")) == 1

    resume = CollectingDispatcher()
    await ActionResumeAlerts().run(resume, asked("resume my alerts", "resume_alerts"), {})
    assert [s.status for s in mine(database)] == ["active", "active"]

    which = CollectingDispatcher()
    await ActionStopAlerts().run(which, asked("stop alerts", "stop_alerts"), {})
    assert which.messages[0]["text"].startswith(
        "You have several alerts. Which one shall I cancel?"
    )
    assert len(mine(database)) == 2

    cancel = CollectingDispatcher()
    await ActionStopAlerts().run(
        cancel, asked("…", "stop_alerts", entities={"alert_id": str(second.id)}), {}
    )
    assert cancel.messages[0]["text"].startswith("Deleted")
    assert [s.id for s in mine(database)] == [first.id]

    last = CollectingDispatcher()
    await ActionStopAlerts().run(last, asked("unsubscribe", "stop_alerts"), {})
    assert mine(database) == []
    nothing = CollectingDispatcher()
    await ActionListAlerts().run(nothing, asked("my alerts", "list_alerts"), {})
    assert nothing.messages[0]["text"].startswith("You have no job alerts.")
