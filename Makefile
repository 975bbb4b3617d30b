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

.PHONY: run test lint bench ingest browser poppler clean-index install screenshots llamacpp audit postgresql deploy-tools quiz-review quiz-calibrate

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	# torch first and pinned: the CPU wheel on disk (an unpinned torch pulls a CUDA build)
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# llama-cpp-python with its OpenAI-compatible server, for the LLM tests and benchmark. Built
# from source without -march=native (the native build crashes on AMX CPUs); ~5 min once, then
# pip reuses the cached wheel.
LLAMACPP_STAMP := $(VENV)/.llamacpp
$(LLAMACPP_STAMP): $(STAMP)
	CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON" \
	  $(PIP) install -q 'llama-cpp-python[server]>=0.3'
	touch $(LLAMACPP_STAMP)

llamacpp: $(LLAMACPP_STAMP)

# Debian chromium for the browser tests (never `playwright install`: it downloads).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	  else echo "chromium fehlt: sudo apt-get install chromium"; fi; }

# Debian poppler-utils (pdftoppm, pdfinfo, pdffonts) for the PDF report tests; without it those
# tests are skipped with a reason.
poppler:
	@command -v pdftoppm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null; \
	  else echo "pdftoppm fehlt: sudo apt-get install poppler-utils"; fi; }

# Debian PostgreSQL server for the database tests (started per test session, see
# tests/progress_pg.py); without it those tests are skipped with a reason.
postgresql:
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null; \
	  else echo "postgresql fehlt: sudo apt-get install postgresql"; fi; }

# Debian caddy, nginx, systemd (systemd-analyze) and openssl for the checks of the operations
# snippets in deploy/ (docs/BETRIEB.md); without them those tests are skipped with a reason.
# Debian's policy-rc.d in containers keeps the installed services from starting.
deploy-tools:
	@command -v caddy >/dev/null && [ -x /usr/sbin/nginx ] && command -v systemd-analyze >/dev/null \
	  && command -v openssl >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      caddy nginx systemd openssl >/dev/null; \
	  else echo "caddy/nginx fehlen: sudo apt-get install caddy nginx systemd openssl"; fi; }

ingest: $(STAMP)
	$(VENV)/bin/tutor ingest

run: $(STAMP)
	$(VENV)/bin/tutor ingest
	$(PY) app.py

test: $(STAMP) $(LLAMACPP_STAMP) browser poppler postgresql deploy-tools
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy ingest tutor app.py tests scripts

bench: $(STAMP) $(LLAMACPP_STAMP)
	$(VENV)/bin/tutor eval --compare-baseline
	$(VENV)/bin/tutor eval --questions tests/data/test_questions.jsonl --compare-baseline
	$(PY) scripts/bench_llm.py
	$(PY) scripts/bench_embed.py
	$(PY) scripts/bench_scale.py --scale 100
	$(PY) scripts/bench_web.py --users 20 --questions 5
	$(PY) scripts/bench_load.py --requests 100

screenshots: $(STAMP) browser
	TUTOR_SCREENSHOT_DIR=$(CURDIR)/docs/screenshots $(PY) -m pytest -q tests/e2e -k "browser"

# Advisories of the direct dependencies as far as PyPI publishes them (latest releases only);
# exit 2 = some could not be checked. Not part of `make test`: it needs the network and would
# otherwise pass without having checked anything (see docs/RELIABILITY.md).
audit: $(STAMP)
	$(PY) scripts/audit_deps.py

# The five quiz review sets of issue #19 (modules 3, 5, 7, 10, Leitfaden; fixed seeds) for a
# blind rating; and the calibration of the quiz's e5 thresholds on labelled dev pairs.
quiz-review: $(STAMP)
	$(VENV)/bin/tutor ingest
	$(PY) scripts/quiz_review_items.py -o docs/quiz-review-items.md

quiz-calibrate: $(STAMP)
	$(VENV)/bin/tutor ingest
	$(PY) scripts/calibrate_quiz.py --write

clean-index:
	rm -rf vectorstore/gen-* vectorstore/CURRENT
