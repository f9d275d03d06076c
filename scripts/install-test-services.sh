#!/usr/bin/env bash
# The servers and tools the test suite starts itself, from Debian's packages: Dovecot (IMAP tests),
# PostgreSQL (the Postgres target), docker-compose (validating docker-compose.yml), LibreOffice, poppler,
# a CJK font and Chromium (the notice and report tests). Installs only what is missing, in one apt-get run,
# saying which packages and why, and stops the services the packages start: the tests run their own.
# Not root (or no apt-get): installs nothing, says what is missing and how to install it, and exits 0 so that
# the rest of the suite still runs (the tests that need a missing package fail or skip, naming it).
set -euo pipefail
missing=() why=()
need() { missing+=("$1"); why+=("$1 ($2)"); }
command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || need dovecot-imapd "the IMAP tests start their own Dovecot"
compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || need postgresql "the Postgres target tests start their own server"
command -v docker-compose >/dev/null 2>&1 || need docker-compose "test_compose validates docker-compose.yml"
command -v soffice >/dev/null 2>&1 || need libreoffice-writer-nogui "the notice tests make a PDF of notice.docx"
[ -e /usr/lib/libreoffice/program/libscfiltlo.so ] || need libreoffice-calc-nogui "the formula-safe files test opens annex.csv, rejected.csv and annex.xlsx in Calc"
command -v pdftotext >/dev/null 2>&1 || need poppler-utils "the notice tests read the PDF's text"
[ -d /usr/share/fonts/truetype/wqy ] || need fonts-wqy-zenhei "a CJK font for the PDFs"
command -v chromium >/dev/null 2>&1 || need chromium "the report test renders report.html"
[ ${#missing[@]} -eq 0 ] && exit 0
list=$(printf '  %s\n' "${why[@]}")
if ! command -v apt-get >/dev/null 2>&1; then
  printf 'install-test-services: these are missing and this machine has no apt-get: install them with its package manager (names are Debian'"'"'s):\n%s\n' "$list" >&2
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  printf 'install-test-services: these are missing; not root, so nothing is installed (the tests that need them fail or skip). Install them with `sudo make test-services` or `sudo apt-get install --no-install-recommends %s`:\n%s\n' "${missing[*]}" "$list" >&2
  exit 0
fi
printf 'install-test-services: installing with apt-get what the tests need and this machine lacks:\n%s\n' "$list" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
for service in dovecot postgresql; do
  (service "$service" stop || invoke-rc.d "$service" stop) >/dev/null 2>&1 || true
done
