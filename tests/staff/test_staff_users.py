"""Staff accounts: the store (SQLite and PostgreSQL) and the admins' page."""

from __future__ import annotations

import pytest
from support.staff_console import PASSWORD, Console, unique_name

from common.storage.engine import make_engine
from common.storage.migrate import upgrade
from staff.passwords import PasswordError
from staff.users import UserError, UserStore


@pytest.fixture
def store(database_url: str) -> UserStore:
    upgrade(database_url)
    return UserStore(make_engine(database_url), bcrypt_rounds=4)


async def test_an_account_logs_in_with_its_password_only(store: UserStore) -> None:
    account = await store.add("Anna.Ivanova", "admin", PASSWORD, by="boss")

    assert account.username == "anna.ivanova"
    assert (await store.authenticate("ANNA.IVANOVA", PASSWORD)) == (await store.get("anna.ivanova"))
    assert await store.authenticate("anna.ivanova", "wrong password") is None
    assert await store.authenticate("nobody", PASSWORD) is None
    assert (await store.get("anna.ivanova")).last_login_at is not None


async def test_names_roles_and_passwords_are_checked(store: UserStore) -> None:
    await store.add("boris", "reviewer", PASSWORD, by="boss")

    with pytest.raises(UserError) as taken:
        await store.add("BORIS", "reviewer", PASSWORD, by="boss")
    with pytest.raises(UserError) as bad_name:
        await store.add("boris petrov", "reviewer", PASSWORD, by="boss")
    with pytest.raises(UserError) as bad_role:
        await store.add("vera", "owner", PASSWORD, by="boss")
    with pytest.raises(PasswordError) as short:
        await store.add("vera", "reviewer", "short", by="boss")
    with pytest.raises(PasswordError) as long:
        await store.add("vera", "reviewer", "пароль" * 10, by="boss")  # 120 bytes

    assert [taken.value.code, bad_name.value.code, bad_role.value.code] == [
        "username_taken",
        "bad_username",
        "bad_role",
    ]
    assert [short.value.code, long.value.code] == ["password_short", "password_long"]
    assert [account.username for account in await store.all()] == ["boris"]


async def test_a_disabled_account_cannot_log_in_until_enabled(store: UserStore) -> None:
    await store.add("gleb", "reviewer", PASSWORD, by="boss")

    disabled = await store.set_active("gleb", False, by="boss")
    refused = await store.authenticate("gleb", PASSWORD)
    await store.set_active("gleb", True, by="boss")

    assert not disabled.active
    assert refused is None
    assert await store.authenticate("gleb", PASSWORD) is not None
    with pytest.raises(UserError):
        await store.set_active("nobody", False, by="boss")


async def test_a_new_password_replaces_the_old_one(store: UserStore) -> None:
    before = await store.add("dina", "reviewer", PASSWORD, by="boss")

    after = await store.set_password("dina", "a brand new secret", by="boss")

    assert after.credentials_changed_at > before.credentials_changed_at
    assert await store.authenticate("dina", PASSWORD) is None
    assert await store.authenticate("dina", "a brand new secret") is not None


async def test_an_admin_adds_an_account_that_can_log_in(console: Console) -> None:
    await console.log_in(await console.add_user("admin"))
    name = unique_name("new")

    differ = await console.post(
        "/staff/users",
        {"username": name, "role": "reviewer", "password": PASSWORD, "password_again": "other"},
    )
    added = await console.post(
        "/staff/users",
        {"username": name, "role": "reviewer", "password": PASSWORD, "password_again": PASSWORD},
    )
    short = await console.post(
        "/staff/users",
        {
            "username": unique_name("x"),
            "role": "admin",
            "password": "short",
            "password_again": "short",
        },
    )

    assert differ.status == 400
    assert "The two passwords are not the same." in await differ.text()
    assert added.status == 303
    assert name in await (await console.get("/staff/users")).text()
    assert short.status == 400
    assert "A password needs at least 10 characters." in await short.text()
    await console.post("/staff/logout")
    assert (await console.log_in(name)).status == 303


async def test_an_admin_disables_an_account_but_not_their_own(console: Console) -> None:
    admin = await console.add_user("admin")
    reviewer = await console.add_user("reviewer")
    await console.log_in(admin)

    own = await console.post(f"/staff/users/{admin.username}/active", {"active": "no"})
    other = await console.post(f"/staff/users/{reviewer.username}/active", {"active": "no"})

    assert own.status == 400
    assert "You cannot disable your own account." in await own.text()
    assert other.status == 303
    await console.post("/staff/logout")
    assert (await console.log_in(reviewer)).status == 401


async def test_a_password_change_ends_the_other_sessions_but_not_ones_own(
    console: Console, aiohttp_client
) -> None:
    admin = await console.add_user("admin")
    await console.log_in(admin)
    elsewhere = Console(await aiohttp_client(console.app))
    await elsewhere.log_in(admin)
    assert (await elsewhere.get("/staff/inbox")).status == 200

    changed = await console.post(
        f"/staff/users/{admin.username}/password",
        {"password": "another long secret", "password_again": "another long secret"},
    )

    assert changed.status == 303
    assert (await console.get("/staff/users")).status == 200
    assert (await elsewhere.get("/staff/inbox")).status == 303


async def test_every_change_of_an_account_is_audited(store: UserStore, database_url: str) -> None:
    from common.storage.log_store import ConversationLog

    await store.add("erik", "reviewer", PASSWORD, by="boss")
    await store.set_password("erik", "another long secret", by="boss")
    await store.set_active("erik", False, by="boss")
    await store.set_active("erik", False, by="boss")  # no change, nothing to record

    log = ConversationLog(make_engine(database_url), sensitive_slots=frozenset())
    entries = await log.audit_log()
    assert [(e.action, e.actor, e.target) for e in reversed(entries)] == [
        ("staff_user_added", "boss", "staff_user:erik"),
        ("staff_password_set", "boss", "staff_user:erik"),
        ("staff_user_disabled", "boss", "staff_user:erik"),
    ]
    assert entries[-1].details == {"role": "reviewer"}
