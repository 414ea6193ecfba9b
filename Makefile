# Two entry points (see README): `make demo` runs ltpif on its embedded default,
# `make test` runs every check. Both create the virtualenv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The production environment of docs/reference/settings.md, for `check --deploy` in `lint`.
PRODUCTION_ENV := LTPIF_SECRET_KEY=deploy-check-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz \
	LTPIF_ALLOWED_HOSTS=ltpif.example.nhs.uk LTPIF_CSRF_TRUSTED_ORIGINS=https://ltpif.example.nhs.uk \
	LTPIF_SECURE_COOKIES=1 LTPIF_SSL_REDIRECT=1 LTPIF_HSTS_SECONDS=31536000 \
	LTPIF_HSTS_INCLUDE_SUBDOMAINS=1 LTPIF_HSTS_PRELOAD=1

.PHONY: demo test lint format docs bench clean system-deps test-postgres

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/ltpif demo

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	LTPIF_SECRET_KEY=check-only-not-a-secret $(BIN)/python -m django check --fail-level WARNING --settings ltpif.web.settings
	$(PRODUCTION_ENV) $(BIN)/python -m django check --deploy --fail-level WARNING --settings ltpif.web.settings
	$(BIN)/lint-imports
	$(BIN)/mypy  # the packages and settings are in pyproject.toml; cached in .mypy_cache

system-deps:
	scripts/system_deps.sh

# Every test on the embedded SQLite and, alongside it, the web tests again on PostgreSQL (its
# output kept in build/ and shown after: the two runs share no database, and together they
# keep both processors busy where one run waits on the browser or a server).
test: lint system-deps
	@mkdir -p build
	@BIN=$(BIN) scripts/test_postgres.sh > build/postgres-tests.log 2>&1 & postgres=$$!; \
	trap 'pkill -P $$postgres; kill $$postgres' INT TERM; \
	$(BIN)/pytest; main=$$?; \
	wait $$postgres; again=$$?; \
	echo "--- the web tests on PostgreSQL (build/postgres-tests.log):"; cat build/postgres-tests.log; \
	test $$main = 0 && test $$again = 0

test-postgres: $(STAMP)
	BIN=$(BIN) scripts/test_postgres.sh

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks scripts
	$(BIN)/ruff check --fix src tests benchmarks scripts

# The generated references (docs/reference/cli.md, check-kinds.md); a test fails when stale.
docs: $(STAMP)
	$(BIN)/python scripts/gen_docs.py

bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
