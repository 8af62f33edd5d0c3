"""deploy/kubernetes/: valid against Kubernetes' own schemas (kubernetes-validate, no cluster),
and shaped as README promises: a Deployment per process with probes, autoscaled Rasa and action
servers, secrets only from Secret objects, the migration as a one-shot Job."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from common.settings import VARIABLES

ROOT = Path(__file__).resolve().parents[2]
MANIFESTS = ROOT / "deploy" / "kubernetes"
KUBERNETES_VERSION = "1.33"  # the oldest version the manifests are checked against
SECRET_NAMES = ("SECRET_KEY", "RASA_TOKEN", "POSTGRES_PASSWORD", "DATABASE_URL", "TELEGRAM")


def resources() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted(MANIFESTS.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        found += [(path.name, doc) for doc in yaml.safe_load_all(path.read_text()) if doc]
    return found


def by_kind(kind: str) -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for _, doc in resources() if doc["kind"] == kind}


def containers(workload: dict[str, Any]) -> list[dict[str, Any]]:
    return list(workload["spec"]["template"]["spec"]["containers"])


@pytest.mark.parametrize(
    "resource", resources(), ids=lambda r: f"{r[0]}:{r[1]['kind']}/{r[1]['metadata']['name']}"
)
def test_every_resource_is_valid_for_kubernetes(resource: tuple[str, dict[str, Any]]) -> None:
    _file, document = resource
    kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)


def test_the_kustomization_applies_every_manifest() -> None:
    kustomization = yaml.safe_load((MANIFESTS / "kustomization.yaml").read_text())
    files = {path.name for path in MANIFESTS.glob("*.yaml")} - {"kustomization.yaml"}

    assert sorted(kustomization["resources"]) == sorted(files)
    assert {image["name"] for image in kustomization["images"]} == {"pes-rasa", "pes-gateway"}
    assert kustomization["secretGenerator"][0]["name"] == "pes-secrets"


def test_a_deployment_per_process_each_with_readiness_and_liveness() -> None:
    deployments = by_kind("Deployment")

    assert sorted(deployments) == ["pes-actions", "pes-gateway", "pes-rasa"]
    for deployment in deployments.values():
        for container in containers(deployment):
            assert "readinessProbe" in container and "livenessProbe" in container
    [gateway] = containers(deployments["pes-gateway"])
    assert gateway["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert gateway["livenessProbe"]["httpGet"]["path"] == "/healthz"


def test_rasa_and_the_action_server_scale_on_cpu() -> None:
    autoscalers = by_kind("HorizontalPodAutoscaler")

    targets = {name: hpa["spec"]["scaleTargetRef"]["name"] for name, hpa in autoscalers.items()}
    assert targets == {"pes-rasa": "pes-rasa", "pes-actions": "pes-actions"}
    for hpa in autoscalers.values():
        assert hpa["spec"]["minReplicas"] >= 2
        assert hpa["spec"]["metrics"][0]["resource"]["name"] == "cpu"


def test_a_rollout_never_takes_a_pod_away_before_its_successor_is_ready() -> None:
    for deployment in by_kind("Deployment").values():
        assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0


def test_secrets_come_only_from_the_secret_object() -> None:
    assert "Secret" not in {doc["kind"] for _, doc in resources()}  # generated, not written
    workloads = [*by_kind("Deployment").values(), *by_kind("StatefulSet").values()]
    workloads += by_kind("Job").values()
    for workload in workloads:
        for container in containers(workload):
            for variable in container.get("env", []):
                if variable["name"].startswith(SECRET_NAMES):
                    assert "value" not in variable, variable["name"]
                    assert variable["valueFrom"]["secretKeyRef"]["name"] == "pes-secrets"
    example = (MANIFESTS / "secrets.env.example").read_text().splitlines()
    values = dict(line.split("=", 1) for line in example if line and not line.startswith("#"))
    assert {name for name, value in values.items() if value and "<" not in value} == set()


def test_the_migration_is_a_one_shot_job() -> None:
    [job] = by_kind("Job").values()
    [container] = containers(job)

    assert container["command"] == ["python", "-m", "bot", "db", "upgrade"]
    assert job["spec"]["template"]["spec"]["restartPolicy"] == "OnFailure"
    for deployment in by_kind("Deployment").values():
        assert "db upgrade" not in " ".join(containers(deployment)[0].get("command", []))


def test_the_config_map_holds_only_settings_the_processes_read() -> None:
    [config] = by_kind("ConfigMap").values()

    assert set(config["data"]) <= {*VARIABLES, "ACTION_ENDPOINT_URL"}
    assert config["data"]["REDIS_URL"].startswith("redis://pes-redis:")
