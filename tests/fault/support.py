"""What the fault tests share: a fresh database (SQLite in a temporary UNDERSIGNED_VAR, or a
fresh PostgreSQL database on the server named by DATABASE_URL), the project's commands run
as real subprocesses against it, and a probe that tells whether a write transaction is open.

Nothing here is mocked: every step is a separate process, as in production."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
PY = sys.executable
MARK = "FAULTJSON "

# Environment variables of the outer run that must not reach the servers and commands: the
# test chooses the database, the mail folder and the keys itself.
_DROP = ("DATABASE_URL", "SQLITE_PATH", "EMAIL_URL", "UNDERSIGNED_DATA_KEY", "SECRET_KEY",
         "CACHE_BACKEND", "CACHE_LOCATION", "DEBUG")


def pg_url() -> str:
    return os.environ.get("DATABASE_URL", "").strip()


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def _pg_admin(url: str):
    import psycopg

    last = None
    for maintenance in ("postgres", "template1"):
        try:
            return psycopg.connect(_with_db(url, maintenance), autocommit=True, connect_timeout=10)
        except psycopg.OperationalError as exc:  # no such maintenance database
            last = exc
    raise last


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Site:
    """One fresh database with its var folder (secret key, data key, mail folder)."""

    kind: str  # "sqlite" or "postgresql"
    var: Path
    env: dict
    db_name: str = ""
    server_url: str = ""
    children: list = field(default_factory=list)

    # --- creation -------------------------------------------------------------------------

    @classmethod
    def create(cls, base: Path, label: str) -> Site:
        var = base / f"var-{label}"
        var.mkdir(parents=True)
        env = {k: v for k, v in os.environ.items() if k not in _DROP}
        env.update({
            "UNDERSIGNED_VAR": str(var), "DJANGO_SETTINGS_MODULE": "undersigned.settings",
            "EMAIL_ECHO": "0", "SIGNON_RATE_PER_IP": "0", "SIGNON_RATE_PER_EMAIL": "0",
            "PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1",
        })
        url = pg_url()
        if not url:
            return cls(kind="sqlite", var=var, env=env)
        name = f"undersigned_fault_{label.replace('-', '_')}_{uuid.uuid4().hex[:8]}"
        with _pg_admin(url) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = _with_db(url, name)
        return cls(kind="postgresql", var=var, env=env, db_name=name, server_url=url)

    def clone(self, base: Path, label: str) -> Site:
        """A copy of this database (and its keys) to measure on; nothing may be running."""
        var = base / f"var-{label}"
        shutil.copytree(self.var, var, ignore=shutil.ignore_patterns("mail", "test", "static", "*.sqlite3*"))
        env = {**self.env, "UNDERSIGNED_VAR": str(var)}
        if self.kind == "sqlite":
            src = sqlite3.connect(self.sqlite_path)
            dst = sqlite3.connect(var / "undersigned.sqlite3")
            with dst:
                src.backup(dst)
            src.close()
            dst.close()
            return Site(kind="sqlite", var=var, env=env)
        name = f"{self.db_name}_{label.replace('-', '_')}"[:63]
        with _pg_admin(self.server_url) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.db_name}"')
        env["DATABASE_URL"] = _with_db(self.server_url, name)
        return Site(kind="postgresql", var=var, env=env, db_name=name,
                    server_url=self.server_url)

    def destroy(self) -> None:
        for proc in self.children:
            stop_process(proc)
        if self.kind == "postgresql" and self.db_name:
            with _pg_admin(self.server_url) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
        shutil.rmtree(self.var, ignore_errors=True)

    # --- running the project's code -------------------------------------------------------

    @property
    def sqlite_path(self) -> Path:
        return self.var / "undersigned.sqlite3"

    @property
    def mail_dir(self) -> Path:
        return self.var / "mail"

    def cli(self, *args: str, timeout: float = 300, extra_env: dict | None = None):
        """Run ``python -m undersigned.cli ARGS`` to its end; raise with its output if it
        fails."""
        proc = subprocess.run([PY, "-m", "undersigned.cli", *args], cwd=REPO,
                              env={**self.env, **(extra_env or {})}, capture_output=True,
                              text=True, timeout=timeout)
        if proc.returncode != 0:
            raise AssertionError(f"undersigned {' '.join(args)} exited {proc.returncode}:\n"
                                 f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
        return proc

    def spawn_cli(self, *args: str, log: Path) -> subprocess.Popen:
        fh = open(log, "wb")  # noqa: SIM115 - closed by the child's end
        proc = subprocess.Popen([PY, "-m", "undersigned.cli", *args], cwd=REPO, env=self.env,
                                stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
        fh.close()
        self.children.append(proc)
        return proc

    def django(self, code: str, *, timeout: float = 300, extra_env: dict | None = None):
        """Run ``code`` in a fresh Django process on this database; it sets ``out``, which
        comes back decoded from JSON."""
        program = ("import django, json\ndjango.setup()\nout = None\n" + code +
                   f"\nprint({MARK!r} + json.dumps(out, default=str))\n")
        proc = subprocess.run([PY, "-c", program], cwd=REPO,
                              env={**self.env, **(extra_env or {})}, capture_output=True,
                              text=True, timeout=timeout)
        if proc.returncode != 0:
            raise AssertionError(f"django subprocess exited {proc.returncode}:\n"
                                 f"{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}")
        line = next(x for x in reversed(proc.stdout.splitlines()) if x.startswith(MARK))
        return json.loads(line[len(MARK):])

    def migrate(self) -> None:
        self.cli("migrate", "--noinput", "-v0")

    def open_letter(self, slug: str, title: str = "Fault letter") -> None:
        self.django(
            "from undersigned.letters import services\n"
            f"letter = services.letter_create(slug={slug!r}, source_lang='en', languages=['en'],"
            f" title={title!r}, body_md='We, the undersigned, keep the record straight.')\n"
            "services.letter_open(letter=letter)\n"
            "out = letter.pk\n")

    # --- looking at the database from outside ---------------------------------------------

    def write_transaction_open(self) -> bool:
        """True while another process holds a write transaction on this database.

        SQLite: the application begins every transaction IMMEDIATE, so the write lock is
        held from its first statement; a probe that cannot take it at once sees it held.
        PostgreSQL: a backend on this database with a transaction id (any write, or SELECT
        ... FOR UPDATE) is inside a writing transaction."""
        if self.kind == "sqlite":
            conn = sqlite3.connect(self.sqlite_path, timeout=0, isolation_level=None)
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    return True
                raise
            else:
                conn.execute("ROLLBACK")
                return False
            finally:
                conn.close()
        import psycopg

        with psycopg.connect(self.env["DATABASE_URL"], autocommit=True,
                             connect_timeout=10) as conn:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL").fetchone()
            return row[0] > 0

    def rows_written(self, table: str) -> int:
        """PostgreSQL: how many ids ``table``'s sequence has handed out, committed or not
        (sequences are not transactional, so this shows an open transaction's progress)."""
        assert self.kind == "postgresql"
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.env["DATABASE_URL"], autocommit=True,
                             connect_timeout=10) as conn:
            seq = conn.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table]).fetchone()[0]
            query = sql.SQL("SELECT last_value, is_called FROM {}").format(
                sql.Identifier(*seq.split(".")))
            last, called = conn.execute(query).fetchone()
            return last if called else 0

    def integrity_check(self) -> str:
        """SQLite: PRAGMA integrity_check after opening the file as a new process would (WAL
        recovery included). PostgreSQL: the server recovers by itself; a query must work."""
        if self.kind == "sqlite":
            conn = sqlite3.connect(self.sqlite_path, timeout=30)
            try:
                return ";".join(r[0] for r in conn.execute("PRAGMA integrity_check"))
            finally:
                conn.close()
        import psycopg

        with psycopg.connect(self.env["DATABASE_URL"], connect_timeout=10) as conn:
            conn.execute("SELECT count(*) FROM letters_signature").fetchone()
        return "ok"

    def wait_no_writer(self, timeout: float = 30) -> None:
        """After a SIGKILL: wait until the server has noticed and rolled the transaction
        back (PostgreSQL), or the lock is free (SQLite)."""
        end = time.monotonic() + timeout
        while self.write_transaction_open():
            if time.monotonic() > end:
                raise AssertionError("a write transaction stayed open after the kill")
            time.sleep(0.1)


