"""Fast in-process checks of the example app itself (no uvicorn process)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "app"))

from service import db, main, migrate  # noqa: E402


@pytest.fixture()
def database(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "sub" / "app.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    return path


def test_migration_is_idempotent(database: Path) -> None:
    assert migrate.main() == 0
    assert db.current_version(str(database)) == db.SCHEMA_VERSION
    assert migrate.migrate(str(database)) == 0  # nothing left to apply
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 3
        assert conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] == len(db.MIGRATIONS)


def test_migration_fails_on_unwritable_path(monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/app")
    assert migrate.main() == 1


def test_readyz_waits_for_migration(database: Path) -> None:
    with TestClient(main.app) as client:
        assert client.get("/healthz").status_code == 200
        r = client.get("/readyz")
        assert r.status_code == 503 and r.json()["checks"]["database"] is False
        assert not database.exists(), "the readiness check must not create the database"
        migrate.migrate(str(database))
        r = client.get("/readyz")
        assert r.status_code == 200, r.text
        assert client.get("/api/items/2").json() == {"id": 2, "name": "gadget", "price_cents": 1299}
        assert client.get("/api/items/99").status_code == 404
        assert client.get("/api/hello", params={"name": "k8s"}).json() == {"message": "Hello, k8s!"}
        assert client.get("/slow", params={"seconds": 0}).json() == {"slept": 0.0}
    # after lifespan shutdown the app reports unready
    with TestClient(main.app) as client:
        pass
    assert main.State.stopping is True


def test_readyz_unready_before_startup(database: Path) -> None:
    migrate.migrate(str(database))
    main.State.started = False
    client = TestClient(main.app)  # no context manager: lifespan startup has not run
    assert client.get("/readyz").status_code == 503
