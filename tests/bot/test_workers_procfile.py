"""`python -m bot procfile`: the Procfile `make run` starts, a Rasa and an action server per
worker."""

from pathlib import Path

import pytest
import yaml
from support.processes import free_port

from bot.workers import (
    WorkerPlan,
    expand,
    plan_workers,
    redis_answers,
    write_worker_endpoints,
)
from common.settings import Settings, SettingsError

ROOT = Path(__file__).resolve().parents[2]
WORKER1, WORKER2 = ROOT / "var/endpoints/worker1.yml", ROOT / "var/endpoints/worker2.yml"
PROCFILE = """\
rasa: rasa run --port ${RASA_PORT:-5005}
actions: rasa run actions --port ${ACTIONS_PORT:-5055}
gateway: python -m bot serve
"""


def test_each_worker_gets_its_own_ports_and_the_gateway_gets_every_rasa_server() -> None:
    expanded = expand(PROCFILE, WorkerPlan(workers=2, rasa_port=5005, actions_port=5055))

    restart = "echo '{0} ended (status '$?'), restarting in 3 s'; sleep 3; done"
    assert expanded.splitlines() == [
        f"rasa1: export RASA_PORT=5005 ACTIONS_PORT=5055 RASA_ENDPOINTS={WORKER1}; while :; do"
        " rasa run --port ${RASA_PORT:-5005}; " + restart.format("rasa1"),
        f"rasa2: export RASA_PORT=5006 ACTIONS_PORT=5056 RASA_ENDPOINTS={WORKER2}; while :; do"
        " rasa run --port ${RASA_PORT:-5005}; " + restart.format("rasa2"),
        f"actions1: export RASA_PORT=5005 ACTIONS_PORT=5055 RASA_ENDPOINTS={WORKER1}; while :; do"
        " rasa run actions --port ${ACTIONS_PORT:-5055}; " + restart.format("actions1"),
        f"actions2: export RASA_PORT=5006 ACTIONS_PORT=5056 RASA_ENDPOINTS={WORKER2}; while :; do"
        " rasa run actions --port ${ACTIONS_PORT:-5055}; " + restart.format("actions2"),
        "gateway: export RASA_URL=http://127.0.0.1:5005,http://127.0.0.1:5006; python -m bot serve",
    ]


def test_several_workers_need_redis_else_one_starts_and_the_reason_is_given() -> None:
    without = plan_workers(Settings.from_env({"RASA_WORKERS": "4"}), answers=lambda url: False)
    with_redis = plan_workers(
        Settings.from_env({"RASA_WORKERS": "4", "REDIS_URL": "redis://10.0.0.9:6379/0"}),
        answers=lambda url: False,
    )

    assert without.workers == 1
    assert without.note.startswith("RASA_WORKERS=4 needs Redis")
    assert (with_redis.workers, with_redis.note, with_redis.local_redis) == (4, "", None)
    assert with_redis.rasa_urls[-1] == "http://127.0.0.1:5008"


def test_without_redis_url_the_workers_share_the_local_redis_when_it_answers() -> None:
    asked: list[str] = []
    plan = plan_workers(
        Settings.from_env({"RASA_WORKERS": "2"}), answers=lambda url: not asked.append(url)
    )
    expanded = expand(PROCFILE, plan).splitlines()

    assert asked == ["redis://127.0.0.1:6379/0"]
    assert (plan.workers, plan.local_redis) == (2, "redis://127.0.0.1:6379/0")
    assert expanded[0].startswith(
        "rasa1: export REDIS_URL=redis://127.0.0.1:6379/0 RASA_PORT=5005 ACTIONS_PORT=5055 "
    )
    assert expanded[-1] == (
        "gateway: export REDIS_URL=redis://127.0.0.1:6379/0"
        " RASA_URL=http://127.0.0.1:5005,http://127.0.0.1:5006; python -m bot serve"
    )


def test_the_redis_probe_tells_a_live_server_from_a_closed_port() -> None:
    assert redis_answers("redis://127.0.0.1:6379/15") is True
    assert redis_answers(f"redis://127.0.0.1:{free_port()}/0") is False


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


def test_each_worker_gets_a_copy_of_endpoints_yml_naming_its_own_action_server(tmp_path) -> None:
    source = tmp_path / "endpoints.yml"
    source.write_text(
        'action_endpoint:\n  url: "http://127.0.0.1:5055/webhook"\n'
        "tracker_store:\n  type: rasa_plugins.stores.EnvTrackerStore\n",
        encoding="utf-8",
    )

    write_worker_endpoints(WorkerPlan(2, 5005, 6055), source, tmp_path / "workers")

    second = yaml.safe_load((tmp_path / "workers" / "worker2.yml").read_text(encoding="utf-8"))
    assert second == {
        "action_endpoint": {"url": "http://127.0.0.1:6056/webhook"},
        "tracker_store": {"type": "rasa_plugins.stores.EnvTrackerStore"},
    }
    assert sorted(p.name for p in (tmp_path / "workers").iterdir()) == [
        "worker1.yml",
        "worker2.yml",
    ]
