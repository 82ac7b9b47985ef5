# One place for the commands the README and CI use.
#   make run     install, then serve the widget (/), API (/api) and console (/console)
#   make check   install, then every check: ruff, mypy, import contracts, pytest, eval gate
VENV ?= .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install browser run test lint check eval bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

# Debian's chromium drives the widget's browser tests; a CJK font makes screenshots legible.
browser:
	@command -v chromium >/dev/null && fc-list 2>/dev/null | grep -qi wqy || \
	  ($(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null)

run: install
	$(VENV)/bin/policy-assistant serve --host $(HOST) --port $(PORT)

lint: install
	$(VENV)/bin/ruff check assistant tests evals ingest.py
	$(VENV)/bin/mypy assistant
	$(VENV)/bin/lint-imports

test: install browser
	$(VENV)/bin/pytest

eval: install
	$(VENV)/bin/policy-assistant eval

bench: install
	$(PY) evals/retrieval_benchmark.py --external

check: lint test eval

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
