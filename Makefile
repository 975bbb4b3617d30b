# KI-Tutor für KMU — two commands for a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False

.PHONY: run test lint bench ingest browser clean-index install screenshots

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	# torch first and pinned: the CPU wheel on disk (an unpinned torch pulls a CUDA build)
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian chromium for the browser tests (never `playwright install`: it downloads).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	  else echo "chromium fehlt: sudo apt-get install chromium"; fi; }

ingest: $(STAMP)
	$(VENV)/bin/tutor ingest

run: $(STAMP)
	$(VENV)/bin/tutor ingest
	$(PY) app.py

test: $(STAMP) browser
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy ingest tutor app.py

bench: $(STAMP)
	$(VENV)/bin/tutor eval --compare-baseline
	$(VENV)/bin/tutor eval --questions tests/data/test_questions.jsonl --compare-baseline
	$(PY) scripts/bench_web.py --users 20 --questions 5

screenshots: $(STAMP) browser
	TUTOR_SCREENSHOT_DIR=$(CURDIR)/docs/screenshots $(PY) -m pytest -q tests/e2e -k "browser"

clean-index:
	rm -rf vectorstore/gen-* vectorstore/CURRENT
