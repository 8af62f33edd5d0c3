"""Liveness, readiness (which dependency is degraded) and Prometheus metrics of the gateway."""

import sqlite3
from pathlib import Path
from typing import Any

from support.fake_rasa import FakeRasa
from support.gateway import make_settings
from support.processes import free_port
from support.shared_redis import unreachable_redis_url

from bot.app import CONVERSATIONS, create_app
from common.storage.migrate import upgrade

DEAD_REDIS = unreachable_redis_url()


async def test_healthz_answers_even_when_rasa_is_down(aiohttp_client: Any, tmp_path: Path) -> None:
    client = await aiohttp_client(
        create_app(make_settings(tmp_path, rasa_url="http://127.0.0.1:9"))
    )

    response = await client.get("/healthz")

    assert response.status == 200
    assert (await response.json())["status"] == "ok"


async def test_readyz_is_ok_when_rasa_redis_and_the_database_answer(
    aiohttp_client: Any, tmp_path: Path
) -> None:
    async with FakeRasa() as rasa:
        client = await aiohttp_client(create_app(make_settings(tmp_path, rasa_url=rasa.url)))
        response = await client.get("/readyz")
        body = await response.json()

    assert response.status == 200
    assert body["status"] == "ok"
    assert {name: check["state"] for name, check in body["checks"].items()} == {
        "rasa": "ok",
        "database": "ok",
        "redis": "ok",
        "telegram": "off",  # no TELEGRAM_BOT_TOKEN: the channel is off, the rest is ready
    }


async def test_readyz_reports_redis_down_as_degraded_not_as_down(
    aiohttp_client: Any, tmp_path: Path
) -> None:
    async with FakeRasa() as rasa:
        settings = make_settings(tmp_path, rasa_url=rasa.url, redis_url=DEAD_REDIS)
        client = await aiohttp_client(create_app(settings))
        response = await client.get("/readyz")
        body = await response.json()

    assert response.status == 200
    assert body["status"] == "degraded"
    assert body["checks"]["redis"]["state"] == "degraded"


async def test_readyz_is_503_and_names_rasa_when_rasa_is_down(
    aiohttp_client: Any, tmp_path: Path
) -> None:
    client = await aiohttp_client(
        create_app(make_settings(tmp_path, rasa_url="http://127.0.0.1:9"))
    )

    response = await client.get("/readyz")
    body = await response.json()

    assert response.status == 503
    assert body["checks"]["rasa"]["state"] == "down"
    assert body["checks"]["database"]["state"] == "ok"


async def test_readyz_names_an_unreachable_database(aiohttp_client: Any, tmp_path: Path) -> None:
    async with FakeRasa() as rasa:
        settings = make_settings(
            tmp_path,
            rasa_url=rasa.url,
            database_url=f"postgresql+psycopg2://postgres@127.0.0.1:{free_port()}/none",
        )
        client = await aiohttp_client(create_app(settings))
        body = await (await client.get("/readyz")).json()

    assert body["checks"]["database"]["state"] == "down"


async def test_metrics_count_messages_and_time_replies_per_channel(
    aiohttp_client: Any, tmp_path: Path
) -> None:
    async with FakeRasa() as rasa:
        app = create_app(make_settings(tmp_path, rasa_url=rasa.url))
        client = await aiohttp_client(app)
        await app[CONVERSATIONS].reply(channel="webchat", sender="webchat:m", text="hi")
        metrics = await (await client.get("/metrics")).text()

    assert 'pes_messages_in_total{channel="webchat"} 1.0' in metrics
    assert 'pes_messages_out_total{channel="webchat"} 1.0' in metrics
    assert 'pes_reply_seconds_count{channel="webchat"} 1.0' in metrics
    assert "pes_open_websockets 0.0" in metrics
    assert 'pes_rasa_workers{state="in_rotation"} 1.0' in metrics
    assert 'pes_rasa_workers{state="out"} 0.0' in metrics


async def test_readyz_is_503_and_says_why_while_the_database_is_not_migrated(
    aiohttp_client: Any, tmp_path: Path
) -> None:
    database_url = f"sqlite:///{tmp_path / 'new.db'}"
    async with FakeRasa() as rasa:
        settings = make_settings(tmp_path, rasa_url=rasa.url, database_url=database_url)
        client = await aiohttp_client(create_app(settings))
        before = await client.get("/readyz")
        before_body = await before.json()
        upgrade(database_url)  # the step `make run` runs before the processes start
        after = await client.get("/readyz")
        after_body = await after.json()

    assert before.status == 503
    assert before_body["checks"]["database"] == {
        "state": "down",
        "detail": "the database has no schema yet: run `python -m bot db upgrade`",
    }
    assert after.status == 200
    assert after_body["checks"]["database"] == {"state": "ok", "detail": ""}


