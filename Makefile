# pmmaturity: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The test that restarts PostgreSQL, and the one that starts several machines' servers on
# PostgreSQL, run on their own in .ci/run.
PYTEST_ARGS ?= -m "not restarts_database and not several_machines"

.PHONY: help install install-dev assets run setup-demo test test-only lint format bench clean

help:
	@echo "make run      set everything up and start the app on http://$(HOST):$(PORT)/"
	@echo "make test     install the dev tools and run the whole test suite"
	@echo "make lint     ruff (with complexity), the rooms' order, module length, format, mypy, migrations, Dockerfile, compose.yaml"
	@echo "make bench    run the benchmarks in benchmarks/"

$(PY):
	$(PYTHON) -m venv $(VENV)

# Re-install only when the declared dependencies change.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@ $(VENV)/.installed

# Bootstrap, and plotly.js bundled per kind of chart (radar, timeline) with only what we draw (npm run build).
node_modules/.installed: package.json package-lock.json $(wildcard pmmaturity/assets/*.js)
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build
	@touch $@

assets: node_modules/.installed

install: $(VENV)/.installed assets

install-dev: $(VENV)/.installed-dev assets

setup-demo: install
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py createcachetable
	$(PY) manage.py load_frameworks
	$(PY) manage.py load_demo

# The background worker (PDFs, large exports, emails, results refreshes, and the scheduled
# jobs: `manage.py schedule` lists them) runs beside the server at idle CPU priority (or niced
# where chrt is missing), so respondents' pages come first. It carries on through database
# blips itself; if it dies anyway, the loop starts it again two seconds later. Server, loop
# and worker stop together.
LOW_PRIORITY := $(shell command -v chrt >/dev/null && echo chrt --idle 0 || echo nice -n 10)
run: setup-demo
	@$(PY) manage.py demo_logins --url "http://$(HOST):$(PORT)/"
	@( trap 'kill $$child 2>/dev/null; exit 0' INT TERM; \
		while true; do \
			$(LOW_PRIORITY) $(PY) manage.py worker --queue-name '*' --interval 0.5 --no-reload & child=$$!; \
			wait $$child; echo "Background worker stopped (exit $$?); starting it again in 2 s."; sleep 2; \
		done ) & supervisor=$$!; \
		trap 'kill $$supervisor 2>/dev/null' EXIT INT TERM; \
		echo "Background worker started, restarted if it stops (supervisor pid $$supervisor)."; \
		$(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev test-only

test-only:
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	@# The rooms' written order (pyproject.toml, [tool.importlinter]): no back-edges, no cycles.
	$(VENV)/bin/lint-imports --no-cache
	@# No Python module over 500 lines (migrations aside); ruff's C901 caps function complexity.
	@find . -name '*.py' -not -path './.venv/*' -not -path './node_modules/*' -not -path '*/migrations/*' \
		-exec wc -l {} + | awk '$$2 != "total" && $$1 > 500 { print "Over 500 lines:", $$2, $$1; bad = 1 } END { exit bad }'
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(PY) manage.py makemigrations --check --dry-run
	@# The image and the stack, checked without Docker: hadolint, and the Compose Specification's schema.
	$(VENV)/bin/hadolint Dockerfile
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.compose-spec compose.yaml

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Every benchmark runs, even after one reports a FAIL, so one run shows every figure; the
# make target fails at the end if any did.
BENCHES := run comparisons reviews exports pages load freshness noise_simulation
bench: install-dev
	@failed=""; for b in $(BENCHES); do $(PY) benchmarks/$$b.py || failed="$$failed $$b"; done; \
		if [ -n "$$failed" ]; then echo "Benchmarks with a FAIL:$$failed"; exit 1; fi

clean:
	rm -rf $(VENV) node_modules staticfiles var .mypy_cache .ruff_cache
