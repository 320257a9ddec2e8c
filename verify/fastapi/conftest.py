"""Shared fixtures of the e2e tier: which workloads to run, and the local pod runtime."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import kube_local as k  # noqa: E402

RESULTS_DIR = k.REPO_ROOT / "build" / "e2e"


def synthesized_workloads() -> list[k.Workload]:
    """Deployments/Jobs from dist/ and build/fixtures/ (the sample when none were synthesized,
    unless E2E_REQUIRE_SYNTHESIZED=1)."""
    files = k.manifest_files()
    if not files:
        if os.environ.get("E2E_REQUIRE_SYNTHESIZED") == "1":
            raise pytest.UsageError("no synthesized manifests in dist/ or build/fixtures/ (run `npm run fixtures` / synth first)")
        files = k.sample_files()
    return k.workloads_in(files)


ALL = synthesized_workloads()
FELL_BACK_TO_SAMPLES = not k.manifest_files()
SAMPLES = k.workloads_in(k.sample_files())


def runnable(workloads: list[k.Workload]) -> list[tuple[k.Workload, str | None]]:
    """(workload, skip reason): only workloads of the example image run; duplicates run once."""
    seen: dict[str, str] = {}
    out = []
    for wl in workloads:
        reason = None
        if not wl.runs_example_app():
            reason = f"images {sorted(set(wl.images()))} are not the example app ({', '.join(k.APP_IMAGE_REPOS)})"
        elif wl.fingerprint() in seen:
            reason = f"same pod spec as {seen[wl.fingerprint()]}"
        else:
            seen[wl.fingerprint()] = wl.id
        out.append((wl, reason))
    return out


def base_deployment() -> k.Workload:
    """The Deployment the negative cases and the load test mutate/use: the first synthesized one
    of the example app, else the hand-written sample."""
    for wl in ALL:
        if wl.kind == "Deployment" and wl.runs_example_app():
            return wl
    return next(wl for wl in SAMPLES if wl.kind == "Deployment")


@pytest.fixture(scope="session")
def runtime():
    rt = k.LocalRuntime()
    yield rt
    rt.close()


@pytest.fixture(scope="session")
def results_dir() -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    return RESULTS_DIR


def record(results_dir: Path, name: str, report: k.Report) -> None:
    """Append a report to build/e2e/reports.jsonl (for humans and CI artifacts)."""
    with open(results_dir / "reports.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"test": name, "workload": report.workload, "ok": report.ok,
                             "failures": report.failures, "notes": report.notes,
                             "metrics": report.metrics}, default=str) + "\n")
