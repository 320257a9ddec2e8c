"""The README's Python quick start, run as written in a fresh venv: the pip install (of the
freshly built wheel instead of PyPI's), main.py, cdk8s.yaml, `cdk8s synth`. Its YAML must equal
the README's TypeScript example's."""
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


def shell_lines(blocks):
    return [line.split("#")[0].strip() for lang, body in blocks if lang == "sh" for line in body.splitlines() if line.split("#")[0].strip()]


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

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = node_env(PATH=f"{venv / 'bin'}:{CDK8S.parent}:{os.environ['PATH']}", VIRTUAL_ENV=venv)
    env.pop("PYTHONHOME", None)
    for line in shell_lines(blocks):
        if line.startswith("pip install "):
            line = line.replace("cdk8s-fastapi", wheel)  # the wheel under test, its deps from PyPI
        p = subprocess.run(line, shell=True, cwd=project, env=env, capture_output=True, text=True)
        assert p.returncode == 0, f"`{line}` failed:\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}"
    py_yaml = sorted((project / "dist").glob("*.k8s.yaml"))
    assert py_yaml, "cdk8s synth wrote no YAML"

    # the README's TypeScript example, with 'cdk8s-fastapi' resolved to this clone's lib/
    ts = re.search(r"```ts\n(.*?)```", README.read_text(), re.S)
    if ts is None:
        pytest.skip("README.md has no TypeScript example to compare with")
    main_ts = tmp_path / "ts" / "main.ts"
    main_ts.parent.mkdir()
    main_ts.write_text(ts.group(1).replace("'cdk8s-fastapi'", repr(str(ROOT / "lib"))))
    run(TS_RUN + [str(main_ts)], cwd=ROOT, CDK8S_OUTDIR=tmp_path / "ts" / "dist", NODE_PATH=ROOT / "node_modules")
    for f in py_yaml:
        assert f.read_bytes() == (tmp_path / "ts" / "dist" / f.name).read_bytes(), f"{f.name}: Python quick start != TypeScript example"
