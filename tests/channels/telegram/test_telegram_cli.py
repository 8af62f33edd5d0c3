"""`python -m bot telegram …`: the operator sets the webhook once, with the secret."""

from __future__ import annotations

import asyncio

import pytest
from support.fake_telegram import TOKEN, FakeTelegram
from support.telegram_updates import text_update, user

from bot.cli import main
from channels.telegram.runtime import ALLOWED_UPDATES
from common.settings import settings

URL = "https://pes.example.org/telegram/webhook"
SECRET = "cli_secret-0123456789"


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, fake_telegram: FakeTelegram) -> None:
    monkeypatch.setenv("SECRET_KEY", "cli-test-secret-key-0123456789")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", fake_telegram.base_url)


async def run(*argv: str) -> int:
    """The CLI runs its own event loop: run it in a thread while the fake serves in ours. Each
    run is a new process, which reads the environment afresh."""
    settings.cache_clear()
    return await asyncio.to_thread(main, ["telegram", *argv])


async def test_set_webhook_sends_the_secret_and_the_update_types(
    environment, fake_telegram: FakeTelegram, capsys
):
    assert await run("set-webhook", URL) == 0

    [call] = fake_telegram.calls_to("setWebhook")
    assert call.params == {
        "url": URL,
        "secret_token": SECRET,
        "allowed_updates": list(ALLOWED_UPDATES),
        "drop_pending_updates": False,
        "max_connections": 40,
    }
    assert f"Webhook set: {URL}" in capsys.readouterr().out


async def test_set_webhook_can_drop_what_is_waiting(environment, fake_telegram: FakeTelegram):
    fake_telegram.push_update(text_update("old message", user()))
    assert await run("set-webhook", URL, "--drop-pending-updates", "--max-connections", "80") == 0
    [call] = fake_telegram.calls_to("setWebhook")
    assert call.params["drop_pending_updates"] is True
    assert call.params["max_connections"] == 80
    assert fake_telegram.pending_updates == []


async def test_set_webhook_refuses_to_run_without_a_secret_or_with_a_bad_url(
    environment, fake_telegram: FakeTelegram, monkeypatch, capsys
):
    assert await run("set-webhook", "pes.example.org/telegram/webhook") == 2
    assert "is not an https or http URL" in capsys.readouterr().err
    assert await run("set-webhook", URL, "--max-connections", "500") == 2

    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "has spaces in it")
    assert await run("set-webhook", URL) == 2
    assert "may only hold" in capsys.readouterr().err

    monkeypatch.delenv("TELEGRAM_WEBHOOK_SECRET")
    assert await run("set-webhook", URL) == 2
    assert "set TELEGRAM_WEBHOOK_SECRET first" in capsys.readouterr().err
    assert fake_telegram.calls_to("setWebhook", ok=None) == []


async def test_telegram_errors_are_reported_with_exit_code_1(
    environment, fake_telegram: FakeTelegram, capsys
):
    fake_telegram.fail_next("setWebhook", 400, "Bad Request: bad webhook: Failed to resolve host")
    assert await run("set-webhook", URL) == 1
    assert "bad webhook: failed to resolve host" in capsys.readouterr().err.lower()

    fake_telegram.refuse_token = True
    assert await run("info") == 1
    assert "Telegram refused TELEGRAM_BOT_TOKEN" in capsys.readouterr().err


async def test_without_a_token_nothing_is_called(environment, monkeypatch, capsys):
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN")
    assert await run("info") == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in capsys.readouterr().err


async def test_info_and_delete_webhook(environment, fake_telegram: FakeTelegram, capsys):
    assert await run("set-webhook", URL) == 0
    capsys.readouterr()
    assert await run("info") == 0
    out = capsys.readouterr().out
    assert "@pes_test_bot (id 123)" in out
    assert f"webhook:         {URL}" in out
    assert "pending updates: 0" in out
    assert "allowed updates: message, edited_message, callback_query, my_chat_member" in out

    assert await run("delete-webhook") == 0
    assert fake_telegram.webhook == {}
    assert await run("info") == 0
    assert "none (polling, or not set)" in capsys.readouterr().out


async def test_set_commands_sets_the_menu_in_both_languages(environment, fake_telegram):
    assert await run("set-commands") == 0
    english, russian = fake_telegram.commands[None], fake_telegram.commands["ru"]
    assert [c["command"] for c in english] == ["start", "help", "language", "alerts", "restart"]
    assert english[2]["description"] == "Change the language"
    assert russian[2]["description"] == "Сменить язык"
