# chainops developer tasks. Needs only GNU make and python3 (3.11); everything else goes into .venv.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Our top-level packages, all type-checked (strictly for mechanism/ and services/, see pyproject).
PACKAGES := chainops mechanism models services notifications flows web

.PHONY: venv $(VENV) demo test lint clean
.DELETE_ON_ERROR:

# .venv: create the virtualenv and install chainops with its dev extras (redone when pyproject.toml changes).
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -e '.[dev]'
	touch $@

venv $(VENV): $(STAMP)

# demo: run the demo city end to end. DEMO_ARGS passes options to `chainops demo`, e.g.
# make demo DEMO_ARGS="--no-serve" (build it and exit) or DEMO_ARGS="--port 8080".
DEMO_ARGS ?=
demo: $(STAMP)
	$(BIN)/chainops demo $(DEMO_ARGS)

# lint: ruff, mypy and the import-layer contracts.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy $(PACKAGES)
	$(BIN)/lint-imports

# test: everything lint does, then the test suite (SQLite unless CHAINOPS_TEST_DATABASE_URL is set).
test: lint
	$(BIN)/pytest

# clean: remove the virtualenv, local data and every cache.
clean:
	rm -rf $(VENV) var build *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis \
		.import_linter_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
