# Two commands: `make export` and `make test`. Each sets up .venv on its own.
# `make bench` times the export on synthetic vaults (BENCH_ARGS=--large adds 100k notes).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BENCH_ARGS ?=
STAMP  := $(VENV)/.installed

.PHONY: export test lint bench clean chromium

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

export: $(STAMP)
	$(BIN)/xtd-rdf export notes --out output

# The browser tests drive Debian's chromium (Playwright's own browser download cannot work here).
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	else echo "note: /usr/bin/chromium is missing (apt-get install chromium); browser tests will be skipped"; fi

test: $(STAMP) chromium
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/harness.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
