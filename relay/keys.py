"""Typed keys of the gateway's shared services in the aiohttp application.

A module of its own, importing nothing at run time, so channels, the console and the services
themselves can name the keys without importing `bot.app` (which imports all of them).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from common.settings import Settings
    from common.texts import Texts
    from relay.conversations import Conversations
    from relay.leases import Leases
    from relay.metrics import Metrics
    from relay.rasa_workers import RasaWorkers
    from relay.schema_watch import SchemaWatch
    from relay.shared_state import SharedState


@dataclass(frozen=True)
class Check:
    """One dependency's state for /readyz: ok, degraded (works with a fallback), down or off."""

    name: str
    state: str
    detail: str = ""


ReadinessCheck = Callable[[web.Application], Awaitable[Check]]

SETTINGS: web.AppKey[Settings] = web.AppKey("settings")
METRICS: web.AppKey[Metrics] = web.AppKey("metrics")
TEXTS: web.AppKey[Texts] = web.AppKey("texts")
RASA: web.AppKey[RasaWorkers] = web.AppKey("rasa")
SHARED_STATE: web.AppKey[SharedState] = web.AppKey("shared_state")
LEASES: web.AppKey[Leases] = web.AppKey("leases")
DATABASE: web.AppKey[Engine] = web.AppKey("database")
SCHEMA_WATCH: web.AppKey[SchemaWatch] = web.AppKey("schema_watch")
CONVERSATIONS: web.AppKey[Conversations] = web.AppKey("conversations")
READINESS_CHECKS: web.AppKey[list[ReadinessCheck]] = web.AppKey("readiness_checks")
