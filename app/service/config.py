"""Settings, read from the environment only (the image's root filesystem is read-only)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

DEFAULT_DATABASE_URL = "sqlite:////tmp/app.db"
SQLITE_PREFIX = "sqlite:///"
# postgresql+psycopg:// is SQLAlchemy's spelling; accepted so one Secret can serve both.
POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def database_kind(url: str) -> str:
    """``sqlite`` or ``postgresql``; ValueError for anything else."""
    if url.startswith(SQLITE_PREFIX):
        return "sqlite"
    if url.startswith(POSTGRES_SCHEMES):
        return "postgresql"
    raise ValueError(
        f"unsupported DATABASE_URL {redact(url)!r}: use sqlite:///PATH or postgresql://USER:PASSWORD@HOST:PORT/DB"
    )


def sqlite_path(url: str) -> str:
    """Filesystem path of a SQLite URL (``sqlite:////tmp/app.db`` -> ``/tmp/app.db``)."""
    if not url.startswith(SQLITE_PREFIX):
        raise ValueError(f"not a sqlite:/// URL: {redact(url)!r}")
    return url[len(SQLITE_PREFIX):]


def postgres_conninfo(url: str) -> str:
    """A libpq URI for psycopg (``postgres://`` and ``postgresql+psycopg://`` normalized)."""
    for scheme in POSTGRES_SCHEMES:
        if url.startswith(scheme):
            return "postgresql://" + url[len(scheme):]
    raise ValueError(f"not a postgresql:// URL: {redact(url)!r}")


def redact(url: str) -> str:
    """The URL without its password, for logs."""
    return re.sub(r"^([a-z0-9+]+://[^:/@]*):[^@/]*@", r"\1:***@", url)


@dataclass(frozen=True)
class Settings:
    database_url: str
    app_name: str
    max_slow_seconds: float
    # How long `python -m service.migrate` retries an unreachable PostgreSQL server.
    migrate_wait_seconds: float

    @property
    def database_kind(self) -> str:
        return database_kind(self.database_url)

    @property
    def database_path(self) -> str:
        """Filesystem path of the SQLite database (SQLite URLs only)."""
        return sqlite_path(self.database_url)

    @property
    def database_display(self) -> str:
        return redact(self.database_url)


def get_settings() -> Settings:
    return Settings(
        database_url=os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL),
        app_name=os.environ.get("APP_NAME", "kubernetes-fastapi"),
        max_slow_seconds=float(os.environ.get("MAX_SLOW_SECONDS", "30")),
        migrate_wait_seconds=float(os.environ.get("MIGRATE_WAIT_SECONDS", "60")),
    )
