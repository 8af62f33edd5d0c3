#!/usr/bin/env bash
# The whole test suite, run by `make test` after set-up and training. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
MODEL=models/pes.tar.gz

step() { printf '\n=== %s\n' "$*"; }

step "lint: ruff + mypy"
$BIN/ruff check bot nlu actions channels tests bench scripts
$BIN/ruff format --check bot nlu actions channels tests bench scripts
$BIN/mypy bot nlu actions channels

step "rasa data validate"
$BIN/python scripts/validate_data.py

step "pytest (actions, stores, NLU components, NLU gate on the held-out sets, end-to-end conversations)"
set +e
$BIN/pytest -q -p no:cacheprovider "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: refusing to pass an empty run" >&2
  exit 1
fi
[ "$status" -eq 0 ] || exit "$status"
echo "Held-out NLU figures (details in results/nlu_heldout.txt):"
grep -E "^(heldout|situations|health) " results/nlu_heldout.txt

step "rasa test: test stories (both languages, unhappy paths)"
$BIN/rasa test core --model "$MODEL" --stories tests/test_stories.yml \
  --fail-on-prediction-errors --out results/stories
echo
echo "All checks passed."
