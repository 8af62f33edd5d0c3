#!/usr/bin/env bash
# The whole test suite, run by `make test` after set-up and training. Stops at the first failure.
#
# Two environments (pyproject.toml): the gateway's packages are type-checked and tested in
# .venv-gateway (current aiohttp, no rasa), the Rasa and action servers' in .venv (rasa 3.6's
# pins); the bottom layer (common/) is tested in both. RASA_VENV / GATEWAY_VENV point elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
RASA_VENV=${RASA_VENV:-.venv}
GATEWAY_VENV=${GATEWAY_VENV:-.venv-gateway}
BIN=$RASA_VENV/bin
GW_BIN=$GATEWAY_VENV/bin
MODEL=models/pes.tar.gz
PACKAGES=(bot staff channels outbound handoff relay rasa_plugins actions nlu common)
GATEWAY_PACKAGES=(bot staff channels outbound handoff relay common)
RASA_PACKAGES=(rasa_plugins actions nlu common)
# Test directories by the environment that runs them (common/ in both).
GATEWAY_TESTS=(tests/test_layers.py tests/test_adding_a_language.py tests/common tests/relay
  tests/handoff tests/outbound tests/channels tests/staff tests/bot tests/deploy tests/e2e
  --ignore=tests/e2e/conversations)
RASA_TESTS=(tests/common tests/nlu tests/actions tests/rasa_plugins tests/scripts tests/bench
  tests/e2e/conversations)
export PYTHONPATH="$PWD"
# The gateway's tests start the action server and the Rasa server with the Rasa environment.
RASA_PYTHON="$(cd "$BIN" && pwd)/python"
export RASA_PYTHON

step() { printf '\n=== %s\n' "$*"; }

run_pytest() {  # environment, then pytest arguments; a run that collects nothing fails
  local bin=$1
  shift
  set +e
  "$bin/pytest" -q -p no:cacheprovider "$@"
  local status=$?
  set -e
  if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests: refusing to pass an empty run" >&2
    exit 1
  fi
  [ "$status" -eq 0 ] || exit "$status"
}

step "lint: ruff, mypy (the gateway's packages in $GATEWAY_VENV, the others in $RASA_VENV)"
$BIN/ruff check "${PACKAGES[@]}" tests bench scripts
$BIN/ruff format --check "${PACKAGES[@]}" tests bench scripts
$GW_BIN/mypy "${GATEWAY_PACKAGES[@]}"
$BIN/mypy "${RASA_PACKAGES[@]}"

step "rasa data validate"
$BIN/python scripts/validate_data.py

step "pytest in $GATEWAY_VENV: layers, languages, common, gateway, channels, console, handoff, deployment files, browser"
run_pytest "$GW_BIN" "${GATEWAY_TESTS[@]}" "$@"

step "pytest in $RASA_VENV: common, NLU (gate on the held-out sets), actions, Rasa plugins, conversations"
run_pytest "$BIN" "${RASA_TESTS[@]}" "$@"
echo "Held-out NLU figures (details in results/nlu_heldout.txt):"
grep -E "^(heldout|situations|health) " results/nlu_heldout.txt

step "rasa test: test stories (both languages, unhappy paths)"
$BIN/rasa test core --model "$MODEL" --stories tests/test_stories.yml \
  --fail-on-prediction-errors --out results/stories
echo
echo "All checks passed."
