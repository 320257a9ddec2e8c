"""Bounded headless Locust run (10 users, 5 s, loopback only) with app/locustfile.py against the
app started with dist/'s uvicorn command, on SQLite and on PostgreSQL; results go to
build/e2e/locust-results.json. (The in-cluster run through the LoadTest Job is the real-cluster
tier's.)"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time

import pytest

from conftest import APP_DIR, REPO_ROOT, run_migrate

USERS = int(os.environ.get("E2E_LOCUST_USERS", "10"))
DURATION = os.environ.get("E2E_LOCUST_TIME", "5s")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_env(request, tmp_path) -> dict[str, str]:
    if request.param == "sqlite":
        env = {"DATABASE_URL": f"sqlite:///{tmp_path}/app.db"}
    else:
        env = {"DATABASE_URL": request.getfixturevalue("pg_database")}
    assert run_migrate(env).returncode == 0
    return env


def test_locust_headless(database_env, start_server, results_dir, tmp_path) -> None:
    kind = database_env["DATABASE_URL"].split(":")[0]
    s = start_server(database_env)
    s.wait_http("/readyz", 200)
    prefix = tmp_path / "locust"
    cmd = [sys.executable, "-m", "locust", "-f", str(APP_DIR / "locustfile.py"), "--headless",
           "-u", str(USERS), "-r", str(USERS), "-t", DURATION, "--stop-timeout", "5",
           "--host", s.url, "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"]
    t0 = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=REPO_ROOT)
    wall = time.monotonic() - t0
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    agg = next(r for r in rows if r["Name"] == "Aggregated")
    per_endpoint = {
        r["Name"]: {"requests": int(r["Request Count"]), "failures": int(r["Failure Count"]),
                    "median_ms": float(r["Median Response Time"]), "p95_ms": float(r["95%"])}
        for r in rows if r["Name"] != "Aggregated"
    }
    results = {
        "database": kind,
        "host": s.url,
        "argv": s.argv,
        "users": USERS,
        "duration": DURATION,
        "wall_seconds": round(wall, 2),
        "requests": int(agg["Request Count"]),
        "failures": int(agg["Failure Count"]),
        "requests_per_second": round(float(agg["Requests/s"]), 1),
        "median_ms": float(agg["Median Response Time"]),
        "p95_ms": float(agg["95%"]),
        "p99_ms": float(agg["99%"]),
        "max_ms": float(agg["Max Response Time"]),
        "endpoints": per_endpoint,
        "locust_exit_code": proc.returncode,
    }
    path = results_dir / "locust-results.json"
    existing = json.loads(path.read_text()) if path.exists() else {}
    existing = existing if isinstance(existing, dict) and "runs" in existing else {"runs": {}}
    existing["runs"][kind] = results
    path.write_text(json.dumps(existing, indent=2) + "\n")
    print(json.dumps({k: results[k] for k in ("database", "requests", "failures", "requests_per_second", "median_ms", "p95_ms")}))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert results["requests"] > 0
    assert results["failures"] == 0, json.dumps(per_endpoint, indent=2)
