"""docker-compose.yml is a valid compose file (no Docker engine needed: `docker-compose config` only parses)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.server

REPO = Path(__file__).resolve().parents[1]

COMPOSE = shutil.which("docker-compose")


def _config(*options: str) -> subprocess.CompletedProcess:
    if COMPOSE is None:
        pytest.fail("docker-compose is not installed: apt-get install docker-compose (.ci/run does it)")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("POSTGRES_", "GOVINFO_"))}
    return subprocess.run([COMPOSE, *options, "-f", "docker-compose.yml", "config", "-q"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)


def test_compose_file_is_valid_with_the_example_settings():
    done = _config("--env-file", "docker/.env.example")
    assert done.returncode == 0, done.stderr


def test_compose_file_needs_the_env_file_for_its_database_password():
    done = _config()
    assert done.returncode != 0 and "docker/.env.example" in done.stderr
