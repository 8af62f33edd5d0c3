"""The web chat widget in a real browser: headless Chromium (Debian's) driven by Playwright.

The gateway runs as a real HTTP server on a free port, in the test's event loop, in front of
`FakeRasa` (Rasa's REST format, scripted replies below), so every story is fast and deterministic.
Each story is what a person does on the demo page: keyboard only where the story says so.

Pages keep the demo page's Content-Security-Policy (the widget must work under it), except in two
stories: axe-core is injected as an inline script, and the injection story must prove that the
widget never turns text into HTML, not that the page's CSP happens to block the payload.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from playwright.async_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    async_playwright,
    expect,
)
from sqlalchemy import select
from support.fake_rasa import FakeRasa
from support.gateway import make_settings

from bot.app import create_app
from common.storage import outbox
from common.storage.engine import make_engine
from common.storage.outbox import OutboundMessage
from common.storage.sessions import reading, writing

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
XSS = "<img src=x onerror=window.__xss=1>"

GREETING = {
    "en": "Hello! I'm the Demo PES assistant. What would you like to do?",
    "ru": "Здравствуйте! Я помощник Демо-службы занятости. Что вы хотите сделать?",
}
MENU = {
    "en": [("Register", "/register_start"), ("Find a job", "/search_vacancies")],
    "ru": [("Встать на учёт", "/register_start"), ("Найти работу", "/search_vacancies")],
}
ASK_OCCUPATION = {"en": "Which occupation are you looking for?", "ru": "Какую профессию вы ищете?"}
YOU_SAID = {"en": "You said: {}", "ru": "Вы написали: {}"}


def demo_pes(sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
    """A tiny scripted assistant that answers in the language the widget asked for."""
    lang = "ru" if metadata.get("language_hint") == "ru" else "en"
    menu = [{"title": title, "payload": payload} for title, payload in MENU[lang]]
    if text == "/greet":
        return [{"recipient_id": sender, "text": GREETING[lang], "buttons": menu}]
    if text == "/search_vacancies":
        return [{"recipient_id": sender, "text": ASK_OCCUPATION[lang]}]
    return [{"recipient_id": sender, "text": YOU_SAID[lang].format(text), "buttons": menu}]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveGateway:
    """`python -m bot serve`'s app on a real port; `stop()` and `start()` keep the port."""

    settings: Any
    port: int = field(default_factory=free_port)
    _runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self._runner = web.AppRunner(create_app(self.settings))
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        """Shut down like a deploy would: open sockets are told the server is going away."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


@pytest.fixture
async def rasa() -> AsyncIterator[FakeRasa]:
    async with FakeRasa() as fake:
        fake.reply_with(demo_pes)
        yield fake


@pytest.fixture
async def gateway(rasa: FakeRasa, tmp_path: Path) -> AsyncIterator[LiveGateway]:
    live = LiveGateway(make_settings(tmp_path, rasa_url=rasa.url))
    await live.start()
    yield live
    await live.stop()


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        await chromium.close()


@pytest.fixture
async def context(browser: Browser) -> AsyncIterator[BrowserContext]:
    ctx = await browser.new_context(viewport={"width": 1280, "height": 800})
    yield ctx
    await ctx.close()


@pytest.fixture
async def context_without_csp(browser: Browser) -> AsyncIterator[BrowserContext]:
    ctx = await browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 800})
    yield ctx
    await ctx.close()


@dataclass
class Visitor:
    """One browser tab on the site, with what its console said."""

    page: Page
    console_errors: list[str] = field(default_factory=list)

    @property
    def launcher(self) -> Any:
        return self.page.locator(".pesw-launcher")

    @property
    def panel(self) -> Any:
        return self.page.locator(".pesw-panel")

    @property
    def input(self) -> Any:
        return self.page.locator(".pesw-input")

    def bot_messages(self) -> Any:
        return self.page.locator(".pesw-msg--bot .pesw-bubble")

    def user_messages(self) -> Any:
        return self.page.locator(".pesw-msg--user .pesw-text")

    async def focused(self) -> dict[str, str]:
        """The element that has the keyboard focus, looking inside shadow roots."""
        return dict(
            await self.page.evaluate(
                """() => {
                    let el = document.activeElement;
                    while (el && el.shadowRoot && el.shadowRoot.activeElement) {
                        el = el.shadowRoot.activeElement;
                    }
                    return {tag: el ? el.tagName.toLowerCase() : "",
                            cls: el ? String(el.className) : "",
                            text: el ? el.textContent.trim() : ""};
                }"""
            )
        )

    async def tab_to(self, css_class: str, key: str = "Tab", limit: int = 40) -> None:
        """Press Tab (or Shift+Tab) until the element with `css_class` has the focus."""
        for _ in range(limit):
            await self.page.keyboard.press(key)
            if css_class in (await self.focused())["cls"].split():
                return
        raise AssertionError(f"{key} never reached .{css_class}")

    async def open_with_keyboard(self) -> None:
        await self.tab_to("pesw-launcher")
        await self.page.keyboard.press("Enter")
        await expect(self.panel).to_be_visible()

    async def say(self, text: str) -> None:
        await self.input.fill(text)
        await self.page.keyboard.press("Enter")

    async def outbox(self) -> list[Any]:
        stored = await self.page.evaluate(
            """() => Object.keys(localStorage).filter(k => k.endsWith(":outbox"))
                      .map(k => localStorage.getItem(k))"""
        )
        return [item for raw in stored for item in json.loads(raw)]


async def open_tab(context: BrowserContext, url: str) -> Visitor:
    page = await context.new_page()
    visitor = Visitor(page)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            visitor.console_errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: visitor.console_errors.append(str(error)))
    await page.goto(url)
    return visitor


@pytest.fixture
def visit(context: BrowserContext) -> Callable[..., Any]:
    """Open a tab on a URL; the tabs of one test share the browser's storage (one person)."""

    async def visit_url(url: str) -> Visitor:
        return await open_tab(context, url)

    return visit_url


