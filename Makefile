# Homologa: `make rehearse` (the rehearsal, reports in reports/) and `make test` (all tests).
# Both install what is missing first: Debian packages and a virtualenv in .venv.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: setup system rehearse test bench lint clean

setup: system $(INSTALLED)

system:
	@./scripts/ensure-system-packages

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

rehearse: setup
	$(PY) -m pytest features/ $(PYTEST_ARGS)
	@echo "Open the report: reports/latest/report.html"

test: setup
	$(PY) -m pytest tests/ features/ $(PYTEST_ARGS)

bench: setup
	$(PY) -m bench

lint: setup
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) reports/[0-9]* reports/latest
