"""A real Rasa server with the trained model, started from a test in the Rasa environment."""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.gateway import TEST_RASA_TOKEN
from support.processes import free_port, rasa_python, stop

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "pes.tar.gz"


@dataclass(frozen=True)
class RasaProcess:
    url: str
    process: subprocess.Popen[bytes]


@contextmanager
def running_rasa_process(
    action_server: str,
    database_url: str,
    workdir: Path,
    *,
    redis_url: str | None = None,
    key_prefix: str | None = None,
) -> Iterator[RasaProcess]:
    """A real `rasa run` server (REST channel, HTTP API, the project's event broker writing the
    conversation log to `database_url`) with the trained model.

    It uses the project's credentials.yml and endpoints.yml, with the action endpoint pointed at
    the test's action server; with `redis_url`, its tracker and lock stores are in Redis under
    `key_prefix` (several servers then share the conversations, as `make run`'s workers do).
    """
    import yaml

    if not MODEL.exists():
        pytest.fail(f"No trained model at {MODEL}: run `make train` first", pytrace=False)
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    endpoints["action_endpoint"] = {"url": action_server}
    if key_prefix:
        for store in ("tracker_store", "lock_store"):
            endpoints[store]["key_prefix"] = key_prefix
    endpoints_file = workdir / "endpoints.yml"
    endpoints_file.write_text(yaml.safe_dump(endpoints))
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "EVENT_JOURNAL_DIR": str(workdir / "event-journal"),
        "RASA_TOKEN": TEST_RASA_TOKEN,
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    log_file = workdir / "rasa.log"
    with open(log_file, "wb") as log:
        process = subprocess.Popen(
            [
                rasa_python(),
                "-m",
                "rasa",
                "run",
                "--enable-api",
                "--interface",
                "127.0.0.1",
                "--port",
                str(port),
                "--auth-token",
                TEST_RASA_TOKEN,
                "--model",
                str(MODEL),
                "--endpoints",
                str(endpoints_file),
                "--credentials",
                str(ROOT / "credentials.yml"),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 240
    while True:
        try:
            with urllib.request.urlopen(
                f"{url}/status?token={TEST_RASA_TOKEN}", timeout=2
            ) as response:
                if b"model_file" in response.read():
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"The Rasa server did not start:\n{log_file.read_text()[-3000:]}")
        time.sleep(0.5)
    try:
        yield RasaProcess(url, process)
    finally:
        stop(process)
