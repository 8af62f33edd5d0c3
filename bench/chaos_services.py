"""The processes `make chaos` kills and brings back: its own Redis and PostgreSQL (never the
machine's shared ones), the action server, the Rasa server and the gateway — one of two replicas
behind a reverse proxy (`bench/chaos_proxy.py`), which is never killed.

Each runs in a process group of its own, so `kill()` is a `kill -9` of everything it started
(PostgreSQL's backends too), as when a machine or a container dies.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.stack import BIN, MODEL, ROOT, free_port, gateway_python, write_endpoints

POSTGRES_BIN = Path(os.environ.get("POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))
# initdb and postgres refuse to run as root: they run as this user when the bench is root.
POSTGRES_USER = "postgres"


@dataclass
class Service:
    """A process that can be started, killed with SIGKILL and started again."""

    name: str
    command: list[str]
    ready: Callable[[], bool]
    env: dict[str, str] = field(default_factory=dict)
    log_path: Path | None = None
    process: subprocess.Popen | None = None

    def start(self) -> None:
        with contextlib.ExitStack() as files:
            log = files.enter_context(open(self.log_path, "ab")) if self.log_path else None
            self.process = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env={**os.environ, **self.env},
                stdout=log or subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self, timeout_s: float = 240) -> float:
        """Seconds until it answers; raises when it exits or the time runs out."""
        started = time.monotonic()
        while time.monotonic() - started < timeout_s:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}")
            if self.ready():
                return time.monotonic() - started
            time.sleep(0.25)
        raise TimeoutError(f"{self.name} not ready after {timeout_s:.0f} s")

    def kill(self) -> None:
        """kill -9 of the whole process group."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        """End it politely, else kill it."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            self.kill()


def http_ok(url: str, must_contain: bytes = b"") -> Callable[[], bool]:
    def check() -> bool:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                return must_contain in response.read()
        except OSError:
            return False

    return check


def tcp_answers(port: int, probe: bytes, expected: bytes) -> Callable[[], bool]:
    def check() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
                connection.sendall(probe)
                return connection.recv(64).startswith(expected)
        except OSError:
            return False

    return check


def redis_service(workdir: Path) -> tuple[Service, str]:
    """A redis-server of its own with an append-only file (what survives a kill -9)."""
    port = free_port()
    directory = workdir / "redis"
    directory.mkdir()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(directory)]
    command += ["--appendonly", "yes", "--save", ""]
    ping = tcp_answers(port, b"PING\r\n", b"+PONG")
    service = Service("redis", command, ping, log_path=workdir / "redis.log")
    return service, f"redis://127.0.0.1:{port}/0"


def _as_postgres_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", POSTGRES_USER, "--", *command] if os.geteuid() == 0 else command


def postgresql_service(workdir: Path) -> tuple[Service, str]:
    """A PostgreSQL cluster of its own (initdb in `workdir`, trust auth), and the URL of a fresh
    database in it (created by `create_database` once the server is up)."""
    port = free_port()
    data = workdir / "postgresql"
    data.mkdir(mode=0o700)
    if os.geteuid() == 0:
        shutil.chown(workdir, POSTGRES_USER)
        shutil.chown(data, POSTGRES_USER)
    subprocess.run(
        _as_postgres_user(
            [str(POSTGRES_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    command = _as_postgres_user(
        [
            str(POSTGRES_BIN / "postgres"),
            *("-D", str(data), "-p", str(port), "-k", str(data)),
            *("-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200"),
        ]
    )
    ready = tcp_answers(port, b"\x00\x00\x00\x08\x04\xd2\x16\x2f", b"N")  # SSLRequest -> 'N'
    service = Service("postgresql", command, ready, log_path=workdir / "postgresql.log")
    return service, f"postgresql://postgres@127.0.0.1:{port}/pes_chaos"


def create_database(database_url: str) -> None:
    server_url, name = database_url.rsplit("/", 1)
    subprocess.run(
        [str(BIN / "python"), "-c", _CREATE_DATABASE, f"{server_url}/postgres", name],
        check=True,
    )


_CREATE_DATABASE = """
import sys
from sqlalchemy import create_engine, text
engine = create_engine(sys.argv[1], isolation_level="AUTOCOMMIT")
with engine.connect() as connection:
    connection.execute(text(f'CREATE DATABASE "{sys.argv[2]}"'))
"""


def assistant_services(workdir: Path, env: dict[str, str]) -> dict[str, Service]:
    """The action server, the Rasa server (Redis tracker and lock stores from REDIS_URL), two
    gateway replicas ("gateway", the one killed, runs the outbound worker; "gateway2" does not)
    and the proxy in front of them, on free ports."""
    rasa_port, actions_port = free_port(), free_port()
    actions = Service(
        "actions",
        [str(BIN / "rasa"), "run", "actions", "--port", str(actions_port), "--actions", "actions"],
        http_ok(f"http://127.0.0.1:{actions_port}/health"),
        env=env,
        log_path=workdir / "actions.log",
    )
    endpoints = workdir / "endpoints.yml"
    write_endpoints(endpoints, f"http://127.0.0.1:{actions_port}/webhook")
    rasa = Service(
        "rasa",
        [
            *(str(BIN / "rasa"), "run", "--enable-api", "--port", str(rasa_port)),
            *("--model", str(MODEL), "--endpoints", str(endpoints)),
            *("--credentials", str(ROOT / "credentials.yml")),
        ],
        http_ok(f"http://127.0.0.1:{rasa_port}/status", b"model_file"),
        env=env,
        log_path=workdir / "rasa.log",
    )
    gateway_env = {**env, "RASA_URL": f"http://127.0.0.1:{rasa_port}"}
    gateway = gateway_service("gateway", workdir, gateway_env)
    gateway2 = gateway_service("gateway2", workdir, {**gateway_env, "OUTBOUND_WORKER": "off"})
    proxy_port = free_port()
    proxy = Service(
        "proxy",
        [
            *(str(gateway_python()), "-m", "bench.chaos_proxy", "--port", str(proxy_port)),
            *(service_url(replica) for replica in (gateway, gateway2)),
        ],
        http_ok(f"http://127.0.0.1:{proxy_port}/healthz"),
        env={**env, "PROXY_PORT": str(proxy_port)},
        log_path=workdir / "proxy.log",
    )
    return {
        "actions": actions,
        "rasa": rasa,
        "gateway": gateway,
        "gateway2": gateway2,
        "proxy": proxy,
    }


def gateway_service(name: str, workdir: Path, env: dict[str, str]) -> Service:
    port = free_port()
    return Service(
        name,
        [str(gateway_python()), "-m", "bot", "serve"],
        http_ok(f"http://127.0.0.1:{port}/healthz"),
        env={**env, "GATEWAY_PORT": str(port)},
        log_path=workdir / f"{name}.log",
    )


def service_url(service: Service) -> str:
    """The base URL of a gateway replica or of the proxy."""
    port = service.env.get("GATEWAY_PORT") or service.env["PROXY_PORT"]
    return f"http://127.0.0.1:{port}"
