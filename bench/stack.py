"""Start the assistant's processes on free ports for a benchmark, and stop them afterwards.

In-memory Rasa stores and a throw-away SQLite database, so a benchmark measures the code, not
leftovers of earlier runs. The gateway (optional) uses the local Redis, as in production.
"""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
# The gateway runs in its own environment (`make run`), else in this one.
GATEWAY_PYTHON = ROOT / ".venv-gateway" / "bin" / "python"
MODEL = ROOT / "models" / "pes.tar.gz"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def gateway_python() -> Path:
    return GATEWAY_PYTHON if GATEWAY_PYTHON.exists() else BIN / "python"


def migrate(env: dict[str, str]) -> None:
    """`python -m bot db upgrade`: the schema, once, before the processes start (they only
    check it)."""
    subprocess.run(
        [str(gateway_python()), "-m", "bot", "db", "upgrade"],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        stdout=subprocess.DEVNULL,
    )


def wait_for(url: str, process: subprocess.Popen, timeout: float = 180) -> float:
    """Seconds until `url` answers; raises if the process exits or the time runs out."""
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


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass
class Stack:
    rasa_url: str
    rasa: subprocess.Popen
    actions: subprocess.Popen
    rasa_startup_s: float
    gateway_url: str | None = None
    gateway: subprocess.Popen | None = None
    processes: list[subprocess.Popen] = field(default_factory=list)


def _start(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


@contextmanager
def running_stack(*, gateway: bool = False) -> Iterator[Stack]:
    rasa_port, actions_port, gateway_port = free_port(), free_port(), free_port()
    workdir = tempfile.mkdtemp()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite:///{workdir}/bench.db",
        "REDIS_URL": "",
    }
    migrate(env)
    endpoints = Path(workdir) / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n', encoding="utf-8"
    )
    actions = _start(
        [str(BIN / "rasa"), "run", "actions", "--port", str(actions_port), "--actions", "actions"],
        env,
    )
    rasa = _start(
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
        env,
    )
    processes = [rasa, actions]
    try:
        wait_for(f"http://127.0.0.1:{actions_port}/health", actions)
        startup = wait_for(f"http://127.0.0.1:{rasa_port}/status", rasa)
        stack = Stack(f"http://127.0.0.1:{rasa_port}", rasa, actions, startup, processes=processes)
        if gateway:
            gateway_env = {
                **env,
                "RASA_URL": stack.rasa_url,
                "GATEWAY_PORT": str(gateway_port),
                "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
                "SECRET_KEY": "bench-secret-key-0123456789",
                "WEBCHAT_RATE_LIMIT": "1000",
                "LOG_LEVEL": "WARNING",
            }
            stack.gateway = _start([str(gateway_python()), "-m", "bot", "serve"], gateway_env)
            processes.append(stack.gateway)
            stack.gateway_url = f"http://127.0.0.1:{gateway_port}"
            wait_for(f"{stack.gateway_url}/healthz", stack.gateway)
        yield stack
    finally:
        for process in processes:
            stop(process, timeout_s=30)


def stop(process: subprocess.Popen, timeout_s: float = 15) -> None:
    """Ask the process to end; kill it if it has not after `timeout_s`."""
    process.terminate()
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
