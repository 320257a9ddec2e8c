"""Idempotent schema migration: ``python -m service.migrate``.

Run by the Deployment's ``migrate`` init container (SQLite in the pod's ``/tmp``) or by the
one-shot Job (PostgreSQL shared by every replica) before the app serves. Safe to run any number
of times, also concurrently: one transaction per migration, serialized by ``BEGIN IMMEDIATE``
(SQLite) or a transaction-scoped advisory lock (PostgreSQL). An unreachable PostgreSQL server is
retried for ``MIGRATE_WAIT_SECONDS`` (default 60) before the run fails.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from contextlib import closing

from .config import database_kind, get_settings, redact, sqlite_path
from .db import MIGRATIONS, MIGRATIONS_TABLE, PG_MIGRATION_LOCK, SCHEMA_VERSION, connect

log = logging.getLogger("service.migrate")


def _migrate_sqlite(url: str) -> int:
    path = sqlite_path(url)
    parent = os.path.dirname(path)
    if parent:
        os.makedirs(parent, exist_ok=True)
    applied = 0
    with closing(connect(url, timeout=30.0)) as conn:
        conn.execute(MIGRATIONS_TABLE["sqlite"])
        conn.commit()
        for version, statements in MIGRATIONS:
            with conn:  # one transaction per migration
                conn.execute("BEGIN IMMEDIATE")
                done = conn.execute(
                    "SELECT 1 FROM schema_migrations WHERE version = ?", (version,)
                ).fetchone()
                if done:
                    continue
                for statement in statements:
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_migrations (version) VALUES (?)", (version,))
                applied += 1
    return applied


def _connect_postgres(url: str, wait_seconds: float):
    import psycopg

    deadline = time.monotonic() + max(0.0, wait_seconds)
    while True:
        try:
            return connect(url, timeout=5.0)
        except psycopg.OperationalError as exc:
            if time.monotonic() >= deadline:
                raise
            log.warning("database %s not reachable yet (%s); retrying", redact(url), str(exc).strip())
            time.sleep(1.0)


def _migrate_postgres(url: str, wait_seconds: float) -> int:
    applied = 0
    with closing(_connect_postgres(url, wait_seconds)) as conn:
        for version, statements in MIGRATIONS:
            with conn.transaction():  # one transaction per migration
                # Held until commit: concurrent runs wait here instead of racing on the DDL
                # (CREATE TABLE IF NOT EXISTS alone is not safe against a concurrent creator).
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (PG_MIGRATION_LOCK,))
                conn.execute(MIGRATIONS_TABLE["postgresql"])
                done = conn.execute(
                    "SELECT 1 FROM schema_migrations WHERE version = %s", (version,)
                ).fetchone()
                if done:
                    continue
                for statement in statements:
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_migrations (version) VALUES (%s)", (version,))
                applied += 1
    return applied


def migrate(url: str, *, wait_seconds: float = 0.0) -> int:
    """Apply pending migrations to the database at ``url``; returns the number applied.
    A bare path is taken as a SQLite file."""
    if "://" not in url:
        url = "sqlite:///" + url
    if database_kind(url) == "sqlite":
        return _migrate_sqlite(url)
    return _migrate_postgres(url, wait_seconds)


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    try:
        database_kind(settings.database_url)  # DATABASE_URL must be a URL (migrate() also takes paths)
        applied = migrate(settings.database_url, wait_seconds=settings.migrate_wait_seconds)
    except Exception as exc:  # noqa: BLE001 - report and fail the init container / Job
        log.error("migration of %s failed: %s", settings.database_display, exc)
        return 1
    log.info(
        "database %s (%s) at schema version %d (%d migration(s) applied)",
        settings.database_display, database_kind(settings.database_url), SCHEMA_VERSION, applied,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
