"""The gateway's aiohttp application: `create_app(settings)` wires the shared services and channels.

Long-lived resources (the Rasa client session, Redis, the database engine) are opened and closed
in `cleanup_ctx`; channels are sub-applications that reach the shared services through
`request.config_dict[KEY]`. Several gateways can run side by side: all state they share lives in
Redis and SQL.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from aiohttp import web
from sqlalchemy import text

from bot import demo
from channels.telegram import setup_telegram
from channels.webchat import create_webchat_app, setup_webchat_handoff
from common.settings import Settings
from common.storage import alerts
from common.storage.engine import make_engine
from handoff.app import setup_handoff
from outbound.app import run_worker, setup_outbound
from relay.client_address import is_operator
from relay.conversation_log import GATEWAY_LOG, setup_conversation_log
from relay.conversations import Conversations, answer_lease_s
from relay.keys import (
    CONVERSATIONS,
    DATABASE,
    LEASES,
    METRICS,
    RASA,
    READINESS_CHECKS,
    SCHEMA_WATCH,
    SETTINGS,
    SHARED_STATE,
    TEXTS,
    Check,
    ReadinessCheck,
)
from relay.leases import Leases
from relay.metrics import Metrics
from relay.offered_buttons import OfferedButtons
from relay.rasa_workers import RasaWorkers
from relay.shared_state import SharedState, installation_key
from staff import create_staff_app

routes = web.RouteTableDef()
# The texts files the gateway reads (data/content/<name>.yml); handoff.yml is read by the handoff.
GATEWAY_TEXTS = ("gateway", "webchat", "telegram", "staff_console", "demo_page")


def create_app(settings: Settings) -> web.Application:
    settings = settings.with_secret_key()
    app = web.Application(client_max_size=64 * 1024)
    app[SETTINGS] = settings
    app[METRICS] = Metrics()
    for name in GATEWAY_TEXTS:  # every text in every language, or the gateway does not start
        settings.texts(name)
    app[TEXTS] = settings.texts("gateway")
    app[SHARED_STATE] = SharedState(
        settings.redis_url, namespace=installation_key(settings.database_url)
    )
    app[RASA] = RasaWorkers(
        settings.rasa_urls,
        timeout_s=settings.rasa_timeout_s,
        connect_timeout_s=settings.rasa_connect_timeout_s,
        token=settings.rasa_token,
        shared_store_up=app[SHARED_STATE].ping if app[SHARED_STATE].configured else None,
    )
    app[METRICS].watch_rasa_workers(app[RASA].in_rotation, len(app[RASA].workers))
    app[LEASES] = Leases(app[SHARED_STATE], answer_lease_s(settings.rasa_timeout_s))
    app[DATABASE] = make_engine(settings.database_url)
    app[CONVERSATIONS] = Conversations(
        app[RASA],
        app[TEXTS],
        app[METRICS],
        languages=settings.languages,
        default_language=settings.default_language,
    )
    app[CONVERSATIONS].offered = OfferedButtons(app[SHARED_STATE])
    checks: list[ReadinessCheck] = [_check_rasa, _check_database, _check_redis]
    app[READINESS_CHECKS] = checks
    app.cleanup_ctx.append(_shared_services)
    app.add_routes(routes)
    setup_conversation_log(app)
    app[CONVERSATIONS].unanswered_log = app[GATEWAY_LOG]
    setup_handoff(app)  # before the channels, which register how it reaches a person
    # Before the channels too (they register their senders). A person who blocked the bot has
    # their job alerts paused, with the reason staff see.
    setup_outbound(app, blocked_hooks=[alerts.pause_blocked])
    webchat = create_webchat_app()
    app.add_subapp("/webchat/", webchat)
    setup_webchat_handoff(app, webchat)
    setup_telegram(app)  # after _shared_services: Telegram stops before the Rasa client closes
    app.cleanup_ctx.append(run_worker)  # after the channels: it stops before they do
    app.add_routes(demo.routes)
    app.add_subapp("/staff/", create_staff_app(settings.gateway_secret, settings.staff))
    return app


async def _shared_services(app: web.Application) -> AsyncIterator[None]:
    await app[RASA].start()
    stop_beating = asyncio.Event()
    heartbeat = asyncio.create_task(app[LEASES].beat(stop_beating))
    yield
    stop_beating.set()
    await heartbeat
    await app[RASA].close()
    await app[SHARED_STATE].close()
    app[DATABASE].dispose()


@routes.get("/healthz")
async def healthz(_request: web.Request) -> web.Response:
    """Liveness: the process serves requests. Dependencies are /readyz's business."""
    return web.json_response({"status": "ok"})


