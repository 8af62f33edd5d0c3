"""Every state-changing request needs the session's CSRF token: forms, the API and the login."""

from __future__ import annotations

from support.staff_console import PASSWORD, Console, conversation, unique_name

from staff.csrf import HEADER


async def logged_in_with_a_conversation(console: Console) -> int:
    await console.log_in(await console.add_user("admin"))
    ids = await console.record(*conversation(f"webchat:{unique_name('csrf')}"))
    return ids[0]


async def test_a_form_without_the_token_is_refused(console: Console) -> None:
    conversation_id = await logged_in_with_a_conversation(console)

    response = await console.client.post(
        f"/staff/conversations/{conversation_id}/tags", data={"tag": "wrong answer"}
    )

    assert response.status == 403
    assert "This form has expired or did not come from the console" in await response.text()
    page = await console.get(f"/staff/conversations/{conversation_id}")
    assert "wrong answer" not in await page.text()


async def test_a_form_with_a_wrong_token_is_refused(console: Console) -> None:
    conversation_id = await logged_in_with_a_conversation(console)

    response = await console.client.post(
        f"/staff/conversations/{conversation_id}/review",
        data={"reviewed": "yes", "csrf_token": "made-up"},
    )

    assert response.status == 403


async def test_a_form_with_the_token_goes_through(console: Console) -> None:
    conversation_id = await logged_in_with_a_conversation(console)

    response = await console.post(
        f"/staff/conversations/{conversation_id}/tags", {"tag": "wrong answer"}
    )

    assert response.status == 303
    page = await console.get(f"/staff/conversations/{conversation_id}")
    assert "wrong answer" in await page.text()


async def test_the_api_takes_the_token_in_a_header(console: Console) -> None:
    conversation_id = await logged_in_with_a_conversation(console)
    path = f"/staff/api/conversations/{conversation_id}/review"

    without = await console.client.post(path, json={"reviewed": True})
    wrong = await console.client.post(path, json={"reviewed": True}, headers={HEADER: "nope"})
    token = (await (await console.get("/staff/api/session")).json())["csrf_token"]
    right = await console.client.post(path, json={"reviewed": True}, headers={HEADER: token})

    assert without.status == 403
    assert (await without.json())["error"] == "csrf"
    assert wrong.status == 403
    assert right.status == 200
    assert (await right.json()) == {"reviewed": True}


async def test_a_token_of_another_session_is_refused(console: Console, aiohttp_client) -> None:
    conversation_id = await logged_in_with_a_conversation(console)
    other = Console(await aiohttp_client(console.app))
    await other.log_in(await other.add_user("reviewer"))
    foreign_token = await other.token()

    response = await console.client.post(
        f"/staff/conversations/{conversation_id}/review",
        data={"reviewed": "yes", "csrf_token": foreign_token},
    )

    assert response.status == 403


async def test_the_login_form_needs_its_token_too(console: Console) -> None:
    reviewer = await console.add_user("reviewer")
    await console.client.get("/staff/login")

    response = await console.client.post(
        "/staff/login",
        data={"username": reviewer.username, "password": PASSWORD},
        allow_redirects=False,
    )

    assert response.status == 403
    assert (await console.get("/staff/inbox")).status == 303


async def test_logging_in_gives_a_new_token(console: Console) -> None:
    before = await console.token()
    await console.log_in(await console.add_user("reviewer"))

    after = await console.token()

    assert after != before
