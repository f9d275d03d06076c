"""A throwaway Dovecot IMAP server for tests: passwd-file users, maildirs in a temp folder, 127.0.0.1 at a free port.

It installs nothing: Debian's dovecot-imapd must be there (.ci/run installs it). Without it the tests fail, not skip.
"""
from __future__ import annotations

import grp
import imaplib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
instance_name = govinfo-test-{port}
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {user}
first_valid_uid = {uid}
first_valid_gid = {gid}
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/users
}}
# no growing delay after failed logins (the wrong-password tests fail on purpose)
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


def find_dovecot() -> str:
    found = shutil.which("dovecot") or next(
        (p for p in ("/usr/sbin/dovecot", "/usr/local/sbin/dovecot") if os.access(p, os.X_OK)), None)
    if not found:
        pytest.fail("dovecot not found: the IMAP tests need a real server. Install Debian's dovecot-imapd "
                    "(apt-get install dovecot-imapd); .ci/run does so when it is missing", pytrace=False)
    version = subprocess.run([found, "--version"], capture_output=True, text=True).stdout.strip()
    if not version.startswith("2.3"):
        pytest.fail(f"dovecot {version} found; this fixture writes a Dovecot 2.3 configuration (2.4 renamed "
                    "its settings): adapt tests/dovecot.py", pytrace=False)
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Dovecot:
    """One server; users are added with add_user before start (passwd-file is read at each login anyway)."""

    def __init__(self, binary: str, root: Path):
        self.binary, self.root, self.port, self.host = binary, root, _free_port(), "127.0.0.1"
        self.process: subprocess.Popen | None = None
        # as root, mail processes run as nobody; as anyone else, as that user
        account = pwd.getpwnam("nobody") if os.geteuid() == 0 else pwd.getpwuid(os.geteuid())
        self.uid, self.gid, self.user = account.pw_uid, account.pw_gid, account.pw_name
        self.group = grp.getgrgid(self.gid).gr_name
        root.chmod(0o755)  # mail processes (nobody) must reach the maildirs
        (root / "mail").mkdir()
        os.chown(root / "mail", self.uid, self.gid)
        self.config = root / "dovecot.conf"
        self.config.write_text(CONFIG.format(root=root, port=self.port, user=self.user, group=self.group,
                                             uid=self.uid, gid=self.gid))
        (root / "users").write_text("")

    def add_user(self, name: str, password: str) -> None:
        with open(self.root / "users", "a") as handle:
            handle.write(f"{name}:{{PLAIN}}{password}:{self.uid}:{self.gid}::{self.root}/mail/{name}::\n")

    def start(self) -> None:
        self.process = subprocess.Popen([self.binary, "-F", "-c", str(self.config)], start_new_session=True,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot exited at start: {self.process.stderr.read().decode()} {self._log()}")
            try:
                with socket.create_connection((self.host, self.port), timeout=1) as sock:
                    if sock.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"dovecot did not listen on {self.host}:{self.port} within 15 s: {self._log()}")

    def stop(self) -> None:
        """Kill the whole process group (master, login, imap, auth) and wait for the master."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        try:  # children that outlived the master
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def _log(self) -> str:
        log = self.root / "dovecot.log"
        return log.read_text(errors="replace")[-3000:] if log.exists() else ""

    # ---- a client for the tests' own setup -------------------------------------------------------

    def client(self, user: str, password: str) -> imaplib.IMAP4:
        imap = imaplib.IMAP4(self.host, self.port, timeout=10)
        imap.login(user, password)
        return imap

    def append(self, user: str, password: str, messages: list[bytes], folder: str = "INBOX") -> None:
        imap = self.client(user, password)
        try:
            if folder != "INBOX":
                imap.create(folder)
            for data in messages:
                typ, resp = imap.append(folder, None, None, data)
                assert typ == "OK", resp
        finally:
            imap.logout()

    def recreate(self, user: str, password: str, folder: str) -> None:
        """Read a folder's messages, delete it, create it anew and append them again: a new UIDVALIDITY."""
        imap = self.client(user, password)
        try:
            imap.select(folder, readonly=True)
            _, data = imap.fetch("1:*", "(BODY.PEEK[])")
            messages = [part[1] for part in data if isinstance(part, tuple)]
            imap.close()
            assert imap.delete(folder)[0] == "OK" and imap.create(folder)[0] == "OK"
            for raw in messages:
                assert imap.append(folder, None, None, raw)[0] == "OK"
        finally:
            imap.logout()

    def uidvalidity(self, user: str, password: str, folder: str) -> int:
        imap = self.client(user, password)
        try:
            imap.select(folder, readonly=True)
            return int(imap.response("UIDVALIDITY")[1][0])
        finally:
            imap.logout()

    def count(self, user: str, password: str, folder: str) -> int:
        imap = self.client(user, password)
        try:
            return int(imap.select(folder, readonly=True)[1][0])
        finally:
            imap.logout()


@pytest.fixture
def dovecot():
    binary = find_dovecot()
    root = Path(tempfile.mkdtemp(prefix="govinfo-dovecot-"))
    server = Dovecot(binary, root)
    server.add_user("office", "s3cret")
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
