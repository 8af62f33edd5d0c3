"""`python -m bot procfile`: the Procfile `make run` starts, with `RASA_WORKERS` Rasa servers.

The project's Procfile describes one Rasa server, one action server and the gateway, with their
ports in `${RASA_PORT:-5005}` and `${ACTIONS_PORT:-5055}`, and the Rasa server finds its action
server from ACTIONS_PORT (`ACTION_ENDPOINT_URL`, which endpoints.yml reads). This command repeats
those two lines once per worker with the worker's own ports, so each Rasa server has its own action
server, and gives the gateway every Rasa server in `RASA_URL`; honcho then starts the result as it
would the Procfile itself.

Several workers share conversations and per-conversation locks through Redis, so without
`REDIS_URL` one worker is started, and the reason is printed.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from common.settings import PROJECT_ROOT, Settings, SettingsError

PROCFILE = PROJECT_ROOT / "Procfile"
PER_WORKER = ("rasa", "actions")
RESTART_DELAY_S = 3
LINE = re.compile(r"^([A-Za-z0-9_-]+):\s*(.+)$")


@dataclass(frozen=True)
class WorkerPlan:
    """How many Rasa workers start and where; `note`: why fewer than RASA_WORKERS, if so."""

    workers: int
    rasa_port: int
    actions_port: int
    note: str = ""

    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{self.rasa_port + n}" for n in range(self.workers)]

    def ports(self, worker: int) -> dict[str, str]:
        """The ports of worker `worker` (0-based), for its Rasa and action server lines."""
        return {
            "RASA_PORT": str(self.rasa_port + worker),
            "ACTIONS_PORT": str(self.actions_port + worker),
        }


def plan_workers(settings: Settings) -> WorkerPlan:
    """The workers to start for `settings`; SettingsError if their ports would collide."""
    workers, note = settings.rasa_workers, ""
    if workers > 1 and not settings.redis_url:
        note = (
            f"RASA_WORKERS={workers} needs REDIS_URL (the workers share conversations and their"
            " locks in Redis): starting one Rasa worker with conversations in memory"
        )
        workers = 1
    plan = WorkerPlan(workers, settings.rasa_port, settings.actions_port, note)
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
    for line in procfile.splitlines():
        match = LINE.match(line.strip())
        if match is None:
            continue
        name, command = match.groups()
        if name in PER_WORKER:
            for worker in range(plan.workers):
                label = f"{name}{worker + 1}"
                out.append(f"{label}: {_export(plan.ports(worker))} {_restarted(label, command)}")
        elif name == "gateway":
            out.append(f"{name}: {_export({'RASA_URL': ','.join(plan.rasa_urls)})} {command}")
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
    """Print the expanded Procfile on stdout, the worker summary on stderr."""
    plan = plan_workers(settings)
    if plan.note:
        print(f"note: {plan.note}", file=sys.stderr)
    print(
        f"Rasa workers: {plan.workers} ({', '.join(plan.rasa_urls)}),"
        f" each with its own action server from port {plan.actions_port}",
        file=sys.stderr,
    )
    sys.stdout.write(expand(procfile.read_text(encoding="utf-8"), plan))
    return 0
