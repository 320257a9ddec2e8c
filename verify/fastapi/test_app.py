"""Fast in-process checks of the example app itself (no uvicorn process): the SQLite path (dev),
configuration parsing, readiness gating."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import conftest  # noqa: F401 - puts app/ on sys.path
from service import config, db, main, migrate


@pytest.fixture()
def database(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "sub" / "app.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    return path


def test_migration_is_idempotent(database: Path) -> None:
    assert migrate.main() == 0
    url = f"sqlite:///{database}"
    assert db.current_version(url) == db.SCHEMA_VERSION
    assert migrate.migrate(url) == 0  # nothing left to apply
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 3
        assert conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] == len(db.MIGRATIONS)


@pytest.mark.parametrize("url,kind", [
    ("sqlite:////tmp/app.db", "sqlite"),
    ("postgresql://u:p@db:5432/app", "postgresql"),
    ("postgres://u:p@db/app", "postgresql"),
    ("postgresql+psycopg://u:p@db/app", "postgresql"),
])
def test_database_url_selects_the_backend(url: str, kind: str) -> None:
    assert config.database_kind(url) == kind


@pytest.mark.parametrize("url", ["mysql://u:p@db/app", "sqlite:/relative.db", "/tmp/app.db", ""])
def test_unsupported_database_url_is_refused(url: str, monkeypatch) -> None:
    with pytest.raises(ValueError, match="unsupported DATABASE_URL"):
        config.database_kind(url)
    monkeypatch.setenv("DATABASE_URL", url)
    assert migrate.main() == 1
    with pytest.raises(ValueError):  # the app fails startup instead of serving unready forever
        with TestClient(main.app):
            pass


def test_password_is_redacted() -> None:
    assert config.redact("postgresql://kf:hunter2@db:5432/kf") == "postgresql://kf:***@db:5432/kf"
    assert config.redact("postgresql://db/kf") == "postgresql://db/kf"
    assert config.postgres_conninfo("postgres://kf:x@db/kf") == "postgresql://kf:x@db/kf"


def test_unreachable_postgres_fails_the_migration(monkeypatch, caplog) -> None:
    # port 9 (discard) on loopback: nothing listens there; no retry window
    monkeypatch.setenv("DATABASE_URL", "postgresql://kf:hunter2@127.0.0.1:9/kf")
    monkeypatch.setenv("MIGRATE_WAIT_SECONDS", "0")
    assert migrate.main() == 1
    assert "hunter2" not in caplog.text and "kf:***@127.0.0.1:9" in caplog.text


def test_readyz_waits_for_migration(database: Path) -> None:
    url = f"sqlite:///{database}"
    with TestClient(main.app) as client:
        assert client.get("/healthz").status_code == 200
        r = client.get("/readyz")
        assert r.status_code == 503 and r.json()["checks"]["database"] is False
        assert not database.exists(), "the readiness check must not create the database"
        migrate.migrate(url)
        r = client.get("/readyz")
        assert r.status_code == 200, r.text
        assert r.json()["database"] == "sqlite"
        assert client.get("/api/items/2").json() == {"id": 2, "name": "gadget", "price_cents": 1299}
        assert client.get("/api/items/99").status_code == 404
        assert client.get("/api/hello", params={"name": "k8s"}).json() == {"message": "Hello, k8s!"}
        assert client.get("/slow", params={"seconds": 0}).json() == {"slept": 0.0}
    # after lifespan shutdown the app reports unready
    with TestClient(main.app) as client:
        pass
    assert main.State.stopping is True


def test_readyz_unready_before_startup(database: Path) -> None:
    migrate.migrate(f"sqlite:///{database}")
    main.State.started = False
    client = TestClient(main.app)  # no context manager: lifespan startup has not run
    assert client.get("/readyz").status_code == 503
