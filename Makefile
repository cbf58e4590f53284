# `make run` and `make test` do all set-up: the venv here, PostgreSQL and Redis embedded
# (jobboard/devserver.py, data under var/) unless DATABASE_URL / REDIS_URL point elsewhere.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ARGS ?=

.PHONY: .venv run test bench lint format clean backup restore

.venv: $(STAMP)

# Re-install whenever a requirements file is newer than the last install.
$(STAMP): $(wildcard requirements*.txt)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

run: .venv
	$(BIN)/python -m jobboard.devserver run

test: .venv lint
	$(BIN)/python -m jobboard.devserver test $(ARGS)

bench: .venv
	$(BIN)/python -m jobboard.devserver bench $(ARGS)

# A pg_dump file under var/backups/ (or of DATABASE_URL's database), and its way back in.
backup: .venv
	$(BIN)/python -m jobboard.backups backup

restore: .venv
	$(BIN)/python -m jobboard.backups restore "$(FILE)"

lint: .venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: .venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Stop any server a killed launcher left running from var/, then drop all local data.
clean:
	if [ -x $(BIN)/python ]; then $(BIN)/python -m jobboard.devserver stop; fi
	rm -rf var
