"""Job alerts end to end with the trained model: a person subscribes in the chat (Telegram in
English, web chat in Russian), an operator imports vacancies (`python -m bot vacancies import`,
which matches them), and the gateway's delivery worker brings the digest: to the Telegram chat
through the fake Bot API, and to the web chat at the person's next visit."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import uuid
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import create_engine, text
from support.fake_telegram import TOKEN, FakeTelegram
from support.gateway import make_settings
from support.processes import ROOT, rasa_python
from support.telegram_gateway import WEBHOOK_SECRET, TelegramGateway
from support.webchat import ChatSocket
from test_telegram_e2e import Person

from bot.app import create_app
from common.settings import OutboundSettings

pytestmark = pytest.mark.model

WAIT_S = 30.0


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as telegram:
        yield telegram


@pytest.fixture
async def gateway(
    rasa_server_url: str,
    fake_telegram: FakeTelegram,
    aiohttp_client: Any,
    tmp_path: Path,
    e2e_database_url: str,
) -> TelegramGateway:
    settings = make_settings(
        tmp_path,
        database_url=e2e_database_url,  # the action server's: subscriptions and the outbox
        rasa_url=rasa_server_url,
        rasa_timeout_s=30,
        telegram_bot_token=TOKEN,
        telegram_webhook_secret=WEBHOOK_SECRET,
        telegram_api_base_url=fake_telegram.base_url,
        outbound=OutboundSettings(poll_s=0.1),
    )
    return TelegramGateway(await aiohttp_client(create_app(settings)), fake_telegram)


@pytest.fixture
def content_without_quiet_hours(tmp_path: Path) -> Path:
    """The shipped content, but digests may go at any hour (the test must not depend on the
    time of day it runs at)."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "data" / "content", content)
    settings = yaml.safe_load((content / "alerts.yml").read_text(encoding="utf-8"))
    settings["quiet_hours"] = {"from": "00:00", "to": "00:00"}
    (content / "alerts.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    return content


def import_vacancies(
    records: list[dict[str, Any]], index: Path, database_url: str, content: Path, folder: Path
) -> str:
    """`python -m bot vacancies import` as an operator runs it; its output."""
    source = folder / f"{uuid.uuid4().hex}.jsonl"
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "CONTENT_DIR": str(content),
    }
    result = subprocess.run(
        [rasa_python(), "-m", "actions.vacancies", "import", str(source), "--index", str(index)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def vacancy(title: str, city: str, employer: str) -> dict[str, Any]:
    number = uuid.uuid4().hex[:8]
    return {
        "id": f"e2e-{number}",
        "title": title,
        "employer": employer,
        "city": city,
        "salary_min": 2000,
        "currency": "EUR",
        "posted": date.today().isoformat(),
        "url": f"https://demo-pes.example/jobs/e2e-{number}",
    }


async def eventually(check: Any) -> Any:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_S
    while not (found := check()):
        assert loop.time() < deadline, "the digest did not arrive"
        await asyncio.sleep(0.1)
    return found


def subscriptions_of(database_url: str, recipient: str) -> list[tuple[Any, ...]]:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT occupation, occupation_codes, place, place_id, language, status"
                " FROM alert_subscriptions WHERE recipient = :r"
            ),
            {"r": recipient},
        ).all()
    engine.dispose()
    return [tuple(row) for row in rows]


async def test_a_telegram_subscription_brings_a_digest_to_the_chat(
    gateway: TelegramGateway,
    e2e_database_url: str,
    e2e_vacancy_index: Path,
    content_without_quiet_hours: Path,
    tmp_path: Path,
) -> None:
    anna = Person(gateway, language_code="en")
    consent = await anna.say("notify me about new welder jobs in Tallinn")
    assert "new vacancies for “welder” in Tallinn" in consent
    assert "at most 180 days" in consent
    assert anna.buttons() == ["Yes, notify me", "No, thanks"]
    assert "I'll tell you about new vacancies" in await anna.press("Yes, notify me")
    recipient = f"telegram:{anna.chat_id}"
    assert subscriptions_of(e2e_database_url, recipient) == [
        ("welder", "7212", "Tallinn", "tallinn", "en", "active")
    ]
    listed = await anna.say("/alerts")
    assert "1. New vacancies for “welder” in Tallinn — active" in listed

    output = import_vacancies(
        [
            vacancy("Welder (MIG/MAG)", "Tallinn", "Baltic Steel OÜ"),
            vacancy("Cook", "Tartu", "Cafe"),
        ],
        e2e_vacancy_index,
        e2e_database_url,
        content_without_quiet_hours,
        tmp_path,
    )
    assert "job alerts: 2 new vacancies" in output

    texts = await eventually(
        lambda: [t for t in anna.telegram.texts(anna.chat_id) if "Baltic Steel" in t]
    )
    shown = anna.telegram.texts(anna.chat_id)
    assert "🔔 New vacancies for your job alerts:" in shown
    assert "1 new for “welder” in Tallinn" in shown
    assert texts[0].startswith("Welder (MIG/MAG) — Baltic Steel OÜ")
    assert "My alerts" in anna.buttons()

    assert "Deleted" in await anna.say("stop job alerts")
    assert subscriptions_of(e2e_database_url, recipient) == []


async def test_a_web_chat_subscription_in_russian_waits_for_the_next_visit(
    gateway: TelegramGateway,
    e2e_database_url: str,
    e2e_vacancy_index: Path,
    content_without_quiet_hours: Path,
    tmp_path: Path,
) -> None:
    chat = await ChatSocket.open(gateway.client)
    await chat.hello(lang="ru")
    frames = await chat.say("подпишите меня на вакансии сварщика в Казани", "m1")
    consent = " ".join(f.get("text", "") for f in frames if f["type"] == "bot")
    assert "о новых вакансиях по запросу «сварщик» — Казань" in consent
    assert "не дольше 180 дней" in consent
    frames = await chat.press("/affirm", "Да, подписаться", "m2")
    assert any("Готово" in f.get("text", "") for f in frames if f["type"] == "bot")
    token = chat.token
    assert token is not None
    await chat.close()
    recipient = "webchat:" + token.split(".")[0]
    assert subscriptions_of(e2e_database_url, recipient) == [
        ("сварщика", "7212", "Казани", "kazan", "ru", "active")
    ]

    import_vacancies(
        [vacancy("Сварщик", "Казань", "ООО «Металл»")],
        e2e_vacancy_index,
        e2e_database_url,
        content_without_quiet_hours,
        tmp_path,
    )

    def status() -> str | None:
        engine = create_engine(e2e_database_url)
        with engine.connect() as connection:
            found = connection.execute(
                text("SELECT status FROM outbound_messages WHERE recipient = :r"), {"r": recipient}
            ).scalar()
        engine.dispose()
        return found if found == "held" else None

    await eventually(status)  # no window open: kept for the next visit

    again = await ChatSocket.open(gateway.client)
    await again.hello(token, lang="ru")
    header = await again.expect("bot")
    assert header["text"] == "🔔 Новые вакансии по вашим подпискам:"
    assert (await again.expect("bot"))["text"] == "Новых: 1 по запросу «сварщик» — Казань"
    card = await again.expect("bot")
    assert card["text"].startswith("**Сварщик** — ООО «Металл»")
    await again.close()
