"""The orders API: ``uvicorn orders.main:app`` (FastApiService orders-api, port 8000).

  * ``GET /healthz``: liveness/startup: 200 while the process serves.
  * ``GET /readyz``: 200 only when PostgreSQL answers through the proxy sidecar (schema ensured),
    the payment client certificate files are readable, and the pod is not draining.
  * ``POST /api/orders`` {item, quantity}: stores the order (pending), enqueues
    ``orders.process_order`` for the worker; 201 {id, status, ...}.
  * ``GET /api/orders/{id}``: the row; ``GET /api/payments/client-cert``: the mounted cert's
    fingerprint.
While draining (the construct's preStop creates ``/tmp/draining``) responses say
``Connection: close`` and readiness fails, as the library's example app does.
"""

from __future__ import annotations

import asyncio
import logging
import os

from fastapi import FastAPI, HTTPException, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from . import __version__, db, payments
from .tasks import process_order

log = logging.getLogger("uvicorn.error")
DRAIN_FILE = "/tmp/draining"
app = FastAPI(title="orders", version=__version__)
schema_ready = False


@app.middleware("http")
async def close_while_draining(request, call_next):  # type: ignore[no-untyped-def]
    response = await call_next(request)
    if os.path.exists(DRAIN_FILE):
        response.headers["Connection"] = "close"
    return response


class NewOrder(BaseModel):
    item: str = Field(min_length=1, max_length=200)
    quantity: int = Field(gt=0, le=1000)


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/readyz")
async def readyz(response: Response) -> dict[str, object]:
    global schema_ready
    problems: dict[str, str] = {}
    if os.path.exists(DRAIN_FILE):
        problems["drain"] = "draining"
    try:
        await asyncio.to_thread(payments.client_cert)
    except (OSError, ValueError) as e:
        problems["payments_cert"] = str(e)
    try:
        if not schema_ready:
            await asyncio.to_thread(db.ensure_schema)
            schema_ready = True
        else:
            await asyncio.to_thread(db.ping)
    except Exception as e:  # noqa: BLE001 - any database error means "not ready"
        problems["database"] = f"{type(e).__name__}: {e}"
    if problems:
        response.status_code = 503
        log.warning("not ready: %s", problems)
        return {"status": "unready", "problems": problems}
    return {"status": "ready"}


@app.post("/api/orders", status_code=201)
async def create_order(order: NewOrder) -> dict[str, object]:
    row = await asyncio.to_thread(db.create_order, order.item, order.quantity)
    try:
        result = await asyncio.to_thread(process_order.delay, row["id"])
    except Exception as e:  # noqa: BLE001 - the broker is down: the order stays pending
        log.error("order %s stored, enqueue failed: %s", row["id"], e)
        return JSONResponse(status_code=503, content={**row, "error": "broker unavailable"})  # type: ignore[return-value]
    return {**row, "task_id": result.id}


@app.get("/api/orders/{order_id}")
async def get_order(order_id: int) -> dict[str, object]:
    row = await asyncio.to_thread(db.get_order, order_id)
    if row is None:
        raise HTTPException(status_code=404, detail="no such order")
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}


@app.get("/api/payments/client-cert")
async def client_cert() -> dict[str, str]:
    try:
        return await asyncio.to_thread(payments.client_cert)
    except (OSError, ValueError) as e:
        raise HTTPException(status_code=503, detail=str(e)) from e
