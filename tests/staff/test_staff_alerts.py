"""Job alerts in the console: counts per search, people masked, deliveries, and the admin's pause
of every alert, which is audited."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from support.staff_console import Console

from common.storage import alerts, outbox
from common.storage.alerts import NewSubscription
from common.storage.sessions import reading, writing
from relay.keys import DATABASE

NOW = datetime.now(timezone.utc)


def subscribe(console: Console, recipient: str, occupation: str, place: str, **kw: object) -> None:
    new = NewSubscription(
        recipient=recipient,
        channel=recipient.partition(":")[0],
        language="en",
        occupation=occupation,
        occupation_codes=(),
        occupation_label=occupation.title(),
        place=place,
        place_id=None,
        place_label=place,
        salary_min=None,
        schedule=None,
    )
    with writing(console.app[DATABASE]) as session:
        alerts.subscribe(session, new, consent_at=NOW, expires_at=NOW + timedelta(days=180))
        if kw.get("blocked"):
            alerts.pause_blocked(session, recipient, "blocked")


async def test_the_page_counts_searches_and_masks_people(console: Console) -> None:
    subscribe(console, "telegram:5550001", "welder", "Kazan")
    subscribe(console, "telegram:5550002", "welder", "Kazan", blocked=True)
    subscribe(console, "webchat:abcdefghijkl", "cook", "Tallinn")
    with writing(console.app[DATABASE]) as session:
        outbox.enqueue(
            session,
            channel="telegram",
            recipient="telegram:5550001",
            kind="alert",
            dedup_key="k1",
            language="en",
            messages=[{"text": "news"}],
        )
    reviewer = await console.add_user("reviewer")
    await console.log_in(reviewer)

    page = await (await console.get("/staff/alerts")).text()

    assert "<td>Welder</td><td>Kazan</td><td>1</td><td>1</td>" in page
    assert "<td>Cook</td><td>Tallinn</td><td>1</td><td>0</td>" in page
    assert "3 people subscribed; 1 alerts paused because messages could not be delivered" in page
    assert "paused: the person blocked the bot" in page
    assert "5550002" not in page and "abcdefghijkl" not in page
    assert "<td>alert</td><td>telegram</td><td>queued</td><td>1</td>" in page
    assert "Pause all alerts" not in page  # reviewers see, admins pause


async def test_an_admin_pauses_and_resumes_all_alerts_and_the_audit_log_says_so(
    console: Console,
) -> None:
    admin = await console.add_user("admin")
    await console.log_in(admin)

    paused = await console.post("/staff/alerts/pause", {"pause": "yes", "reason": "bad import"})
    assert paused.headers["Location"] == "/staff/alerts?done=paused"
    with reading(console.app[DATABASE]) as session:
        assert outbox.paused_kinds(session)["alert"].paused_by == admin.username
    page = await (await console.get("/staff/alerts?done=paused")).text()
    assert f"All alerts are paused by {admin.username}" in page
    assert "bad import" in page

    await console.post("/staff/alerts/pause", {"pause": "no"})
    with reading(console.app[DATABASE]) as session:
        assert outbox.paused_kinds(session) == {}
    audit = await (await console.get("/staff/audit")).text()
    assert "<td>job alerts paused</td>" in audit
    assert "<td>job alerts resumed</td>" in audit
    assert "<td>bad import</td>" in audit


async def test_reviewers_may_not_pause_alerts(console: Console) -> None:
    reviewer = await console.add_user("reviewer")
    await console.log_in(reviewer)
    refused = await console.post("/staff/alerts/pause", {"pause": "yes"})
    assert refused.status == 403
    with reading(console.app[DATABASE]) as session:
        assert outbox.paused_kinds(session) == {}
