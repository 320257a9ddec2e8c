"""Real uvicorn running the app with the exact command of dist/kf-api.k8s.yaml's Deployment (only
--host/--port moved to a free loopback port): what uvicorn itself does with the construct's flags.
Probes, the security context and pod shutdown under a kubelet are the real-cluster tier's job."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import time

import httpx
import psutil
import pytest

from conftest import dist_uvicorn_argv, run_migrate, with_option

# uvicorn >= 0.29 re-raises the signal after its graceful shutdown, so a clean SIGTERM stop ends
# with "killed by SIGTERM" (exit 143 in a container), not 0. The kubelet treats both alike.
CLEAN_EXIT = (0, -signal.SIGTERM)


@pytest.fixture()
def sqlite_env(tmp_path) -> dict[str, str]:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/app.db"}
    assert run_migrate(env).returncode == 0
    return env


def test_synthesized_command_serves(sqlite_env, start_server) -> None:
    s = start_server(sqlite_env)
    s.wait_http("/readyz", 200)
    r = httpx.get(s.url + "/api/hello", params={"name": "k8s"})
    assert r.json() == {"message": "Hello, k8s!"}
    if "--no-server-header" in s.argv:
        assert "server" not in r.headers, r.headers
    assert httpx.get(s.url + "/api/items/3").json() == {"id": 3, "name": "gizmo", "price_cents": 42}
    assert httpx.get(s.url + "/api/items/99").status_code == 404
    assert httpx.get(s.url + "/api/hello", params={"name": "x" * 65}).status_code == 422
    assert s.stop() in CLEAN_EXIT


def _slow_request(url: str, seconds: float, out: dict) -> None:
    t0 = time.monotonic()
    try:
        r = httpx.get(url + "/slow", params={"seconds": seconds}, timeout=seconds + 30)
        out["status"], out["body"] = r.status_code, (r.json() if r.status_code == 200 else r.text)
    except httpx.HTTPError as exc:
        out["error"] = repr(exc)
    out["elapsed"] = time.monotonic() - t0


def _wait_log(server, text: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while text not in server.log():
        assert time.monotonic() < deadline, f"{text!r} never logged:\n{server.log()[-2000:]}"
        time.sleep(0.05)


def test_sigterm_drains_the_in_flight_request(sqlite_env, start_server) -> None:
    """SIGTERM (what the kubelet sends after preStop): uvicorn stops accepting, lets the
    in-flight request finish, runs lifespan shutdown, exits 0."""
    s = start_server(sqlite_env)
    s.wait_http("/readyz", 200)
    out: dict = {}
    t = threading.Thread(target=_slow_request, args=(s.url, 3.0, out))
    t.start()
    _wait_log(s, "slow request started")
    t_term = time.monotonic()
    s.proc.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    with pytest.raises(httpx.ConnectError):
        httpx.get(s.url + "/healthz", timeout=2)  # no new connections while draining
    t.join(30)
    assert out.get("status") == 200 and out["body"] == {"slept": 3.0}, out
    assert s.proc.wait(30) in CLEAN_EXIT, s.log()[-2000:]
    assert time.monotonic() - t_term < 10
    assert "shutdown complete" in s.log()


def test_graceful_timeout_bounds_the_drain(sqlite_env, start_server) -> None:
    """--timeout-graceful-shutdown caps the drain: a request longer than it is cut off and the
    process still exits (the construct keeps terminationGracePeriodSeconds above preStop + it)."""
    argv = with_option(dist_uvicorn_argv(), "--timeout-graceful-shutdown", "1")
    s = start_server(sqlite_env, argv)
    s.wait_http("/readyz", 200)
    out: dict = {}
    t = threading.Thread(target=_slow_request, args=(s.url, 20.0, out))
    t.start()
    _wait_log(s, "slow request started")
    t_term = time.monotonic()
    s.proc.send_signal(signal.SIGTERM)
    s.proc.wait(15)
    exited_after = time.monotonic() - t_term
    t.join(30)
    assert exited_after < 6, f"uvicorn took {exited_after:.1f}s despite --timeout-graceful-shutdown 1"
    assert out.get("status") != 200 and out["elapsed"] < 10, out


def test_workers_flag_spawns_worker_processes(sqlite_env, start_server) -> None:
    argv = with_option(dist_uvicorn_argv(), "--workers", "2")
    s = start_server(sqlite_env, argv)
    s.wait_http("/readyz", 200)
    def workers() -> list[psutil.Process]:  # not multiprocessing's resource tracker
        return [p for p in psutil.Process(s.proc.pid).children()
                if "resource_tracker" not in " ".join(p.cmdline())]

    deadline = time.monotonic() + 20
    while len(workers()) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(workers()) == 2, workers()
    pids = {httpx.get(s.url + "/pid").json()["ppid"] for _ in range(10)}
    assert pids == {s.proc.pid}
    assert s.stop() in CLEAN_EXIT


@pytest.mark.parametrize("app_ref,message", [
    ("service.main:application", 'Attribute "application" not found'),
    ("main:app", 'Could not import module "main"'),
])
def test_wrong_asgi_app_exits_non_zero(sqlite_env, start_server, app_ref: str, message: str) -> None:
    argv = dist_uvicorn_argv()
    argv[argv.index("service.main:app")] = app_ref
    s = start_server(sqlite_env, argv)
    assert s.proc.wait(20) != 0
    assert message in s.log(), s.log()[-2000:]


def _prestop_script() -> str:
    from conftest import dist_app_container
    return dist_app_container()["lifecycle"]["preStop"]["exec"]["command"][2]


def test_the_prestop_hook_creates_the_marker_the_app_watches(tmp_path) -> None:
    """The construct's preStop script and the app agree on the drain marker, and the script
    (with its path moved into this test's directory and no sleep) really creates it."""
    import service.drain as drain
    script = _prestop_script()
    assert f"Path('{drain.DEFAULT_DRAIN_FILE}').touch()" in script, script
    marker = tmp_path / "draining"
    local = script.replace(drain.DEFAULT_DRAIN_FILE, str(marker))
    local = re.sub(r"time\.sleep\(\d+\)", "time.sleep(0)", local)
    assert subprocess.run([sys.executable, "-c", local], timeout=30).returncode == 0
    assert marker.exists()


def test_draining_closes_keep_alive_connections(sqlite_env, start_server, tmp_path) -> None:
    """After the preStop hook's marker appears, each response says Connection: close (the
    client reconnects through the Service to another pod); the pod still answers 200."""
    s = start_server(sqlite_env)
    s.wait_http("/readyz", 200)
    with httpx.Client(base_url=s.url) as client:
        before = client.get("/api/hello")
        assert before.status_code == 200 and before.headers.get("connection") != "close", before.headers
        (tmp_path / "draining").touch()
        during = client.get("/api/hello")
        assert during.status_code == 200 and during.headers.get("connection") == "close", during.headers
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.headers.get("connection") == "close", ready.text
    assert s.stop() in CLEAN_EXIT
