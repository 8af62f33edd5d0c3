"""What Rasa makes of files the gateway writes (test stories, NLU examples), asked of Rasa itself.

The gateway's tests run without rasa installed, so Rasa's readers run in a child process with
the Python of the Rasa environment (`support.processes.rasa_python`); it prints what it read as
JSON. Warnings Rasa gives while reading count as failures, as they would in `rasa data validate`.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from support.processes import ROOT, rasa_python

_READ_STORY = """
import json, sys, warnings
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
request = json.load(sys.stdin)
domain = Domain.load(request["domain"])
with warnings.catch_warnings():
    warnings.simplefilter("error", UserWarning)
    steps = YAMLStoryReader(domain).read_from_string(request["text"])
events = []
for event in (event for step in steps for event in step.events):
    if isinstance(event, UserUttered):
        entities = [entity["value"] for entity in event.entities]
        events.append({"user": event.text, "intent": event.intent_name, "entities": entities})
    elif isinstance(event, ActionExecuted):
        events.append({"action": event.action_name})
    elif isinstance(event, SlotSet):
        events.append({"slot": event.key, "value": event.value})
print(json.dumps(events))
"""

_READ_NLU = """
import json, sys
from rasa.shared.nlu.training_data.loading import load_data
data = load_data(json.load(sys.stdin)["path"])
print(json.dumps([[m.get("text"), m.get("intent")] for m in data.intent_examples]))
"""


def _ask_rasa(script: str, request: dict[str, Any]) -> Any:
    result = subprocess.run(
        [rasa_python(), "-W", "ignore::DeprecationWarning", "-c", script],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"},
        timeout=300,
    )
    assert result.returncode == 0, f"Rasa could not read it:\n{result.stderr[-3000:]}"
    return json.loads(result.stdout.strip().splitlines()[-1])


def story_events(text: str, domain: Path = ROOT / "domain") -> list[dict[str, Any]]:
    """The events of a YAML test story as Rasa reads it with the project's domain: user messages
    (`user`, `intent`, `entities`), actions (`action`) and slots (`slot`, `value`)."""
    events: list[dict[str, Any]] = _ask_rasa(_READ_STORY, {"text": text, "domain": str(domain)})
    return events


def nlu_examples(path: Path) -> list[tuple[str, str]]:
    """(text, intent) of every example in a Rasa NLU YAML file, as Rasa loads it."""
    return [(text, intent) for text, intent in _ask_rasa(_READ_NLU, {"path": str(path)})]
