# Two commands on a fresh machine: `make run` serves the API, `make test` passes the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: venv run test soak bench screenshots lint format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps re-run the install whenever pyproject.toml changes.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-run

# The environment `make test` uses, alone (.ci/run starts PostgreSQL with it before the tests).
venv: $(VENV)/.installed-test

# Bytecode is compiled ahead (an editable install does not, nor does PYTHONDONTWRITEBYTECODE=1):
# compiling the package at every start costs ~0.3 s of cold start.
run: $(VENV)/.installed-run
	$(BIN)/python -m compileall -q mock_pbx
	$(BIN)/mock-pbx --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test lint
	$(BIN)/python -m pytest -n 2

# The 10-minute soak (MOCK_PBX_SOAK_SECONDS to change it); .ci/run runs it after the tests.
soak: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m slow

# Benchmarks against a same-run baseline; writes bench/results/latest.json and latest.md.
bench: $(VENV)/.installed-test
	$(BIN)/python -m compileall -q mock_pbx
	$(BIN)/python bench/run.py

# The web inbox's pictures in docs/ (needs Debian's chromium: apt-get install chromium).
screenshots: $(VENV)/.installed-test
	$(BIN)/python docs/screenshots.py

# Style, types and the package's layers; every one must pass for `make test` to run.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check mock_pbx tests bench docs
	$(BIN)/ruff format --check mock_pbx tests bench docs
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(VENV)/.installed-test
	$(BIN)/ruff format mock_pbx tests bench docs
	$(BIN)/ruff check --fix mock_pbx tests bench docs

# Everything the install, the suite, the linters and the bench leave behind (see .gitignore).
clean:
	rm -rf $(VENV) *.egg-info build dist .pytest_cache .ruff_cache .mypy_cache \
		.import_linter_cache .hypothesis .schemathesis .cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
