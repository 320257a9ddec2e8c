"""Bounded headless Locust run (10 users, 5 s, loopback only) against the example app started
from a synthesized Deployment; results go to build/e2e/locust-results.json."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time

import kube_local as k
from conftest import base_deployment, record

USERS = int(os.environ.get("E2E_LOCUST_USERS", "10"))
DURATION = os.environ.get("E2E_LOCUST_TIME", "5s")


def test_locust_headless(runtime, results_dir) -> None:
    wl = base_deployment()
    report = k.Report(wl.id)
    with k.RunningPod(runtime, wl, report, k.CheckOptions(run_shutdown=False)) as pod:
        assert pod.ready, report.summary()
        prefix = results_dir / "locust"
        cmd = [sys.executable, "-m", "locust", "-f", str(k.APP_DIR / "locustfile.py"), "--headless",
               "-u", str(USERS), "-r", str(USERS), "-t", DURATION, "--stop-timeout", "5",
               "--host", pod.base_url, "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"]
        t0 = time.monotonic()
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=k.REPO_ROOT)
        wall = time.monotonic() - t0
    record(results_dir, "locust", report)
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    agg = next(r for r in rows if r["Name"] == "Aggregated")
    per_endpoint = {
        r["Name"]: {"requests": int(r["Request Count"]), "failures": int(r["Failure Count"]),
                    "median_ms": float(r["Median Response Time"]), "p95_ms": float(r["95%"])}
        for r in rows if r["Name"] != "Aggregated"
    }
    results = {
        "workload": wl.id,
        "host": pod.base_url,
        "users": USERS,
        "duration": DURATION,
        "wall_seconds": round(wall, 2),
        "argv": report.metrics.get("argv"),
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
    (results_dir / "locust-results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps({k_: results[k_] for k_ in ("requests", "failures", "requests_per_second", "median_ms", "p95_ms")}))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert results["requests"] > 0
    assert results["failures"] == 0, json.dumps(per_endpoint, indent=2)
