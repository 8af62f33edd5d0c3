"""The Rasa server and the action server as `make run` starts them (the Procfile's own command
lines): they listen on 127.0.0.1 only, and Rasa's HTTP API and REST channel answer only with
RASA_TOKEN (finding 1 of issue 14). The Rasa server is pointed at a model that does not exist
(Rasa then loads the newest one in models/, if any: either way, who may call it is the same)."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from support.processes import free_port

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "procfile-test-token-0123456789"


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a listening TCP socket on `port` (from /proc/net/tcp{,6})."""
    addresses = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:
                addresses.add(address if len(address) == width else "?")
    return addresses


@contextmanager
def started(command: str, environment: dict[str, str], port: int, path: str) -> Iterator[None]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **environment}
    env.pop("REDIS_URL", None)
    process = subprocess.Popen(
        ["bash", "-c", command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: ended with everything it started
    )
    deadline = time.monotonic() + 180
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    stderr = process.stderr.read().decode() if process.stderr else ""
                    raise AssertionError(f"{command} did not start:\n{stderr[-3000:]}") from None
                time.sleep(0.5)
        yield
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def status_of(url: str, body: bytes | None = None) -> int:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_rasa_listens_on_localhost_and_answers_only_with_the_token(tmp_path: Path) -> None:
    port = free_port()
    command = procfile()["rasa"].replace(
        "--model models/pes.tar.gz", f"--model {shlex.quote(str(tmp_path / 'none.tar.gz'))}"
    )
    environment = {
        "RASA_PORT": str(port),
        "RASA_TOKEN": TOKEN,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'pes.db'}",
    }
    base = f"http://127.0.0.1:{port}"
    message = b'{"sender": "webchat:x", "message": "/inform{\\"full_name\\": \\"X\\"}"}'

    with started(command, environment, port, "/"):
        addresses = listening_addresses(port)
        statuses = (
            status_of(f"{base}/conversations/telegram:123/tracker"),
            status_of(f"{base}/status"),
            status_of(f"{base}/webhooks/rest/webhook", message),
            status_of(f"{base}/status?token={TOKEN}"),
        )

    assert addresses == {"0100007F"}  # 127.0.0.1
    assert statuses[:3] == (401, 401, 401)
    # With the token: past the check (200, or 409 when Rasa found no model to load).
    assert statuses[3] in (200, 409)


def test_rasa_does_not_start_without_a_token() -> None:
    result = subprocess.run(
        ["bash", "-c", procfile()["rasa"]],
        cwd=ROOT,
        env={key: value for key, value in os.environ.items() if key != "RASA_TOKEN"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "RASA_TOKEN is not set: make run generates one" in result.stderr


def test_the_action_server_listens_on_localhost(tmp_path: Path) -> None:
    port = free_port()
    environment = {
        "ACTIONS_PORT": str(port),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'pes.db'}",
        "VACANCY_INDEX_PATH": str(tmp_path / "vacancies.db"),
    }
    with started(procfile()["actions"], environment, port, "/health"):
        addresses = listening_addresses(port)

    assert addresses == {"0100007F"}
