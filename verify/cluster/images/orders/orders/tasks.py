"""The Celery app: ``celery -A orders.tasks worker`` (FastApiWorker orders-worker).

``CELERY_BROKER_URL`` is the Redis broker (the Secret orders-broker, key url). No result
backend: the outcome of a task is the order's row in PostgreSQL.
"""

from __future__ import annotations

import logging
import os
import socket

from celery import Celery

from . import db

app = Celery("orders", broker=os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0"))
app.conf.update(
    task_ignore_result=True,
    task_acks_late=True,              # a task killed mid-run is redelivered, not lost
    worker_prefetch_multiplier=1,
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
)
log = logging.getLogger(__name__)


@app.task(name="orders.process_order", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def process_order(order_id: int) -> None:
    # The pod name: proves which worker (which pod) processed the order.
    worker = socket.gethostname()
    changed = db.mark_processed(order_id, worker)
    log.info("order %s %s by %s", order_id, "processed" if changed else "already processed", worker)
