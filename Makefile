# PES jobseeker assistant — see README.md. `make run` and `make test` do all set-up themselves.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
RASA   := $(BIN)/rasa
MODEL  := models/pes.tar.gz
# The gateway's own environment (aiohttp >= 3.13.3, no rasa): see pyproject.toml.
GATEWAY_VENV := .venv-gateway
GW_BIN := $(GATEWAY_VENV)/bin
GW_PY  := $(GW_BIN)/python
# The project's packages, top to bottom (README, Architecture; tests/test_layers.py): the
# gateway's, type-checked in its environment, and the Rasa and action servers', in theirs.
PACKAGES := bot staff channels outbound handoff relay rasa_plugins actions nlu common
GATEWAY_PACKAGES := bot staff channels outbound handoff relay common
RASA_PACKAGES := rasa_plugins actions nlu common
# rasa 3.6.21 runs on Python 3.10 only: take python3.10 from PATH (if it really runs) or from pyenv.
PYTHON310 ?= $(shell (python3.10 -c 'import sys' >/dev/null 2>&1 && command -v python3.10) || ls -d $$HOME/.pyenv/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 2>/dev/null | tail -n 1)

# Everything `rasa train` reads: a change to any of them retrains the model.
TRAINING_INPUTS := config.yml $(shell find domain data/nlu data/core -name '*.yml' 2>/dev/null) $(wildcard nlu/*.py)

export PYTHONPATH := $(CURDIR)
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export RASA_TELEMETRY_ENABLED := false
export TQDM_DISABLE := 1
# Headless Chromium for the browser tests, from Debian's package (Playwright cannot download its own here).
CHROMIUM := /usr/bin/chromium

.PHONY: help install train run test validate lint format shell bench bench-rasa bench-nlu bench-vacancies bench-gateway bench-gateway-turn bench-gateway-memory bench-alerts bench-capacity chaos tune-nlu browser merge-nlu clean

help:
	@echo "make run       set up (venv, install, train if needed) and start gateway :8080 + RASA_WORKERS x (Rasa :5005… + actions :5055…)"
	@echo "make test      set up, then run the whole test suite (pytest, data validation, story tests, NLU gate)"
	@echo "make train     train the model if config, domain or data changed"
	@echo "make merge-nlu FILE=export.yml  merge NLU examples from the staff console, keep them only if held-out figures hold"
	@echo "make shell     chat with the assistant in the terminal (starts the action server too)"
	@echo "make validate  rasa data validate"
	@echo "make lint      ruff + mypy"
	@echo "make bench     bench-rasa (training time, model load, memory, REST latency) + bench-nlu (held-out accuracy)"
	@echo "make tune-nlu  choose the out-of-scope and \"Did you mean\" thresholds on the dev sets, retrain"
	@echo "make bench-gateway  web chat through the gateway vs. straight to Rasa, 50 and 200 simulated people"
	@echo "make bench-gateway-turn  the gateway's own ms, Redis round trips and SQL statements per web chat message (in-process, fake Rasa)"
	@echo "make bench-capacity  msg/s at 1-80 people: a stock rasa init bot, this Rasa, web chat via the gateway"
	@echo "make bench-gateway-memory  a compressed-body bomb to /staff/login: the gateway's memory growth"
	@echo "make chaos     kill -9 Rasa, actions, Redis, PostgreSQL, the gateway in turn under load: lost/duplicated per fault"

$(PY) $(GW_PY):
	@if [ -z "$(PYTHON310)" ]; then \
	  echo "ERROR: Python 3.10 is required (rasa 3.6.21 does not install on 3.11+)."; \
	  echo "Install it (e.g. 'pyenv install 3.10' or 'apt-get install python3.10') or run 'make PYTHON310=/path/to/python3.10 ...'."; \
	  exit 1; fi
	$(PYTHON310) -m venv $(dir $(@D))
	$(@D)/pip install --quiet --upgrade "pip==24.3.1" "setuptools==70.3.0" wheel

# One resolver pass for rasa and everything else, constrained to the tested set.
$(VENV)/.installed: pyproject.toml constraints.txt | $(PY)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[rasa,dev]'
	$(BIN)/pip check
	@touch $@

# The gateway's environment: one resolver pass of its own, constrained to its tested set.
$(GATEWAY_VENV)/.installed: pyproject.toml constraints-gateway.txt | $(GW_PY)
	$(GW_BIN)/pip install --quiet -c constraints-gateway.txt -e '.[gateway,deploy,dev]'
	$(GW_BIN)/pip check
	@touch $@

install: $(VENV)/.installed $(GATEWAY_VENV)/.installed

$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "ERROR: install Chromium at $(CHROMIUM) for the browser tests"; exit 1; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-dejavu-core \
	  || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-dejavu-core; }

browser: $(CHROMIUM)

$(MODEL): $(VENV)/.installed $(TRAINING_INPUTS)
	$(RASA) train --fixed-model-name pes --out models
	@touch $@

train: $(MODEL)

validate: install
	$(PY) scripts/validate_data.py

lint: install
	$(BIN)/ruff check $(PACKAGES) tests bench scripts
	$(BIN)/ruff format --check $(PACKAGES) tests bench scripts
	$(GW_BIN)/mypy $(GATEWAY_PACKAGES)
	$(BIN)/mypy $(RASA_PACKAGES)

format: install
	$(BIN)/ruff check --fix $(PACKAGES) tests bench scripts
	$(BIN)/ruff format $(PACKAGES) tests bench scripts

run: $(MODEL) $(GATEWAY_VENV)/.installed
	@scripts/banner.sh
	$(GW_PY) -m bot db upgrade
	@mkdir -p var
	$(GW_PY) -m bot procfile > var/Procfile.workers
	RASA_TOKEN="$$($(GW_PY) -m bot rasa-token)" $(BIN)/honcho start -f var/Procfile.workers -d .

# rasa shell in the foreground, the action server in the background for as long as it runs.
shell: $(MODEL)
	@$(RASA) run actions --port 5055 --actions actions --quiet & actions=$$!; \
	  trap 'kill $$actions 2>/dev/null' EXIT INT TERM HUP; \
	  $(RASA) shell --model $(MODEL)

test: $(MODEL) $(CHROMIUM) $(GATEWAY_VENV)/.installed
	scripts/test.sh

# NLU examples exported from the staff console into data/nlu/<lang>/staff_reviewed.yml, kept only
# if no held-out figure falls (scripts/nlu_merge). The current model is brought up to date first.
merge-nlu: install
	@[ -n "$(FILE)" ] || { echo "usage: make merge-nlu FILE=path/to/export.yml [TOLERANCE=0.01]"; exit 2; }
	@$(MAKE) --no-print-directory train
	$(PY) -m scripts.nlu_merge "$(FILE)" $(if $(TOLERANCE),--tolerance $(TOLERANCE))

bench: bench-rasa bench-nlu

bench-rasa: $(MODEL)
	$(PY) -m bench.rasa_figures --train

bench-vacancies: install
	$(PY) -m bench.vacancies

# 100,000 job alert subscriptions against a 10,000-vacancy import: time and peak memory.
bench-alerts: install
	$(PY) -m bench.alerts

# CLINC=path/to/data_full.json adds CLINC150's test split (evaluation only; not stored in the repo).
bench-nlu: $(MODEL)
	$(PY) -m bench.nlu_quality --sets all $(if $(CLINC),--clinc $(CLINC))

# Choose the open-world thresholds on tests/nlu/dev/ and write them into config.yml, then retrain.
tune-nlu: $(MODEL)
	$(PY) -m bench.nlu_tuning
	$(MAKE) train

bench-gateway: $(MODEL) $(GATEWAY_VENV)/.installed
	$(PY) -m bench.gateway

# Messages per second at 1–80 people (closed loop): a stock `rasa init` bot (trained once into
# var/bench/stock-bot), this project's Rasa, its web chat through the gateway. Ends within 10 min.
bench-capacity: $(MODEL) $(GATEWAY_VENV)/.installed
	$(PY) -m bench.capacity

# Fault injection under load (docs/chaos.md): its own Redis and PostgreSQL, never the shared ones.
chaos: $(MODEL) $(GATEWAY_VENV)/.installed
	$(PY) -m bench.chaos

# A ~200 KB deflate "bomb" POSTed to /staff/login: the gateway's memory before and after.
bench-gateway-turn: $(GATEWAY_VENV)/.installed
	$(GW_PY) -m bench.gateway_turn

bench-gateway-memory: install
	$(PY) -m bench.gateway_memory --python $(GW_PY)

clean:
	rm -rf models results .rasa
