"""Settings, read from the environment only (the image's root filesystem is read-only)."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_DATABASE_URL = "sqlite:////tmp/app.db"
SQLITE_PREFIX = "sqlite:///"


@dataclass(frozen=True)
class Settings:
    database_url: str
    app_name: str
    max_slow_seconds: float

    @property
    def database_path(self) -> str:
        """Filesystem path of the SQLite database (``sqlite:////tmp/app.db`` -> ``/tmp/app.db``)."""
        if not self.database_url.startswith(SQLITE_PREFIX):
            raise ValueError(f"only sqlite:/// URLs are supported, got {self.database_url!r}")
        return self.database_url[len(SQLITE_PREFIX):]


def get_settings() -> Settings:
    return Settings(
        database_url=os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL),
        app_name=os.environ.get("APP_NAME", "kubernetes-fastapi"),
        max_slow_seconds=float(os.environ.get("MAX_SLOW_SECONDS", "30")),
    )
