"""Figures for the local vacancy index: import speed and search latency.

    python -m bench.vacancies [--count 100000] [--queries 300] [--seed 1]

Generates vacancies with bench.vacancy_data, writes them to a temporary JSON-lines file, imports
them into a fresh index (vacancies/s), then runs a few hundred mixed searches through
LocalIndexSource, one at a time, and prints p50/p95/p99 latency. Targets: import ≥ 20,000
vacancies/s, search p95 ≤ 10 ms. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import pymorphy3

from actions.vacancies.importer import import_file
from actions.vacancies.local import LocalIndexSource
from actions.vacancies.model import SCHEDULES, VacancyQuery
from bench.vacancy_data import generate

IMPORT_TARGET = 20_000  # vacancies/s
P95_TARGET_MS = 10.0
WARM_UP = 30

Record = dict[str, object]
QueryMaker = Callable[[random.Random, Record], VacancyQuery]


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Inflector:
    """Russian word forms as people type them: "сварщиком", "медсестры", "в Казани"."""

    def __init__(self) -> None:
        self._morph = pymorphy3.MorphAnalyzer()

    def noun(self, title: str) -> str | None:
        """The first noun of a title, in dictionary form ("Водитель погрузчика" → "водитель")."""
        for word in title.replace("-", " ").split():
            parsed = self._morph.parse(word.lower())[0]
            if "NOUN" in parsed.tag:
                return str(parsed.normal_form)
        return None

    def form(self, word: str, grammemes: set[str]) -> str:
        inflected = self._morph.parse(word.lower())[0].inflect(grammemes)
        return word if inflected is None else str(inflected.word)


def first_word(text: object) -> str:
    return str(text).replace("-", " ").split()[0]


def make_queries(records: list[Record], count: int, seed: int) -> list[tuple[str, VacancyQuery]]:
    """`count` searches of six kinds, built from vacancies that exist in the index."""
    inflector = Inflector()
    russian = [record for record in records if record["currency"] == "RUB"] or records

    def occupation(rng: random.Random, record: Record) -> VacancyQuery:
        return VacancyQuery(occupation=first_word(record["title"]))

    def with_city(rng: random.Random, record: Record) -> VacancyQuery:
        return VacancyQuery(occupation=first_word(record["title"]), location=str(record["city"]))

    def inflected(rng: random.Random, record: Record) -> VacancyQuery:
        noun = None
        while noun is None:
            record = rng.choice(russian)
            noun = inflector.noun(str(record["title"]))
        word = inflector.form(noun, rng.choice([{"ablt"}, {"gent"}, {"plur", "nomn"}]))
        city = str(record["city"])
        if rng.random() < 0.5:
            return VacancyQuery(occupation=word)
        if " " in city or "-" in city:
            return VacancyQuery(occupation=word, location=city)
        return VacancyQuery(occupation=word, location=f"в {inflector.form(city, {'loct'})}")

    def with_salary(rng: random.Random, record: Record) -> VacancyQuery:
        wanted = record["salary_min"] or record["salary_max"] or 1000
        assert isinstance(wanted, int)
        return VacancyQuery(occupation=first_word(record["title"]), salary_min=wanted)

    def with_schedule(rng: random.Random, record: Record) -> VacancyQuery:
        schedule = str(record["schedule"] or rng.choice(SCHEDULES))
        return VacancyQuery(occupation=first_word(record["title"]), schedule=schedule)

    def prefix(rng: random.Random, record: Record) -> VacancyQuery:
        return VacancyQuery(occupation=first_word(record["title"])[:4])

    def browse(rng: random.Random, record: Record) -> VacancyQuery:
        salary = record["salary_min"] if rng.random() < 0.5 else None
        assert salary is None or isinstance(salary, int)
        return VacancyQuery(location=str(record["city"]), salary_min=salary)

    kinds: dict[str, QueryMaker] = {
        "occupation": occupation,
        "occupation+city": with_city,
        "russian forms": inflected,
        "occupation+salary": with_salary,
        "occupation+schedule": with_schedule,
        "prefix": prefix,
        "city (+salary), newest": browse,
    }
    rng = random.Random(seed)
    names = list(kinds)
    return [
        (name, kinds[name](rng, rng.choice(records)))
        for name in (names[index % len(names)] for index in range(count))
    ]


Timing = tuple[float, int, VacancyQuery]  # milliseconds, matches, query


async def time_searches(
    index: LocalIndexSource, queries: list[tuple[str, VacancyQuery]]
) -> dict[str, list[Timing]]:
    """Timings per kind of query; first pages of five, one search at a time."""
    for _, query in queries[:WARM_UP]:
        await index.search(query)
    timings: dict[str, list[Timing]] = defaultdict(list)
    for kind, query in queries:
        started = time.perf_counter()
        page = await index.search(query)
        timings[kind].append(((time.perf_counter() - started) * 1000, page.total or 0, query))
    await index.close()
    return timings


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="vacancies to import")
    parser.add_argument("--queries", type=int, default=300, help="searches to time")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Local vacancy index: {args.count:,} generated vacancies (seed {args.seed})")
    print(f"  {os.cpu_count()} CPUs, load average {load} (other work slows the figures down)")
    with tempfile.TemporaryDirectory(prefix="bench-vacancies-") as directory:
        source = Path(directory) / "vacancies.jsonl"
        index_path = Path(directory) / "index.db"
        records = []
        with source.open("w", encoding="utf-8") as file:
            for record in generate(args.count, args.seed):
                file.write(json.dumps(record, ensure_ascii=False) + "\n")
                records.append(record)

        cpu, started = cpu_seconds(), time.perf_counter()
        summary = import_file(source, index_path)
        elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        rate = summary.imported / elapsed
        print(
            f"import: {summary.imported:,} vacancies ({summary.skipped} skipped) in {elapsed:.2f} s"
            f" = {rate:,.0f} vacancies/s (target ≥ {IMPORT_TARGET:,}/s);"
            f" CPU {cpu:.2f} s over two threads"
        )
        size_mb = sum(path.stat().st_size for path in Path(directory).glob("index.db*")) / 1e6
        print(f"  index file {size_mb:.0f} MB, source file {source.stat().st_size / 1e6:.0f} MB")

        queries = make_queries(records, args.queries, args.seed)
        timings = asyncio.run(time_searches(LocalIndexSource(index_path), queries))

    every = [timing for measured in timings.values() for timing in measured]
    times = [ms for ms, _, _ in every]
    print(
        f"search: {len(every)} queries (after {WARM_UP} warm-up), first page of 5:"
        f" p50 {percentile(times, 0.5):.1f} ms, p95 {percentile(times, 0.95):.1f} ms,"
        f" p99 {percentile(times, 0.99):.1f} ms (target p95 ≤ {P95_TARGET_MS:.0f} ms)"
    )
    for kind, measured in timings.items():
        times = [ms for ms, _, _ in measured]
        matches = sorted(total for _, total, _ in measured)
        print(
            f"  {kind:<24} n={len(times):<4} p50 {percentile(times, 0.5):5.1f} ms"
            f"  p95 {percentile(times, 0.95):5.1f} ms  p99 {percentile(times, 0.99):5.1f} ms"
            f"  matches: median {matches[len(matches) // 2]:,}, max {matches[-1]:,}"
        )
    print("  slowest:")
    for ms, total, query in sorted(every, key=lambda timing: timing[0])[-3:]:
        print(
            f"    {ms:5.1f} ms  {total:>6,} matches  occupation={query.occupation!r}"
            f" location={query.location!r} salary_min={query.salary_min}"
            f" schedule={query.schedule}"
        )


if __name__ == "__main__":
    main()
