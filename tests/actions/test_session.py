"""A new session keeps the language; a new person starts in the channel's or default language."""

from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from support.trackers import make_tracker

from actions.session import ActionSessionStart


async def run(dispatcher, tracker):
    return await ActionSessionStart().run(dispatcher, tracker, {})


async def test_a_returning_person_keeps_their_language(dispatcher):
    tracker = make_tracker(slots={"language": "ru", "language_explicit": True})
    events = await run(dispatcher, tracker)
    assert events == [
        SessionStarted(),
        SlotSet("language", "ru"),
        SlotSet("language_explicit", True),
        ActionExecuted("action_listen"),
    ]


async def test_a_new_person_gets_the_language_hint_of_their_channel(dispatcher):
    tracker = make_tracker(slots={"session_started_metadata": {"language_hint": "ru"}})
    tracker.events = []
    events = await run(dispatcher, tracker)
    assert SlotSet("language", "ru") in events


async def test_a_new_person_without_a_hint_gets_the_default_language(dispatcher):
    tracker = make_tracker(slots={"language": "ru"})
    tracker.events = []
    events = await run(dispatcher, tracker)
    assert SlotSet("language", "en") in events


async def test_an_explicit_choice_beats_the_channel_hint(dispatcher):
    tracker = make_tracker(
        slots={
            "language": "en",
            "language_explicit": True,
            "session_started_metadata": {"language_hint": "ru"},
        }
    )
    events = await run(dispatcher, tracker)
    assert SlotSet("language", "en") in events
