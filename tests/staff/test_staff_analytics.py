"""Analytics over a period, with charts drawn on the server as SVG (no scripts)."""

from __future__ import annotations

from datetime import date, timedelta

from support.staff_console import Console, conversation, moment, unique_name

from common.storage.log_entries import LogEntry
from common.storage.log_records import DailyCount
from staff.charts import daily_chart, horizontal_chart, nice_step


async def seed(console: Console) -> None:
    handoff = f"webchat:{unique_name('a')}"
    fallback = f"telegram:{unique_name('a')}"
    await console.record(*conversation(f"webchat:{unique_name('a')}", confidence=0.9))
    await console.record(
        *conversation(handoff, intent="human_handoff", confidence=0.8),
        LogEntry(handoff, "handoff", moment(1), name="utter_handoff"),
    )
    await console.record(
        *conversation(
            fallback, intent="nlu_fallback", confidence=0.4, channel="telegram", language="ru"
        ),
        LogEntry(fallback, "fallback", moment(1), name="action_handle_fallback"),
    )


async def test_the_period_figures_and_charts(console: Console) -> None:
    await seed(console)
    await console.log_in(await console.add_user("reviewer"))
    today = moment().date()

    response = await console.get(
        f"/staff/analytics?since={today - timedelta(days=6)}&until={today}"
    )
    page = await response.text()

    assert response.status == 200
    assert '<div class="value">3</div>conversations' in page
    assert '<div class="value">33.3 %</div>fallback rate' in page
    assert '<div class="value">33.3 %</div>handoff rate' in page
    assert '<div class="value">66.7 %</div>containment' in page
    assert '<div class="value">0.70</div>average confidence' in page
    assert page.count('role="img"') == 5
    assert f"<title>{today.isoformat()} webchat: 2</title>" in page
    assert f"<title>{today.isoformat()} telegram: 1</title>" in page
    assert "<title>human_handoff: 1</title>" in page
    assert "<script" not in page and 'style="' not in page
    assert "style-src 'self'" in response.headers["Content-Security-Policy"]


async def test_one_channel_only(console: Console) -> None:
    await seed(console)
    await console.log_in(await console.add_user("reviewer"))

    page = await (await console.get("/staff/analytics?channel=telegram")).text()

    assert '<div class="value">1</div>conversations' in page
    assert '<div class="value">100.0 %</div>fallback rate' in page


async def test_an_unusable_period_is_explained_and_a_sensible_one_shown(console: Console) -> None:
    await console.log_in(await console.add_user("reviewer"))

    reversed_period = await console.get("/staff/analytics?since=2025-03-10&until=2025-03-01")
    too_long = await console.get("/staff/analytics?since=2020-01-01&until=2025-03-01")
    unreadable = await console.get("/staff/analytics?since=last+week")

    assert reversed_period.status == 400
    assert "The start of the period is after its end" in await reversed_period.text()
    assert 'value="2025-01-31"' in await reversed_period.text()  # 30 days up to the end
    assert too_long.status == 400
    assert "A period can be at most 366 days" in await too_long.text()
    assert unreadable.status == 400
    assert "A date could not be read" in await unreadable.text()


async def test_an_empty_period_says_so(console: Console) -> None:
    await console.log_in(await console.add_user("reviewer"))

    page = await (await console.get("/staff/analytics?since=2001-01-01&until=2001-01-31")).text()

    assert '<div class="value">0</div>conversations' in page
    assert "Nothing in this period." in page


def test_the_scale_has_whole_round_steps() -> None:
    assert [nice_step(n) for n in (0, 1, 3, 7, 10, 11, 230, 5000)] == [1, 1, 1, 2, 5, 5, 100, 2000]


def test_daily_bars_are_stacked_by_channel_and_proportional() -> None:
    day = date(2025, 3, 2)
    chart = daily_chart(
        [
            DailyCount(day, "webchat", 6),
            DailyCount(day, "telegram", 4),
            DailyCount(date(2025, 3, 1), "webchat", 5),
        ],
        date(2025, 3, 1),
        date(2025, 3, 3),
    )

    assert chart.series == ("webchat", "telegram")
    assert chart.table == ((date(2025, 3, 1), (5, 0)), (day, (6, 4)), (date(2025, 3, 3), (0, 0)))
    second_day = [bar for bar in chart.bars if bar.label.startswith("2025-03-02")]
    webchat, telegram = second_day
    assert webchat.height == 1.5 * telegram.height  # 6 : 4
    assert telegram.y + telegram.height == webchat.y  # stacked on top
    assert webchat.y + webchat.height == chart.plot_bottom
    assert [tick.text for tick in chart.y_ticks] == ["0", "5", "10"]


def test_horizontal_bars_share_the_total() -> None:
    chart = horizontal_chart([("greet", 6), ("faq/training", 3)], total=12)

    first, second = chart.bars
    assert first.share == 0.5 and second.share == 0.25
    assert first.width == 2 * second.width
