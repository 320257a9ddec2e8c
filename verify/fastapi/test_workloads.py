"""Positive e2e cases: every synthesized Deployment/Job of the example app runs locally as the
kubelet would run it (init containers, probes, --workers, preStop + SIGTERM drain)."""

from __future__ import annotations

import pytest

import kube_local as k
from conftest import ALL, FELL_BACK_TO_SAMPLES, SAMPLES, record, runnable


@pytest.mark.parametrize("wl", ALL + SAMPLES, ids=lambda w: w.id)
def test_static(wl: k.Workload) -> None:
    report = k.static_check(wl)
    assert report.ok, report.summary()


@pytest.mark.parametrize("wl,skip", [pytest.param(w, s, id=w.id) for w, s in runnable(ALL)])
def test_runs_like_the_kubelet(wl: k.Workload, skip: str | None, runtime: k.LocalRuntime, results_dir) -> None:
    if skip:
        pytest.skip(skip)
    report = k.check_workload(runtime, wl)
    record(results_dir, "runs_like_the_kubelet", report)
    print(report.summary(with_logs=False))
    assert report.ok, report.summary()


@pytest.mark.parametrize("wl", [w for w in SAMPLES if w.kind == "Deployment"], ids=lambda w: w.id)
def test_sample_runs_like_the_kubelet(wl: k.Workload, runtime: k.LocalRuntime, results_dir) -> None:
    """The hand-written samples cover what dist/ may not: --workers 2, env from ConfigMaps/Secrets,
    migration by a Job against a database outside the pod."""
    if FELL_BACK_TO_SAMPLES:
        pytest.skip("no synthesized manifests: the samples already ran as the workloads under test")
    report = k.check_workload(runtime, wl)
    record(results_dir, "sample_runs_like_the_kubelet", report)
    print(report.summary(with_logs=False))
    assert report.ok, report.summary()


def test_something_ran() -> None:
    """Guard: the tier must run at least one Deployment of the example app end to end."""
    assert any(skip is None and wl.kind == "Deployment" for wl, skip in runnable(ALL)), \
        "no Deployment of the example app in the synthesized manifests"
