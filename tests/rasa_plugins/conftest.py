"""Rasa as the server configures itself from the project's endpoints.yml."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import read_endpoint_config
from support.processes import ROOT


@pytest.fixture
def rasa_reads_endpoints_yml() -> TrackerStore:
    """The tracker store endpoints.yml names, built as Rasa builds it at start-up (which also
    installs the project's changes to Rasa's turn, rasa_plugins/patches.py)."""
    config = read_endpoint_config(str(ROOT / "endpoints.yml"), "tracker_store")
    return TrackerStore.create(config, Domain.empty())


@pytest.fixture
def journal_dir(tmp_path: Path) -> Path:
    """Where the event broker journals events (a directory that does not exist yet)."""
    return tmp_path / "journal"