async def test_a_jobseeker_chats_with_the_keyboard_alone_in_english_then_russian(
    gateway: LiveGateway, rasa: FakeRasa, visit: Callable[..., Any]
) -> None:
    me = await visit(f"{gateway.url}/")
    await expect(me.page.get_by_role("banner")).to_contain_text("Public Employment Service")

    # Tab to the chat button and open it: the focus goes to the message box, the assistant greets.
    await me.open_with_keyboard()
    assert (await me.focused())["cls"] == "pesw-input"
    await expect(me.bot_messages().first).to_contain_text(GREETING["en"])
    await expect(me.page.locator(".pesw-panel .pesw-choice")).to_have_count(2)

    await me.page.keyboard.type("I lost my job last week")
    await me.page.keyboard.press("Enter")
    await expect(me.bot_messages().nth(1)).to_contain_text("You said: I lost my job last week")
    await expect(me.user_messages()).to_have_text(["I lost my job last week"])
    # Only the latest reply's buttons stay; the live region has announced the reply.
    await expect(me.page.locator(".pesw-choice")).to_have_text(["Register", "Find a job"])
    live = me.page.locator('.pesw-panel [aria-live="polite"]')
    await expect(live).to_contain_text("You said: I lost my job last week")

    # Back from the message box to the reply's buttons, and press one with the keyboard.
    await me.tab_to("pesw-choice", key="Shift+Tab")
    assert (await me.focused())["text"] == "Find a job"
    await me.page.keyboard.press("Enter")
    await expect(me.bot_messages().nth(2)).to_contain_text(ASK_OCCUPATION["en"])
    await expect(me.user_messages()).to_have_text(["I lost my job last week", "Find a job"])
    await expect(me.page.locator(".pesw-choice")).to_have_count(0)
    pressed = [m for m in rasa.received if m.text == "/search_vacancies"]
    assert [m.metadata.get("display_text") for m in pressed] == ["Find a job"]

    # Escape closes the panel and gives the focus back to the chat button.
    await me.page.keyboard.press("Escape")
    await expect(me.panel).to_be_hidden()
    assert (await me.focused())["cls"] == "pesw-launcher"

    # A reload shows the whole conversation, and the assistant does not greet a second time.
    await me.page.reload()
    await me.open_with_keyboard()
    await expect(me.bot_messages()).to_have_count(3)
    await expect(me.bot_messages().first).to_contain_text(GREETING["en"])
    await expect(me.user_messages()).to_have_text(["I lost my job last week", "Find a job"])
    assert [m.text for m in rasa.received].count("/greet") == 1

    # The site in Russian: the widget follows the page's language, and the conversation goes on.
    await me.page.keyboard.press("Escape")
    await me.page.get_by_role("link", name="Русский").click()
    await expect(me.page.locator("html")).to_have_attribute("lang", "ru")
    await expect(me.launcher).to_have_attribute("aria-label", re.compile("Открыть чат"))
    await me.open_with_keyboard()
    await expect(me.page.locator(".pesw-title")).to_have_text("Помощник службы занятости")
    await expect(me.input).to_have_attribute("placeholder", "Напишите сообщение…")
    await expect(me.page.locator(".pesw-send")).to_have_attribute("aria-label", "Отправить")
    await expect(me.user_messages()).to_have_count(2)
    await me.say("Хочу работать водителем")
    await expect(me.bot_messages().last).to_contain_text("Вы написали: Хочу работать водителем")
    await expect(live).to_contain_text("Вы написали: Хочу работать водителем")

    assert me.console_errors == []


