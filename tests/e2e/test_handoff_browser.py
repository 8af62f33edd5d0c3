"""The live handoff in real browsers (Debian's headless Chromium, driven by Playwright).

One gateway on a free port, in front of `FakeRasa`, its office always open. Two browser
contexts: a jobseeker in the web chat widget on the demo page, and a reviewer in the staff
console. The story: the reviewer logs in and watches the queue; the jobseeker asks for a person
and the queue shows them without a reload; the reviewer filters the inbox, opens the transcript,
takes the conversation, replies, and the reply arrives in the widget; the jobseeker's answer
arrives on the reviewer's page while the assistant stays silent; the reviewer hands back.
"""

from __future__ import annotations

import re
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from playwright.async_api import Browser, ConsoleMessage, Page, async_playwright, expect
from support.fake_rasa import FakeRasa
from support.gateway import make_settings
from support.handoff import ALWAYS_OPEN, asks_for_a_human, content_with_hours
from support.staff_console import PASSWORD, unique_name

from bot.app import create_app
from common.storage.migrate import upgrade
from handoff.app import HANDOFF
from relay.keys import DATABASE
from staff.users import StaffAccount, UserStore

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
GREETING = "Hello! I'm the Demo PES assistant. What would you like to do?"


def demo_pes(sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
    """The greeting offers a person; "/human_handoff" answers as utter_handoff does."""
    if text == "/greet":
        buttons = [{"title": "Talk to a person", "payload": "/human_handoff"}]
        return [{"recipient_id": sender, "text": GREETING, "buttons": buttons}]
    return asks_for_a_human(sender, text, metadata)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Gateway:
    def __init__(self, app: web.Application, port: int, reviewer: StaffAccount, rasa: FakeRasa):
        self.app = app
        self.url = f"http://127.0.0.1:{port}"
        self.reviewer = reviewer
        self.rasa = rasa


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    async with FakeRasa() as rasa:
        rasa.reply_with(demo_pes)
        settings = make_settings(
            tmp_path, rasa_url=rasa.url, content_dir=content_with_hours(tmp_path, ALWAYS_OPEN)
        )
        upgrade(settings.database_url)
        app = create_app(settings)
        port = free_port()
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        reviewer = await UserStore(app[DATABASE], bcrypt_rounds=4).add(
            unique_name("reviewer"), "reviewer", PASSWORD, by="test setup"
        )
        yield Gateway(app, port, reviewer, rasa)
        await runner.cleanup()


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        await chromium.close()


def watch(page: Page) -> list[str]:
    """What went wrong on the page: script errors, refusals by the Content-Security-Policy, and
    answers of 400 or more (the browser's own favicon request aside)."""
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security" in message.text:
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
    return problems


async def test_a_reviewer_takes_over_a_web_chat_and_the_reply_reaches_the_widget(
    gateway: Gateway, browser: Browser
) -> None:
    staff = await (await browser.new_context()).new_page()
    staff_problems = watch(staff)
    person = await (await browser.new_context()).new_page()

    # The reviewer logs in and watches the live chat queue.
    await staff.goto(f"{gateway.url}/staff/inbox")
    await expect(staff).to_have_url(re.compile(r"/staff/login\?next="))
    await staff.get_by_label("Username").fill(gateway.reviewer.username)
    await staff.get_by_label("Password").fill(PASSWORD)
    await staff.get_by_role("button", name="Log in").click()
    await expect(staff.get_by_role("heading", name="Inbox")).to_be_visible()
    await staff.get_by_role("link", name="Live chat").click()
    waiting = staff.locator("#waiting-rows")
    await expect(waiting).to_contain_text("Nobody is waiting.")

    # The jobseeker opens the chat on the demo page and asks for a person.
    await person.goto(f"{gateway.url}/")
    await person.locator(".pesw-launcher").click()
    bot_messages = person.locator(".pesw-msg--bot .pesw-bubble")
    await expect(bot_messages.first).to_contain_text(GREETING)
    await person.locator(".pesw-choice", has_text="Talk to a person").click()
    await expect(bot_messages.last).to_contain_text("You are number 1 in the queue")

    # The queue shows them without a reload.
    await expect(waiting.get_by_role("row")).to_have_count(1)
    await expect(waiting).to_contain_text("asked for a person")
    await expect(waiting).to_contain_text("webchat · en")

    # The reviewer finds the conversation in the inbox and reads its transcript.
    await staff.get_by_role("link", name="Inbox").click()
    await staff.get_by_label("Channel").select_option("webchat")
    await staff.get_by_label("Human requested").select_option("yes")
    await staff.get_by_role("button", name="Show").click()
    await expect(staff).to_have_url(re.compile(r"channel=webchat"))
    await expect(staff.get_by_role("status")).to_contain_text("Conversations found: 1")
    await staff.locator("table a[href^='/staff/conversations/']").click()
    await expect(staff.get_by_text("You are number 1 in the queue", exact=False)).to_be_visible()

    # Take over, reply: the reply arrives in the widget.
    await staff.get_by_role("link", name="Live chat").click()
    await waiting.get_by_role("button", name=re.compile("Take")).click()
    await expect(staff).to_have_url(re.compile(r"/staff/handoff/\d+$"))
    await expect(bot_messages.last).to_contain_text("A member of staff has joined the chat")
    await staff.get_by_label("Your reply").fill("Hello, I'm from the employment office.")
    await staff.get_by_role("button", name="Send").click()
    await expect(bot_messages.last).to_contain_text("Hello, I'm from the employment office.")
    live = staff.locator("#live-messages")
    await expect(live).to_contain_text("Hello, I'm from the employment office.")
    await expect(staff.get_by_label("Your reply")).to_have_value("")

    # The jobseeker answers: it reaches the reviewer's page, not the assistant.
    asked_rasa = len(gateway.rasa.received)
    await person.locator(".pesw-input").fill("When can I come to the office?")
    await person.keyboard.press("Enter")
    await expect(live).to_contain_text("When can I come to the office?")
    assert len(gateway.rasa.received) == asked_rasa

    # Hand back: the jobseeker is told, and the assistant answers again.
    await staff.get_by_role("button", name="Hand back to the assistant").click()
    await expect(staff.get_by_role("heading", name=re.compile("Live chat"))).to_be_visible()
    await expect(bot_messages.last).to_contain_text("You are talking to the assistant again")
    assert staff_problems == []


async def test_axe_finds_no_serious_accessibility_problems_in_the_live_chat_pages(
    gateway: Gateway, browser: Browser
) -> None:
    service = gateway.app[HANDOFF]
    for _ in range(2):
        await service.request(
            channel="webchat", sender=f"webchat:{unique_name('p')}", language="en", reason="asked"
        )
    [held, _] = await service.queue()
    await service.take(held["id"], by=gateway.reviewer.username)
    page = await (await browser.new_context(bypass_csp=True)).new_page()  # axe is a script
    await page.goto(f"{gateway.url}/staff/login")
    await page.get_by_label("Username").fill(gateway.reviewer.username)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await expect(page.get_by_role("heading", name="Inbox")).to_be_visible()

    problems = {}
    for path in ["/staff/handoff", f"/staff/handoff/{held['id']}"]:
        await page.goto(f"{gateway.url}{path}")
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