@routes.get("/metrics")
async def metrics(request: web.Request) -> web.Response:
    """Prometheus metrics, for operators only (`relay.client_address.is_operator`)."""
    if not is_operator(request, request.app[SETTINGS].metrics_token):
        raise web.HTTPForbidden(text="Metrics are for operators: see METRICS_TOKEN.")
    return await request.app[METRICS].handle(request)


@routes.get("/readyz")
async def readyz(request: web.Request) -> web.Response:
    """Readiness: 200 while people can be answered (possibly degraded), 503 when they cannot.

    Anyone may ask (load balancers and probes do); only operators see the details, which name
    internal addresses and errors.
    """
    app = request.app
    operator = is_operator(request, app[SETTINGS].metrics_token)
    checks = await asyncio.gather(*(check(app) for check in app[READINESS_CHECKS]))
    if any(check.state == "down" for check in checks):
        status = "down"
    elif any(check.state == "degraded" for check in checks):
        status = "degraded"
    else:
        status = "ok"
    body = {
        "status": status,
        "checks": {
            check.name: {"state": check.state, "detail": check.detail}
            if operator
            else {"state": check.state}
            for check in checks
        },
    }
    return web.json_response(body, status=503 if status == "down" else 200)


async def _check_rasa(app: web.Application) -> Check:
    """Down when no Rasa worker answers; degraded when some are out of the rotation, or when
    several are configured without Redis answering (everyone then goes to one worker)."""
    rasa = app[RASA]
    workers = await rasa.probe()
    out = [worker for worker in workers if not worker.in_rotation]
    if len(out) == len(workers):
        return Check("rasa", "down", f"no answer with a loaded model from {rasa.base_url}")
    if out:
        names = "; ".join(f"{worker.url} ({worker.problem})" for worker in out)
        return Check("rasa", "degraded", f"out of the rotation: {names}")
    if rasa.single_worker_fallback:
        return Check(
            "rasa",
            "degraded",
            f"{len(workers)} workers but no shared tracker store (Redis unset or not answering):"
            f" everyone goes to {rasa.rotation()[0].url}",
        )
    return Check("rasa", "ok", f"{len(workers)} worker(s)" if len(workers) > 1 else "")


async def _check_database(app: web.Application) -> Check:
    """Down while the database does not answer or its schema is not the newest migration."""

    def ping() -> None:
        with app[DATABASE].connect() as connection:
            connection.execute(text("SELECT 1"))

    try:
        await asyncio.wait_for(asyncio.to_thread(ping), timeout=3)
    except Exception as error:  # any driver error means the same: not reachable
        return Check("database", "down", type(error).__name__)
    schema = app[SCHEMA_WATCH]
    if not schema.ready.is_set() and not await schema.check():
        return Check("database", "down", schema.problem or "")
    return Check("database", "ok")


async def _check_redis(app: web.Application) -> Check:
    state = app[SHARED_STATE]
    if not state.configured:
        return Check("redis", "off", "REDIS_URL not set: in-process state (one gateway only)")
    if await state.ping():
        return Check("redis", "ok")
    return Check("redis", "degraded", "unreachable: dedup and rate limits are per process")
