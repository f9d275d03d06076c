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

test: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider

# Regenerate the bundled sample from its seeded script (the result is committed).
sample: $(STAMP)
	$(BIN)/python -m govinfo.samplegen.golmud samples/golmud-2024

clean:
	rm -rf warehouse publish dbt/target dbt/logs

# The IMAP tests start their own Dovecot (tests/dovecot.py): install Debian's dovecot-imapd when it is missing,
# and stop the service the package may start (the tests never use it).
.PHONY: dovecot
test: dovecot
dovecot:
	@command -v dovecot >/dev/null 2>&1 || test -x /usr/sbin/dovecot || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd >/dev/null; \
	    (service dovecot stop || invoke-rc.d dovecot stop) >/dev/null 2>&1 || true; \
	  else echo "make: dovecot not found: install dovecot-imapd, the IMAP tests need it" >&2; fi; }