async def test_the_assistants_text_is_rendered_as_text_with_only_safe_markup(
    gateway: LiveGateway, rasa: FakeRasa, context_without_csp: BrowserContext
) -> None:
    rasa.reply_with(
        lambda sender, text, metadata: [
            {
                "text": (
                    f"{XSS} is not a picture. **Bring your passport** and read "
                    "[the rules](https://pes.example/rules) or [this](javascript:window.__xss=2).\n"
                    "Offices: https://pes.example/offices\n"
                    "- a CV\n- your diploma\n"
                    "1. register\n2. come to the office"
                )
            },
            {"text": "A map:", "image": "javascript:window.__xss=3"},
            {"text": "**<b>not bold html</b>**"},
        ]
    )
    me = await open_tab(context_without_csp, f"{gateway.url}/")
    await me.launcher.click()
    await me.say("<script>window.__xss=4</script>")

    first = me.bot_messages().first
    await expect(first).to_contain_text(f"{XSS} is not a picture.")
    assert await me.page.evaluate("window.__xss") is None
    # Nothing from the server became an element it did not ask for with the markup.
    assert await first.locator("img, script, b").count() == 0
    await expect(first.locator("strong")).to_have_text("Bring your passport")
    rules = first.locator("a", has_text="the rules")
    await expect(rules).to_have_attribute("href", "https://pes.example/rules")
    await expect(rules).to_have_attribute("target", "_blank")
    await expect(rules).to_have_attribute("rel", re.compile("noopener"))
    await expect(first.locator("a", has_text="https://pes.example/offices")).to_have_attribute(
        "href", "https://pes.example/offices"
    )
    assert await first.locator("a", has_text="this").count() == 0  # javascript: is not a link
    await expect(first.locator("ul > li")).to_have_text(["a CV", "your diploma"])
    await expect(first.locator("ol > li")).to_have_text(["register", "come to the office"])
    await expect(first.locator("br")).to_have_count(1)

    await expect(me.bot_messages().nth(1)).to_have_text(re.compile("A map:"))
    assert await me.bot_messages().nth(1).locator("img").count() == 0
    third = me.bot_messages().nth(2)
    await expect(third.locator("strong")).to_have_text("<b>not bold html</b>")
    await expect(me.user_messages()).to_have_text(["<script>window.__xss=4</script>"])
    assert await me.page.evaluate("window.__xss") is None


