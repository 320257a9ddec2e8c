"""The example FastAPI service: ``uvicorn service.main:app``.

Probe endpoints (wired by the construct):
  * ``GET /healthz`` - liveness/startup: cheap, 200 while the process serves requests.
  * ``GET /readyz``  - readiness: 200 only after lifespan startup ran, while the database
    (SQLite or PostgreSQL, see ``DATABASE_URL``) is reachable at the migrated schema version,
    and not while shutting down; 503 otherwise. Draining does not fail it: the endpoint
    controller already drops a terminating pod from the Service, and a 503 here would only
    fail clients that call /readyz through the Service while a pod stops.

While the pod drains (``/tmp/draining`` exists, see ``drain.py``) every response says
``Connection: close``.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException, Query, Response
from pydantic import BaseModel

from . import __version__
from .config import get_settings
from .db import SCHEMA_VERSION, current_version, fetch_one
from .drain import CloseWhileDraining

log = logging.getLogger("uvicorn.error")  # shares uvicorn's handler and level


class State:
    started = False
    stopping = False


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings = get_settings()
    _ = settings.database_kind  # an unsupported DATABASE_URL fails startup loudly
    version = await asyncio.to_thread(current_version, settings.database_url)
    if version < SCHEMA_VERSION:
        # Do not migrate here: that is the init container's / Job's job. Stay unready instead.
        log.warning(
            "database %s at schema version %d < %d: run `python -m service.migrate`",
            settings.database_display, version, SCHEMA_VERSION,
        )
    State.started = True
    State.stopping = False
    log.info("startup complete (pid %d, schema version %d)", os.getpid(), version)
    yield
    State.stopping = True
    log.info("shutdown complete (pid %d)", os.getpid())


app = FastAPI(title=get_settings().app_name, version=__version__, lifespan=lifespan)
app.add_middleware(CloseWhileDraining)


class Item(BaseModel):
    id: int
    name: str
    price_cents: int


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/readyz")
async def readyz(response: Response) -> dict[str, object]:
    settings = get_settings()
    version = await asyncio.to_thread(current_version, settings.database_url)
    checks = {
        "startup": State.started,
        "shutdown": not State.stopping,
        "database": version >= SCHEMA_VERSION,
    }
    ready = all(checks.values())
    if not ready:
        response.status_code = 503
    return {"status": "ready" if ready else "unready", "checks": checks, "schema_version": version,
            "database": settings.database_kind}


@app.get("/api/hello")
async def hello(name: str = Query("world", max_length=64)) -> dict[str, str]:
    return {"message": f"Hello, {name}!"}


@app.get("/api/items/{item_id}", response_model=Item)
def get_item(item_id: int) -> Item:  # sync: runs in the threadpool (blocking DB driver)
    row = fetch_one(
        get_settings().database_url, "SELECT id, name, price_cents FROM items WHERE id = ?", (item_id,)
    )
    if row is None:
        raise HTTPException(status_code=404, detail="item not found")
    return Item(**row)


@app.get("/pid")
async def pid() -> dict[str, int]:
    """Which worker process answered (used to verify ``--workers``)."""
    return {"pid": os.getpid(), "ppid": os.getppid()}


@app.get("/slow")
async def slow(seconds: float = Query(2.0, ge=0)) -> dict[str, float]:
    """A deliberately slow request, used to verify graceful shutdown drains in-flight work."""
    seconds = min(seconds, get_settings().max_slow_seconds)
    log.info("slow request started (%.1fs, pid %d)", seconds, os.getpid())
    await asyncio.sleep(seconds)
    return {"slept": seconds}
