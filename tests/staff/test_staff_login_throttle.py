"""The login throttle counts failures only, per username and address and per address, with the
client address taken from X-Forwarded-For only behind a trusted proxy (finding 6 of issue 14)."""

from __future__ import annotations

import dataclasses
from typing import Any

from support.gateway import TRUSTING_THE_TEST_CLIENT, fresh_address
from support.staff_console import open_console

from common.settings import Settings
from relay.shared_state import SharedState


def behind_proxy(settings: Settings, **staff: Any) -> Settings:
    return dataclasses.replace(
        settings,
        trusted_proxies=TRUSTING_THE_TEST_CLIENT,
        staff=dataclasses.replace(settings.staff, **staff),
    )


async def test_successful_logins_are_not_counted(aiohttp_client: Any, settings: Settings) -> None:
    console = await open_console(aiohttp_client, behind_proxy(settings, login_attempts=5))
    reviewer = await console.add_user("reviewer")
    client = {"X-Forwarded-For": fresh_address()}

    statuses = [(await console.log_in(reviewer, headers=client)).status for _ in range(8)]

    assert statuses == [303] * 8


async def test_failures_are_counted_per_forwarded_address_behind_a_trusted_proxy(
    aiohttp_client: Any, settings: Settings
) -> None:
    console = await open_console(aiohttp_client, behind_proxy(settings, login_attempts=3))
    reviewer = await console.add_user("reviewer")
    attacker, colleague = {"X-Forwarded-For": fresh_address()}, {"X-Forwarded-For": fresh_address()}

    failures = [
        (await console.log_in(reviewer, "guess", headers=attacker)).status for _ in range(3)
    ]
    refused = await console.log_in(reviewer, headers=attacker)
    elsewhere = await console.log_in(reviewer, headers=colleague)

    assert failures == [401, 401, 401]
    assert refused.status == 429
    assert elsewhere.status == 303  # the same account from another address is not locked out


async def test_one_address_trying_many_usernames_is_throttled(
    aiohttp_client: Any, settings: Settings
) -> None:
    console = await open_console(
        aiohttp_client, behind_proxy(settings, login_attempts=5, login_attempts_per_address=6)
    )
    client = {"X-Forwarded-For": fresh_address()}
    reviewer = await console.add_user("reviewer")

    guesses = [
        (await console.log_in(f"guess-{number}", "guess", headers=client)).status
        for number in range(8)
    ]
    right_password = await console.log_in(reviewer, headers=client)

    assert guesses == [401] * 6 + [429, 429]
    assert right_password.status == 429


async def test_a_forwarded_address_from_an_untrusted_peer_is_ignored(
    aiohttp_client: Any, settings: Settings
) -> None:
    untrusting = dataclasses.replace(
        settings,
        staff=dataclasses.replace(settings.staff, login_attempts=2),
        trusted_proxies=("10.0.0.0/8",),
    )
    console = await open_console(aiohttp_client, untrusting)
    reviewer = await console.add_user("reviewer")

    for _ in range(2):  # each from a "new" address, as the caller claims
        await console.log_in(reviewer, "guess", headers={"X-Forwarded-For": fresh_address()})
    refused = await console.log_in(reviewer, headers={"X-Forwarded-For": fresh_address()})

    assert refused.status == 429


async def test_the_in_process_counter_survives_a_flood_of_other_keys() -> None:
    state = SharedState(None)  # no Redis: the in-process fallback
    for _ in range(3):
        await state.count("staff:login:address:192.0.2.1", 900)
    for number in range(100_001):
        await state.claim(f"flood:{number}", 60)

    assert await state.peek("staff:login:address:192.0.2.1", 900) == 3
    assert await state.count("staff:login:address:192.0.2.1", 900) == 4
