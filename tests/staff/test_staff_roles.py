"""Reviewers read, tag, review and take notes; admins also manage accounts, reveal, export
unmasked, erase and read the audit log. A route without a declared access cannot exist."""

from __future__ import annotations

import pytest
from aiohttp import web
from support.gateway import TEST_SECRET
from support.staff_console import Console, conversation, unique_name

from staff import create_staff_app
from staff.roles import PERMISSIONS, check_declared, requires


async def reviewer_with_a_conversation(console: Console) -> int:
    await console.log_in(await console.add_user("reviewer"))
    ids = await console.record(*conversation(f"webchat:{unique_name('roles')}"))
    return ids[0]


ADMIN_ONLY = [
    ("GET", "/staff/users", None),
    ("GET", "/staff/audit", None),
    ("POST", "/staff/users", {"username": "newcomer", "role": "admin", "password": "x" * 12}),
    ("POST", "/staff/users/someone/active", {"active": "no"}),
    ("POST", "/staff/users/someone/password", {"password": "y" * 12}),
    ("POST", "/staff/conversations/{id}/reveal", {"reason": "curious"}),
    ("POST", "/staff/conversations/{id}/erase", {"reason": "asked", "confirm": "yes"}),
    (
        "POST",
        "/staff/conversations/{id}/export",
        {"format": "json", "unmasked": "yes", "reason": "x"},
    ),
    ("POST", "/staff/exports", {"format": "csv", "unmasked": "yes", "reason": "x"}),
    ("POST", "/staff/registrations/DP-7K3M9Q/reveal", {"reason": "call back"}),
]


@pytest.mark.parametrize(("method", "path", "form"), ADMIN_ONLY)
async def test_a_reviewer_is_refused_admin_actions(
    console: Console, method: str, path: str, form: dict[str, str] | None
) -> None:
    conversation_id = await reviewer_with_a_conversation(console)
    path = path.format(id=conversation_id)

    if method == "GET":
        response = await console.get(path)
    else:
        response = await console.post(path, form)

    assert response.status == 403
    assert "Your role does not allow this" in await response.text()


async def test_a_refused_reveal_writes_nothing_to_the_audit_log(console: Console) -> None:
    conversation_id = await reviewer_with_a_conversation(console)
    await console.post(f"/staff/conversations/{conversation_id}/reveal", {"reason": "curious"})

    from relay.conversation_log import CONVERSATION_LOG

    assert await console.app[CONVERSATION_LOG].audit_log(action="reveal") == []


async def test_a_reviewer_does_the_review_work(console: Console) -> None:
    conversation_id = await reviewer_with_a_conversation(console)

    assert (await console.get("/staff/inbox")).status == 200
    assert (await console.get(f"/staff/conversations/{conversation_id}")).status == 200
    review = await console.post(
        f"/staff/conversations/{conversation_id}/review", {"reviewed": "yes"}
    )
    note = await console.post(f"/staff/conversations/{conversation_id}/notes", {"text": "ok"})
    masked_export = await console.post(
        f"/staff/conversations/{conversation_id}/export", {"format": "json"}
    )

    assert review.status == 303
    assert note.status == 303
    assert masked_export.status == 200


async def test_the_navigation_shows_admin_pages_to_admins_only(console: Console) -> None:
    await console.log_in(await console.add_user("reviewer"))
    reviewer_page = await (await console.get("/staff/inbox")).text()
    await console.post("/staff/logout")
    await console.log_in(await console.add_user("admin"))
    admin_page = await (await console.get("/staff/inbox")).text()

    assert 'href="/staff/users"' not in reviewer_page
    assert 'href="/staff/audit"' not in reviewer_page
    assert 'href="/staff/users"' in admin_page
    assert 'href="/staff/audit"' in admin_page


def test_admins_can_do_everything_reviewers_can() -> None:
    assert PERMISSIONS["reviewer"] < PERMISSIONS["admin"]
    assert {"reveal", "export_unmasked", "erase", "users", "audit"}.isdisjoint(
        PERMISSIONS["reviewer"]
    )


def test_a_route_that_declares_no_access_stops_the_console_from_starting() -> None:
    app = create_staff_app(TEST_SECRET)

    async def forgotten(_request: web.Request) -> web.Response:
        return web.Response(text="open to anyone?")

    app.router.add_get("/forgotten", forgotten)

    with pytest.raises(RuntimeError, match="/forgotten"):
        check_declared(app)


def test_a_permission_no_role_has_is_a_mistake() -> None:
    with pytest.raises(ValueError, match="no role"):
        requires("reed")