async def test_the_panel_fits_a_360_pixel_phone_screen(
    gateway: LiveGateway, browser: Browser
) -> None:
    phone = await browser.new_context(
        viewport={"width": 360, "height": 640}, is_mobile=True, reduced_motion="reduce"
    )
    page = await phone.new_page()
    await page.goto(f"{gateway.url}/")
    await page.locator(".pesw-launcher").click()
    await expect(page.locator(".pesw-bubble").first).to_contain_text(GREETING["en"])
    # The person asked for less motion: the panel does not slide in.
    panel_animation = "panel => getComputedStyle(panel).animationName"
    assert await page.locator(".pesw-panel").evaluate(panel_animation) == "none"

    panel = await page.locator(".pesw-panel").bounding_box()
    assert panel is not None
    assert panel["x"] >= 0 and panel["y"] >= 0
    assert panel["x"] + panel["width"] <= 360 and panel["y"] + panel["height"] <= 640
    assert panel["width"] >= 350  # the whole width, not a squeezed desktop panel
    for control in (".pesw-input", ".pesw-send", ".pesw-close", ".pesw-choice >> nth=0"):
        box = await page.locator(control).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, control
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360
    await phone.close()


async def test_a_message_typed_while_the_server_is_down_is_delivered_once_after_reconnect(
    gateway: LiveGateway, rasa: FakeRasa, visit: Callable[..., Any]
) -> None:
    me = await visit(f"{gateway.url}/")
    await me.launcher.click()
    await expect(me.bot_messages().first).to_contain_text(GREETING["en"])

    await gateway.stop()
    await expect(me.page.locator(".pesw-status")).to_have_text(re.compile("Reconnecting"))
    await me.say("Are you still there?")
    await expect(me.page.locator(".pesw-msg--pending")).to_contain_text("Will be sent")
    assert [entry["text"] for entry in await me.outbox()] == ["Are you still there?"]

    await gateway.start()
    await expect(me.bot_messages().last).to_contain_text(
        "You said: Are you still there?", timeout=20_000
    )
    await expect(me.page.locator(".pesw-status")).to_be_hidden()
    await expect(me.page.locator(".pesw-msg--pending")).to_have_count(0)
    await expect(me.user_messages()).to_have_text(["Are you still there?"])
    assert rasa.texts_from(rasa.received[-1].sender).count("Are you still there?") == 1
    assert await me.outbox() == []

    await me.page.reload()
    await me.launcher.click()
    await expect(me.bot_messages()).to_have_count(2)
    await expect(me.user_messages()).to_have_text(["Are you still there?"])


async def test_two_tabs_share_the_conversation_and_a_closed_one_shows_a_badge(
    gateway: LiveGateway, visit: Callable[..., Any]
) -> None:
    first = await visit(f"{gateway.url}/")
    await first.launcher.click()
    await expect(first.bot_messages().first).to_contain_text(GREETING["en"])

    second = await visit(f"{gateway.url}/")  # same site, same browser: same conversation
    await expect(second.page.locator(".pesw-badge")).to_be_hidden()
    await first.say("Hello from the first tab")
    await expect(first.bot_messages().last).to_contain_text("You said: Hello from the first tab")

    await expect(second.page.locator(".pesw-badge")).to_have_text("1")
    await expect(second.launcher).to_have_attribute("aria-label", re.compile(r"\(1 new message\)"))
    await second.launcher.click()
    await expect(second.page.locator(".pesw-badge")).to_be_hidden()
    await expect(second.user_messages()).to_have_text(["Hello from the first tab"])
    await expect(second.bot_messages().last).to_contain_text("You said: Hello from the first tab")


