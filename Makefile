# Two commands for people (README): `make serve` and `make test`.
# Every target installs what is missing first, so a fresh clone needs nothing else.

SHELL := /bin/bash
PYTHON_VERSION := $(shell cat .python-version)
# pyenv (when present) picks the interpreter named in .python-version.
BOOT_PYTHON ?= $(shell command -v python$(PYTHON_VERSION) || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
LOCK := requirements.lock
LOCK_EXTRAS := docs test xlsx
LOCK_TOOLS := build/lock-tools
UV := uv==0.13.9

.PHONY: serve site test unit e2e bench bench-unit deps sysdeps clean lock

serve: site
	$(PY) scripts/serve.py --host $(HOST) --port $(PORT) site

site: deps
	$(PY) scripts/build.py

test: deps sysdeps site
	$(PY) -m pytest

unit: deps site
	$(PY) -m pytest --ignore=tests/e2e

e2e: deps sysdeps site
	$(PY) -m pytest tests/e2e

bench: deps sysdeps
	$(PY) scripts/bench_boot.py --build

# The unit check of 5,000 people in the page (goal: under 2 s).
bench-unit: deps sysdeps site
	$(PY) scripts/bench_unit.py

deps: $(VENV)/.installed node_modules/.package-lock.json

# Every Python package comes from requirements.lock (all transitive pins, sha256 checked);
# the project itself is then installed editable from this folder, without fetching anything.
$(VENV)/.installed: $(LOCK) pyproject.toml .python-version
	@$(BOOT_PYTHON) scripts/check_lock.py
	@test -x $(PY) || $(BOOT_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

# Regenerate requirements.lock after changing a dependency in pyproject.toml (README,
# Dependencies). uv resolves for every platform and Python >= 3.12 at once.
lock:
	@test -x $(LOCK_TOOLS)/bin/uv || { $(BOOT_PYTHON) -m venv $(LOCK_TOOLS) && $(LOCK_TOOLS)/bin/pip install --quiet $(UV); }
	$(LOCK_TOOLS)/bin/uv pip compile pyproject.toml $(foreach x,$(LOCK_EXTRAS),--extra $(x)) \
		--universal --python-version 3.12 --generate-hashes --annotation-style line \
		--custom-compile-command "make lock" -o $(LOCK) $(LOCK_FLAGS)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# Browser tests need Debian's chromium and nginx-light (stock nginx config), Firefox ESR,
# WebKitGTK's WebDriver and MiniBrowser (webkit2gtk-driver) with an X server of their own
# (xvfb), CJK fonts for readable screenshots and poppler for PDF pages.
sysdeps:
	@bash scripts/ensure_system_packages.sh chromium nginx-light firefox-esr webkit2gtk-driver xvfb \
	  fonts-noto-cjk poppler-utils

clean:
	rm -rf site build dist .pytest_cache
