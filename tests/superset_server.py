"""A throwaway Apache Superset for tests: its own virtual environment (.venv-superset, scripts/superset-venv.sh,
created once and reused), a SQLite metadata store copied from a template made once beside it, a SECRET_KEY and
admin password generated per use (never committed), the server on 127.0.0.1 at a free port.

It substitutes nothing: without the package index the first run cannot install Superset and the tests fail.
"""
from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests
from dovecot import _free_port

REPO = Path(__file__).resolve().parents[1]
VENV = REPO / ".venv-superset"
PASSWORD = VENV / "admin-password"


def _template_path() -> Path:
    """The migrated metadata store with an admin, copied for each server: one per installed Superset version, so
    an upgrade of the venv (scripts/superset-venv.sh) migrates a new one instead of starting on an old schema."""
    installed = sorted(VENV.glob("lib/python*/site-packages/apache_superset-*.dist-info"))
    if len(installed) != 1:
        raise RuntimeError(f"{VENV} holds {len(installed)} Apache Superset installs: remove it and run make superset-venv")
    return VENV / f"metadata-{installed[0].name.removesuffix('.dist-info').split('-')[1]}.db"


def _config(root: Path, database: Path) -> dict[str, str]:
    config = root / "superset_config.py"
    config.write_text(f"SECRET_KEY = {secrets.token_urlsafe(32)!r}\n"
                      f"SQLALCHEMY_DATABASE_URI = {'sqlite:///' + str(database)!r}\n"
                      f"DATA_DIR = {str(root)!r}\n"
                      "TALISMAN_ENABLED = False\n", encoding="utf-8")
    return {**os.environ, "SUPERSET_CONFIG_PATH": str(config), "FLASK_APP": "superset"}


def _cli(env: dict[str, str], *args: str) -> None:
    done = subprocess.run([str(VENV / "bin" / "superset"), *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"superset {' '.join(args[:2])} failed: {done.stdout[-2000:]}{done.stderr[-2000:]}")


def _template(root: Path) -> Path:
    """Migrate a metadata store and create its admin once per Superset version (about a minute); later servers copy
    it."""
    template = _template_path()
    if template.exists():
        return template
    for stale in VENV.glob("metadata*.db"):   # another version's, or the unversioned one of earlier checkouts
        stale.unlink()
    building = VENV / "metadata.db.tmp"
    building.unlink(missing_ok=True)
    env = _config(root, building)
    password = secrets.token_urlsafe(16)
    _cli(env, "db", "upgrade")
    _cli(env, "fab", "create-admin", "--username", "admin", "--firstname", "govinfo", "--lastname", "tests",
         "--email", "admin@localhost", "--password", password)
    _cli(env, "init")
    PASSWORD.write_text(password, encoding="utf-8")
    os.replace(building, template)
    return template


class SupersetAPI:
    """Superset's REST API as the admin: a JWT from /api/v1/security/login and the session's CSRF token."""

    def __init__(self, base: str, password: str):
        self.base, self.http = base, requests.Session()
        login = self.http.post(f"{base}/api/v1/security/login", timeout=60,
                               json={"username": "admin", "password": password, "provider": "db", "refresh": True})
        login.raise_for_status()
        self.http.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
        token = self.http.get(f"{base}/api/v1/security/csrf_token/", timeout=60)
        token.raise_for_status()
        self.http.headers.update({"X-CSRFToken": token.json()["result"], "Referer": base})

    def call(self, method: str, path: str, expect: int = 200, **kwargs) -> dict:
        response = self.http.request(method, f"{self.base}{path}", timeout=300, **kwargs)
        assert response.status_code == expect, f"{method} {path}: {response.status_code} {response.text[:1000]}"
        return response.json()


@pytest.fixture(scope="session")
def superset(tmp_path_factory):
    venv = subprocess.run(["bash", str(REPO / "scripts" / "superset-venv.sh")], capture_output=True, text=True)
    if venv.returncode != 0:
        pytest.fail(f"Apache Superset could not be installed into {VENV}: {venv.stderr[-2000:]}", pytrace=False)
    root = tmp_path_factory.mktemp("superset")
    shutil.copyfile(_template(root), root / "superset.db")
    env = _config(root, root / "superset.db")
    port = _free_port()
    log = open(root / "server.log", "w")
    server = subprocess.Popen([str(VENV / "bin" / "superset"), "run", "-h", "127.0.0.1", "-p", str(port),
                               "--with-threads"], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(180):
            if server.poll() is not None:
                pytest.fail(f"Superset exited: {(root / 'server.log').read_text()[-2000:]}", pytrace=False)
            try:
                if requests.get(f"{base}/health", timeout=5).ok:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(1)
        else:
            pytest.fail(f"Superset did not answer on {base} within 3 minutes", pytrace=False)
        yield SupersetAPI(base, PASSWORD.read_text(encoding="utf-8"))
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
