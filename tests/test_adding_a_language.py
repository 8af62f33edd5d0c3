"""Adding a language is data: with Estonian added to a content directory (languages.yml and a text
in Estonian for every text), the web chat, Telegram, the staff console and the actions speak it,
without a change in Python. README, "Adding a language", describes the same steps."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import yaml
from support.fake_rasa import FakeRasa
from support.fake_telegram import TOKEN, FakeTelegram
from support.gateway import make_settings
from support.languages import with_language
from support.processes import ROOT, rasa_python, running_action_server
from support.staff_console import open_console
from support.telegram_gateway import WEBHOOK_SECRET, TelegramGateway
from support.telegram_updates import text_update, user
from support.webchat import ChatSocket

from bot.app import create_app
from common.settings import Settings
from common.storage.migrate import upgrade

ESTONIAN: dict[str, Any] = {
    "code": "et",
    "name": "Eesti",
    "names": ["et", "estonian", "eesti", "eesti keeles", "эстонский"],
    "script": "latin",
    "marker_letters": "õäöü",
    "marker_words": ["tere", "aitäh", "jah", "ei", "töö", "kuidas", "palun"],
}


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    return with_language(tmp_path, **ESTONIAN)


@pytest.fixture
async def fake_rasa() -> Any:
    async with FakeRasa() as rasa:
        yield rasa


@pytest.fixture
async def fake_telegram() -> Any:
    async with FakeTelegram() as telegram:
        yield telegram


@pytest.fixture
def settings(tmp_path: Path, content_dir: Path, fake_rasa: FakeRasa) -> Settings:
    settings = make_settings(tmp_path, content_dir=content_dir, rasa_url=fake_rasa.url)
    upgrade(settings.database_url)
    return settings


def test_the_settings_offer_the_new_language(content_dir: Path) -> None:
    settings = Settings.from_env({"CONTENT_DIR": str(content_dir), "DEFAULT_LANGUAGE": "et"})

    assert settings.languages.codes == ("en", "ru", "et")
    assert settings.default_language == "et"
    assert settings.languages.code_for("Eesti keeles") == "et"


async def test_the_web_chat_accepts_it(
    aiohttp_client: Any, settings: Settings, fake_rasa: FakeRasa
) -> None:
    client = await aiohttp_client(create_app(settings))
    chat = await ChatSocket.open(client)
    await chat.hello(lang="et")

    await chat.say("tere, kuidas registreerida?", "m1")

    [received] = fake_rasa.received
    assert received.metadata["language_hint"] == "et"
    widget = await (await client.get("/webchat/widget.js")).text()
    assert '"et": {"open": "[et] Chat with the employment service assistant"' in widget
    demo = await (await client.get("/?lang=et")).text()
    assert '<html lang="et">' in demo and "Eesti" in demo


async def test_telegram_accepts_it(
    aiohttp_client: Any, settings: Settings, fake_rasa: FakeRasa, fake_telegram: FakeTelegram
) -> None:
    client = await aiohttp_client(
        create_app(
            Settings(
                **{
                    **settings.__dict__,
                    "telegram_bot_token": TOKEN,
                    "telegram_webhook_secret": WEBHOOK_SECRET,
                    "telegram_api_base_url": fake_telegram.base_url,
                }
            )
        )
    )
    gateway = TelegramGateway(client, fake_telegram)
    person = user(language_code="et")

    await gateway.deliver(text_update("tere", person), text_update("/language", person))

    [received] = fake_rasa.received
    assert received.metadata["language_hint"] == "et"
    assert fake_telegram.texts(person["id"])[-1] == "[et] Which language should I speak?"
    keyboard = fake_telegram.buttons(person["id"])[-1]
    *_, estonian = [button for row in keyboard for button in row]
    assert estonian["text"] == "Eesti"
    assert estonian["callback_data"] == '=/set_language{"language": "et"}'


async def test_the_staff_console_accepts_it(aiohttp_client: Any, settings: Settings) -> None:
    console = await open_console(aiohttp_client, settings)
    await console.log_in(await console.add_user("reviewer"))

    await console.post("/staff/language", {"lang": "et", "next": "/staff/inbox"})
    page = await (await console.get("/staff/inbox?language=et")).text()

    assert '<html lang="et">' in page
    assert "[et] Inbox" in page
    assert '<option value="et" selected>Eesti</option>' in page


def test_the_actions_accept_it(content_dir: Path, tmp_path: Path) -> None:
    environment = {
        "CONTENT_DIR": str(content_dir),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'actions.db'}",
        "VACANCY_INDEX_PATH": str(tmp_path / "vacancies.db"),
    }
    with running_action_server(environment) as webhook:
        detected = run_action(
            webhook, "action_detect_language", {"language": {"code": "et", "confidence": 1.0}}
        )
        asked = run_action(
            webhook,
            "action_detect_language",
            {
                "intent": {"name": "set_language", "confidence": 1.0},
                "entities": [{"entity": "language", "value": "eesti"}],
            },
        )

    assert {"event": "slot", "name": "language", "value": "et"} in slot_events(detected)
    assert {"event": "slot", "name": "language", "value": "et"} in slot_events(asked)


def run_action(webhook: str, action: str, latest_message: dict[str, Any]) -> dict[str, Any]:
    """POST the action server's webhook as Rasa does, with a tracker in English."""
    message = {"text": "tere", "intent": {"name": "greet", "confidence": 0.9}, "entities": []}
    body = {
        "next_action": action,
        "sender_id": "webchat:estonian",
        "tracker": {
            "sender_id": "webchat:estonian",
            "slots": {"language": "en", "language_explicit": False},
            "latest_message": {**message, **latest_message},
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
        "domain": {},
        "version": "3.6.2",
    }
    request = urllib.request.Request(
        webhook, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        answer: dict[str, Any] = json.loads(response.read())
    return answer


def slot_events(answer: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {key: event[key] for key in ("event", "name", "value")}
        for event in answer["events"]
        if event["event"] == "slot"
    ]


def test_a_text_missing_in_the_new_language_stops_the_processes(
    content_dir: Path, tmp_path: Path
) -> None:
    drop_text(content_dir / "vacancy_texts.yml", "found", "et")
    drop_text(content_dir / "webchat.yml", "send", "et")
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "CONTENT_DIR": str(content_dir),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'actions.db'}",
    }

    actions = subprocess.run(
        [rasa_python(), "-m", "rasa_sdk", "--port", "0", "--actions", "actions"],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    gateway = subprocess.run(
        [sys.executable, "-m", "bot", "serve", "--port", "0"],
        env={**environment, "SECRET_KEY": "s" * 32},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert actions.returncode != 0
    assert "vacancy_texts.yml: found has no text in et" in actions.stderr
    assert gateway.returncode == 2
    assert "webchat.yml: send has no text in et" in gateway.stderr


def drop_text(path: Path, key: str, language: str) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data[key][language]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
