# Two commands: `make export` and `make test`. Each sets up .venv on its own.
# `make bench` times the export on synthetic vaults (BENCH_ARGS=--large adds 100k notes).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BENCH_ARGS ?=
STAMP  := $(VENV)/.installed

.PHONY: export test lint bench clean chromium fuzz

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

# Fuzzing, not part of `make test`: the property tests of tests/properties (generated hostile notes
# through parse_note → extract_facts → resolve → graph → Turtle / N-Triples / JSON-LD, which must parse
# in rdflib and pyoxigraph and be isomorphic), and generated URL paths against a real `xtd-rdf serve`
# (never a 500, never a file outside the export), with a fixed budget: FUZZ_EXAMPLES examples per
# property from seed FUZZ_SEED (5000: about 4 minutes in all here). `make test` runs 60 of each.
FUZZ_EXAMPLES ?= 5000
FUZZ_SEED ?= 0
fuzz: $(STAMP)
	XTD_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -p no:cacheprovider \
	  tests/properties tests/server/test_server_hardening.py::test_any_path_gets_an_answer_and_never_the_secret \
	  --hypothesis-seed=$(FUZZ_SEED) --hypothesis-show-statistics

lint: $(STAMP)
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/harness.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
