# gongkai — the two set-up commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
# Debian packages: the Noto CJK fonts and HarfBuzz's subsetter for PDF output (without the
# subsetter WeasyPrint falls back to fontTools and a CJK page takes seconds, not milliseconds);
# Chromium for the accessibility tests (axe-core in a real browser; never downloaded by a tool);
# faketime to run the suite at another moment (`make test-at`).
SYSTEM_PACKAGES := fonts-noto-cjk libharfbuzz-subset0 chromium faketime
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run dev test test-at lint format install system-packages migrate demo clean

install: $(STAMP) system-packages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $@

system-packages:
	@missing=""; \
	for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get install -y --no-install-recommends $$missing \
	    || { $$SUDO apt-get update && $$SUDO apt-get install -y --no-install-recommends $$missing; }; \
	fi

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

# The web server, and beside it the task worker that runs the daily website self-check (and a
# check started from the back office); stopping the server stops the worker. $(1) is DEBUG.
define serve
	$(BIN)/gongkai sitecheck schedule
	$(BIN)/python manage.py notify_digest --schedule
	DEBUG=$(1) SITECHECK_BASE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py db_worker & \
	trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	DEBUG=$(1) $(BIN)/python manage.py runserver $(HOST):$(PORT)
endef

# As people will see it: config.settings.dev and its database, with DEBUG off, so a wrong
# address gets the platform's own 404 page (in Chinese) and an error its 500 page, never
# Django's debug page listing every URL. Static files are served by WhiteNoise from the apps
# (whitenoise.runserver_nostatic: runserver itself serves none), as in production.
run: demo
	$(call serve,false)

# The same with Django's debug pages (tracebacks, the URL list on a 404), for development.
dev: demo
	$(call serve,true)

test: install
	$(BIN)/python -m pytest -n auto -q

# The suite (SQLite, without the browser tests: Chromium keeps real time) with the clock started
# at WHEN in Beijing time, e.g. make test-at WHEN="2027-02-05 23:50:00". A test that reads the
# wall clock instead of setting it fails here, not in a citizen's case.
WHEN ?= $(shell $(BIN)/python .ci/hostile_moment.py 2>/dev/null)
test-at: install
	test -n "$(WHEN)"
	env -u DATABASE_URL TZ=Asia/Shanghai faketime -f "@$(WHEN)" \
	  $(BIN)/python -m pytest -n auto -q -m "not browser" -p no:cacheprovider

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy gongkai config

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
