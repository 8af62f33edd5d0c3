"""The compressed-body probe: what a ~200 KB `Content-Encoding: deflate` POST costs the gateway.

    python -m bench.gateway_memory [--python PATH ...] [--times N]

Starts the gateway (`python -m bot serve`, each given Python in turn: by default the gateway's
own environment, `.venv-gateway`) on a free port with a throw-away database, sends the bomb to
`/staff/login` N times, and prints the answer and the process's memory: resident set before,
after, and its high-water mark (VmHWM). aiohttp before 3.13.3 inflates the whole body before its
size limit answers (CVE-2025-69223); the gateway's aiohttp refuses it as it inflates. Target:
growth under 20 MB. Figures only; the refusal itself is tested in tests/bot/test_request_limits.py.
"""

from __future__ import annotations

import argparse
import http.client
import os
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

from bench.stack import ROOT, free_port, stop, wait_for

INFLATED_BYTES = 200 * 1024 * 1024
TARGET_MB = 20


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS (now) and VmHWM (the peak so far) of a process, in MB."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found[name] = int(value.split()[0]) / 1024
    return found


def post_bomb(port: int, body: bytes) -> tuple[int | str, float]:
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(
            "POST",
            "/staff/login",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Content-Encoding": "deflate",
            },
        )
        status: int | str = connection.getresponse().status
    except OSError as error:  # the server may close the connection while the client still sends
        status = type(error).__name__
    finally:
        connection.close()
    return status, time.monotonic() - started


def probe(python: str, body: bytes, times: int) -> None:
    version = subprocess.run(
        [python, "-c", "import aiohttp; print(aiohttp.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    port = free_port()
    workdir = tempfile.mkdtemp()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "GATEWAY_PORT": str(port),
        "GATEWAY_HOST": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{workdir}/bench.db",
        "SECRET_KEY": "bench-secret-key-0123456789",
        "RASA_URL": "http://127.0.0.1:9",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    env.pop("TELEGRAM_BOT_TOKEN", None)
    gateway = subprocess.Popen(
        [python, "-m", "bot", "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", gateway, timeout=120)
        time.sleep(1.0)  # let start-up work (migrations) settle
        before = memory_mb(gateway.pid)
        print(f"\naiohttp {version} ({python})")
        print(f"  before:        RSS {before['VmRSS']:7.1f} MB   peak {before['VmHWM']:7.1f} MB")
        for attempt in range(1, times + 1):
            status, seconds = post_bomb(port, body)
            now = memory_mb(gateway.pid)
            print(
                f"  bomb {attempt}: {status!s:>5}  in {seconds:5.2f} s"
                f"   RSS {now['VmRSS']:7.1f} MB   peak {now['VmHWM']:7.1f} MB"
            )
        growth = now["VmHWM"] - before["VmRSS"]
        verdict = "within" if growth < TARGET_MB else "OVER"
        print(f"  growth (peak - before): {growth:.1f} MB ({verdict} the {TARGET_MB} MB target)")
    finally:
        stop(gateway)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.gateway_memory", description=__doc__)
    default = ROOT / ".venv-gateway" / "bin" / "python"
    parser.add_argument(
        "--python",
        action="append",
        help=f"the Python whose environment runs the gateway (default: {default}); repeatable",
    )
    parser.add_argument("--times", type=int, default=3, help="bombs per gateway (default 3)")
    args = parser.parse_args()
    body = zlib.compress(b"username=" + b"a" * INFLATED_BYTES, 9)
    print(f"Bomb: {len(body) / 1024:.0f} KB deflate, {INFLATED_BYTES / 2**20:.0f} MB inflated")
    for python in args.python or [str(default if default.exists() else sys.executable)]:
        probe(python, body, args.times)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
