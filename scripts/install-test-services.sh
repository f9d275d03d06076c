#!/usr/bin/env bash
# The servers and tools the test suite starts itself, from Debian's packages: Dovecot (IMAP tests),
# PostgreSQL (the Postgres target), docker-compose (validating docker-compose.yml), LibreOffice, poppler,
# a CJK font and Chromium (the notice and report tests). Installs only what is
# missing, in one apt-get run, and stops the services the packages start: the tests run their own.
set -euo pipefail
missing=()
command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || missing+=(dovecot-imapd)
compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || missing+=(postgresql)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
# The notice tests: LibreOffice converts notice.docx to PDF, poppler extracts its text, a CJK font renders it;
# the report test opens report.html in headless Chromium.
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
# The formula-safe files test opens annex.csv, rejected.csv and annex.xlsx with LibreOffice Calc.
[ -e /usr/lib/libreoffice/program/libscfiltlo.so ] || missing+=(libreoffice-calc-nogui)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ -d /usr/share/fonts/truetype/wqy ] || missing+=(fonts-wqy-zenhei)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-services: missing ${missing[*]}: install them (Debian: apt-get install ${missing[*]}); the tests that need them fail without" >&2
  exit 0
fi
echo "install-test-services: installing ${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
for service in dovecot postgresql; do
  (service "$service" stop || invoke-rc.d "$service" stop) >/dev/null 2>&1 || true
done
