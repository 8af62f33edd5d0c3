"""`python -m bot procfile`: the Procfile `make run` starts, a Rasa and an action server per
worker."""

from pathlib import Path

import pytest

from bot.workers import WorkerPlan, expand, plan_workers
from common.settings import Settings, SettingsError

ROOT = Path(__file__).resolve().parents[2]
PROCFILE = """\
rasa: ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-x} rasa run --port ${RASA_PORT:-5005}
actions: rasa run actions --port ${ACTIONS_PORT:-5055}
gateway: python -m bot serve
"""


def test_each_worker_gets_its_own_ports_and_the_gateway_gets_every_rasa_server() -> None:
    expanded = expand(PROCFILE, WorkerPlan(workers=2, rasa_port=5005, actions_port=5055))

    restart = "echo '{0} ended (status '$?'), restarting in 3 s'; sleep 3; done"
    assert expanded.splitlines() == [
        "rasa1: export RASA_PORT=5005 ACTIONS_PORT=5055; while :; do"
        " ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-x} rasa run --port ${RASA_PORT:-5005}; "
        + restart.format("rasa1"),
        "rasa2: export RASA_PORT=5006 ACTIONS_PORT=5056; while :; do"
        " ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-x} rasa run --port ${RASA_PORT:-5005}; "
        + restart.format("rasa2"),
        "actions1: export RASA_PORT=5005 ACTIONS_PORT=5055; while :; do"
        " rasa run actions --port ${ACTIONS_PORT:-5055}; " + restart.format("actions1"),
        "actions2: export RASA_PORT=5006 ACTIONS_PORT=5056; while :; do"
        " rasa run actions --port ${ACTIONS_PORT:-5055}; " + restart.format("actions2"),
        "gateway: export RASA_URL=http://127.0.0.1:5005,http://127.0.0.1:5006; python -m bot serve",
    ]


def test_several_workers_need_redis_else_one_starts_and_the_reason_is_given() -> None:
    without = plan_workers(Settings.from_env({"RASA_WORKERS": "4"}))
    with_redis = plan_workers(
        Settings.from_env({"RASA_WORKERS": "4", "REDIS_URL": "redis://127.0.0.1:6379/0"})
    )

    assert without.workers == 1
    assert without.note.startswith("RASA_WORKERS=4 needs REDIS_URL")
    assert (with_redis.workers, with_redis.note) == (4, "")
    assert with_redis.rasa_urls[-1] == "http://127.0.0.1:5008"


def test_worker_ports_that_would_collide_are_refused() -> None:
    crowded = {"RASA_WORKERS": "60", "REDIS_URL": "redis://127.0.0.1:6379/0"}

    with pytest.raises(SettingsError, match="RASA_WORKERS=60: Rasa ports 5005-5064, action"):
        plan_workers(Settings.from_env(crowded))
    assert plan_workers(Settings.from_env({**crowded, "ACTIONS_PORT": "6055"})).workers == 60


def test_the_projects_procfile_expands_for_every_process() -> None:
    expanded = expand((ROOT / "Procfile").read_text(), WorkerPlan(2, 5005, 5055))

    names = [line.split(":", 1)[0] for line in expanded.splitlines()]
    assert names == ["rasa1", "rasa2", "actions1", "actions2", "gateway"]
    assert "--port ${RASA_PORT:-5005}" in expanded
    assert "--port ${ACTIONS_PORT:-5055}" in expanded
