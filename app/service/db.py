"""Database layer shared by the app and the migration.

``DATABASE_URL`` selects the backend:
  * ``sqlite:///PATH`` - stdlib sqlite3, a file (dev: one per pod, in the ``/tmp`` emptyDir);
  * ``postgresql://USER:PASSWORD@HOST:PORT/DB`` - PostgreSQL through psycopg 3 (prod: one
    database shared by every replica, migrated once by the Job).

SQL is written once with ``?`` placeholders and the subset both engines share
(``INSERT ... ON CONFLICT DO NOTHING`` needs SQLite >= 3.24).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from typing import Any

from .config import database_kind, postgres_conninfo, sqlite_path

# Bump together with a new entry in MIGRATIONS.
MIGRATIONS: list[tuple[int, list[str]]] = [
    (
        1,
        [
            "CREATE TABLE IF NOT EXISTS items ("
            " id INTEGER PRIMARY KEY, name TEXT NOT NULL, price_cents INTEGER NOT NULL)",
            "INSERT INTO items (id, name, price_cents) VALUES"
            " (1, 'widget', 250), (2, 'gadget', 1299), (3, 'gizmo', 42) ON CONFLICT (id) DO NOTHING",
        ],
    ),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]

MIGRATIONS_TABLE = {
    "sqlite": "CREATE TABLE IF NOT EXISTS schema_migrations ("
              " version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)",
    "postgresql": "CREATE TABLE IF NOT EXISTS schema_migrations ("
                  " version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
}

# Key of the PostgreSQL advisory lock that serializes concurrent migrations (any constant
# shared by every migrating process works; this one spells "kfapi").
PG_MIGRATION_LOCK = 0x6B66617069


def sql(url: str, statement: str) -> str:
    """``?`` placeholders -> psycopg's ``%s`` for PostgreSQL."""
    return statement.replace("?", "%s") if database_kind(url) == "postgresql" else statement


def connect(url: str, *, timeout: float = 5.0) -> Any:
    """A DB-API connection whose rows index by column name. PostgreSQL connections are in
    autocommit mode: use ``with conn.transaction():`` for multi-statement work."""
    if database_kind(url) == "sqlite":
        conn = sqlite3.connect(sqlite_path(url), timeout=timeout)
        conn.row_factory = sqlite3.Row
        return conn
    import psycopg  # imported lazily: SQLite-only runs never load libpq
    from psycopg.rows import dict_row

    return psycopg.connect(
        postgres_conninfo(url), connect_timeout=max(1, int(timeout)), autocommit=True, row_factory=dict_row,
        application_name="kubernetes-fastapi",
    )


def fetch_one(url: str, statement: str, params: tuple[Any, ...] = ()) -> dict[str, Any] | None:
    with closing(connect(url)) as conn:
        row = conn.execute(sql(url, statement), params).fetchone()
    return None if row is None else dict(row)


def current_version(url: str) -> int:
    """Applied schema version; 0 when the database, the server or the version table is missing.
    Never creates or changes anything (it backs the readiness probe)."""
    if database_kind(url) == "sqlite":
        try:
            # mode=ro: never create the file as a side effect of a readiness check.
            with closing(sqlite3.connect(f"file:{sqlite_path(url)}?mode=ro", uri=True, timeout=1.0)) as conn:
                row = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        except sqlite3.Error:
            return 0
        return int(row[0] or 0)
    import psycopg

    try:
        with closing(connect(url, timeout=2.0)) as conn:
            row = conn.execute("SELECT MAX(version) AS v FROM schema_migrations").fetchone()
    except psycopg.Error:
        return 0
    return int(row["v"] or 0)