async def test_restart_starts_a_new_conversation_with_a_new_greeting(
    gateway: LiveGateway, rasa: FakeRasa, visit: Callable[..., Any]
) -> None:
    me = await visit(f"{gateway.url}/")
    await me.launcher.click()
    await me.say("My old question")
    await expect(me.bot_messages().last).to_contain_text("You said: My old question")
    old_sender = rasa.received[-1].sender
    other_tab = await visit(f"{gateway.url}/")
    await other_tab.launcher.click()
    await expect(other_tab.user_messages()).to_have_text(["My old question"])

    await me.page.locator(".pesw-restart").click()
    await expect(me.user_messages()).to_have_count(0)
    await expect(me.bot_messages()).to_have_count(1)
    await expect(me.bot_messages().first).to_contain_text(GREETING["en"])
    new_sender = rasa.received[-1].sender
    assert new_sender != old_sender and new_sender.startswith("webchat:")
    assert rasa.texts_from(new_sender) == ["/greet"]
    # The other tab follows to the new conversation.
    await expect(other_tab.user_messages()).to_have_count(0)
    await expect(other_tab.bot_messages()).to_have_text([re.compile(re.escape(GREETING["en"]))])

    await me.page.reload()
    await me.launcher.click()
    await expect(me.bot_messages()).to_have_count(1)
    await expect(me.user_messages()).to_have_count(0)


async def test_a_forged_session_token_gets_a_notice_and_a_new_conversation(
    gateway: LiveGateway, rasa: FakeRasa, visit: Callable[..., Any]
) -> None:
    me = await visit(f"{gateway.url}/")
    await me.launcher.click()
    await me.say("My private question")
    await expect(me.bot_messages().last).to_contain_text("You said: My private question")
    await me.page.evaluate(
        """() => Object.keys(localStorage).filter(k => k.endsWith(":session"))
                  .forEach(k => localStorage.setItem(k, localStorage.getItem(k) + "x"))"""
    )

    await me.page.reload()
    await me.launcher.click()
    await expect(me.page.locator(".pesw-msg--notice")).to_have_text(
        "Your chat session could not be verified, so a new conversation was started."
    )
    await expect(me.bot_messages()).to_have_text([re.compile(re.escape(GREETING["en"]))])
    await expect(me.user_messages()).to_have_count(0)
    assert len({m.sender for m in rasa.received}) == 2


async def test_a_message_the_server_refuses_is_marked_not_sent_and_not_resent(
    rasa: FakeRasa, tmp_path: Path, visit: Callable[..., Any]
) -> None:
    live = LiveGateway(make_settings(tmp_path, rasa_url=rasa.url, webchat_rate_limit=2))
    await live.start()
    try:
        me = await visit(f"{live.url}/")
        await me.launcher.click()  # the greeting is the first message of the minute
        await expect(me.bot_messages()).to_have_count(1)
        await me.say("second")
        await expect(me.bot_messages()).to_have_count(2)
        await me.say("third, too fast")

        refused = me.page.locator(".pesw-msg--failed")
        await expect(refused).to_contain_text("third, too fast")
        await expect(refused).to_contain_text("Not sent — You're sending messages too fast.")
        assert await me.outbox() == []
        assert "third, too fast" not in [m.text for m in rasa.received]
    finally:
        await live.stop()


async def test_the_one_tag_snippet_works_on_another_site_in_its_language(
    gateway: LiveGateway, rasa: FakeRasa, visit: Callable[..., Any]
) -> None:
    """A PES page on another origin (another host and port) embeds the widget with the snippet."""
    html = (
        '<!doctype html><html lang="en"><head><title>PES</title><link rel="icon" href="data:,">'
        "</head><body><h1>Jobseekers</h1>"
        f'<script src="{gateway.url}/webchat/widget.js" data-lang="ru" defer></script>'
        "</body></html>"
    )

    async def page(_request: web.Request) -> web.Response:
        return web.Response(text=html, content_type="text/html")

    site = web.Application()
    site.router.add_get("/jobseekers.html", page)
    async with TestServer(site, host="127.0.0.1") as server:
        me = await visit(f"http://localhost:{server.port}/jobseekers.html")
        await expect(me.launcher).to_have_attribute("aria-label", re.compile("Открыть чат"))
        await me.launcher.click()
        await expect(me.bot_messages().first).to_contain_text(GREETING["ru"])
        assert rasa.received[-1].metadata.get("language_hint") == "ru"
        assert me.console_errors == []


