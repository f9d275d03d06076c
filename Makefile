# Two commands on a fresh machine: `make run` (the bundled sample, period 2024-05) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PERIOD ?= 2024-05
STAMP := $(VENV)/.installed

.PHONY: run test setup sample clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[airflow,test]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/govinfo run --period $(PERIOD)

# The whole suite on three pytest-xdist workers, a test file to a worker (its module fixtures and servers stay
# together); the servers and the scheduler mostly wait, so three keep two cores busy. --no-loadscope-reorder:
# the files in tests/conftest.py's order, slowest first (xdist would otherwise start the files with the most
# tests first and leave the one-test scheduler file to the end).
test: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 3 --dist loadfile --no-loadscope-reorder

# The tests that need no server and no dbt (marks `pipeline` and `server` in pyproject.toml): under a minute.
.PHONY: test-fast
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m "not pipeline and not server"

# Development tools (devtools/, not installed with the package).
# Regenerate the bundled sample from its seeded script (the result is committed).
sample: $(STAMP)
	$(BIN)/python -m devtools.samplegen.golmud samples/golmud-2024
	$(BIN)/python -m devtools.samplegen.schemes samples

# A synthetic inputs folder of any size: make generate UNITS=2000 MONTHS=12 SEED=1 OUT=/tmp/province
UNITS ?= 50
MONTHS ?= 6
SEED ?= 1
OUT ?= /tmp/govinfo-generated
.PHONY: generate unicode-classes
generate: $(STAMP)
	$(BIN)/python -m devtools.generate --units $(UNITS) --months $(MONTHS) --seed $(SEED) --out $(OUT)

# Rewrite dbt/macros/unicode_classes.sql after a Python upgrade changes unicodedata's version.
unicode-classes: $(STAMP)
	$(BIN)/python -m devtools.unicode_classes

clean:
	rm -rf warehouse publish dbt/target dbt/logs

# The servers the tests start themselves (Dovecot, PostgreSQL) and docker-compose: installed when missing.
# Apache Superset in its own venv (.venv-superset), for tests/test_superset.py and trying the shipped dashboard
.PHONY: superset-venv
superset-venv:
	@bash scripts/superset-venv.sh

.PHONY: test-services
test: test-services
test-services:
	@bash scripts/install-test-services.sh

# The benchmark of issues 7 and 14 (docs/performance.md): the sample and a generated 2,000-unit province (kept under
# /tmp/govinfo-bench), a period under an Airflow scheduler and the whole test suite, written to
# bench/results/<date>.json. bench-smoke: the sample only, neither Airflow nor the suite, results under /tmp.
.PHONY: bench bench-smoke
bench: $(STAMP)
	$(BIN)/python bench/run.py
bench-smoke: $(STAMP)
	$(BIN)/python bench/run.py --sample-only --skip-suite --skip-airflow --out $${TMPDIR:-/tmp}/govinfo-bench-smoke.json

# Airflow 3 on this machine without Docker (docs/airflow.md): home in .airflow/, `airflow standalone`.
.PHONY: airflow
airflow: $(STAMP)
	bash scripts/airflow-local.sh

# Re-run the runs of months FROM…TO on that home, one at a time (the `make airflow` must be running):
# make airflow-backfill FROM=2024-01 TO=2024-06
.PHONY: airflow-backfill
airflow-backfill: $(STAMP)
	bash scripts/airflow-local.sh --backfill $(FROM) $(TO)
