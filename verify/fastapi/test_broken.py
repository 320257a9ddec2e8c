"""Negative cases: a synthesized Deployment, mutated the way a construct bug would break it,
must be rejected by the checker (statically and/or when run)."""

from __future__ import annotations

import copy
import os
import shutil
from collections.abc import Callable
from typing import Any

import pytest

import kube_local as k
from conftest import base_deployment, record

FAST = k.CheckOptions(startup_cap=6, probe_cap=4, run_shutdown=False)


def mutated(mutate: Callable[[dict[str, Any]], None]) -> k.Workload:
    base = base_deployment()
    doc = copy.deepcopy(base.doc)
    mutate(doc)
    docs = [doc if d is base.doc else d for d in base.docs]
    return k.Workload(base.source + "[mutated]", doc, docs)


def app(doc: dict[str, Any]) -> dict[str, Any]:
    return k.app_container(doc)


def replace_arg(doc: dict[str, Any], pred: Callable[[int, list[str]], bool], new: str | None) -> None:
    """Replace (or drop, new=None) the uvicorn argument matched by ``pred(index, argv)``."""
    c = app(doc)
    key, argv = k.uvicorn_argv_slot(c)
    for i in range(len(argv)):
        if pred(i, argv):
            if new is None:
                del argv[i]
            else:
                argv[i] = new
            return
    raise AssertionError(f"argument not found in {key}: {argv}")


def is_asgi(i: int, argv: list[str]) -> bool:
    return ":" in str(argv[i]) and not str(argv[i]).startswith("-") and (i == 0 or not str(argv[i - 1]).startswith("--"))


def is_port_value(i: int, argv: list[str]) -> bool:
    return i > 0 and argv[i - 1] == "--port"


def set_probe_path(key: str, path: str) -> Callable[[dict[str, Any]], None]:
    def m(doc: dict[str, Any]) -> None:
        app(doc)[key]["httpGet"]["path"] = path
    return m


def set_container_port(doc: dict[str, Any]) -> None:
    port = app(doc)["ports"][0]
    port["containerPort"] = int(port["containerPort"]) + 1


def set_uvicorn_port(doc: dict[str, Any]) -> None:
    replace_arg(doc, is_port_value, "9099")


def numeric_probe_port(doc: dict[str, Any]) -> None:
    app(doc)["readinessProbe"]["httpGet"]["port"] = 9098


def wrong_asgi_attr(doc: dict[str, Any]) -> None:
    replace_arg(doc, is_asgi, "service.main:application")


def wrong_asgi_module(doc: dict[str, Any]) -> None:
    replace_arg(doc, is_asgi, "main:app")


def missing_asgi(doc: dict[str, Any]) -> None:
    replace_arg(doc, is_asgi, None)


def no_tmp_volume(doc: dict[str, Any]) -> None:
    spec = doc["spec"]["template"]["spec"]
    for c in spec.get("initContainers", []) + spec["containers"]:
        c["volumeMounts"] = [m for m in c.get("volumeMounts", []) if m["mountPath"] != "/tmp"]


def no_init_containers(doc: dict[str, Any]) -> None:
    doc["spec"]["template"]["spec"].pop("initContainers", None)


def short_grace(doc: dict[str, Any]) -> None:
    doc["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] = 3


OUTSIDE = f"/var/tmp/cdk8s-fastapi-e2e-outside-{os.getpid()}"


def db_outside_tmp(doc: dict[str, Any]) -> None:
    """DATABASE_URL on the (read-only in Kubernetes) root filesystem: /var/tmp is world-writable
    on this host, so only the ownership scan after the run can catch it."""
    spec = doc["spec"]["template"]["spec"]
    for c in spec.get("initContainers", []) + spec["containers"]:
        c["env"] = [e for e in c.get("env", []) if e["name"] != "DATABASE_URL"]
        c["env"].append({"name": "DATABASE_URL", "value": f"sqlite:///{OUTSIDE}/app.db"})


def root_user(doc: dict[str, Any]) -> None:
    spec = doc["spec"]["template"]["spec"]
    for c in spec.get("initContainers", []) + spec["containers"]:
        c.setdefault("securityContext", {})["runAsUser"] = 0


# (id, mutation, expected in a static failure or None, expected in a runtime failure or None)
CASES = [
    ("wrong-readiness-path", set_probe_path("readinessProbe", "/ready-nope"), None, "readinessProbe failed"),
    ("wrong-liveness-path", set_probe_path("livenessProbe", "/health-nope"), None, "livenessProbe failed"),
    ("wrong-startup-path", set_probe_path("startupProbe", "/startup-nope"), None, "startupProbe never succeeded"),
    ("wrong-container-port", set_container_port, "uvicorn binds", "startupProbe never succeeded"),
    ("wrong-uvicorn-port", set_uvicorn_port, "uvicorn binds 9099", "startupProbe never succeeded"),
    ("wrong-probe-port", numeric_probe_port, "readinessProbe targets port 9098", "readinessProbe failed"),
    ("wrong-asgi-attribute", wrong_asgi_attr, None, "process exited"),
    ("wrong-asgi-module", wrong_asgi_module, None, "process exited"),
    ("missing-asgi-app", missing_asgi, "Missing argument", "process exited"),
    ("no-tmp-emptydir", no_tmp_volume, "without an emptyDir at /tmp", "init-migrate"),
    ("no-migration-init-container", no_init_containers, None, "readinessProbe failed"),
    ("runs-as-root", root_user, "runAsUser 0", "would run as root"),
    ("writes-outside-tmp", db_outside_tmp, None, "wrote outside its writable volumes"),
]


@pytest.mark.parametrize("case,mutate,static_msg,runtime_msg", CASES, ids=[c[0] for c in CASES])
def test_broken_deployment_is_rejected(case, mutate, static_msg, runtime_msg, runtime, results_dir) -> None:
    wl = mutated(mutate)
    static = k.static_check(wl)
    if static_msg:
        assert not static.ok and any(static_msg in f for f in static.failures), static.summary()
    try:
        report = k.check_workload(runtime, wl, FAST)
    finally:
        shutil.rmtree(OUTSIDE, ignore_errors=True)
    record(results_dir, f"broken:{case}", report)
    assert not report.ok, f"{case}: the checker accepted a broken Deployment\n{report.summary()}"
    assert any(runtime_msg in f for f in report.failures), report.summary()


def test_grace_period_shorter_than_prestop_is_rejected(runtime, results_dir) -> None:
    wl = mutated(short_grace)
    static = k.static_check(wl)
    assert any("terminationGracePeriodSeconds 3" in f for f in static.failures), static.summary()
    report = k.check_workload(runtime, wl, k.CheckOptions(startup_cap=15, probe_cap=8))
    record(results_dir, "broken:short-grace", report)
    assert any("kubelet would SIGKILL" in f for f in report.failures), report.summary()


def test_unmodified_base_passes_static() -> None:
    """Control for the cases above: the unmutated Deployment is accepted statically."""
    assert k.static_check(base_deployment()).ok
