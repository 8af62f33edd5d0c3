"""Job alerts in the console: how many people follow which searches, what was delivered, and the
admin's switch that pauses every alert (e.g. while an import's data is wrong).

    GET  /staff/alerts          counts per occupation and place, the newest subscriptions
                                (people masked), deliveries of the last 7 days per kind,
                                channel and status, and whether alerts are paused
    POST /staff/alerts/pause    admins: pause or resume all alerts (audited, with the reason)

While paused, the matching queues nothing (the news waits) and the delivery worker holds the
alert digests already queued; reminders and staff messages still go.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from aiohttp import web
from sqlalchemy.orm import Session

from common.privacy import mask_sender_id
from common.storage import alerts, audit, outbox
from common.storage.columns import utc_now
from common.storage.sessions import read, write
from relay.keys import DATABASE
from staff.rendering import render
from staff.requests import logged_in_user
from staff.roles import requires
from staff.transcript import form_text

KIND: Final = "alert"
DELIVERY_DAYS: Final = 7

routes = web.RouteTableDef()


@routes.get("/alerts")
@requires("read")
async def alerts_page(request: web.Request) -> web.StreamResponse:
    since = utc_now() - timedelta(days=DELIVERY_DAYS)

    def load(session: Session) -> dict[str, object]:
        pause = outbox.paused_kinds(session).get(KIND)
        return {
            "counts": alerts.counts(session),
            "newest": [
                {**vars(s), "recipient": None, "person": mask_sender_id(s.recipient)}
                for s in alerts.newest(session, limit=25)
            ],
            "deliveries": sorted(outbox.counts(session, since).items()),
            "pause": None
            if pause is None
            else {"by": pause.paused_by, "at": pause.paused_at, "reason": pause.reason},
        }

    context = await read(request.config_dict[DATABASE], load)
    done = request.query.get("done")
    return await render(
        request,
        "alerts.html",
        {**context, "days": DELIVERY_DAYS, "done": done if done in ("paused", "resumed") else None},
    )


@routes.post("/alerts/pause")
@requires("settings")
async def pause_alerts(request: web.Request) -> web.StreamResponse:
    pausing = await form_text(request, "pause") == "yes"
    reason = await form_text(request, "reason", 500) or None
    actor = logged_in_user(request).username

    def change(session: Session) -> bool:
        changed = (
            outbox.pause(session, KIND, by=actor, reason=reason)
            if pausing
            else outbox.resume(session, KIND)
        )
        if changed:
            audit.record(
                session,
                actor=actor,
                action="alerts_paused" if pausing else "alerts_resumed",
                target="job alerts",
                reason=reason,
            )
        return changed

    await write(request.config_dict[DATABASE], change)
    raise web.HTTPSeeOther(f"/staff/alerts?done={'paused' if pausing else 'resumed'}")