@pytest.mark.parametrize("viewport", [(1280, 800), (360, 640)], ids=["desktop", "phone"])
async def test_axe_finds_no_serious_accessibility_violations_with_the_panel_open(
    gateway: LiveGateway, browser: Browser, viewport: tuple[int, int]
) -> None:
    width, height = viewport
    ctx = await browser.new_context(bypass_csp=True, viewport={"width": width, "height": height})
    page = await ctx.new_page()
    await page.goto(f"{gateway.url}/")
    await page.locator(".pesw-launcher").click()
    await expect(page.locator(".pesw-choice")).to_have_count(2)
    await page.locator(".pesw-input").fill("Where is my office? https://pes.example/offices")
    await page.keyboard.press("Enter")
    await expect(page.locator(".pesw-msg--bot")).to_have_count(2)

    await page.add_script_tag(path=str(AXE))
    results = await page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    serious = [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]],
        }
        for violation in results
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == []
    await ctx.close()


async def test_a_calendar_file_is_a_download_link_to_the_gateway(
    gateway: LiveGateway, rasa: FakeRasa, visit: Callable[..., Any]
) -> None:
    ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    calendar = {"name": "appointment-CB-7K3M9Q.ics", "media_type": "text/calendar", "content": ics}
    rasa.reply_with(
        lambda sender, text, metadata: [{"text": "Booked!"}, {"custom": {"file": calendar}}]
    )
    me = await visit(f"{gateway.url}/")
    await me.launcher.click()
    await me.say("yes")

    link = me.bot_messages().nth(1).get_by_role("link", name=re.compile("appointment-CB-7K3M9Q"))
    await expect(link).to_have_text("Download: appointment-CB-7K3M9Q.ics")
    await expect(link).to_have_attribute("download", "appointment-CB-7K3M9Q.ics")
    href = await link.get_attribute("href")
    assert href is not None and href.startswith(f"{gateway.url}/webchat/files/")
    downloaded = await me.page.request.get(href)
    assert await downloaded.text() == ics


async def test_a_digest_kept_while_the_site_was_closed_raises_the_badge_at_the_next_visit(
    gateway: LiveGateway, visit: Callable[..., Any]
) -> None:
    first = await visit(f"{gateway.url}/")
    await first.launcher.click()
    await expect(first.bot_messages().first).to_contain_text(GREETING["en"])
    token = await first.page.evaluate(
        """() => Object.keys(localStorage).filter(k => k.endsWith("session"))
                  .map(k => localStorage.getItem(k))[0]"""
    )
    await first.page.close()  # the person leaves the site

    engine = make_engine(gateway.settings.database_url)
    digest = [
        {"text": "🔔 New vacancies for your job alerts:"},
        {"text": "**Welder** — Baltic Steel OÜ"},
        {
            "text": "**Welder** — Narva Yard",
            "buttons": [{"title": "My alerts", "payload": "/list_alerts"}],
        },
    ]
    with writing(engine) as session:
        outbox.enqueue(
            session,
            channel="webchat",
            recipient="webchat:" + str(token).split(".")[0],
            kind="alert",
            dedup_key="browser-digest",
            language="en",
            messages=digest,
        )

    def status() -> str:
        with reading(engine) as session:
            query = select(OutboundMessage.status).filter_by(dedup_key="browser-digest")
            return str(session.execute(query).scalar_one())

    for _ in range(300):  # no window is open: the worker keeps it (a bounded wait for it)
        if status() == "held":
            break
        await asyncio.sleep(0.05)
    assert status() == "held"

    again = await visit(f"{gateway.url}/")  # the next visit: the widget connects by itself
    badge = again.page.locator(".pesw-badge")
    await expect(badge).to_have_text("3")
    await expect(again.launcher).to_have_attribute("aria-label", re.compile(r"\(3 new messages\)"))
    await again.launcher.click()
    await expect(badge).to_be_hidden()
    await expect(again.bot_messages().last).to_contain_text("Narva Yard")
    assert status() == "sent"
    engine.dispose()
