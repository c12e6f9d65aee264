# The two quick-start commands: `make run` (talk to the bot) and `make test` (run every test).
# Both create .venv and install the project into it the first time, and again when pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test chat lint bench eval clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installerar Utblick i $(VENV) (första gången tar det en minut)…" >&2
	@$(BIN)/python -m pip install --quiet --upgrade pip >$(VENV)/install.log 2>&1 || (cat $(VENV)/install.log >&2; exit 1)
	@$(BIN)/python -m pip install --quiet -e '.[dev]' >>$(VENV)/install.log 2>&1 || (cat $(VENV)/install.log >&2; exit 1)
	@touch $@

run: $(STAMP)
	@$(BIN)/utblick run

chat: $(STAMP)
	@$(BIN)/utblick chat

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Benchmarks print tables; they are measurements, not tests.
bench: $(STAMP)
	@$(BIN)/python -m pip install --quiet -e '.[dev,bench]' >>$(VENV)/install.log 2>&1
	@for script in bench/bench_*.py bench/compare_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; echo; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache utblick.db
