#!/usr/bin/env bash
# Apache Superset in a virtual environment of its own (default .venv-superset), for tests/test_superset.py
# and `make superset`: created once, then reused until bi/superset/requirements.txt changes.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${1:-.venv-superset}
requirements=bi/superset/requirements.txt
stamp=$venv/.installed
if [ -f "$stamp" ] && [ "$stamp" -nt "$requirements" ]; then exit 0; fi
echo "superset-venv: installing Apache Superset into $venv (about 2 minutes, 870 MB)" >&2
${PYTHON:-python3} -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -r "$requirements"
touch "$stamp"
