"""A request body is refused once it is larger than the gateway accepts, also when it arrives
compressed: a small deflate "bomb" is not inflated into memory first (CVE-2025-69223, fixed in
aiohttp 3.13.3; `make bench-gateway-memory` prints what it costs the process)."""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

import aiohttp
from support.gateway import make_settings

from bot.app import create_app

# ~200 KB on the wire, ~200 MB once inflated.
INFLATED_BYTES = 200 * 1024 * 1024


def deflate_bomb() -> bytes:
    return zlib.compress(b"username=" + b"a" * INFLATED_BYTES, 9)


async def test_a_compressed_form_larger_than_the_limit_is_refused_without_inflating_it(
    aiohttp_client: Any, tmp_path: Path
) -> None:
    client = await aiohttp_client(create_app(make_settings(tmp_path)))
    bomb = deflate_bomb()
    assert len(bomb) < 256 * 1024

    response = await client.post(
        "/staff/login",
        data=bomb,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Encoding": "deflate",
        },
    )

    assert response.status in (400, 413)
    assert (await client.get("/healthz")).status == 200  # and the gateway goes on


async def test_a_plain_body_larger_than_the_limit_is_refused(
    aiohttp_client: Any, tmp_path: Path
) -> None:
    client = await aiohttp_client(create_app(make_settings(tmp_path)))

    response = await client.post(
        "/staff/login",
        data=b"username=" + b"a" * (128 * 1024),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )

    assert response.status == 413


def test_the_gateway_runs_on_an_aiohttp_without_the_compressed_body_bomb() -> None:
    major, minor, patch = (int(part) for part in aiohttp.__version__.split(".")[:3])
    assert (major, minor, patch) >= (3, 13, 3)
