"""The README's Python quick start, run as written: its files (main.py, cdk8s.yaml) are written to
an empty directory, and its shell blocks run there as one bash script, so the README's own
`python3 -m venv .venv && . .venv/bin/activate` makes the fresh venv. Only `pip install
cdk8s-fastapi` is pointed at the freshly built wheel (its dependencies come from PyPI). The YAML
must equal the README's TypeScript example's."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, TS_RUN, node_env, run

README = ROOT / "README.md"
SECTION = re.compile(r"<!-- python-quickstart\b.*?-->(.*?)<!-- /python-quickstart -->", re.S)
FENCE = re.compile(r"```(\w+)\n(.*?)```", re.S)
CDK8S = ROOT / "node_modules" / ".bin" / "cdk8s"


def quickstart_blocks():
    m = SECTION.search(README.read_text())
    assert m, "README.md has no <!-- python-quickstart --> section"
    return FENCE.findall(m.group(1))


@pytest.mark.quickstart
def test_readme_python_quickstart_runs_as_written(tmp_path):
    wheel = os.environ.get("PYTHON_TIER_WHEEL")
    if not wheel:
        pytest.skip("PYTHON_TIER_WHEEL unset: run through verify/python/ci.sh")
    blocks = quickstart_blocks()
    project = tmp_path / "project"
    project.mkdir()
    for lang, body in blocks:  # files are the blocks whose first line is '# <file name>'
        first = body.splitlines()[0]
        if lang in ("python", "yaml") and first.startswith("# "):
            (project / first[2:].strip()).write_text(body)
    assert (project / "main.py").exists() and (project / "cdk8s.yaml").exists()

    script = "\n".join(body for lang, body in blocks if lang == "sh")
    assert "pip install cdk8s-fastapi" in script
    script = script.replace("pip install cdk8s-fastapi", f"pip install -q --disable-pip-version-check {wheel}")
    # python3 is the tier's interpreter; the cdk8s CLI is this clone's (the README says npm i -g cdk8s-cli)
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "python3").symlink_to(os.environ.get("PYTHON_TIER_BASE_PYTHON", sys.executable))
    env = node_env(PATH=f"{bindir}:{CDK8S.parent}:{os.environ['PATH']}")
    for var in ("VIRTUAL_ENV", "PYTHONHOME", "PYTHONPATH"):
        env.pop(var, None)
    p = subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=project, env=env, capture_output=True, text=True)
    assert p.returncode == 0, f"the quick start failed:\n{script}\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}"
    assert (project / ".venv" / "bin" / "python").exists(), "the quick start made no venv"
    py_yaml = sorted((project / "dist").glob("*.k8s.yaml"))
    assert py_yaml, "cdk8s synth wrote no YAML"

    # the README's TypeScript example, with 'cdk8s-fastapi' resolved to this clone's lib/
    ts = re.search(r"```ts\n(.*?)```", README.read_text(), re.S)
    assert ts, "README.md has no TypeScript example to compare with"
    main_ts = tmp_path / "ts" / "main.ts"
    main_ts.parent.mkdir()
    main_ts.write_text(ts.group(1).replace("'cdk8s-fastapi'", repr(str(ROOT / "lib"))))
    run(TS_RUN + [str(main_ts)], cwd=ROOT, CDK8S_OUTDIR=tmp_path / "ts" / "dist", NODE_PATH=ROOT / "node_modules")
    for f in py_yaml:
        assert f.read_bytes() == (tmp_path / "ts" / "dist" / f.name).read_bytes(), f"{f.name}: Python quick start != TypeScript example"
