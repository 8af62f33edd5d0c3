"""Who may use the live handoff: nobody anonymous, no state change without the CSRF token, only
one member of staff holds a conversation, only they reply, and an admin can free a forgotten one."""

from __future__ import annotations

import pytest
from support.handoff import HANDOFF_PAYLOAD
from support.staff_console import Console
from support.webchat import ChatSocket

from handoff.app import HANDOFF


async def waiting_handoff(console: Console) -> int:
    chat = await ChatSocket.open(console.client)
    await chat.hello()
    await chat.send({"type": "message", "id": "m1", "payload": HANDOFF_PAYLOAD, "title": "Person"})
    await chat.receive_until("done")
    [entry] = await console.app[HANDOFF].queue()
    return int(entry["id"])


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/staff/handoff"),
        ("GET", "/staff/handoff/1"),
        ("GET", "/staff/handoff/events"),
        ("POST", "/staff/handoff/1/take"),
        ("POST", "/staff/handoff/1/reply"),
        ("POST", "/staff/handoff/1/release"),
    ],
)
async def test_anonymous_visitors_are_sent_to_the_login_page(
    console: Console, method: str, path: str
) -> None:
    response = await console.client.request(method, path, allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"].startswith("/staff/login")

    api_style = await console.client.request(
        method, path, allow_redirects=False, headers={"Accept": "application/json"}
    )
    assert api_style.status == 401


async def test_taking_without_the_csrf_token_is_refused(console: Console) -> None:
    handoff_id = await waiting_handoff(console)
    await console.log_in(await console.add_user("reviewer"))

    for headers in ({}, {"X-CSRF-Token": "forged"}):
        response = await console.client.post(
            f"/staff/handoff/{handoff_id}/take", headers=headers, allow_redirects=False
        )
        assert response.status == 403
    [entry] = await console.app[HANDOFF].queue()
    assert entry["status"] == "waiting"


async def test_one_holder_only_the_holder_replies_and_an_admin_can_free_it(
    console: Console, aiohttp_client
) -> None:
    handoff_id = await waiting_handoff(console)
    anna = await console.add_user("reviewer")
    boris = await console.add_user("reviewer")
    admin = await console.add_user("admin")
    await console.log_in(anna)
    assert (await console.post(f"/staff/handoff/{handoff_id}/take")).status == 303

    other = Console(await aiohttp_client(console.client.server))
    await other.log_in(boris)
    assert (await other.post(f"/staff/handoff/{handoff_id}/take")).status == 409
    assert (await other.post(f"/staff/handoff/{handoff_id}/reply", {"text": "hi"})).status == 403
    assert (await other.post(f"/staff/handoff/{handoff_id}/release")).status == 403
    assert (await other.post(f"/staff/handoff/{handoff_id}/reply", {"text": " "})).status == 400

    await other.client.post("/staff/logout", data={"csrf_token": await other.token()})
    await other.log_in(admin)
    assert (await other.post(f"/staff/handoff/{handoff_id}/release")).status == 303
    assert await console.app[HANDOFF].queue() == []
    assert (await console.post(f"/staff/handoff/{handoff_id}/reply", {"text": "hi"})).status == 409


async def test_the_pages_may_run_their_one_script_and_nothing_else(console: Console) -> None:
    await console.log_in(await console.add_user("reviewer"))
    page = await console.get("/staff/handoff")
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert '<script src="/staff/static/handoff.js" defer></script>' in await page.text()

    script = await console.client.get("/staff/static/handoff.js")
    assert script.status == 200
    assert script.headers["Content-Type"].startswith("text/javascript")
    assert "EventSource" in await script.text()


async def test_a_request_nobody_needs_to_answer_can_be_removed_from_the_queue(
    console: Console,
) -> None:
    handoff_id = await waiting_handoff(console)
    await console.log_in(await console.add_user("reviewer"))
    page = await (await console.get(f"/staff/handoff/{handoff_id}")).text()
    assert "Remove from the queue" in page

    assert (await console.post(f"/staff/handoff/{handoff_id}/release")).status == 303
    assert await console.app[HANDOFF].queue() == []
