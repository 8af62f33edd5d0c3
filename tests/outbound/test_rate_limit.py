"""A channel's rate limit spaces messages evenly, across all the tasks that send."""

from __future__ import annotations

import asyncio

import pytest

from outbound.limits import RateLimit


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


async def test_thirty_per_second_means_one_every_thirtieth_of_a_second() -> None:
    time = FakeTime()
    limit = RateLimit(30, clock=time.clock, sleep=time.sleep)
    await asyncio.gather(*(limit.acquire() for _ in range(4)))
    assert time.slept == [round(1 / 30, 6)] * 3
    assert time.now == pytest.approx(100 + 3 / 30)


async def test_a_quiet_channel_sends_at_once() -> None:
    time = FakeTime()
    limit = RateLimit(30, clock=time.clock, sleep=time.sleep)
    await limit.acquire()
    time.now += 5
    await limit.acquire()
    assert time.slept == []


def test_a_rate_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        RateLimit(0)
