"""A throwaway PostgreSQL server for tests: Debian's initdb and pg_ctl, a data folder in a temp folder,
127.0.0.1 at a free port, one fresh database per test (UTF8, collation C, as govinfo needs).

It installs nothing: Debian's postgresql must be there (.ci/run installs it). Without it the tests fail, not skip.
As root the server runs as the postgres user (it refuses to run as root).
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import psycopg2
import pytest
from dovecot import _free_port


def find_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    if not found:
        pytest.fail("PostgreSQL not found under /usr/lib/postgresql/*/bin: the Postgres target tests need a real "
                    "server. Install Debian's postgresql (apt-get install postgresql); .ci/run does so when it is "
                    "missing", pytrace=False)
    return Path(found[-1]).parent


class Postgres:
    def __init__(self, bin_dir: Path, root: Path):
        self.bin, self.root, self.host, self.port = bin_dir, root, "127.0.0.1", _free_port()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            account = pwd.getpwnam("postgres")
            os.chown(root, account.pw_uid, account.pw_gid)

    def _run(self, *args: str) -> None:
        done = subprocess.run([*self.as_user, *args], capture_output=True, text=True, cwd=self.root)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed: {done.stdout}{done.stderr}")

    def start(self) -> None:
        data = self.root / "data"
        self._run(str(self.bin / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                  "--encoding=UTF8", "--locale=C", "--no-sync")
        options = f"-c listen_addresses={self.host} -p {self.port} -k {self.root} -c fsync=off"
        self._run(str(self.bin / "pg_ctl"), "-D", str(data), "-l", str(self.root / "server.log"), "-o", options,
                  "-w", "-t", "30", "start")

    def stop(self) -> None:
        if (self.root / "data" / "postmaster.pid").exists():
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")

    def settings(self, database: str = "postgres") -> dict[str, str]:
        return {"PGHOST": self.host, "PGPORT": str(self.port), "PGUSER": "postgres", "PGDATABASE": database}

    def create_database(self, options: str = "ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'") -> str:
        name = f"govinfo_{uuid.uuid4().hex[:12]}"
        con = psycopg2.connect(host=self.host, port=self.port, user="postgres", dbname="postgres")
        con.autocommit = True  # CREATE DATABASE refuses a transaction
        try:
            con.cursor().execute(f"CREATE DATABASE {name} TEMPLATE template0 {options}")
        finally:
            con.close()
        return name


@pytest.fixture(scope="session")
def postgres_server():
    root = Path(tempfile.mkdtemp(prefix="govinfo-pg-"))
    server = Postgres(find_bin(), root)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_database(postgres_server, monkeypatch) -> str:
    """A fresh database, and the PG* variables pointing at it (what `govinfo run --target postgres` reads)."""
    name = postgres_server.create_database()
    for key, value in postgres_server.settings(name).items():
        monkeypatch.setenv(key, value)
    return name
