"""PostgreSQL access shared by the API and the Celery worker.

``DATABASE_URL`` is ``postgresql://USER:PASSWORD@127.0.0.1:5432/DB``: the pod's cloud-sql-proxy
sidecar listens there. No pool: one short connection per operation, so a dead proxy shows at once.
"""

from __future__ import annotations

import os
from typing import Any

import psycopg
from psycopg.rows import dict_row

# Serializes the schema setup of replicas that start together (any shared constant works).
SCHEMA_LOCK = 0x6F72646572  # "order"
SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (
  id BIGSERIAL PRIMARY KEY,
  item TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  status TEXT NOT NULL DEFAULT 'pending',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  processed_at TIMESTAMPTZ,
  processed_by TEXT
)
"""


def url() -> str:
    value = os.environ.get("DATABASE_URL", "")
    if not value.startswith(("postgresql://", "postgres://")):
        raise RuntimeError("DATABASE_URL must be a postgresql:// URL (the Secret orders-db, key url)")
    return value


def connect() -> psycopg.Connection[Any]:
    return psycopg.connect(url(), connect_timeout=3, row_factory=dict_row)


def ensure_schema() -> None:
    with connect() as conn:
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        conn.execute(SCHEMA)


def ping() -> None:
    with connect() as conn:
        conn.execute("SELECT 1").fetchone()


def create_order(item: str, quantity: int) -> dict[str, Any]:
    with connect() as conn:
        row = conn.execute(
            "INSERT INTO orders (item, quantity) VALUES (%s, %s) RETURNING id, item, quantity, status",
            (item, quantity)).fetchone()
    assert row is not None
    return row


def get_order(order_id: int) -> dict[str, Any] | None:
    with connect() as conn:
        return conn.execute(
            "SELECT id, item, quantity, status, processed_by, created_at, processed_at FROM orders WHERE id = %s",
            (order_id,)).fetchone()


def mark_processed(order_id: int, worker: str) -> bool:
    with connect() as conn:
        cur = conn.execute(
            "UPDATE orders SET status = 'processed', processed_at = now(), processed_by = %s"
            " WHERE id = %s AND status = 'pending'", (worker, order_id))
        return cur.rowcount == 1
