"""The `language` slots decided inside the Rasa server, without a round trip to the action server.

domain/core.yml fills `language` and `language_explicit` with the custom slot mapping
`action_detect_language`. Rasa's `action_extract_slots` runs a custom mapping on the action
server after every user message, posting the whole tracker there and checking the answer: that
was a third of the Rasa server's CPU per message (docs/capacity.md). The rule needs only the
latest message, two slots and the active form (common/conversation_language.py), so `install()`
has `action_extract_slots` apply it in-process for the mappings named in `IN_PROCESS`, with the
same events the action would return. Any other custom mapping still goes to the action server,
which keeps `action_detect_language` for a Rasa process without this plugin.

rasa_plugins/patches.py installs it in every Rasa process started with endpoints.yml.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa.core.actions.action import ActionExtractSlots
from rasa.core.channels.channel import OutputChannel
from rasa.core.nlg import NaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from common.conversation_language import EXPLICIT_SLOT, LANGUAGE_SLOT, language_slots
from common.settings import settings


def language_events(tracker: DialogueStateTracker) -> list[Event]:
    """What `action_detect_language` returns for this tracker, decided here."""
    message = tracker.latest_message
    # As the action server sees it: parse data with the entities of NLU and policies together.
    parse_data: dict[str, Any] = (
        {**message.parse_data, "entities": message.entities} if message else {}
    )
    changes = language_slots(
        parse_data,
        current=str(tracker.get_slot(LANGUAGE_SLOT) or settings().default_language),
        explicit=bool(tracker.get_slot(EXPLICIT_SLOT)),
        active_loop=tracker.active_loop_name,
        languages=settings().languages,
    )
    return [SlotSet(name, value) for name, value in changes.items()]


# Custom slot mappings decided in the Rasa process: action name -> its events for a tracker.
IN_PROCESS: dict[str, Callable[[DialogueStateTracker], list[Event]]] = {
    "action_detect_language": language_events,
}

_run_on_action_server = ActionExtractSlots._run_custom_action


async def run_custom_mapping(
    self: ActionExtractSlots,
    custom_action: str,
    output_channel: OutputChannel,
    nlg: NaturalLanguageGenerator,
    tracker: DialogueStateTracker,
    domain: Domain,
) -> list[Event]:
    """`ActionExtractSlots._run_custom_action`, in-process for the mappings of IN_PROCESS."""
    decide = IN_PROCESS.get(custom_action)
    if decide is None:
        return await _run_on_action_server(
            self, custom_action, output_channel, nlg, tracker, domain
        )
    return decide(tracker)


def install() -> None:
    """Have `action_extract_slots` decide the mappings of IN_PROCESS without the action server."""
    ActionExtractSlots._run_custom_action = run_custom_mapping
