"""Fixtures of the FastAPI tier: the app's uvicorn command from dist/, real uvicorn processes on
loopback, and a real PostgreSQL server (Debian's package) on 127.0.0.1 with a throwaway data dir."""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
APP_DIR = REPO_ROOT / "app"
DIST = REPO_ROOT / "dist" / "kf-api.k8s.yaml"
RESULTS_DIR = REPO_ROOT / "build" / "e2e"
PG_BIN = Path(os.environ.get("E2E_PG_BIN", "/usr/lib/postgresql/15/bin"))

sys.path.insert(0, str(APP_DIR))


def _sigterm_to_interrupt(signum, frame):  # noqa: ARG001
    raise KeyboardInterrupt(f"signal {signum}")


# ci.sh bounds the run with `timeout` (SIGTERM): turn that into KeyboardInterrupt so pytest still
# tears the fixtures down (the PostgreSQL server and uvicorn processes run in sessions of their own).
signal.signal(signal.SIGTERM, _sigterm_to_interrupt)


# ---------------------------------------------------------------- the synthesized command
def dist_app_container() -> dict[str, Any]:
    """The ``app`` container of the Deployment in dist/kf-api.k8s.yaml (the tutorial's manifest)."""
    if not DIST.exists():
        raise pytest.UsageError(f"{DIST} missing: synthesize first (npm run synth)")
    for doc in yaml.safe_load_all(DIST.read_text()):
        if doc and doc.get("kind") == "Deployment":
            for c in doc["spec"]["template"]["spec"]["containers"]:
                if c["name"] == "app":
                    return c
    raise pytest.UsageError(f"no Deployment with an `app` container in {DIST}")


def dist_uvicorn_argv() -> list[str]:
    c = dist_app_container()
    argv = list(c.get("command") or []) + list(c.get("args") or [])
    assert argv and argv[0] == "uvicorn", argv
    return argv


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def with_option(argv: list[str], opt: str, value: str | None) -> list[str]:
    """argv with ``opt value`` replaced (or added; value None removes the option and its value)."""
    out = list(argv)
    if opt in out:
        i = out.index(opt)
        del out[i:i + 2]
    if value is not None:
        out += [opt, value]
    return out


# ---------------------------------------------------------------- a real uvicorn on loopback
@dataclass
class Server:
    proc: subprocess.Popen
    port: int
    log_path: Path
    argv: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_http(self, path: str = "/healthz", status: int = 200, timeout: float = 20.0) -> httpx.Response:
        deadline = time.monotonic() + timeout
        last: object = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"uvicorn exited {self.proc.returncode}:\n{self.log()[-3000:]}")
            try:
                r = httpx.get(self.url + path, timeout=2.0)
                if r.status_code == status:
                    return r
                last = r.status_code
            except httpx.HTTPError as exc:
                last = exc
            time.sleep(0.1)
        raise AssertionError(f"{path} never answered {status} (last: {last!r}):\n{self.log()[-3000:]}")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30.0) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        return self.proc.returncode


@pytest.fixture()
def start_server(tmp_path: Path) -> Iterator[Any]:
    """Start uvicorn with the synthesized argv (host -> 127.0.0.1, a free port), the app's code
    as cwd, extra env. Every server is killed at teardown."""
    servers: list[Server] = []

    def start(env: dict[str, str], argv: list[str] | None = None) -> Server:
        port = free_port()
        argv = with_option(with_option(argv or dist_uvicorn_argv(), "--host", "127.0.0.1"), "--port", str(port))
        log_path = tmp_path / f"uvicorn-{port}.log"
        # the drain marker in this test's own directory, never the host's /tmp/draining
        full_env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1",
                    "DRAIN_FILE": str(tmp_path / "draining"), **env}
        bindir = Path(sys.executable).parent
        with open(log_path, "wb") as fh:
            proc = subprocess.Popen([str(bindir / argv[0]), *argv[1:]], cwd=APP_DIR, env=full_env,
                                    stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
        server = Server(proc, port, log_path, argv)
        servers.append(server)
        return server

    yield start
    for s in servers:
        if s.proc.poll() is None:
            os.killpg(s.proc.pid, signal.SIGKILL)
            s.proc.wait(5)


def run_migrate(env: dict[str, str], timeout: float = 60.0) -> subprocess.CompletedProcess:
    """``python -m service.migrate`` as the Job / init container runs it."""
    return subprocess.run([sys.executable, "-m", "service.migrate"], cwd=APP_DIR, capture_output=True, text=True,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **env}, timeout=timeout)


# ---------------------------------------------------------------- a real PostgreSQL
@dataclass
class Postgres:
    port: int
    password: str
    user: str = "kf"
    database: str = "kf"

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}:{self.password}@127.0.0.1:{self.port}/{self.database}"

    def admin(self, statement: str) -> None:
        """Run SQL as the superuser (peer auth over the socket is not used: TCP + trust for postgres)."""
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as conn:
            conn.execute(statement)


def _pg_user() -> tuple[str, int, int]:
    """postgres refuses to run as root: use the `postgres` account of Debian's package."""
    pw = pwd.getpwnam("postgres")
    return pw.pw_name, pw.pw_uid, pw.pw_gid


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    if not (PG_BIN / "initdb").exists():
        pytest.fail(f"{PG_BIN}/initdb missing: install Debian's postgresql (verify/fastapi/ci.sh does)")
    base = Path(tempfile.mkdtemp(prefix="cdk8s-fastapi-pg-"))
    data = base / "data"
    (base / "pw").write_text("unused\n")
    as_pg: list[str] = []
    if os.geteuid() == 0:
        _, uid, gid = _pg_user()
        os.chown(base, uid, gid)
        os.chown(base / "pw", uid, gid)
        as_pg = ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--"]
    password = "s3cret-" + os.urandom(6).hex()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    subprocess.run([*as_pg, str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8",
                    "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile", str(base / "pw")],
                   check=True, capture_output=True, env=env, timeout=120)
    # superuser without password on loopback (test admin only); the app's role must use its password
    hba = data / "pg_hba.conf"
    hba.write_text("host all postgres 127.0.0.1/32 trust\n" + hba.read_text())
    port = free_port()
    opts = f"-c listen_addresses=127.0.0.1 -p {port} -k {base} -c fsync=off -c max_connections=200"
    started = subprocess.run([*as_pg, str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-w", "-t", "60",
                              "-o", opts, "start"], capture_output=True, text=True, env=env, timeout=90)
    pg = Postgres(port=port, password=password)
    try:
        if started.returncode != 0:
            log = (base / "log").read_text(errors="replace") if (base / "log").exists() else ""
            pytest.fail(f"pg_ctl start failed: {started.stdout}{started.stderr}\n{log[-3000:]}")
        pg.admin(f"CREATE ROLE {pg.user} LOGIN PASSWORD '{password}'")
        pg.admin(f"CREATE DATABASE {pg.database} OWNER {pg.user}")
        yield pg
    finally:
        subprocess.run([*as_pg, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "-t", "30", "stop"],
                       capture_output=True, env=env, timeout=60)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture()
def pg_database(postgres: Postgres) -> Iterator[str]:
    """A fresh, empty database owned by the app's role; yields its URL."""
    name = "t_" + os.urandom(4).hex()
    postgres.admin(f"CREATE DATABASE {name} OWNER {postgres.user}")
    try:
        yield f"postgresql://{postgres.user}:{postgres.password}@127.0.0.1:{postgres.port}/{name}"
    finally:
        postgres.admin(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def results_dir() -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    return RESULTS_DIR
