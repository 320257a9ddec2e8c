"""The prod path against a real PostgreSQL (Debian's postgresql 15 on 127.0.0.1, password auth):
the migration as the Job runs it (once, again, and concurrently), readiness gated on the schema,
and several uvicorn "replicas" serving from the one migrated database."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import psycopg

from conftest import APP_DIR, Postgres, free_port, run_migrate


def test_migration_job_runs_once_then_is_a_no_op(pg_database: str) -> None:
    first = run_migrate({"DATABASE_URL": pg_database})
    assert first.returncode == 0, first.stderr
    assert "(postgresql) at schema version 1 (1 migration(s) applied)" in first.stderr
    again = run_migrate({"DATABASE_URL": pg_database})
    assert again.returncode == 0, again.stderr
    assert "(0 migration(s) applied)" in again.stderr
    with psycopg.connect(pg_database) as conn:
        assert conn.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 3
        assert conn.execute("SELECT array_agg(version) FROM schema_migrations").fetchone()[0] == [1]
    password = pg_database.split(":")[2].split("@")[0]
    assert password not in first.stderr + again.stderr, "the database password reached the logs"


def test_concurrent_migrations_are_safe(pg_database: str) -> None:
    """Init containers of several pods (or a Job retried while the first still runs) at once:
    the advisory lock serializes them; exactly one applies the migration."""
    env = {"DATABASE_URL": pg_database, "PYTHONDONTWRITEBYTECODE": "1"}
    procs = [subprocess.Popen([sys.executable, "-m", "service.migrate"], cwd=APP_DIR, env={**os.environ, **env},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(6)]
    outs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, [o[1] for o in outs]
    applied = sum("(1 migration(s) applied)" in err for _, err in outs)
    assert applied == 1, [err for _, err in outs]
    with psycopg.connect(pg_database) as conn:
        assert conn.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 3


def test_wrong_password_fails_the_migration(postgres: Postgres, pg_database: str) -> None:
    bad = pg_database.replace(postgres.password, "wrong")
    r = run_migrate({"DATABASE_URL": bad, "MIGRATE_WAIT_SECONDS": "0"})
    assert r.returncode == 1 and "password authentication failed" in r.stderr, r.stderr
    assert "wrong@" not in r.stderr


def test_migration_waits_for_the_server(postgres: Postgres, pg_database: str) -> None:
    """A Job that starts before the database accepts connections retries within
    MIGRATE_WAIT_SECONDS (here: a port where nothing listens yet -> gives up after ~2 s)."""
    url = pg_database.replace(f":{postgres.port}/", f":{free_port()}/")
    r = run_migrate({"DATABASE_URL": url, "MIGRATE_WAIT_SECONDS": "2"})
    assert r.returncode == 1
    assert r.stderr.count("not reachable yet") >= 2, r.stderr


def test_replicas_serve_from_the_one_migrated_database(postgres: Postgres, pg_database: str, start_server) -> None:
    """Two replicas with the synthesized uvicorn command: unready until the Job migrated the
    shared database, then both serve the same rows (and see each other's writes)."""
    env = {"DATABASE_URL": pg_database}
    replicas = [start_server(env), start_server(env)]
    for s in replicas:
        s.wait_http("/healthz")
        r = httpx.get(s.url + "/readyz")
        assert r.status_code == 503 and r.json()["checks"]["database"] is False, r.text
    job = run_migrate(env)
    assert job.returncode == 0, job.stderr
    for s in replicas:
        r = s.wait_http("/readyz", 200, timeout=10)
        assert r.json() == {"status": "ready", "checks": {"startup": True, "shutdown": True, "database": True},
                            "schema_version": 1, "database": "postgresql"}
        assert httpx.get(s.url + "/api/items/1").json() == {"id": 1, "name": "widget", "price_cents": 250}
    with psycopg.connect(pg_database) as conn:
        conn.execute("INSERT INTO items (id, name, price_cents) VALUES (7, 'sprocket', 99)")
    for s in replicas:
        assert httpx.get(s.url + "/api/items/7").json()["name"] == "sprocket", "replicas do not share one database"
    for s in replicas:
        assert s.stop() in (0, -15), s.log()[-2000:]  # uvicorn re-raises SIGTERM after its shutdown
    assert postgres.password not in "".join(s.log() for s in replicas), "the database password reached the logs"


def test_readyz_follows_the_database(postgres: Postgres, pg_database: str, start_server) -> None:
    """Readiness drops while the database is unreachable (here: the app's role loses its
    LOGIN) and comes back with it; liveness stays up, so the kubelet does not restart pods
    for a database outage."""
    env = {"DATABASE_URL": pg_database}
    assert run_migrate(env).returncode == 0
    s = start_server(env)
    s.wait_http("/readyz", 200)
    postgres.admin(f"ALTER ROLE {postgres.user} NOLOGIN")
    try:
        s.wait_http("/readyz", 503, timeout=10)
        assert httpx.get(s.url + "/healthz").status_code == 200
    finally:
        postgres.admin(f"ALTER ROLE {postgres.user} LOGIN")
    s.wait_http("/readyz", 200, timeout=10)