def stop_process(proc: subprocess.Popen, timeout: float = 15) -> None:
    """Stop a process this suite started (and its own children: it leads its session)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=timeout)


def kill_in_write_phase(site: Site, proc: subprocess.Popen, *, ready, poll: float = 0.05,
                        limit: float = 900) -> dict:
    """Wait until ``proc`` opens its write transaction, then until ``ready(t_write, t_now,
    proc)`` (seconds since the start), check that it is still running inside that transaction, and
    SIGKILL it. Returns the timings."""
    start = time.monotonic()
    t_write = None
    while True:
        if proc.poll() is not None:
            raise AssertionError(f"the process ended (exit {proc.returncode}) before it could "
                                 "be killed mid-way: make the work larger")
        now = time.monotonic() - start
        if now > limit:
            raise AssertionError("the process was never ready to be killed")
        if t_write is None and site.write_transaction_open():
            t_write = now
        if t_write is not None and ready(t_write, now, proc):
            break
        time.sleep(poll)
    in_write = site.write_transaction_open()
    if proc.poll() is not None:
        raise AssertionError(f"the process ended (exit {proc.returncode}) just before the "
                             "kill: make the work larger")
    os.kill(proc.pid, signal.SIGKILL)
    t_kill = time.monotonic() - start
    cpu = cpu_seconds(proc.pid)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, proc.returncode
    assert in_write, "the process was running but not inside its write transaction"
    return {"t_write": t_write, "t_kill": t_kill, "cpu_kill": cpu}


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a running process has used: unlike the clock, it does not
    stretch when other work loads the machine."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Timed:
    write_at: float  # seconds from the start until the write transaction was seen open
    total: float  # seconds in all
    cpu_write_at: float  # CPU seconds used by then
    cpu_total: float  # CPU seconds used in all (to within one poll)


def run_timed(site: Site, *args: str, log: Path, limit: float = 900) -> Timed:
    """Run ``undersigned ARGS`` on ``site`` to its end, timing it."""
    t0 = time.monotonic()
    proc = site.spawn_cli(*args, log=log)
    write_at = cpu_write_at = None
    cpu = 0.0
    while proc.poll() is None:
        if time.monotonic() - t0 > limit:
            stop_process(proc)
            raise AssertionError(f"undersigned {' '.join(args)} ran longer than {limit}s")
        cpu = max(cpu, cpu_seconds(proc.pid))
        if write_at is None and site.write_transaction_open():
            write_at, cpu_write_at = time.monotonic() - t0, cpu
        time.sleep(0.05)
    total = time.monotonic() - t0
    assert proc.returncode == 0, log.read_text(errors="replace")[-5000:]
    if write_at is None:
        write_at, cpu_write_at = total, cpu
    return Timed(write_at, total, cpu_write_at, cpu)


def csrf(port: int, path: str) -> tuple[str, str]:
    """A CSRF cookie and form token from the letter page at ``path``."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as resp:
        html = resp.read().decode()
        cookie = re.search(r"csrftoken=([^;]+)", resp.headers.get("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return cookie, token


def start_gunicorn(site: Site, port: int, log, workers: int = 3, threads: int = 1,
                   access_log: Path | None = None) -> subprocess.Popen:
    """gunicorn on loopback with ``workers`` workers (of ``threads`` threads), serving
    ``site``; ``access_log`` gets one line per request, starting with the worker's pid."""
    extra = ["--threads", str(threads)] if threads > 1 else []
    if access_log is not None:
        extra += ["--access-logfile", str(access_log),
                  "--access-logformat", "pid=%(p)s %(s)s %(r)s"]
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "undersigned.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning", "--backlog", "2048", *extra],
        cwd=REPO, env=site.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    site.children.append(proc)
    end = time.monotonic() + 60
    while True:
        assert proc.poll() is None, "gunicorn exited at start"
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
            return proc
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.2)
