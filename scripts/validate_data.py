"""`rasa data validate`, failing on every warning that matters.

Rasa warns about each response that no story or rule mentions, although custom actions and forms use
many of them. This runs the validator and ignores exactly those warnings: a response that actions/
names ("utter_…"), Rasa's default fallback utters, a form asks with (`utter_ask_<slot>`) or a
form validator re-asks with (`utter_invalid_<slot>`). Any other warning fails.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNUSED = re.compile(r"The utterance '(utter_[\w/]+)' is not used in any story or rule")
# Rasa 3.6 adds retrieval intents found in the NLU data to the domain a second time and then warns
# that the domain declares them twice; stories need them declared, so this one is expected.
RETRIEVAL_INTENT_MERGE = "duplicated intents have been found across multiple domain files: faq"
WARNING = re.compile(r"(UserWarning|FutureWarning|RasaWarning|ERROR|Error): (?P<text>.*)")


# Responses Rasa's own default actions utter (action_default_fallback).
RASA_DEFAULT_RESPONSES = {"utter_default"}


def utterances_used_by_code() -> set[str]:
    used: set[str] = set(RASA_DEFAULT_RESPONSES)
    for path in (ROOT / "actions").rglob("*.py"):
        used.update(re.findall(r"\"(utter_\w+)\"", path.read_text(encoding="utf-8")))
    for path in (ROOT / "domain").glob("*.yml"):
        # forms ask with utter_ask_<slot>; form validators re-ask with utter_invalid_<slot>
        text = path.read_text(encoding="utf-8")
        used.update(re.findall(r"^  (utter_(?:ask|invalid)_\w+):", text, re.M))
    return used


def main() -> int:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "rasa"), "data", "validate"],  # this environment's
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    used = utterances_used_by_code()
    problems = []
    for line in output.splitlines():
        match = WARNING.search(line)
        if not match or "pkg_resources" in line or "declare_namespace" in line:
            continue
        unused = UNUSED.search(line)
        if (unused and unused.group(1) in used) or RETRIEVAL_INTENT_MERGE in line:
            continue
        problems.append(match.group("text"))
    if result.returncode != 0 or problems:
        print(output[-4000:])
        print("\nrasa data validate found problems:", *problems, sep="\n- ")
        return 1
    print(f"rasa data validate: no warnings that matter ({len(used)} responses used by actions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
