"""Start the assistant's processes on free ports for a benchmark, and stop them afterwards.

As `make run` starts them (the project's endpoints.yml and credentials.yml, the database migrated
first), but on free ports, with in-memory Rasa stores (Redis under keys of the run when several
workers run) and a throw-away SQLite database, so a benchmark measures the code, not leftovers
of earlier runs. The gateway (optional) uses the local Redis, as in production.
"""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
# The gateway runs in its own environment (`make run`), else in this one.
GATEWAY_PYTHON = ROOT / ".venv-gateway" / "bin" / "python"
MODEL = ROOT / "models" / "pes.tar.gz"
ACTIONS = ("--actions", "actions")
RASA_OPTIONS = ("--model", str(MODEL), "--credentials", str(ROOT / "credentials.yml"))


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


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass
class Stack:
    rasa_url: str  # the first worker's
    rasa: subprocess.Popen  # the first worker's Rasa server
    actions: subprocess.Popen
    rasa_startup_s: float
    gateway_url: str | None = None
    gateway: subprocess.Popen | None = None
    processes: list[subprocess.Popen] = field(default_factory=list)
    rasa_urls: list[str] = field(default_factory=list)  # every worker's, as the gateway gets them
    rasa_servers: list[subprocess.Popen] = field(default_factory=list)
    action_servers: list[subprocess.Popen] = field(default_factory=list)


def _start(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def write_endpoints(path: Path, action_url: str, key_prefix: str | None = None) -> None:
    """The project's endpoints.yml (tracker and lock stores, event broker, as `make run` uses
    them) with the action server at `action_url`; with a key prefix, the stores keep their keys
    under it (several workers share them in Redis)."""
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    endpoints["action_endpoint"] = {"url": action_url}
    if key_prefix:
        for store in ("tracker_store", "lock_store"):
            endpoints[store]["key_prefix"] = key_prefix
    path.write_text(yaml.safe_dump(endpoints), encoding="utf-8")


def _forget_redis_keys(redis_url: str, key_prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"{key_prefix}:*"):
        client.delete(key)
    client.close()


@contextmanager
def running_stack(*, gateway: bool = False, workers: int = 1) -> Iterator[Stack]:
    """The Rasa and action servers (`workers` of each, one action server per Rasa server, as
    `make run` starts them) and optionally the gateway spreading people over the workers.
    With several workers the conversations and their locks are in the local Redis (REDIS_URL or
    redis://127.0.0.1:6379/0), under keys of this run only, deleted afterwards."""
    workdir = tempfile.mkdtemp()
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    key_prefix = f"bench{uuid.uuid4().hex[:10]}" if workers > 1 else None
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite:///{workdir}/bench.db",
        "EVENT_JOURNAL_DIR": f"{workdir}/event-journal",
        "REDIS_URL": redis_url if key_prefix else "",
    }
    migrate(env)
    processes: list[subprocess.Popen] = []
    rasa_servers: list[tuple[subprocess.Popen, str]] = []
    action_servers: list[tuple[subprocess.Popen, str]] = []
    began = time.monotonic()
    for worker in range(workers):
        rasa_port, actions_port = free_port(), free_port()
        endpoints = Path(workdir) / f"endpoints{worker + 1}.yml"
        write_endpoints(endpoints, f"http://127.0.0.1:{actions_port}/webhook", key_prefix)
        actions = _start(
            [str(BIN / "rasa"), "run", "actions", "--port", str(actions_port), *ACTIONS], env
        )
        rasa_command = [str(BIN / "rasa"), "run", "--enable-api", "--port", str(rasa_port)]
        rasa = _start([*rasa_command, *RASA_OPTIONS, "--endpoints", str(endpoints)], env)
        processes += [rasa, actions]
        action_servers.append((actions, f"http://127.0.0.1:{actions_port}"))
        rasa_servers.append((rasa, f"http://127.0.0.1:{rasa_port}"))
    try:
        for process, url in action_servers:
            wait_for(f"{url}/health", process)
        for process, url in rasa_servers:
            wait_for(f"{url}/status", process)
        startup = time.monotonic() - began  # until every Rasa server has loaded the model
        stack = Stack(
            rasa_servers[0][1],
            rasa_servers[0][0],
            action_servers[0][0],
            startup,
            processes=processes,
            rasa_urls=[url for _, url in rasa_servers],
            rasa_servers=[process for process, _ in rasa_servers],
            action_servers=[process for process, _ in action_servers],
        )
        if gateway:
            gateway_port = free_port()
            gateway_env = {
                **env,
                "RASA_URL": ",".join(stack.rasa_urls),
                "GATEWAY_PORT": str(gateway_port),
                "REDIS_URL": redis_url,
                "SECRET_KEY": "bench-secret-key-0123456789",
                "WEBCHAT_RATE_LIMIT": "1000",
                # Every simulated person calls from 127.0.0.1: no per-address limits.
                "WEBCHAT_CONNECTIONS_PER_ADDRESS": "1000000",
                "WEBCHAT_HELLO_LIMIT": "1000000",
                "WEBCHAT_ADDRESS_RATE_LIMIT": "1000000",
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
        if key_prefix:
            _forget_redis_keys(redis_url, key_prefix)


def stop(process: subprocess.Popen, timeout_s: float = 15) -> None:
    """Ask the process to end; kill it if it has not after `timeout_s`."""
    process.terminate()
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
