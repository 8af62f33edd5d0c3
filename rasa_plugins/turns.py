"""What went wrong while Rasa handled one REST request, for the channel to say so.

Rasa's REST channel answers 200 with whatever it collected even when handling the message
failed (the tracker store — Redis — did not answer: nothing was saved), and its processor
carries on without the events of a custom action that failed (the action server is down): in
both cases the person would get silence. `Turn` records both for the request being handled
(a context variable: every request is handled in a task of its own):

- `failed`: handling raised — the channel answers 503, so the gateway apologises in the
  person's language, logs the message it could not deliver, and takes a resend.
- `action_failed`: Rasa's processor logged a failed custom action and went on — the message is
  in the tracker, so the channel appends the apology to the reply itself.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Final

# What rasa.core.processor logs (logger.exception) when a custom action fails (Rasa 3.6).
ACTION_FAILURE: Final = "Encountered an exception while running action"
PROCESSOR_LOGGER: Final = "rasa.core.processor"


@dataclass
class Turn:
    failed: bool = False
    action_failed: bool = False


current_turn: ContextVar[Turn | None] = ContextVar("pes_rest_turn", default=None)


class ActionFailureWatch(logging.Filter):
    """Marks the current turn when Rasa's processor reports a failed action; keeps the record."""

    def filter(self, record: logging.LogRecord) -> bool:
        turn = current_turn.get()
        if turn is not None and str(record.msg).startswith(ACTION_FAILURE):
            turn.action_failed = True
        return True


def watch_action_failures() -> None:
    """Install the watch on Rasa's processor logger (once per process)."""
    logger = logging.getLogger(PROCESSOR_LOGGER)
    if not any(isinstance(existing, ActionFailureWatch) for existing in logger.filters):
        logger.addFilter(ActionFailureWatch())
