"""`make bench-capacity`'s reading of its levels: capacity, ratios, and when a sweep stops."""

import math

from bench.capacity import conversation
from bench.levels import Level, capacity, fits, ratio, row, stop_reason, sweep_deadline


def level(people, in_window, p95_ms, seconds=10.0, errors=0, lost=0, duplicated=0):
    """A level of 20 answers: 18 quick ones and two at `p95_ms`."""
    return Level(
        people,
        seconds=seconds,
        latencies_ms=[100.0] * 18 + [p95_ms] * 2,
        in_window=in_window,
        errors=errors,
        lost=lost,
        duplicated=duplicated,
    )


def test_capacity_is_the_fastest_level_under_a_second_at_p95():
    levels = [level(1, 60, 150), level(5, 110, 600), level(10, 130, 999), level(20, 150, 1000)]
    assert capacity(levels) is levels[2]
    assert capacity(levels).throughput == 13.0


def test_a_level_with_errors_lost_or_duplicated_replies_has_no_capacity():
    levels = [
        level(1, 60, 150),
        level(5, 110, 600, errors=1),
        level(10, 130, 700, lost=1),
        level(20, 150, 800, duplicated=1),
    ]
    assert capacity(levels) is levels[0]
    assert capacity([level(1, 60, 1500)]) is None


def test_answers_after_the_sending_time_count_for_latency_not_throughput():
    measured = Level(10, seconds=2.0, window_ends=50.0)
    measured.record(started=49.0, finished=49.5)
    measured.record(started=49.75, finished=51.0)
    assert measured.latencies_ms == [500.0, 1250.0]
    assert measured.throughput == 0.5


def test_ratios_compare_throughputs():
    assert ratio(level(10, 280, 900), level(20, 140, 900)) == 2.0
    assert ratio(level(10, 280, 900), None) is None
    assert ratio(None, level(20, 140, 900)) is None


def test_a_sweep_stops_when_messages_fail_or_the_queue_is_deep():
    assert stop_reason(level(40, 150, 5000)) is None
    assert stop_reason(level(40, 150, 5000, errors=1)) is None
    assert stop_reason(level(40, 150, 5000, errors=2)) == "more than 5% of messages failed"
    assert stop_reason(level(80, 150, 12_000)) == "p95 above 10 s"
    assert stop_reason(Level(80, seconds=8.0, errors=3)) == "more than 5% of messages failed"


def test_each_sweep_gets_an_equal_share_of_the_time_left():
    assert sweep_deadline(now=100.0, deadline=700.0, sweeps_left=3, reserve_s=30.0) == 290.0
    assert sweep_deadline(now=100.0, deadline=700.0, sweeps_left=1, reserve_s=30.0) == 670.0
    assert sweep_deadline(now=690.0, deadline=700.0, sweeps_left=2, reserve_s=30.0) == 690.0


def test_a_level_runs_only_if_it_ends_before_its_sweep_does():
    assert fits(now=100.0, sweep_end=114.0, level_budget_s=14.0)
    assert not fits(now=100.5, sweep_end=114.0, level_budget_s=14.0)


def test_a_level_prints_as_one_row():
    printed = level(10, 130, 999)
    printed.cpu_s = {"rasa": 1.0}
    assert row(printed, ["rasa", "actions"]) == (
        "    10    13.0     100     999     999      0     0     0    50.0       -"
    )
    assert math.isinf(Level(1).p50)


def test_every_person_goes_through_the_whole_mix_from_a_different_start():
    first, second = conversation(0), conversation(1)
    assert sorted(first) == sorted(second)
    assert first[1] == second[0]
    assert len(set(first)) == len(first)
