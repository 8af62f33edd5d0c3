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
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
MODEL = ROOT / "models" / "pes.tar.gz"

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen, timeout: float = 180) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return time.monotonic() - started
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(url)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


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


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", action="store_true", help="also time a full rasa train")
    parser.add_argument("--rounds", type=int, default=5, help="conversations to run")
    args = parser.parse_args()

    if args.train:
        print(f"training time (rasa train --force): {time_training():.0f} s")

    rasa_port, actions_port = free_port(), free_port()
    workdir = tempfile.mkdtemp()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite:///{workdir}/bench.db",
        "REDIS_URL": "",
    }
    endpoints = Path(workdir) / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n', encoding="utf-8"
    )
    actions = subprocess.Popen(
        [str(BIN / "rasa"), "run", "actions", "--port", str(actions_port), "--actions", "actions"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    rasa = subprocess.Popen(
        [
            str(BIN / "rasa"),
            "run",
            "--enable-api",
            "--port",
            str(rasa_port),
            "--model",
            str(MODEL),
            "--endpoints",
            str(endpoints),
            "--credentials",
            str(ROOT / "credentials.yml"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{actions_port}/health", actions)
        startup = wait_for(f"http://127.0.0.1:{rasa_port}/status", rasa)
        print(f"Rasa server start-up incl. model load: {startup:.1f} s")
        print(f"Rasa server memory after start-up (RSS): {rss_mb(rasa.pid):.0f} MB")

        webhook = f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook"
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
        print(f"Rasa server memory after the conversations (RSS): {rss_mb(rasa.pid):.0f} MB")
        print(f"action server memory (RSS): {rss_mb(actions.pid):.0f} MB")
    finally:
        for process in (rasa, actions):
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
