# The two commands of the README: `make run` (app on SQLite with the demo) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test install setup-db lint messages serve

run: install setup-db
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST)

test: install
	$(BIN)/pytest

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Migrate, load the regions, and load the demo only into an empty database.
setup-db: install
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py load_regions
	DEBUG=1 $(BIN)/python manage.py load_demo --if-empty

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# Refresh the Indonesian catalogue after changing translated strings (needs gettext).
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l id --no-obsolete --ignore=.venv
	DEBUG=1 $(BIN)/python manage.py compilemessages -l id --ignore=.venv

# The production run (README: Production): needs SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL in the environment.
serve: install
	$(BIN)/python manage.py check --deploy
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py collectstatic --no-input
	$(BIN)/gunicorn -c gunicorn.conf.py ucj_site.wsgi
