"""Starting the project's other processes from a test, each in the environment it runs in.

The gateway's tests run in `.venv-gateway`, which has no rasa or rasa_sdk; the action server and
the Rasa server they start run with the Python of `.venv` (rasa 3.6's pins), as `make run` does.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def rasa_python() -> str:
    """The Python that has rasa and rasa_sdk: this one if it can import them, else `.venv`'s
    (RASA_PYTHON overrides it)."""
    configured = os.environ.get("RASA_PYTHON")
    if configured:
        return configured
    if importlib.util.find_spec("rasa_sdk") is not None:
        return sys.executable
    return str(ROOT / ".venv" / "bin" / "python")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_action_server(environment: Mapping[str, str], timeout_s: float = 60) -> Iterator[str]:
    """A real action server (`rasa_sdk`, the project's actions) with `environment` added to this
    process's; yields its webhook URL."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), **environment}
    process = subprocess.Popen(
        [rasa_python(), "-m", "rasa_sdk", "--port", str(port), "--actions", "actions"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    stderr = process.stderr.read().decode() if process.stderr else ""
                    raise RuntimeError(
                        f"The action server did not start:\n{stderr[-3000:]}"
                    ) from None
                time.sleep(0.3)
        yield f"{url}/webhook"
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes], timeout_s: float = 15) -> None:
    """Ask the process to end; kill it if it has not after `timeout_s`."""
    process.terminate()
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
