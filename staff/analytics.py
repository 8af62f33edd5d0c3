"""Analytics over a chosen period: conversations and messages per day by channel, top intents,
fallback, handoff and containment rates, average confidence, language and channel split."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Final

from aiohttp import web

from relay.conversation_log import CONVERSATION_LOG
from staff.charts import daily_chart, horizontal_chart
from staff.inbox import CHANNELS
from staff.rendering import render
from staff.roles import requires

DEFAULT_DAYS: Final = 30
MAX_DAYS: Final = 366

routes = web.RouteTableDef()


def period(since_text: str | None, until_text: str | None) -> tuple[date, date, str | None]:
    """The chosen period (default: the last 30 days) and, if the request's was unusable, why
    (a text key)."""
    today = datetime.now(timezone.utc).date()
    try:
        until = date.fromisoformat(until_text) if until_text else today
        since = (
            date.fromisoformat(since_text) if since_text else until - timedelta(DEFAULT_DAYS - 1)
        )
    except ValueError:
        return today - timedelta(DEFAULT_DAYS - 1), today, "bad_date"
    if since > until:
        return until - timedelta(DEFAULT_DAYS - 1), until, "period_reversed"
    if (until - since).days + 1 > MAX_DAYS:
        return until - timedelta(MAX_DAYS - 1), until, "period_too_long"
    return since, until, None


@routes.get("/analytics")
@requires("read")
async def analytics_page(request: web.Request) -> web.StreamResponse:
    since, until, problem = period(
        request.query.get("since", "").strip(), request.query.get("until", "").strip()
    )
    channel = request.query.get("channel", "").strip() or None
    figures = await request.config_dict[CONVERSATION_LOG].analytics(since, until, channel)
    return await render(
        request,
        "analytics.html",
        {
            "figures": figures,
            "since": since,
            "until": until,
            "channel": channel,
            "channels": CHANNELS,
            "problem": problem,
            "max_days": MAX_DAYS,
            "conversations_chart": daily_chart(figures.conversations_per_day, since, until),
            "messages_chart": daily_chart(figures.messages_per_day, since, until),
            "intents_chart": horizontal_chart(figures.top_intents, figures.user_messages),
            "languages_chart": horizontal_chart(figures.languages),
            "channels_chart": horizontal_chart(figures.channels),
        },
        status=400 if problem else 200,
    )
