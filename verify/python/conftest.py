"""Shared helpers of the Python tier: where things are, how to run a Python app and the
TypeScript reference, and the TypeScript side's own messages. Adjust the constants below, not
the tests, when a script or a path changes."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = Path(__file__).resolve().parent / "apps"
# `npm run fixtures` writes FIXTURES of test/fixtures.ts to build/fixtures/<name>.k8s.yaml
TS_FIXTURES_CMD = ["npm", "run", "-s", "fixtures"]
TS_FIXTURES_DIR = ROOT / "build" / "fixtures"
# a TypeScript file run the way examples/*.ts say they are run (CDK8S_OUTDIR picks the outdir)
TS_RUN = ["node", "-r", "./scripts/ts-hook.js"]


def node_env(**extra):
    env = dict(os.environ)
    env.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", node_major())
    env["CDK8S_CHECK_UPGRADE"] = "false"
    env.update({k: str(v) for k, v in extra.items()})
    return env


def node_major():
    return subprocess.run(["node", "-p", "process.versions.node.split('.')[0]"],
                          capture_output=True, text=True, check=True).stdout.strip()


def run(cmd, cwd, **env):
    p = subprocess.run(cmd, cwd=cwd, env=node_env(**env), capture_output=True, text=True)
    if p.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, cmd))} failed ({p.returncode}):\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}")
    return p


def run_python_app(app: Path, outdir: Path, python=sys.executable):
    """Runs a Python cdk8s app as `cdk8s synth` would: its own process, CDK8S_OUTDIR set."""
    outdir.mkdir(parents=True, exist_ok=True)
    run([python, str(app)], cwd=outdir.parent, CDK8S_OUTDIR=outdir)
    return outdir


def run_ts_app(ts_file: Path, outdir: Path):
    outdir.mkdir(parents=True, exist_ok=True)
    run(TS_RUN + [str(ts_file)], cwd=ROOT, CDK8S_OUTDIR=outdir)
    return outdir


def ts_message(js_expr: str) -> str:
    """The message the TypeScript library throws for `js_expr` (evaluated with cdk8s, cdk8s-plus-28
    and the library in scope as `cdk8s`, `plus` and `lib`), or 'NO ERROR'."""
    script = (
        "const cdk8s = require('cdk8s'); const plus = require('cdk8s-plus-28'); const lib = require(process.cwd() + '/lib');"
        "const chart = new cdk8s.Chart(cdk8s.Testing.app(), 'c');"
        f"try {{ {js_expr}; console.log('NO ERROR'); }} catch (e) {{ process.stdout.write(String(e.message)); }}"
    )
    return run(TS_RUN + ["-e", script], cwd=ROOT).stdout


@pytest.fixture(scope="session")
def ts_fixtures():
    run(TS_FIXTURES_CMD, cwd=ROOT)
    return TS_FIXTURES_DIR
