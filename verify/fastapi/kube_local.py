"""Run synthesized Kubernetes workloads of the example FastAPI app locally, the way a kubelet would.

No container runtime is available, so a pod is emulated with plain processes:

* the image is the example app (``app/``) on top of a Python venv; its ENV/CMD come from
  ``app/Dockerfile``; the working directory is a *read-only* copy of ``app/``;
* every process runs as the pod's ``runAsUser``/``runAsGroup`` (via ``setpriv``), so root's
  permission bypass cannot hide writes outside the writable volumes;
* each ``emptyDir`` volume is a private directory; its ``mountPath`` (e.g. ``/tmp``) is rewritten
  to that directory in env values and arguments, and ``TMPDIR``/``HOME`` point at the ``/tmp``
  volume. Without a ``/tmp`` emptyDir, ``/tmp`` maps to a read-only directory when
  ``readOnlyRootFilesystem`` is set;
* env is built like the kubelet does (``envFrom`` then ``env``, ``$(VAR)`` expansion);
  ``secretKeyRef``/``configMapKeyRef``/``envFrom`` use the objects found in the same manifests,
  else harmless fake values;
* the only rewrites of the container's command line: ``--host <any>`` becomes ``127.0.0.1``
  (nothing here may listen beyond loopback) and, only if a declared port is already taken on
  this machine, that port number is substituted consistently (``--port``, containerPort, probes).

``check_workload`` returns a :class:`Report` listing failures instead of raising, so the negative
tests can assert that a broken manifest is rejected and why.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import glob
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import httpx
import psutil
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
APP_DIR = REPO_ROOT / "app"
DOCKERFILE = APP_DIR / "Dockerfile"
SAMPLES_DIR = Path(__file__).resolve().parent / "samples"
# Workloads whose image is this repository (any tag) are run against the example app.
APP_IMAGE_REPOS = tuple(
    s for s in os.environ.get("E2E_APP_IMAGE", "4oh4/kubernetes-fastapi").split(",") if s
)
LOOPBACK = "127.0.0.1"
SETPRIV = shutil.which("setpriv") or "/usr/bin/setpriv"


# --------------------------------------------------------------------------- manifests


def manifest_files(root: Path = REPO_ROOT) -> list[Path]:
    """Synthesized manifests: ``dist/**/*.yaml`` and ``build/fixtures/**/*.yaml``."""
    found: list[Path] = []
    for base in ("dist", "build/fixtures"):
        for pattern in ("**/*.yaml", "**/*.yml"):
            found.extend(Path(p) for p in glob.glob(str(root / base / pattern), recursive=True))
    return sorted(set(found))


def sample_files() -> list[Path]:
    return sorted(SAMPLES_DIR.glob("*.yaml"))


def load_docs(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [d for d in yaml.safe_load_all(fh) if isinstance(d, dict)]


@dataclass
class Workload:
    source: str  # path relative to the repo
    doc: dict[str, Any]  # the Deployment (or Job)
    docs: list[dict[str, Any]]  # every document of the same file (ConfigMaps, Secrets, ...)

    @property
    def kind(self) -> str:
        return self.doc.get("kind", "")

    @property
    def name(self) -> str:
        return self.doc.get("metadata", {}).get("name", "unnamed")

    @property
    def namespace(self) -> str:
        return self.doc.get("metadata", {}).get("namespace") or "default"

    @property
    def pod_spec(self) -> dict[str, Any]:
        return self.doc.get("spec", {}).get("template", {}).get("spec", {})

    @property
    def id(self) -> str:
        return f"{self.source}::{self.kind}/{self.name}"

    def images(self) -> list[str]:
        spec = self.pod_spec
        return [c.get("image", "") for c in spec.get("initContainers", []) + spec.get("containers", [])]

    def runs_example_app(self) -> bool:
        imgs = [i for i in self.images() if i]
        return bool(imgs) and all(image_repo(i) in APP_IMAGE_REPOS for i in imgs)

    def fingerprint(self) -> str:
        """Identity of what actually runs (names/labels/replicas ignored) to skip duplicates."""
        spec = copy.deepcopy(self.pod_spec)
        return json.dumps([self.kind, spec], sort_keys=True)


def image_repo(image: str) -> str:
    ref = image.split("@", 1)[0]
    last = ref.rsplit("/", 1)[-1]
    if ":" in last:
        ref = ref[: len(ref) - len(last)] + last.split(":", 1)[0]
    for prefix in ("docker.io/library/", "docker.io/", "index.docker.io/"):
        if ref.startswith(prefix):
            ref = ref[len(prefix):]
    return ref


def workloads_in(files: list[Path], kinds: tuple[str, ...] = ("Deployment", "Job")) -> list[Workload]:
    out: list[Workload] = []
    for path in files:
        docs = load_docs(path)
        try:
            rel = str(path.resolve().relative_to(REPO_ROOT))
        except ValueError:
            rel = str(path)
        for doc in docs:
            if doc.get("kind") in kinds:
                out.append(Workload(rel, doc, docs))
    return out


# --------------------------------------------------------------------------- image (Dockerfile)


@dataclass
class Image:
    env: dict[str, str]
    entrypoint: list[str]
    cmd: list[str]
    workdir: str
    user: str


def parse_dockerfile(path: Path = DOCKERFILE) -> Image:
    """ENV/ENTRYPOINT/CMD/WORKDIR/USER of the (single-stage) Dockerfile, enough to emulate the image."""
    text = path.read_text(encoding="utf-8")
    logical: list[str] = []
    buf = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not buf and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            buf += line[:-1] + " "
            continue
        logical.append(buf + line)
        buf = ""
    image = Image(env={}, entrypoint=[], cmd=[], workdir="/", user="")
    for line in logical:
        instr, _, rest = line.partition(" ")
        instr = instr.upper()
        rest = rest.strip()
        if instr == "ENV":
            for tok in shlex.split(rest):
                if "=" in tok:
                    k, v = tok.split("=", 1)
                    image.env[k] = v
        elif instr in ("CMD", "ENTRYPOINT"):
            value = json.loads(rest) if rest.startswith("[") else ["/bin/sh", "-c", rest]
            if instr == "CMD":
                image.cmd = value
            else:
                image.entrypoint, image.cmd = value, []
        elif instr == "WORKDIR":
            image.workdir = rest
        elif instr == "USER":
            image.user = rest
    return image


# --------------------------------------------------------------------------- local runtime


def _run_as(uid: int, gid: int, no_new_privs: bool = False) -> list[str]:
    cmd = [SETPRIV, f"--reuid={uid}", f"--regid={gid}", "--clear-groups"]
    if no_new_privs:
        cmd.append("--no-new-privs")
    return cmd + ["--"]


def _fix_shebangs(bin_dir: Path, old_prefix: str, new_prefix: str) -> None:
    for entry in bin_dir.iterdir():
        if entry.is_symlink() or not entry.is_file():
            continue
        with open(entry, "rb") as fh:
            head = fh.read(2)
            if head != b"#!":
                continue
            data = head + fh.read()
        if old_prefix.encode() not in data.split(b"\n", 1)[0]:
            continue
        first, _, tail = data.partition(b"\n")
        mode = entry.stat().st_mode
        entry.unlink()  # never write through a hard link into the cached venv
        entry.write_bytes(first.replace(old_prefix.encode(), new_prefix.encode()) + b"\n" + tail)
        entry.chmod(mode)


class LocalRuntime:
    """Per-session scratch root (world-traversable, under /tmp) and a venv usable by the pod user."""

    def __init__(self, venv: Path | None = None, uid: int = 10001, gid: int = 10001):
        self.venv = Path(venv or sys.prefix)
        self.root = Path(tempfile.mkdtemp(prefix="cdk8s-fastapi-e2e-"))
        self.root.chmod(0o755)
        self._venvs: dict[tuple[int, int], Path] = {}
        self.runtime_venv(uid, gid)

    def runtime_venv(self, uid: int, gid: int) -> Path:
        """The cached venv if ``uid`` can use it, else a hard-linked copy under the scratch root
        (the default cache lives in root's 0700 home)."""
        key = (uid, gid)
        if key in self._venvs:
            return self._venvs[key]
        probe = _run_as(uid, gid) + [str(self.venv / "bin" / "python"), "-c", "import fastapi, uvicorn"]
        ok = subprocess.run(probe, capture_output=True, cwd="/", timeout=60).returncode == 0
        venv = self.venv
        if not ok:
            venv = self.root / "venv"
            if not venv.exists():
                rc = subprocess.run(["cp", "-al", str(self.venv), str(venv)], capture_output=True).returncode
                if rc != 0:
                    shutil.rmtree(venv, ignore_errors=True)
                    subprocess.run(["cp", "-a", str(self.venv), str(venv)], check=True)
                _fix_shebangs(venv / "bin", str(self.venv), str(venv))
            check = subprocess.run(probe[:-3] + [str(venv / "bin" / "python"), "-c", "import fastapi, uvicorn"],
                                   capture_output=True, text=True, cwd="/", timeout=60)
            if check.returncode != 0:
                raise RuntimeError(
                    f"uid {uid} cannot run the venv's Python ({self.venv}); its base interpreter must be "
                    f"world-readable (verify/fastapi/ci.sh uses the system python3): {check.stderr.strip()}"
                )
        self._venvs[key] = venv
        return venv

    def external_dir(self) -> Path:
        d = Path(tempfile.mkdtemp(prefix="external-", dir=self.root))
        d.chmod(0o777)
        return d

    def close(self) -> None:
        subprocess.run(["chmod", "-R", "u+w", str(self.root)], capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((LOOPBACK, port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


_VAR_REF = re.compile(r"\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)|\$\$")


def expand(value: str, env: dict[str, str]) -> str:
    """Kubernetes ``$(VAR)`` expansion (``$$`` escapes, unknown references stay as they are)."""

    def repl(m: re.Match[str]) -> str:
        if m.group(0) == "$$":
            return "$"
        return env.get(m.group(1), m.group(0))

    return _VAR_REF.sub(repl, value)


@dataclass
class Report:
    workload: str
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)
    logs: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failures

    def fail(self, msg: str) -> None:
        if msg not in self.failures:
            self.failures.append(msg)

    def note(self, msg: str) -> None:
        if msg not in self.notes:
            self.notes.append(msg)

    def summary(self, with_logs: bool = True) -> str:
        lines = [f"workload {self.workload}: {'OK' if self.ok else 'FAILED'}"]
        lines += [f"  FAIL: {f}" for f in self.failures]
        lines += [f"  note: {n}" for n in self.notes]
        if self.metrics:
            lines.append("  metrics: " + json.dumps(self.metrics, sort_keys=True))
        if with_logs and not self.ok:
            for name, text in self.logs.items():
                tail = "\n".join(text.splitlines()[-40:])
                lines.append(f"  --- {name} (last 40 lines) ---\n{tail}")
        return "\n".join(lines)


def uvicorn_options(argv: list[str], env: dict[str, str]) -> tuple[dict[str, Any] | None, str | None]:
    """Parse a uvicorn command line with uvicorn's own CLI definition.

    Returns ``(params, error)``; ``(None, None)`` when ``argv`` does not launch uvicorn.
    """
    if not argv:
        return None, None
    exe = os.path.basename(argv[0])
    if exe == "uvicorn":
        args = argv[1:]
    elif exe.startswith("python") and argv[1:3] == ["-m", "uvicorn"]:
        args = argv[3:]
    else:
        return None, None
    import click
    from uvicorn.main import main as uvicorn_main

    saved = dict(os.environ)
    try:  # uvicorn reads UVICORN_* and WEB_CONCURRENCY from the (container's) environment
        for key in list(os.environ):
            if key.startswith("UVICORN_") or key == "WEB_CONCURRENCY":
                del os.environ[key]
        os.environ.update({k: v for k, v in env.items() if k.startswith("UVICORN_") or k == "WEB_CONCURRENCY"})
        ctx = uvicorn_main.make_context("uvicorn", list(args))
        return dict(ctx.params), None
    except click.exceptions.ClickException as exc:
        return None, f"uvicorn rejects its arguments {args!r}: {exc.format_message()}"
    except click.exceptions.Exit:
        return None, f"uvicorn arguments {args!r} only print and exit"
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _rewrite_uvicorn_argv(argv: list[str], port_map: dict[int, int], report: Report) -> list[str]:
    """``--host X`` -> loopback; ``--port P`` -> port_map[P] (only when P had to be remapped)."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        tok = argv[i]
        for opt in ("--host", "--port"):
            if tok == opt and i + 1 < len(argv):
                value = argv[i + 1]
                new = _rewrite_value(opt, value, port_map, report)
                out += [tok, new]
                i += 2
                break
            if tok.startswith(opt + "="):
                value = tok.split("=", 1)[1]
                out.append(f"{opt}={_rewrite_value(opt, value, port_map, report)}")
                i += 1
                break
        else:
            out.append(tok)
            i += 1
    return out


def _rewrite_value(opt: str, value: str, port_map: dict[int, int], report: Report) -> str:
    if opt == "--host":
        if value != LOOPBACK:
            report.note(f"--host {value} rewritten to {LOOPBACK} (loopback only on this machine)")
        return LOOPBACK
    if value.isdigit() and int(value) in port_map and port_map[int(value)] != int(value):
        return str(port_map[int(value)])
    return value


class Pod:
    """One emulated pod of a workload: volumes, env, init containers, containers."""

    def __init__(self, rt: LocalRuntime, wl: Workload, report: Report, image: Image | None = None,
                 external: Path | None = None):
        self.rt, self.wl, self.report = rt, wl, report
        # stands in for dependencies outside the pod (a database server): shared by the
        # workload's migration Job pods and its app pods
        self.external = external or rt.external_dir()
        self.image = image or parse_dockerfile()
        spec = wl.pod_spec
        self.spec = spec
        psc = spec.get("securityContext", {}) or {}
        self.pod_sc = psc
        self.root = Path(tempfile.mkdtemp(prefix=f"pod-{re.sub(r'[^A-Za-z0-9]+', '-', wl.name)[:40]}-", dir=rt.root))
        self.root.chmod(0o755)
        # read-only copy of app/ = the image's WORKDIR
        self.app = self.root / "app"
        shutil.copytree(APP_DIR, self.app, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache"))
        subprocess.run(["chmod", "-R", "a-w", str(self.app)], check=True)
        self.volumes: dict[str, Path] = {}
        for vol in spec.get("volumes", []) or []:
            name = vol.get("name", "")
            d = self.root / f"vol-{re.sub(r'[^A-Za-z0-9]+', '-', name)}"
            if "emptyDir" in vol:
                d.mkdir()
                d.chmod(0o777)  # emptyDir default mode: world-writable
                self.volumes[name] = d
            elif "configMap" in vol or "secret" in vol:
                d.mkdir()
                self._materialize(vol, d)
                self.volumes[name] = d
            else:
                report.note(f"volume {name!r} of type {sorted(set(vol) - {'name'})} not emulated")
        self.readonly_tmp = self.root / "readonly-tmp"
        self.readonly_tmp.mkdir(mode=0o555)
        self.procs: list[subprocess.Popen[bytes]] = []
        self.logfiles: dict[str, Path] = {}
        self.port_map: dict[int, int] = {}
        self.fs_before = self._foreign_files()

    # -- helpers -------------------------------------------------------------
    def _materialize(self, vol: dict[str, Any], d: Path) -> None:
        kind = "configMap" if "configMap" in vol else "secret"
        ref = vol[kind]
        name = ref.get("name") or ref.get("secretName")
        obj = self._find("ConfigMap" if kind == "configMap" else "Secret", name)
        data = self._object_data(obj) if obj else {}
        if obj is None:
            self.report.note(f"{kind} volume {name!r} not in the manifests: mounted empty")
        for key, value in data.items():
            (d / key).write_text(value)
        subprocess.run(["chmod", "-R", "a+rX,a-w", str(d)], check=True)

    def _find(self, kind: str, name: str | None) -> dict[str, Any] | None:
        for doc in self.wl.docs:
            md = doc.get("metadata", {})
            if doc.get("kind") == kind and md.get("name") == name and (md.get("namespace") or "default") == self.wl.namespace:
                return doc
        return None

    @staticmethod
    def _object_data(obj: dict[str, Any]) -> dict[str, str]:
        data = {k: str(v) for k, v in (obj.get("data") or {}).items()}
        if obj.get("kind") == "Secret":
            data = {k: base64.b64decode(v).decode("utf-8", "replace") for k, v in data.items()}
            data.update({k: str(v) for k, v in (obj.get("stringData") or {}).items()})
        return data

    def _security(self, c: dict[str, Any]) -> tuple[int, int, bool, bool]:
        csc = c.get("securityContext", {}) or {}
        uid = csc.get("runAsUser", self.pod_sc.get("runAsUser"))
        gid = csc.get("runAsGroup", self.pod_sc.get("runAsGroup"))
        if uid is None:
            user = self.image.user.split(":")
            uid = int(user[0]) if user and user[0].isdigit() else None
            if gid is None and len(user) > 1 and user[1].isdigit():
                gid = int(user[1])
        if uid is None or int(uid) == 0:
            self.report.fail(f"container {c.get('name')!r} would run as root (runAsUser {uid!r})")
            uid = 10001
        gid = int(gid if gid is not None else uid)
        ro = bool(csc.get("readOnlyRootFilesystem", False))
        nnp = csc.get("allowPrivilegeEscalation") is False
        return int(uid), gid, ro, nnp

    def _mounts(self, c: dict[str, Any], readonly_root: bool) -> dict[str, Path]:
        mounts: dict[str, Path] = {}
        for vm in c.get("volumeMounts", []) or []:
            local = self.volumes.get(vm.get("name", ""))
            if local is None:
                continue
            if vm.get("subPath"):
                local = local / vm["subPath"]
            mounts[vm["mountPath"].rstrip("/") or "/"] = local
        if "/tmp" not in mounts:
            if readonly_root:
                self.report.note("no volume mounted at /tmp and readOnlyRootFilesystem: /tmp is read-only")
                mounts["/tmp"] = self.readonly_tmp
            else:
                d = self.root / "rootfs-tmp"
                d.mkdir(mode=0o777, exist_ok=True)
                d.chmod(0o777)
                mounts["/tmp"] = d
        return mounts

    @staticmethod
    def _remap_paths(value: str, mounts: dict[str, Path]) -> str:
        paths = sorted((p for p in mounts if p != "/"), key=len, reverse=True)
        if not paths:
            return value
        pattern = re.compile(
            r"(?<![A-Za-z0-9_.-])(" + "|".join(re.escape(p) for p in paths) + r")(?=/|$|[^A-Za-z0-9_.-])"
        )
        return pattern.sub(lambda m: str(mounts[m.group(1)]), value)

    def _fake_field(self, path: str) -> str:
        md = self.wl.doc.get("spec", {}).get("template", {}).get("metadata", {})
        simple = {
            "metadata.name": f"{self.wl.name}-local-0",
            "metadata.namespace": self.wl.namespace,
            "metadata.uid": "00000000-0000-0000-0000-000000000000",
            "spec.nodeName": "local-node",
            "spec.serviceAccountName": self.spec.get("serviceAccountName", "default"),
            "status.podIP": LOOPBACK,
            "status.hostIP": LOOPBACK,
            "status.podIPs": LOOPBACK,
        }
        if path in simple:
            return simple[path]
        m = re.match(r"metadata\.(labels|annotations)\['([^']+)'\]", path)
        if m:
            return str((md.get(m.group(1)) or {}).get(m.group(2), ""))
        return f"fake-{path}"

    def env_for(self, c: dict[str, Any], mounts: dict[str, Path]) -> dict[str, str]:
        env: dict[str, str] = {}
        local: set[str] = set()  # values that already are local paths: never remapped
        for src in c.get("envFrom", []) or []:
            prefix = src.get("prefix", "")
            for kind, key in (("ConfigMap", "configMapRef"), ("Secret", "secretRef")):
                if key in src:
                    name = src[key].get("name")
                    obj = self._find(kind, name)
                    if obj is None:
                        self.report.note(f"envFrom {kind} {name!r} not in the manifests: contributes nothing")
                        continue
                    for k, v in self._object_data(obj).items():
                        env[prefix + k] = v
        for e in c.get("env", []) or []:
            name = e.get("name")
            local.discard(name)
            if "value" in e:
                env[name] = expand(str(e.get("value", "")), env)
                continue
            vf = e.get("valueFrom")
            if not vf:
                env[name] = ""
                continue
            if "secretKeyRef" in vf or "configMapKeyRef" in vf:
                kind, ref = ("Secret", vf["secretKeyRef"]) if "secretKeyRef" in vf else ("ConfigMap", vf["configMapKeyRef"])
                obj = self._find(kind, ref.get("name"))
                data = self._object_data(obj) if obj else {}
                if ref.get("key") in data:
                    env[name] = data[ref["key"]]
                elif name == "DATABASE_URL":
                    env[name] = f"sqlite:///{self.external}/app.db"
                    local.add(name)
                    self.report.note(f"DATABASE_URL from {kind} {ref.get('name')!r} (not in the manifests): "
                                     "a SQLite file outside the pod, shared with the migration Job")
                else:
                    env[name] = f"fake-{kind.lower()}-{ref.get('name')}-{ref.get('key')}"
            elif "fieldRef" in vf:
                env[name] = self._fake_field(vf["fieldRef"].get("fieldPath", ""))
            elif "resourceFieldRef" in vf:
                env[name] = "1"
            else:
                env[name] = "fake"
        tmp = mounts["/tmp"]
        venv = self.rt.runtime_venv(*self._security(c)[:2])
        # image ENV, then the container's env; only these (container paths) are remapped,
        # never the local paths added below
        declared = {k: v for k, v in self.image.env.items() if k not in ("PATH", "HOME")}
        declared.update(env)
        out = {k: v if k in local else self._remap_paths(v, mounts) for k, v in declared.items()}
        out.update(
            PATH=f"{venv}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            HOSTNAME=f"{self.wl.name}-local-0",
            HOME=str(tmp),
            TMPDIR=str(tmp),
        )
        out.setdefault("LANG", "C.UTF-8")
        if "PATH" in env:
            self.report.note("the container sets PATH: replaced by the local venv PATH")
        return out

    def argv_for(self, c: dict[str, Any], env: dict[str, str], mounts: dict[str, Path]) -> list[str]:
        command, args = c.get("command"), c.get("args")
        if command:
            argv = list(command) + list(args or [])
        elif args:
            argv = list(self.image.entrypoint) + list(args)
        else:
            argv = list(self.image.entrypoint) + list(self.image.cmd)
        return [self._remap_paths(expand(str(a), env), mounts) for a in argv]

    def workdir_for(self, c: dict[str, Any]) -> Path:
        wd = c.get("workingDir") or self.image.workdir
        if wd.rstrip("/") != self.image.workdir.rstrip("/"):
            self.report.note(f"workingDir {wd!r} is not the image WORKDIR {self.image.workdir!r}; using the app copy")
        return self.app

    def prepare(self, c: dict[str, Any]) -> tuple[list[str], dict[str, str], Path, list[str]]:
        uid, gid, ro, nnp = self._security(c)
        mounts = self._mounts(c, ro)
        env = self.env_for(c, mounts)
        argv = self.argv_for(c, env, mounts)
        return argv, env, self.workdir_for(c), _run_as(uid, gid, nnp)

    def run_to_completion(self, c: dict[str, Any], label: str, timeout: float = 120) -> bool:
        argv, env, cwd, prefix = self.prepare(c)
        log = self.root / f"{label}.log"
        t0 = time.monotonic()
        with open(log, "wb") as fh:
            try:
                proc = subprocess.run(prefix + argv, env=env, cwd=cwd, stdout=fh, stderr=subprocess.STDOUT,
                                      timeout=timeout, start_new_session=True)
                rc: int | str = proc.returncode
            except subprocess.TimeoutExpired:
                rc = f"timeout after {timeout}s"
            except OSError as exc:
                rc = f"cannot exec: {exc}"
        self.report.logs[label] = log.read_text(errors="replace")
        self.report.metrics[f"{label}_seconds"] = round(time.monotonic() - t0, 2)
        if rc != 0:
            self.report.fail(f"{label} {argv!r} did not succeed (exit {rc})")
            return False
        return True

    def start(self, c: dict[str, Any], argv: list[str], env: dict[str, str], cwd: Path, prefix: list[str],
              label: str) -> subprocess.Popen[bytes] | None:
        log = self.root / f"{label}.log"
        self.logfiles[label] = log
        fh = open(log, "wb")
        try:
            proc = subprocess.Popen(prefix + argv, env=env, cwd=cwd, stdout=fh, stderr=subprocess.STDOUT,
                                    start_new_session=True)
        except OSError as exc:
            self.report.fail(f"{label}: cannot exec {argv!r}: {exc}")
            return None
        finally:
            fh.close()
        self.procs.append(proc)
        return proc

    def collect_logs(self) -> None:
        for label, log in self.logfiles.items():
            with contextlib.suppress(OSError):
                self.report.logs[label] = log.read_text(errors="replace")

    def _foreign_files(self) -> set[str]:
        """Files owned by the pod users outside the pod's volumes (world-writable host dirs)."""
        uids = {self._security_quiet(c)[0] for c in self.spec.get("initContainers", []) + self.spec.get("containers", [])}
        found: set[str] = set()
        for base in ("/tmp", "/var/tmp", "/dev/shm"):
            for dirpath, dirnames, filenames in os.walk(base):
                if dirpath.startswith(str(self.rt.root)):
                    dirnames[:] = []
                    continue
                for n in dirnames + filenames:
                    p = os.path.join(dirpath, n)
                    with contextlib.suppress(OSError):
                        if os.lstat(p).st_uid in uids:
                            found.add(p)
        return found

    def _security_quiet(self, c: dict[str, Any]) -> tuple[int, int]:
        csc = c.get("securityContext", {}) or {}
        uid = csc.get("runAsUser", self.pod_sc.get("runAsUser", 10001)) or 10001
        gid = csc.get("runAsGroup", self.pod_sc.get("runAsGroup", uid)) or uid
        return int(uid), int(gid)

    def close(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(proc.pid, signal.SIGKILL)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=10)
        self.collect_logs()
        leaked = sorted(self._foreign_files() - self.fs_before)
        if leaked:
            self.report.fail(f"wrote outside its writable volumes: {leaked[:10]}")


# --------------------------------------------------------------------------- probes


def _probe_port(probe_action: dict[str, Any], container: dict[str, Any]) -> int | None:
    port = probe_action.get("port")
    if isinstance(port, int) or (isinstance(port, str) and port.isdigit()):
        return int(port)
    for p in container.get("ports", []) or []:
        if p.get("name") == port:
            return int(p["containerPort"])
    return None


class ProbeRunner:
    def __init__(self, pod: Pod, container: dict[str, Any], env: dict[str, str], prefix: list[str], cwd: Path):
        self.pod, self.c, self.env, self.prefix, self.cwd = pod, container, env, prefix, cwd

    def once(self, probe: dict[str, Any]) -> tuple[bool, str]:
        timeout = float(probe.get("timeoutSeconds", 1))
        if "httpGet" in probe:
            hg = probe["httpGet"]
            port = _probe_port(hg, self.c)
            if port is None:
                return False, f"httpGet port {hg.get('port')!r} does not name a containerPort"
            port = self.pod.port_map.get(port, port)
            scheme = str(hg.get("scheme", "HTTP")).lower()
            path = hg.get("path", "/")
            headers = {h["name"]: h["value"] for h in hg.get("httpHeaders", []) or []}
            url = f"{scheme}://{LOOPBACK}:{port}{path}"
            try:
                r = httpx.get(url, headers=headers, timeout=timeout, verify=False, follow_redirects=False)
            except httpx.HTTPError as exc:
                return False, f"GET {url}: {type(exc).__name__}"
            return r.status_code == 200, f"GET {url} -> {r.status_code}"
        if "tcpSocket" in probe:
            port = _probe_port(probe["tcpSocket"], self.c)
            if port is None:
                return False, "tcpSocket port does not name a containerPort"
            port = self.pod.port_map.get(port, port)
            try:
                with socket.create_connection((LOOPBACK, port), timeout=timeout):
                    return True, f"tcp {port} open"
            except OSError as exc:
                return False, f"tcp {port}: {exc}"
        if "exec" in probe:
            argv = [expand(a, self.env) for a in probe["exec"].get("command", [])]
            try:
                rc = subprocess.run(self.prefix + argv, env=self.env, cwd=self.cwd, capture_output=True,
                                    timeout=max(timeout, 1)).returncode
            except subprocess.TimeoutExpired:
                return False, f"exec {argv!r}: timeout"
            return rc == 0, f"exec {argv!r} -> {rc}"
        return False, f"unsupported probe {sorted(probe)}"

    def until_success(self, probe: dict[str, Any], cap: float, proc: subprocess.Popen[bytes]) -> tuple[bool, str, float]:
        """Poll like the kubelet (budget initialDelay + period*failureThreshold, capped)."""
        period = float(probe.get("periodSeconds", 10))
        budget = float(probe.get("initialDelaySeconds", 0)) + period * int(probe.get("failureThreshold", 3))
        deadline = time.monotonic() + min(budget, cap)
        t0 = time.monotonic()
        detail = "not probed"
        while True:
            if proc.poll() is not None:
                return False, f"process exited with {proc.returncode} ({detail})", time.monotonic() - t0
            ok, detail = self.once(probe)
            if ok:
                return True, detail, time.monotonic() - t0
            if time.monotonic() >= deadline:
                return False, detail, time.monotonic() - t0
            time.sleep(min(period, 0.25))


# --------------------------------------------------------------------------- the check


def _is_app_container(c: dict[str, Any]) -> bool:
    return any(k in c for k in ("startupProbe", "livenessProbe", "readinessProbe")) or bool(c.get("ports"))


def _uvicorn_workers(proc_pid: int) -> tuple[list[int], list[int]]:
    """(worker pids, all descendant pids) of a uvicorn process."""
    try:
        p = psutil.Process(proc_pid)
        kids = p.children(recursive=True)
    except psutil.Error:
        return [], []
    workers = []
    for k in kids:
        with contextlib.suppress(psutil.Error):
            if "spawn_main" in " ".join(k.cmdline()):
                workers.append(k.pid)
    return sorted(workers), sorted(k.pid for k in kids)


def _listening_pids(port: int) -> set[int]:
    pids: set[int] = set()
    for conn in psutil.net_connections(kind="tcp"):
        if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port and conn.pid:
            pids.add(conn.pid)
    return pids


@dataclass
class CheckOptions:
    startup_cap: float = 60.0  # seconds, cap on a startup probe's kubelet budget
    probe_cap: float = 15.0  # seconds, cap on liveness/readiness budgets
    slow_seconds: float = 2.0  # in-flight request duration during shutdown
    pid_requests: int = 40
    shutdown_slack: float = 3.0
    run_shutdown: bool = True


class RunningPod:
    """Context manager: init containers to success, then the app container up and ready."""

    def __init__(self, rt: LocalRuntime, wl: Workload, report: Report, opts: CheckOptions | None = None,
                 external: Path | None = None):
        self.rt, self.wl, self.report = rt, wl, report
        self.external = external
        self.opts = opts or CheckOptions()
        self.pod: Pod | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        self.container: dict[str, Any] = {}
        self.uv: dict[str, Any] | None = None
        self.env: dict[str, str] = {}
        self.argv: list[str] = []
        self.prefix: list[str] = []
        self.cwd: Path = APP_DIR
        self.probes: ProbeRunner | None = None
        self.ready = False

    @property
    def base_url(self) -> str:
        port = None
        for p in self.container.get("ports", []) or []:
            port = int(p["containerPort"])
            break
        if port is None and self.uv:
            port = int(self.uv.get("port", 8000))
        port = self.pod.port_map.get(port, port) if self.pod and port else port
        return f"http://{LOOPBACK}:{port}"

    def __enter__(self) -> "RunningPod":
        try:
            self._start()
        except Exception:
            self.__exit__(*sys.exc_info())
            raise
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.pod:
            self.pod.close()

    def _unready_hint(self) -> str:
        """Explain a 503 from the example app's /readyz (which check failed)."""
        try:
            body = httpx.get(f"{self.base_url}/readyz", timeout=3).json()
        except (httpx.HTTPError, ValueError):
            return ""
        checks = body.get("checks", {}) if isinstance(body, dict) else {}
        if checks.get("database") is False:
            hint = f" (/readyz: database not migrated: DATABASE_URL={self.env.get('DATABASE_URL')!r}"
            has_job = any(d.get("kind") == "Job" for d in self.wl.docs)
            if not self.wl.pod_spec.get("initContainers"):
                hint += "; no migrate init container"
                if has_job:
                    hint += ("; the migration Job runs in its own pod, so it cannot migrate a pod-local "
                             "database: point DATABASE_URL at a shared database (e.g. from a Secret) or "
                             "keep the init container")
            return hint + ")"
        return f" (/readyz: {checks})" if checks else ""

    def _start(self) -> None:
        r, wl = self.report, self.wl
        self.pod = pod = Pod(self.rt, wl, r, external=self.external)
        spec = wl.pod_spec
        for i, ic in enumerate(spec.get("initContainers", []) or []):
            if not pod.run_to_completion(ic, f"init-{ic.get('name', i)}"):
                return
        apps = [c for c in spec.get("containers", []) or [] if _is_app_container(c)]
        if not apps:
            r.fail("no app container (one with ports or probes) in the pod template")
            return
        for extra in apps[1:] + [c for c in spec.get("containers", []) if c not in apps]:
            r.note(f"container {extra.get('name')!r} not run (only the first app container is)")
        c = self.container = apps[0]
        # ports: keep the declared ones when free, else substitute that number consistently
        declared = [int(p["containerPort"]) for p in c.get("ports", []) or [] if "containerPort" in p]
        for probe_key in ("startupProbe", "livenessProbe", "readinessProbe"):
            action = (c.get(probe_key) or {}).get("httpGet") or (c.get(probe_key) or {}).get("tcpSocket")
            if action and str(action.get("port", "")).isdigit():
                declared.append(int(action["port"]))
        argv0, env, cwd, prefix = pod.prepare(c)
        uv, err = uvicorn_options(argv0, env)
        if err:
            r.fail(err)
        if uv is not None:
            declared.append(int(uv.get("port") or 8000))
        for port in dict.fromkeys(declared):
            if port_free(port):
                pod.port_map[port] = port
            else:
                pod.port_map[port] = free_port()
                r.note(f"port {port} is busy on this machine: substituted {pod.port_map[port]} consistently")
        argv = _rewrite_uvicorn_argv(argv0, pod.port_map, r) if uv is not None else argv0
        if uv is None and not err:
            r.note(f"command {argv0[:3]!r}... is not uvicorn: workers/graceful-shutdown flags not checked")
        self.uv, self.env, self.argv, self.prefix, self.cwd = uv, env, argv, prefix, cwd
        r.metrics["argv"] = argv
        self.proc = pod.start(c, argv, env, cwd, prefix, f"container-{c.get('name', 'app')}")
        if self.proc is None:
            return
        self.probes = ProbeRunner(pod, c, env, prefix, cwd)
        # startup probe first (gates the others), then liveness and readiness
        if c.get("startupProbe"):
            ok, detail, took = self.probes.until_success(c["startupProbe"], self.opts.startup_cap, self.proc)
            r.metrics["startup_seconds"] = round(took, 2)
            if not ok:
                r.fail(f"startupProbe never succeeded: {detail}")
                return
        else:
            r.note("no startupProbe")
        for key in ("livenessProbe", "readinessProbe"):
            probe = c.get(key)
            if not probe:
                r.fail(f"no {key}")
                continue
            ok, detail, _ = self.probes.until_success(probe, self.opts.probe_cap, self.proc)
            if not ok:
                hint = self._unready_hint() if key == "readinessProbe" and detail.endswith("-> 503") else ""
                r.fail(f"{key} failed: {detail}{hint}")
            else:
                r.metrics[f"{key}_result"] = detail
        self.ready = r.ok


def check_workload(rt: LocalRuntime, wl: Workload, opts: CheckOptions | None = None) -> Report:
    opts = opts or CheckOptions()
    report = Report(wl.id)
    if wl.kind == "Job":
        pod = Pod(rt, wl, report)
        try:
            spec = wl.pod_spec
            for i, c in enumerate((spec.get("initContainers") or []) + (spec.get("containers") or [])):
                if not pod.run_to_completion(c, f"job-{c.get('name', i)}"):
                    break
        finally:
            pod.close()
        return report
    # migration Jobs of the same manifest file run first (hook Jobs: PreSync / pre-install)
    external = rt.external_dir()
    for job in workloads_in_docs(wl, ("Job",)):
        if not job.runs_example_app():
            continue
        jpod = Pod(rt, job, report, external=external)
        try:
            for c in (job.pod_spec.get("initContainers") or []) + (job.pod_spec.get("containers") or []):
                if not jpod.run_to_completion(c, f"job-{job.name}-{c.get('name')}"):
                    return report
        finally:
            jpod.close()
    with RunningPod(rt, wl, report, opts, external=external) as rp:
        if rp.ready:
            _check_running(rp, opts)
    return report


def _check_running(rp: RunningPod, opts: CheckOptions) -> None:
    r, c, pod, proc = rp.report, rp.container, rp.pod, rp.proc
    assert pod is not None and proc is not None and rp.probes is not None
    # 1. the declared port is bound by this process tree (not by something else on the machine)
    tree = {proc.pid} | set(_uvicorn_workers(proc.pid)[1])
    for p in c.get("ports", []) or []:
        declared = int(p["containerPort"])
        local = pod.port_map.get(declared, declared)
        owners = _listening_pids(local)
        if not owners & tree:
            r.fail(f"containerPort {declared} ({p.get('name')}) is not bound by the app (listeners: {sorted(owners)})")
    # 2. the example API works and sees the migrated database
    try:
        resp = httpx.get(f"{rp.base_url}/api/items/1", timeout=5)
        if resp.status_code != 200 or resp.json().get("name") != "widget":
            r.fail(f"GET /api/items/1 -> {resp.status_code} {resp.text[:200]}")
    except httpx.HTTPError as exc:
        r.fail(f"GET /api/items/1: {exc!r}")
    # 3. --workers
    if rp.uv is not None:
        want = int(rp.uv.get("workers") or 1)
        r.metrics["workers_declared"] = want
        workers: list[int] = []
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            workers = _uvicorn_workers(proc.pid)[0]
            if (want == 1 and not workers) or len(workers) >= want:
                break
            time.sleep(0.2)
        seen: set[int] = set()
        for _ in range(opts.pid_requests):
            with contextlib.suppress(httpx.HTTPError):
                seen.add(int(httpx.get(f"{rp.base_url}/pid", timeout=5).json()["pid"]))
        serving = set(workers) if want > 1 else {proc.pid}
        r.metrics.update(worker_processes=len(workers) if want > 1 else 1, distinct_pids_answering=len(seen))
        if want > 1 and len(workers) != want:
            r.fail(f"--workers {want}: found {len(workers)} uvicorn worker processes")
        if want == 1 and workers:
            r.fail(f"--workers 1: found {len(workers)} worker child processes")
        if not seen or not seen <= serving:
            r.fail(f"/pid answered by {sorted(seen)}, expected worker pids {sorted(serving)}")
    if opts.run_shutdown:
        graceful_shutdown(rp, opts)


def _exec_prestop(rp: RunningPod) -> float:
    """Run the preStop hook like the kubelet (in the container's env/user); returns its duration."""
    hook = ((rp.container.get("lifecycle") or {}).get("preStop")) or {}
    t0 = time.monotonic()
    if "exec" in hook:
        argv = [expand(a, rp.env) for a in hook["exec"].get("command", [])]
        rc = subprocess.run(rp.prefix + argv, env=rp.env, cwd=rp.cwd, capture_output=True, timeout=120).returncode
        if rc != 0:
            rp.report.fail(f"preStop exec {argv!r} exited {rc}")
    elif "httpGet" in hook:
        ok, detail = rp.probes.once({"httpGet": hook["httpGet"], "timeoutSeconds": 30})  # type: ignore[union-attr]
        if not ok:
            rp.report.fail(f"preStop httpGet failed: {detail}")
    elif "sleep" in hook:
        time.sleep(float(hook["sleep"].get("seconds", 0)))
    else:
        rp.report.note("no preStop hook")
    return time.monotonic() - t0


def graceful_shutdown(rp: RunningPod, opts: CheckOptions) -> None:
    """kubelet order: preStop hook, then SIGTERM, then SIGKILL at terminationGracePeriodSeconds."""
    r, proc = rp.report, rp.proc
    assert proc is not None
    grace = float(rp.wl.pod_spec.get("terminationGracePeriodSeconds", 30))
    graceful = rp.uv.get("timeout_graceful_shutdown") if rp.uv else None
    r.metrics["termination_grace_period_seconds"] = grace
    r.metrics["timeout_graceful_shutdown"] = graceful
    t_start = time.monotonic()
    prestop = _exec_prestop(rp)
    r.metrics["prestop_seconds"] = round(prestop, 2)
    if graceful is not None and not grace > prestop + float(graceful):
        r.fail(f"terminationGracePeriodSeconds {grace:g} <= preStop {prestop:.1f}s + --timeout-graceful-shutdown {graceful}")
    if graceful is None:
        r.note("no --timeout-graceful-shutdown: uvicorn waits for in-flight requests without bound")
    slow = opts.slow_seconds if graceful is None else min(opts.slow_seconds, max(float(graceful) / 2, 0.5))
    result: dict[str, Any] = {}

    def in_flight() -> None:
        try:
            resp = httpx.get(f"{rp.base_url}/slow", params={"seconds": slow}, timeout=slow + 30)
            result["status"], result["body"] = resp.status_code, resp.text
        except httpx.HTTPError as exc:
            result["error"] = repr(exc)

    logfile = next(iter(rp.pod.logfiles.values()))  # type: ignore[union-attr]
    marker = "slow request started"

    def started() -> int:
        with contextlib.suppress(OSError):
            return logfile.read_text(errors="replace").count(marker)
        return 0

    before = started()
    t = threading.Thread(target=in_flight, daemon=True)
    t.start()
    deadline = time.monotonic() + 10
    while started() <= before and time.monotonic() < deadline and "status" not in result and "error" not in result:
        time.sleep(0.05)  # wait until the app is actually serving the request
    if started() <= before:
        r.note("could not see the in-flight request start in the log; sending SIGTERM anyway")
    if proc.poll() is not None:
        r.fail(f"app exited during preStop (exit {proc.returncode})")
        return
    t_term = time.monotonic()
    os.kill(proc.pid, signal.SIGTERM)
    remaining = grace - (t_term - t_start)
    try:
        rc = proc.wait(timeout=max(remaining, 0.1))
    except subprocess.TimeoutExpired:
        r.fail(f"still running at terminationGracePeriodSeconds ({grace:g}s): the kubelet would SIGKILL it")
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        rc = None
    took = time.monotonic() - t_term
    t.join(timeout=slow + 30)
    r.metrics.update(shutdown_seconds=round(took, 2), exit_code=rc, in_flight_seconds=slow)
    # uvicorn >= 0.29 re-raises the captured SIGTERM once its graceful shutdown is done, so a
    # clean single-process exit shows as "killed by SIGTERM" (exit 143 in Kubernetes terms).
    if rc not in (0, None, -signal.SIGTERM, 128 + signal.SIGTERM):
        r.fail(f"exit code {rc} after SIGTERM")
    if graceful is not None and took > float(graceful) + opts.shutdown_slack:
        r.fail(f"shutdown took {took:.1f}s > --timeout-graceful-shutdown {graceful} (+{opts.shutdown_slack:g}s)")
    if result.get("status") != 200:
        r.fail(f"in-flight request was not completed during shutdown: {result}")
    rp.pod.collect_logs()  # type: ignore[union-attr]
    logs = "\n".join(rp.report.logs.values())
    if "shutdown complete" not in logs:
        r.fail("lifespan shutdown did not run (no 'shutdown complete' in the logs)")
    # no orphans left behind
    time.sleep(0.2)
    left = [p for p in psutil.process_iter(["pid", "cmdline"]) if rp.pod and str(rp.pod.app) in " ".join(p.info["cmdline"] or [])]
    if left:
        r.fail(f"processes left after shutdown: {[p.pid for p in left]}")


def workloads_in_docs(wl: Workload, kinds: tuple[str, ...]) -> list[Workload]:
    return [Workload(wl.source, d, wl.docs) for d in wl.docs if d.get("kind") in kinds]


# --------------------------------------------------------------------------- mutations (negative cases)


def app_container(doc: dict[str, Any]) -> dict[str, Any]:
    containers = doc["spec"]["template"]["spec"]["containers"]
    return next((c for c in containers if _is_app_container(c)), containers[0])


def uvicorn_argv_slot(c: dict[str, Any]) -> tuple[str, list[str]]:
    """Which list (command or args) holds the uvicorn arguments."""
    for key in ("args", "command"):
        if c.get(key) and any(str(a).endswith(":app") or "--port" in str(a) for a in c[key]):
            return key, c[key]
    return ("command", c.setdefault("command", []))


def iter_docs_of_kind(docs: list[dict[str, Any]], kind: str) -> Iterator[dict[str, Any]]:
    return (d for d in docs if d.get("kind") == kind)


# --------------------------------------------------------------------------- static checks


_SLEEP_PATTERNS = (
    re.compile(r"^sleep\s+(\d+(?:\.\d+)?)$"),
    re.compile(r"time\.sleep\(\s*(\d+(?:\.\d+)?)\s*\)"),
)


def prestop_delay(c: dict[str, Any]) -> float | None:
    """Statically known preStop delay (``sleep N``, ``python -c '...time.sleep(N)'``, ``sleep`` action)."""
    hook = ((c.get("lifecycle") or {}).get("preStop")) or {}
    if "sleep" in hook:
        return float(hook["sleep"].get("seconds", 0))
    argv = (hook.get("exec") or {}).get("command") or []
    if not argv:
        return 0.0 if not hook else None
    text = " ".join(str(a) for a in argv)
    if os.path.basename(str(argv[0])) == "sleep" and len(argv) == 2:
        text = f"sleep {argv[1]}"
    for pat in _SLEEP_PATTERNS:
        m = pat.search(text)
        if m:
            return float(m.group(1))
    return None


def static_check(wl: Workload, image: Image | None = None) -> Report:
    """Checks that need no process: uvicorn accepts the flags, probes target the port uvicorn
    binds, the grace period covers preStop + graceful shutdown, non-root, writable /tmp."""
    image = image or parse_dockerfile()
    r = Report(wl.id)
    spec = wl.pod_spec
    psc = spec.get("securityContext", {}) or {}
    vols = {v.get("name"): v for v in spec.get("volumes", []) or []}
    containers = (spec.get("initContainers") or []) + (spec.get("containers") or [])
    if not containers:
        r.fail("pod template has no containers")
    for c in containers:
        name = c.get("name")
        csc = c.get("securityContext", {}) or {}
        uid = csc.get("runAsUser", psc.get("runAsUser"))
        if uid in (None, 0):
            r.fail(f"{name}: runAsUser {uid!r} (must be a numeric non-root uid)")
        if csc.get("readOnlyRootFilesystem"):
            tmp = [m for m in c.get("volumeMounts", []) or [] if m.get("mountPath", "").rstrip("/") == "/tmp"]
            if not tmp or "emptyDir" not in vols.get(tmp[0].get("name"), {}):
                r.fail(f"{name}: readOnlyRootFilesystem without an emptyDir at /tmp")
    if wl.kind != "Deployment":
        return r
    apps = [c for c in spec.get("containers", []) if _is_app_container(c)]
    if not apps:
        r.fail("no app container (ports/probes)")
        return r
    c = apps[0]
    env = {e["name"]: str(e.get("value", "")) for e in c.get("env", []) or [] if "value" in e}
    command, args = c.get("command"), c.get("args")
    argv = list(command) + list(args or []) if command else list(image.entrypoint) + list(args or image.cmd)
    argv = [expand(str(a), env) for a in argv]
    uv, err = uvicorn_options(argv, env)
    if err:
        r.fail(err)
    named = {p.get("name"): int(p["containerPort"]) for p in c.get("ports", []) or [] if "containerPort" in p}
    if uv is not None:
        bound = int(uv.get("port") or 8000)
        r.metrics["uvicorn_port"] = bound
        if not uv.get("app"):
            r.fail("uvicorn has no ASGI app argument")
        elif not re.fullmatch(r"[A-Za-z_][\w.]*:[A-Za-z_][\w.]*(\(\))?", str(uv["app"])):
            r.fail(f"ASGI app {uv['app']!r} is not a 'module:attribute' import string")
        if named and bound not in named.values():
            r.fail(f"uvicorn binds {bound} but containerPorts are {sorted(named.values())}")
        for key in ("startupProbe", "livenessProbe", "readinessProbe"):
            probe = c.get(key) or {}
            action = probe.get("httpGet") or probe.get("tcpSocket")
            if not action:
                continue
            port = _probe_port(action, c)
            if port is None:
                r.fail(f"{key} port {action.get('port')!r} names no containerPort")
            elif port != bound:
                r.fail(f"{key} targets port {port} but uvicorn binds {bound}")
        workers = int(uv.get("workers") or 1)
        r.metrics["workers"] = workers
        graceful = uv.get("timeout_graceful_shutdown")
        grace = float(spec.get("terminationGracePeriodSeconds", 30))
        delay = prestop_delay(c)
        r.metrics.update(grace=grace, prestop=delay, graceful=graceful)
        if graceful is None:
            r.note("no --timeout-graceful-shutdown")
        elif delay is None:
            r.note("preStop delay not statically known (checked at run time)")
        elif not grace > delay + float(graceful):
            r.fail(f"terminationGracePeriodSeconds {grace:g} <= preStop {delay:g}s + --timeout-graceful-shutdown {graceful}")
    for key in ("livenessProbe", "readinessProbe"):
        if not c.get(key):
            r.fail(f"no {key}")
    return r
