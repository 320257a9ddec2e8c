"""Tiny SQLite layer (stdlib sqlite3) shared by the app and the migration."""

from __future__ import annotations

import sqlite3
from contextlib import closing

# Bump together with a new entry in MIGRATIONS.
MIGRATIONS: list[tuple[int, list[str]]] = [
    (
        1,
        [
            "CREATE TABLE IF NOT EXISTS items ("
            " id INTEGER PRIMARY KEY, name TEXT NOT NULL, price_cents INTEGER NOT NULL)",
            "INSERT OR IGNORE INTO items (id, name, price_cents) VALUES"
            " (1, 'widget', 250), (2, 'gadget', 1299), (3, 'gizmo', 42)",
        ],
    ),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def connect(path: str, *, timeout: float = 5.0) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=timeout)
    conn.row_factory = sqlite3.Row
    return conn


def current_version(path: str) -> int:
    """Applied schema version, 0 when the database or the version table is missing."""
    try:
        # mode=ro: never create the file as a side effect of a readiness check.
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1.0)) as conn:
            row = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
    except sqlite3.Error:
        return 0
    return int(row[0] or 0)
