"""Lame-duck mode while the pod drains.

The construct's preStop hook creates ``/tmp/draining`` (``DRAIN_FILE``) and then sleeps before
the kubelet sends SIGTERM. From then on every response carries ``Connection: close``, so each
keep-alive client finishes its current request and reconnects through the Service, which no
longer routes to this pod. When uvicorn later closes idle connections on SIGTERM, none of
them is still in use, and no client sends a request into a connection being reset.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Message = MutableMapping[str, Any]
ASGIApp = Callable[[MutableMapping[str, Any], Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]

DEFAULT_DRAIN_FILE = "/tmp/draining"  # what the construct's preStop hook creates
DRAIN_FILE = os.environ.get("DRAIN_FILE", DEFAULT_DRAIN_FILE)


class Draining:
    """Whether the drain marker exists; once seen it stays set (the pod only goes one way)."""

    def __init__(self, path: str = DRAIN_FILE) -> None:
        self.path = path
        self.seen = False

    def __call__(self) -> bool:
        if not self.seen and os.path.exists(self.path):
            self.seen = True
        return self.seen


draining = Draining()


class CloseWhileDraining:
    """Pure ASGI middleware (no per-request task, unlike BaseHTTPMiddleware)."""

    def __init__(self, app: ASGIApp, is_draining: Callable[[], bool] = draining) -> None:
        self.app = app
        self.is_draining = is_draining

    async def __call__(self, scope: MutableMapping[str, Any], receive: Callable[[], Awaitable[Message]],
                       send: Callable[[Message], Awaitable[None]]) -> None:
        if scope["type"] != "http" or not self.is_draining():
            await self.app(scope, receive, send)
            return

        async def send_closing(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"connection"]
                message["headers"] = [*headers, (b"connection", b"close")]
            await send(message)

        await self.app(scope, receive, send_closing)
