"""The yardstick of `make bench-capacity`: a stock `rasa init` bot, trained once and cached.

`rasa init --no-prompt` writes Rasa's example assistant and trains it. That happens in a folder
of its own under var/bench/ (not part of the project's data) and only when no trained model is
there yet: later runs reuse the model. A half-finished init never counts as the cache: the bot is
built in a `.partial` folder that is renamed only once its model exists.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.stack import BIN, ROOT, free_port, stop, wait_for

STOCK_BOT_DIR = ROOT / "var" / "bench" / "stock-bot"


def trained_model(folder: Path) -> Path | None:
    """The newest model in `folder`/models, if any."""
    models = sorted((folder / "models").glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)
    return models[-1] if models else None


def ensure_stock_bot(folder: Path = STOCK_BOT_DIR) -> Path:
    """The stock bot's model, after creating and training the bot if it is not cached yet."""
    model = trained_model(folder)
    if model is not None:
        return model
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    print(f"Training a stock `rasa init` bot in {folder} (once; later runs reuse it) …", flush=True)
    log = folder.with_name(folder.name + "-training.log")
    with log.open("w", encoding="utf-8") as output:
        subprocess.run(
            [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(partial)],
            cwd=partial,
            env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TQDM_DISABLE": "1"},
            stdout=output,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if trained_model(partial) is None:
        raise RuntimeError(f"`rasa init --no-prompt` trained no model: see {log}")
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    model = trained_model(folder)
    assert model is not None
    return model


@contextmanager
def running_stock_bot(model: Path) -> Iterator[tuple[str, int]]:
    """The stock bot's Rasa server on a free port: its URL and process id."""
    folder = model.parent.parent
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "rasa"),
            "run",
            "--port",
            str(port),
            "--model",
            str(model),
            "--endpoints",
            str(folder / "endpoints.yml"),
            "--credentials",
            str(folder / "credentials.yml"),
        ],
        cwd=folder,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for(url, process)
        yield url, process.pid
    finally:
        stop(process, timeout_s=30)
