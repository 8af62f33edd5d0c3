"""The console speaks every language of languages.yml: every text exists in each, staff switch
freely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support.gateway import make_settings
from support.staff_console import Console, conversation, unique_name

from bot.app import create_app
from common.content import ContentError
from common.settings import PROJECT_ROOT, Settings


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


def test_every_text_of_the_console_exists_in_every_language() -> None:
    texts = Settings().texts("staff_console")

    assert texts.text("nav.inbox", "ru") == "Входящие"
    assert texts.text("errors.too_many_attempts", "en", minutes=15).endswith(
        "15 minutes and try again."
    )
    with pytest.raises(KeyError):
        texts.text("nav.nowhere", "en")


def test_a_text_missing_in_one_language_stops_the_gateway_at_start(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "data" / "content", content)
    path = content / "staff_console.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('    ru: "Входящие"\n', "", 1), encoding="utf-8"
    )

    with pytest.raises(ContentError, match=r"staff_console\.yml: nav\.inbox has no text in ru"):
        create_app(make_settings(tmp_path, content_dir=content))
