"""`setup_handoff(app)`: the live handoff in the gateway (called by `bot.app.create_app`).

It puts the `Handoff` service into the app (`app[HANDOFF]`), makes `Conversations` consult it,
runs the event bus for as long as the gateway runs, and ends the staff event streams when the
gateway shuts down (so shutting down does not wait for open browsers).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from handoff.bus import CHANNEL, Bus
from handoff.config import HandoffConfig
from handoff.held import HeldSenders
from handoff.service import Handoff
from handoff.store import HandoffStore
from relay.conversation_log import GATEWAY_LOG
from relay.keys import CONVERSATIONS, DATABASE, SETTINGS, SHARED_STATE
from relay.shared_state import installation_key

HANDOFF = web.AppKey("handoff", Handoff)


def setup_handoff(app: web.Application) -> None:
    settings = app[SETTINGS]
    store = HandoffStore(app[DATABASE])
    service = Handoff(
        store,
        HandoffConfig.load(
            settings.content_dir, settings.languages.codes, settings.default_language
        ),
        Bus(settings.redis_url, channel=events_channel(settings.database_url)),
        log_writer=app[GATEWAY_LOG],
        held=HeldSenders(store, app[SHARED_STATE]),
    )
    app[HANDOFF] = service
    app[CONVERSATIONS].handoff = service
    app.cleanup_ctx.append(_run_bus)
    app.on_shutdown.append(_end_streams)


def events_channel(database_url: str) -> str:
    """The Redis channel of the gateways sharing this database (and only theirs: two
    installations on one Redis never see each other's events)."""
    return f"{CHANNEL}:{installation_key(database_url)}"


async def _run_bus(app: web.Application) -> AsyncIterator[None]:
    await app[HANDOFF].bus.start()
    yield
    await app[HANDOFF].bus.close()


async def _end_streams(app: web.Application) -> None:
    app[HANDOFF].streams.end_all()
