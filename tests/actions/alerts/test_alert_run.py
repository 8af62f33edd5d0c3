"""A matching run: digests queued per person, once, at the right time; resumable; pausable."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from alert_data import CONFIG, NOW, Import, subscribe, vacancy
from sqlalchemy import select
from sqlalchemy.engine import Engine

from actions.alerts.matching import MARK, open_index, start_mark, write_mark
from actions.alerts.run import run
from common.storage import outbox
from common.storage.outbox import OutboundMessage
from common.storage.sessions import reading, writing


def queued(engine: Engine) -> list[OutboundMessage]:
    with reading(engine) as session:
        rows = session.execute(select(OutboundMessage).order_by(OutboundMessage.id)).scalars()
        found = list(rows)
        session.expunge_all()
        return found


def texts(row: OutboundMessage) -> list[str]:
    return [message.get("text", "") for message in row.messages]


def mark_of(index_path: Path) -> int:
    connection = open_index(index_path)
    try:
        return int(
            connection.execute("SELECT value FROM index_meta WHERE key = ?", (MARK,)).fetchone()[0]
        )
    finally:
        connection.close()


async def test_new_vacancies_become_one_digest_per_person(
    engine: Engine, index_path: Path, import_vacancies: Import
) -> None:
    import_vacancies(vacancy("Сварщик", "Казань", posted="2026-11-01"))  # before alerts: not news
    start_mark(index_path)
    subscribe(engine, "telegram:1", occupation="welder", location="Kazan")
    subscribe(engine, "telegram:1", occupation="driver")
    subscribe(engine, "webchat:s2", "ru", occupation="водитель", location="Москва")
    subscribe(engine, "telegram:3", occupation="cook")
    import_vacancies(
        vacancy("Сварщик", "Казань", posted="2026-12-06"),
        vacancy("Водитель автобуса", "Москва", posted="2026-12-05"),
        vacancy("Welder", "Tallinn"),
    )

    report = run(engine, index_path, CONFIG, now=NOW)

    assert (report.vacancies, report.subscriptions, report.digests) == (3, 4, 2)
    first, second = queued(engine)
    assert (first.recipient, first.channel, first.kind, first.language) == (
        "telegram:1",
        "telegram",
        "alert",
        "en",
    )
    assert first.not_before == NOW
    assert texts(first)[:2] == [
        "🔔 New vacancies for your job alerts:",
        "1 new for “welder” in Kazan",
    ]
    assert texts(first)[2].startswith("**Сварщик** — Demo Employer")
    assert texts(first)[3] == "1 new for “driver”"
    assert texts(first)[4].startswith("**Водитель автобуса**")
    assert [b["payload"] for b in first.messages[-1]["buttons"]][-1] == "/list_alerts"
    assert (second.recipient, second.channel, second.language) == ("webchat:s2", "webchat", "ru")
    assert texts(second)[1] == "Новых: 1 по запросу «водитель» — Москва"


async def test_a_run_again_queues_nothing_twice(
    engine: Engine, index_path: Path, import_vacancies: Import
) -> None:
    start_mark(index_path)
    subscribe(engine, "telegram:1", occupation="welder")
    import_vacancies(vacancy("Welder", "Tallinn"))
    run(engine, index_path, CONFIG, now=NOW)
    assert run(engine, index_path, CONFIG, now=NOW).digests == 0

    # a run that died before moving the mark is run again: the digest is not queued twice
    connection = open_index(index_path)
    write_mark(connection, 0)
    connection.close()
    again = run(engine, index_path, CONFIG, now=NOW + timedelta(minutes=5))
    assert (again.digests, again.already_queued) == (0, 1)
    assert len(queued(engine)) == 1


async def test_more_news_the_same_day_waits_for_tomorrow(
    engine: Engine, index_path: Path, import_vacancies: Import
) -> None:
    start_mark(index_path)
    subscribe(engine, "telegram:1", occupation="welder")
    import_vacancies(vacancy("Welder", "Tallinn"))
    run(engine, index_path, CONFIG, now=NOW)
    import_vacancies(vacancy("Welder", "Narva"))
    run(engine, index_path, CONFIG, now=NOW + timedelta(hours=3))
    first, second = queued(engine)
    assert second.not_before == first.not_before + timedelta(hours=24)


async def test_news_in_the_quiet_hours_goes_in_the_morning(
    engine: Engine, index_path: Path, import_vacancies: Import
) -> None:
    start_mark(index_path)
    subscribe(engine, "telegram:1", occupation="welder")
    import_vacancies(vacancy("Welder", "Tallinn"))
    late = NOW.replace(hour=20)  # 22:00 in Tallinn
    run(engine, index_path, CONFIG, now=late)
    [row] = queued(engine)
    assert row.not_before == (NOW + timedelta(days=1)).replace(hour=6)  # 08:00 in Tallinn


async def test_up_to_five_cards_and_more_runs_the_search(
    engine: Engine, index_path: Path, import_vacancies: Import
) -> None:
    start_mark(index_path)
    subscribe(engine, "telegram:1", occupation="welder", location="Tallinn")
    import_vacancies(*(vacancy("Welder", "Tallinn") for _ in range(7)))
    run(engine, index_path, CONFIG, now=NOW)
    [row] = queued(engine)
    cards = [t for t in texts(row) if t.startswith("**Welder**")]
    assert len(cards) == 5
    assert texts(row)[1] == "7 new for “welder” in Tallinn"
    more, alerts_button = row.messages[-1]["buttons"][-2:]
    assert more == {
        "title": "More for “welder” in Tallinn",
        "payload": '/search_vacancies{"occupation": "welder", "location": "Tallinn"}',
    }
    assert alerts_button["payload"] == "/list_alerts"


async def test_paused_alerts_and_paused_people_get_nothing(
    engine: Engine, index_path: Path, import_vacancies: Import
) -> None:
    from common.storage import alerts

    start_mark(index_path)
    subscribe(engine, "telegram:1", occupation="welder")
    subscribe(engine, "telegram:2", occupation="welder")
    with writing(engine) as session:
        alerts.pause_blocked(session, "telegram:2", "blocked")
        outbox.pause(session, "alert", by="anna", reason="bad import")
    import_vacancies(vacancy("Welder", "Tallinn"))
    mark = mark_of(index_path)

    paused = run(engine, index_path, CONFIG, now=NOW)
    assert (paused.paused_by, paused.digests) == ("anna", 0)
    assert mark_of(index_path) == mark  # the news waits for the pause to end

    with writing(engine) as session:
        outbox.resume(session, "alert")
    resumed = run(engine, index_path, CONFIG, now=NOW)
    assert resumed.digests == 1
    assert [row.recipient for row in queued(engine)] == ["telegram:1"]


async def test_the_first_run_takes_the_index_as_it_is(
    engine: Engine, index_path: Path, import_vacancies: Import
) -> None:
    import_vacancies(vacancy("Welder", "Tallinn"))
    subscribe(engine, "telegram:1", occupation="welder")
    assert run(engine, index_path, CONFIG, now=NOW).first_run
    assert queued(engine) == []
