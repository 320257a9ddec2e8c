"""The PyPI pins of this tier are the npm versions the TypeScript side is tested with."""
import json
import re

from conftest import ROOT

PINS = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", (ROOT / "verify/python/requirements.txt").read_text(), re.M))


def test_pypi_pins_match_npm_dev_dependencies():
    dev = json.loads((ROOT / "package.json").read_text())["devDependencies"]
    for name in ("cdk8s", "cdk8s-plus-28", "constructs"):
        assert PINS[name] == dev[name], f"{name}: PyPI {PINS[name]} vs npm {dev[name]}"
