"""The web chat sender of the delivery worker (`outbound/`): to the person's open chat, else kept.

The message goes out on the gateways' event bus like a staff reply (`WebchatReach`): a gateway
holding a window of the session shows it and confirms. No confirmation: no window is open
anywhere, and the worker keeps the message for the person's next visit (`outbound.held`).
"""

from __future__ import annotations

from channels.webchat.handoff import WebchatReach
from common.messages import BotMessage
from outbound.results import Delivered, Failed, Held, Result


class WebchatSender:
    def __init__(self, reach: WebchatReach) -> None:
        self._reach = reach

    def available(self) -> bool:
        return True

    async def send(self, recipient: str, message: BotMessage, language: str) -> Result:
        problem = await self._reach.deliver(recipient, [message], from_staff=False)
        if problem is None:
            return Delivered()
        if problem == "no_open_chat":
            return Held()
        return Failed(problem)
