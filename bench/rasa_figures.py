"""Figures for the README and closing notes: training time, model load time, Rasa server memory,
REST reply latency (p50/p95) over a short scripted conversation in both languages.

    python -m bench.rasa_figures            # uses models/pes.tar.gz, skips training
    python -m bench.rasa_figures --train    # also times a full `rasa train --force`

Starts its own Rasa server and action server on free ports (in-memory stores, a throw-away SQLite
database) and stops them afterwards. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

from bench.stack import BIN, ROOT, percentile, rss_mb, running_stack

CONVERSATION = [
    "hello",
    "which documents do I need to register?",
    "how long is the benefit paid",
    "how much benefit would I get",
    "1500",
    "30 months",
    "7 years",
    "no",
    "привет",
    "хочу встать на учёт",
    "да",
    "Смирнова Ольга",
    "12.05.1988",
    "+7 912 345-67-89",
    "Казань",
    "стоп",
    "спасибо",
]


def post(url: str, body: dict) -> list:
    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def time_training() -> float:
    with tempfile.TemporaryDirectory() as out:
        started = time.monotonic()
        subprocess.run(
            [str(BIN / "rasa"), "train", "--force", "--out", out, "--fixed-model-name", "bench"],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", action="store_true", help="also time a full rasa train")
    parser.add_argument("--rounds", type=int, default=5, help="conversations to run")
    args = parser.parse_args()

    if args.train:
        print(f"training time (rasa train --force): {time_training():.0f} s")

    with running_stack() as stack:
        print(f"Rasa server start-up incl. model load: {stack.rasa_startup_s:.1f} s")
        print(f"Rasa server memory after start-up (RSS): {rss_mb(stack.rasa.pid):.0f} MB")

        webhook = f"{stack.rasa_url}/webhooks/rest/webhook"
        post(webhook, {"sender": "warm-up", "message": "hello"})
        latencies = []
        for _ in range(args.rounds):
            sender = f"bench:{uuid.uuid4().hex[:8]}"
            for text in CONVERSATION:
                started = time.perf_counter()
                replies = post(webhook, {"sender": sender, "message": text})
                latencies.append((time.perf_counter() - started) * 1000)
                assert replies, f"no reply to {text!r}"
        print(
            f"REST reply latency over {len(latencies)} messages "
            f"({args.rounds} scripted conversations): "
            f"p50 {statistics.median(latencies):.0f} ms, p95 {percentile(latencies, 0.95):.0f} ms, "
            f"max {max(latencies):.0f} ms"
        )
        print(f"Rasa server memory after the conversations (RSS): {rss_mb(stack.rasa.pid):.0f} MB")
        print(f"action server memory (RSS): {rss_mb(stack.actions.pid):.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
