"""The console speaks English and Russian: every text exists in both, staff switch freely."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.staff_console import Console, conversation, unique_name

from common.settings import PROJECT_ROOT
from staff.texts import StaffTexts


async def test_a_member_of_staff_switches_the_console_to_russian(console: Console) -> None:
    await console.log_in(await console.add_user("admin"))
    ids = await console.record(*conversation(f"webchat:{unique_name('ru')}"))

    switched = await console.post(
        "/staff/language", {"lang": "ru", "next": "/staff/inbox?channel=webchat"}
    )

    assert switched.headers["Location"] == "/staff/inbox?channel=webchat"
    for path in (
        "/staff/inbox",
        f"/staff/conversations/{ids[0]}",
        "/staff/analytics",
        "/staff/users",
    ):
        page = await (await console.get(path)).text()
        assert '<html lang="ru">' in page, path
        assert "Входящие" in page and "Выйти" in page, path


async def test_the_login_page_can_be_switched_before_logging_in(console: Console) -> None:
    await console.post("/staff/language", {"lang": "ru", "next": "/staff/login"})

    page = await (await console.get("/staff/login")).text()

    assert "Имя пользователя" in page
    assert "Пароль" in page


async def test_an_unknown_language_keeps_the_current_one(console: Console) -> None:
    await console.post("/staff/language", {"lang": "xx", "next": "/staff/login"})

    assert "Username" in await (await console.get("/staff/login")).text()


def test_every_text_of_the_console_exists_in_both_languages() -> None:
    texts = StaffTexts.load(PROJECT_ROOT / "data" / "content", ("en", "ru"))

    assert texts.text("nav.inbox", "ru") == "Входящие"
    assert texts.text("errors.too_many_attempts", "en", minutes=15).endswith(
        "15 minutes and try again."
    )
    with pytest.raises(KeyError):
        texts.text("nav.nowhere", "en")


def test_a_text_missing_in_one_language_is_refused_at_start(tmp_path: Path) -> None:
    (tmp_path / "staff_console.yml").write_text("nav:\n  inbox:\n    en: Inbox\n", encoding="utf-8")

    with pytest.raises(ValueError, match=r"nav\.inbox"):
        StaffTexts.load(tmp_path, ("en", "ru"))
