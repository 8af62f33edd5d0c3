"""`python -m bot procfile`: the Procfile `make run` starts, with `RASA_WORKERS` Rasa servers.

The project's Procfile describes one Rasa server, one action server and the gateway, with their
ports in `${RASA_PORT:-5005}` and `${ACTIONS_PORT:-5055}` and the Rasa server's endpoints file in
`${RASA_ENDPOINTS:-endpoints.yml}`. This command repeats those two lines once per worker with the
worker's own ports and its own copy of endpoints.yml naming its action server
(var/endpoints/worker<N>.yml), so each Rasa server has its own action server, and gives the
gateway every Rasa server in `RASA_URL`; honcho then starts the result as it would the Procfile
itself.

Several workers share conversations and per-conversation locks through Redis. Without
`REDIS_URL`, the local Redis (`LOCAL_REDIS`) is used when it answers, as on a fresh machine with
Redis installed; otherwise one worker is started, and the reason is printed.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import redis
import yaml

from common.settings import PROJECT_ROOT, Settings, SettingsError

PROCFILE = PROJECT_ROOT / "Procfile"
ENDPOINTS = PROJECT_ROOT / "endpoints.yml"
WORKER_ENDPOINTS = PROJECT_ROOT / "var" / "endpoints"
PER_WORKER = ("rasa", "actions")
RESTART_DELAY_S = 3
LINE = re.compile(r"^([A-Za-z0-9_-]+):\s*(.+)$")
LOCAL_REDIS = "redis://127.0.0.1:6379/0"


@dataclass(frozen=True)
class WorkerPlan:
    """How many Rasa workers start and where; `note`: why fewer than RASA_WORKERS, if so;
    `local_redis`: the Redis every process is given when REDIS_URL was unset."""

    workers: int
    rasa_port: int
    actions_port: int
    note: str = ""
    local_redis: str | None = None

    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{self.rasa_port + n}" for n in range(self.workers)]

    def ports(self, worker: int) -> dict[str, str]:
        """The ports and endpoints file of worker `worker` (0-based), for its Rasa and action
        server lines."""
        return {
            "RASA_PORT": str(self.rasa_port + worker),
            "ACTIONS_PORT": str(self.actions_port + worker),
            "RASA_ENDPOINTS": str(endpoints_file(worker)),
        }

    def action_url(self, worker: int) -> str:
        return f"http://127.0.0.1:{self.actions_port + worker}/webhook"


def endpoints_file(worker: int, directory: Path = WORKER_ENDPOINTS) -> Path:
    return directory / f"worker{worker + 1}.yml"


def write_worker_endpoints(
    plan: WorkerPlan, source: Path = ENDPOINTS, directory: Path = WORKER_ENDPOINTS
) -> None:
    """A copy of `source` per worker, its action endpoint that worker's action server."""
    endpoints = yaml.safe_load(source.read_text(encoding="utf-8"))
    directory.mkdir(parents=True, exist_ok=True)
    for worker in range(plan.workers):
        endpoints["action_endpoint"] = {"url": plan.action_url(worker)}
        text = f"# Written by `python -m bot procfile` from {source.name}: edit that file.\n"
        text += yaml.safe_dump(endpoints, sort_keys=False)
        endpoints_file(worker, directory).write_text(text, encoding="utf-8")


def redis_answers(url: str) -> bool:
    """Whether a Redis server answers PING at `url` within half a second."""
    try:
        return bool(redis.Redis.from_url(url, socket_timeout=0.5).ping())
    except (redis.RedisError, OSError):
        return False


def plan_workers(settings: Settings, answers: Callable[[str], bool] = redis_answers) -> WorkerPlan:
    """The workers to start for `settings`; SettingsError if their ports would collide.

    `answers(url)` tells whether the local Redis is there to share conversations when
    REDIS_URL is unset."""
    workers, note, local_redis = settings.rasa_workers, "", None
    if workers > 1 and not settings.redis_url:
        if answers(LOCAL_REDIS):
            local_redis = LOCAL_REDIS
        else:
            note = (
                f"RASA_WORKERS={workers} needs Redis (the workers share conversations and their"
                f" locks in it): REDIS_URL is unset and {LOCAL_REDIS} does not answer, so one"
                " Rasa worker starts with conversations in memory"
            )
            workers = 1
    plan = WorkerPlan(workers, settings.rasa_port, settings.actions_port, note, local_redis)
    rasa = set(range(plan.rasa_port, plan.rasa_port + workers))
    actions = set(range(plan.actions_port, plan.actions_port + workers))
    if rasa & actions or settings.port in rasa | actions:
        raise SettingsError(
            f"RASA_WORKERS={workers}: Rasa ports {min(rasa)}-{max(rasa)}, action server ports"
            f" {min(actions)}-{max(actions)} and GATEWAY_PORT {settings.port} overlap;"
            " move RASA_PORT or ACTIONS_PORT"
        )
    return plan


def expand(procfile: str, plan: WorkerPlan) -> str:
    """`procfile` with its Rasa and action server lines once per worker (`rasa1`, `actions1`,
    `rasa2`, …) and the gateway pointed at every Rasa server."""
    out: list[str] = []
    shared = {"REDIS_URL": plan.local_redis} if plan.local_redis else {}
    for line in procfile.splitlines():
        match = LINE.match(line.strip())
        if match is None:
            continue
        name, command = match.groups()
        if name in PER_WORKER:
            for worker in range(plan.workers):
                label = f"{name}{worker + 1}"
                variables = {**shared, **plan.ports(worker)}
                out.append(f"{label}: {_export(variables)} {_restarted(label, command)}")
        elif name == "gateway":
            variables = {**shared, "RASA_URL": ",".join(plan.rasa_urls)}
            out.append(f"{name}: {_export(variables)} {command}")
        elif shared:
            out.append(f"{name}: {_export(shared)} {command}")
        else:
            out.append(f"{name}: {command}")
    return "\n".join(out) + "\n"


def _export(variables: dict[str, str]) -> str:
    """Shell words setting `variables` for the rest of the line (its arguments too, which a
    `NAME=value command` prefix would not reach)."""
    return "export " + " ".join(f"{name}={value}" for name, value in variables.items()) + ";"


def _restarted(label: str, command: str) -> str:
    """`command`, started again when it ends: honcho stops everything when one process ends,
    and a worker that died should rejoin the rotation, not take the others down."""
    return (
        f"while :; do {command}; echo '{label} ended (status '$?'), restarting in"
        f" {RESTART_DELAY_S} s'; sleep {RESTART_DELAY_S}; done"
    )


def print_procfile(settings: Settings, procfile: Path = PROCFILE) -> int:
    """Write each worker's endpoints file; print the expanded Procfile on stdout, the worker
    summary on stderr."""
    plan = plan_workers(settings)
    write_worker_endpoints(plan)
    if plan.note:
        print(f"note: {plan.note}", file=sys.stderr)
    if plan.local_redis:
        print(f"REDIS_URL is unset: the workers share {plan.local_redis}", file=sys.stderr)
    print(
        f"Rasa workers: {plan.workers} ({', '.join(plan.rasa_urls)}),"
        f" each with its own action server from port {plan.actions_port}",
        file=sys.stderr,
    )
    sys.stdout.write(expand(procfile.read_text(encoding="utf-8"), plan))
    return 0