async def test_the_gateway_never_migrates_the_database_itself(
    aiohttp_client: Any, tmp_path: Path
) -> None:
    database = tmp_path / "new.db"
    async with FakeRasa() as rasa:
        settings = make_settings(tmp_path, rasa_url=rasa.url, database_url=f"sqlite:///{database}")
        client = await aiohttp_client(create_app(settings))
        await client.get("/readyz")
        await client.get("/staff/login")

    with sqlite3.connect(database) as connection:
        tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        assert tables.fetchall() == []


async def test_readyz_names_a_rasa_worker_out_of_the_rotation_as_degraded(
    aiohttp_client: Any, tmp_path: Path
) -> None:
    async with FakeRasa() as first, FakeRasa() as second:
        second.fail_with = 500
        settings = make_settings(tmp_path, rasa_url=f"{first.url},{second.url}")
        client = await aiohttp_client(create_app(settings))
        response = await client.get("/readyz")
        body = await response.json()
        metrics = await (await client.get("/metrics")).text()

    assert response.status == 200
    assert body["checks"]["rasa"] == {
        "state": "degraded",
        "detail": f"out of the rotation: {second.url} (no answer with a loaded model to /status)",
    }
    assert 'pes_rasa_workers{state="in_rotation"} 1.0' in metrics
    assert 'pes_rasa_workers{state="out"} 1.0' in metrics


async def test_readyz_says_when_several_workers_fall_back_to_one_without_redis(
    aiohttp_client: Any, tmp_path: Path
) -> None:
    async with FakeRasa() as first, FakeRasa() as second:
        settings = make_settings(
            tmp_path, rasa_url=f"{first.url},{second.url}", redis_url=DEAD_REDIS
        )
        client = await aiohttp_client(create_app(settings))
        body = await (await client.get("/readyz")).json()

    assert body["status"] == "degraded"
    assert body["checks"]["rasa"] == {
        "state": "degraded",
        "detail": "2 workers but no shared tracker store (Redis unset or not answering):"
        f" everyone goes to {first.url}",
    }
    assert body["checks"]["redis"]["state"] == "degraded"


async def test_readyz_is_ok_with_two_workers_and_redis(aiohttp_client: Any, tmp_path: Path) -> None:
    async with FakeRasa() as first, FakeRasa() as second:
        settings = make_settings(tmp_path, rasa_url=f"{first.url},{second.url}")
        client = await aiohttp_client(create_app(settings))
        body = await (await client.get("/readyz")).json()

    assert body["status"] == "ok"
    assert body["checks"]["rasa"] == {"state": "ok", "detail": "2 worker(s)"}


PROXIED = {"X-Forwarded-For": "203.0.113.7"}  # a caller from outside, through a reverse proxy


async def test_readyz_tells_callers_from_outside_the_states_but_no_internal_addresses(
    aiohttp_client: Any, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, rasa_url="http://10.1.2.3:9", redis_url=DEAD_REDIS)
    client = await aiohttp_client(create_app(settings))

    outside = await client.get("/readyz", headers=PROXIED)
    local = await client.get("/readyz")

    body = await outside.json()
    assert outside.status == 503
    assert body["status"] == "down"
    assert body["checks"]["rasa"] == {"state": "down"}
    assert body["checks"]["redis"] == {"state": "degraded"}
    assert [sorted(check) for check in body["checks"].values()] == [["state"]] * 4
    assert "10.1.2.3" not in await outside.text()
    local_checks = (await local.json())["checks"]
    assert local_checks["rasa"]["detail"] == (
        "no answer with a loaded model from http://10.1.2.3:9"
    )


async def test_metrics_answer_local_calls_or_the_metrics_token_only(
    aiohttp_client: Any, tmp_path: Path
) -> None:
    open_client = await aiohttp_client(create_app(make_settings(tmp_path)))
    token_client = await aiohttp_client(
        create_app(make_settings(tmp_path, metrics_token="metrics-token-0123"))
    )

    statuses = [
        (await open_client.get("/metrics", headers=PROXIED)).status,
        (await open_client.get("/metrics")).status,
        (await token_client.get("/metrics")).status,
        (await token_client.get("/metrics", headers={"Authorization": "Bearer wrong"})).status,
        (
            await token_client.get(
                "/metrics", headers={**PROXIED, "Authorization": "Bearer metrics-token-0123"}
            )
        ).status,
    ]

    assert statuses == [403, 200, 403, 403, 200]
