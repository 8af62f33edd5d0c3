"""Admins read the audit log in the console: every reveal, export and erasure, newest first."""

from __future__ import annotations

from support.staff_console import Console, conversation, unique_name


async def test_the_audit_page_lists_what_admins_did_with_personal_data(console: Console) -> None:
    admin = await console.add_user("admin")
    await console.log_in(admin)
    [conversation_id, *_] = await console.record(*conversation(f"webchat:{unique_name('a')}"))
    reveal = f"/staff/conversations/{conversation_id}/reveal"
    await console.post(reveal, {"reason": "complaint #42"})
    await console.post("/staff/exports", {"format": "json"})

    page = await (await console.get("/staff/audit")).text()
    only_reveals = await (await console.get("/staff/audit?action=reveal")).text()

    assert page.index("<td>export</td>") < page.index("<td>reveal</td>")  # newest first
    assert "complaint #42" in page
    assert f"conversation:{conversation_id}" in page
    assert admin.username in page
    assert "<td>export</td>" not in only_reveals
    assert "complaint #42" in only_reveals


async def test_changes_of_staff_accounts_are_in_the_audit_log(console: Console) -> None:
    admin = await console.add_user("admin")
    reviewer = await console.add_user("reviewer")
    await console.log_in(admin)
    await console.post(f"/staff/users/{reviewer.username}/active", {"active": "no"})

    page = await (await console.get("/staff/audit?action=staff_user_disabled")).text()

    assert "<td>account disabled</td>" in page
    assert f"staff_user:{reviewer.username}" in page
    assert f"<td>{admin.username}</td>" in page
