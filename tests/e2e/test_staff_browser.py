"""The staff console in a real browser (Debian's headless Chromium, driven by Playwright).

The gateway runs on a free port in the test's event loop, in front of `FakeRasa`; the log is
seeded through the log's own writer. The story: log in, filter the inbox, open a transcript,
mark it reviewed; and axe-core finds no serious accessibility problem on the console's pages.
"""

from __future__ import annotations

import re
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from playwright.async_api import Browser, async_playwright, expect
from support.fake_rasa import FakeRasa
from support.gateway import make_settings
from support.staff_console import PASSWORD, conversation, unique_name

from bot.app import DATABASE, create_app
from common.storage.migrate import upgrade
from relay.conversation_log import CONVERSATION_LOG
from staff.users import StaffAccount, UserStore

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Console:
    """The gateway on a real port, with a reviewer and two logged conversations."""

    def __init__(self, app: web.Application, port: int) -> None:
        self.app = app
        self.url = f"http://127.0.0.1:{port}"
        self.reviewer: StaffAccount | None = None
        self.telegram_sender = f"telegram:{unique_name('tg')}"


@pytest.fixture
async def console(tmp_path: Path) -> AsyncIterator[Console]:
    async with FakeRasa() as rasa:
        settings = make_settings(tmp_path, rasa_url=rasa.url)
        upgrade(settings.database_url)
        app = create_app(settings)
        port = free_port()
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        live = Console(app, port)
        live.reviewer = await UserStore(app[DATABASE], bcrypt_rounds=4).add(
            unique_name("reviewer"), "reviewer", PASSWORD, by="test setup"
        )
        log = app[CONVERSATION_LOG]
        await log.record(*conversation(f"webchat:{unique_name('web')}", text="hello there"))
        await log.record(
            *conversation(
                live.telegram_sender,
                text="позвоните мне +7 912 345-67-89",
                intent="human_handoff",
                confidence=0.42,
                channel="telegram",
                language="ru",
                minutes_ago=1,
            )
        )
        yield live
        await runner.cleanup()


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        await chromium.close()


async def test_a_reviewer_logs_in_filters_the_inbox_and_reviews_a_transcript(
    console: Console, browser: Browser
) -> None:
    assert console.reviewer is not None
    page = await (await browser.new_context()).new_page()
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security" in message.text else None
        ),
    )
    failed: list[str] = []
    page.on(
        "response",
        lambda response: (
            failed.append(response.url)
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )

    await page.goto(f"{console.url}/staff/inbox")
    await expect(page).to_have_url(re.compile(r"/staff/login\?next="))
    await page.get_by_label("Username").fill(console.reviewer.username)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Log in").click()

    await expect(page.get_by_role("heading", name="Inbox")).to_be_visible()
    await expect(page.get_by_role("status")).to_contain_text("Conversations found: 2")
    await page.get_by_label("Channel").select_option("telegram")
    await page.get_by_role("button", name="Show").click()
    await expect(page).to_have_url(f"{console.url}/staff/inbox?channel=telegram")
    await expect(page.get_by_role("status")).to_contain_text("Conversations found: 1")
    row = page.get_by_role("row").filter(has_text="+7 *** ***-**-89")
    await expect(row).to_have_count(1)

    await row.get_by_role("link").click()
    await expect(page.get_by_role("heading", name="Conversation")).to_be_visible()
    await expect(page.get_by_text("позвоните мне +7 *** ***-**-89")).to_be_visible()
    await expect(page.get_by_text("human_handoff", exact=True)).to_be_visible()
    await expect(page.locator(".event.user.low")).to_have_count(1)
    await page.get_by_role("button", name="Mark as reviewed").click()
    await expect(page.get_by_text(f"Reviewed by {console.reviewer.username}")).to_be_visible()
    assert "345-67" not in await page.content()
    assert refused == []  # the Content-Security-Policy blocked nothing the pages need
    assert failed == []


async def test_axe_finds_no_serious_accessibility_problems_in_the_console(
    console: Console, browser: Browser
) -> None:
    assert console.reviewer is not None
    context = await browser.new_context(bypass_csp=True)  # axe is injected as a script
    page = await context.new_page()
    await page.goto(f"{console.url}/staff/login")
    await page.get_by_label("Username").fill(console.reviewer.username)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await expect(page.get_by_role("heading", name="Inbox")).to_be_visible()
    first = await page.get_by_role("link", name="UTC").first.get_attribute("href")

    problems = {}
    for path in [
        "/staff/inbox",
        str(first),
        "/staff/analytics",
        "/staff/registrations",
        "/staff/nlu-examples",
        "/staff/slots?day=2026-12-21",
    ]:
        await page.goto(f"{console.url}{path}")
        await page.add_script_tag(path=str(AXE))
        violations = await page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )
        serious = [
            f"{violation['id']}: {violation['help']}"
            for violation in violations
            if violation["impact"] in ("serious", "critical")
        ]
        if serious:
            problems[path] = serious
    assert problems == {}


async def test_a_reviewer_publishes_a_weekly_pattern_and_cancels_a_slot(
    console: Console, browser: Browser
) -> None:
    assert console.reviewer is not None
    page = await (await browser.new_context()).new_page()
    await page.goto(f"{console.url}/staff/login")
    await page.get_by_label("Username").fill(console.reviewer.username)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await page.get_by_role("link", name="Appointments").click()
    await expect(page.get_by_role("heading", name="Counselling appointments")).to_be_visible()

    await page.get_by_label("Counsellor").fill("Maria Tamm")
    await page.get_by_label("Topic").select_option("benefits")
    await page.get_by_label("Date (the first day").fill("2026-12-21")
    await page.get_by_label("Start times").fill("09:00, 10:00")
    await page.get_by_label("Online or at the office").select_option("online")
    await page.get_by_label("Video link").fill("https://meet.demo-pes.example/maria")
    await page.get_by_label("Mon").check()
    await page.get_by_label("Thu").check()
    await page.get_by_label("For how many weeks").fill("2")
    await page.get_by_role("button", name="Publish", exact=True).click()

    await expect(page.get_by_role("status")).to_contain_text("Published 6 slots")
    rows = page.get_by_role("row").filter(has_text="Maria Tamm")
    await expect(rows).to_have_count(2)
    await expect(rows.first).to_contain_text("09:00–09:45")
    await expect(rows.first).to_contain_text("Benefits")
    await rows.first.get_by_role("button", name="Cancel the slot").click()
    await expect(rows.first).to_contain_text("cancelled")
    await expect(rows.first.get_by_role("button", name="Cancel the slot")).to_have_count(0)
    await expect(rows.nth(1)).to_contain_text("free")

    await page.get_by_label("Day", exact=True).fill("2026-12-24")
    await page.get_by_role("button", name="Show").click()
    await expect(page.get_by_text("No slots on this day.")).to_be_visible()  # a holiday
