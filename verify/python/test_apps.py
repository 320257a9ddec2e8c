"""Every Python app in apps/ synthesizes byte-identical YAML to its TypeScript twin."""
import difflib
from pathlib import Path

import pytest

from conftest import APPS, ROOT, run_python_app, run_ts_app

FIXTURE_APPS = sorted((APPS / "fixtures").glob("*.py"))
EXAMPLE_APPS = sorted((APPS / "examples").glob("*.py"))
# other Python apps and their TypeScript twin, both run with CDK8S_OUTDIR
TWINS = {"main.py": "main.ts"}


def files(d: Path):
    return sorted(p.relative_to(d).as_posix() for p in d.rglob("*") if p.is_file())


def assert_same_tree(ts_dir: Path, py_dir: Path, only=None):
    ts_files = only or files(ts_dir)
    assert files(py_dir) == ts_files, f"files differ: TypeScript {ts_files}, Python {files(py_dir)}"
    for name in ts_files:
        ts, py = (ts_dir / name).read_bytes(), (py_dir / name).read_bytes()
        if ts != py:
            diff = difflib.unified_diff(ts.decode().splitlines(), py.decode().splitlines(),
                                        f"typescript/{name}", f"python/{name}", lineterm="")
            pytest.fail(f"{name} differs:\n" + "\n".join(list(diff)[:80]))


@pytest.mark.parametrize("app", FIXTURE_APPS, ids=lambda p: p.stem)
def test_fixture_app_matches_typescript(app, ts_fixtures, tmp_path):
    out = run_python_app(app, tmp_path / "py")
    assert_same_tree(ts_fixtures, out, only=[f"{app.stem}.k8s.yaml"])


@pytest.mark.parametrize("app", EXAMPLE_APPS, ids=lambda p: p.stem)
def test_example_app_matches_typescript(app, tmp_path):
    ts_out = run_ts_app(ROOT / "examples" / f"{app.stem}.ts", tmp_path / "ts")
    py_out = run_python_app(app, tmp_path / "py")
    assert_same_tree(ts_out, py_out)


@pytest.mark.parametrize("app", sorted(TWINS), ids=lambda p: p)
def test_app_matches_its_typescript_twin(app, tmp_path):
    ts_out = run_ts_app(ROOT / TWINS[app], tmp_path / "ts")
    py_out = run_python_app(APPS / app, tmp_path / "py")
    assert_same_tree(ts_out, py_out)


def test_every_typescript_fixture_and_example_has_a_python_mirror(ts_fixtures):
    fixtures = {p.name[: -len(".k8s.yaml")] for p in ts_fixtures.glob("*.k8s.yaml")}
    examples = {p.stem for p in (ROOT / "examples").glob("*.ts")}
    missing = sorted(f"fixtures/{n}.py" for n in fixtures - {p.stem for p in FIXTURE_APPS})
    missing += sorted(f"examples/{n}.py" for n in examples - {p.stem for p in EXAMPLE_APPS})
    assert not missing, f"TypeScript apps without a Python mirror in verify/python/apps/: {missing}"
