"""Idempotent schema migration: ``python -m service.migrate``.

Run by the Deployment's ``migrate`` init container (and the optional one-shot Job) before the
app starts. Safe to run any number of times, also concurrently (one transaction per step).
"""

from __future__ import annotations

import logging
import os
import sys
from contextlib import closing

from .config import get_settings
from .db import MIGRATIONS, SCHEMA_VERSION, connect

log = logging.getLogger("service.migrate")


def migrate(path: str) -> int:
    """Apply pending migrations; returns the number applied."""
    parent = os.path.dirname(path)
    if parent:
        os.makedirs(parent, exist_ok=True)
    applied = 0
    with closing(connect(path, timeout=30.0)) as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"
        )
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


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    try:
        path = settings.database_path
        applied = migrate(path)
    except Exception as exc:  # noqa: BLE001 - report and fail the init container
        log.error("migration failed: %s", exc)
        return 1
    log.info("database %s at schema version %d (%d migration(s) applied)", path, SCHEMA_VERSION, applied)
    return 0


if __name__ == "__main__":
    sys.exit(main())
