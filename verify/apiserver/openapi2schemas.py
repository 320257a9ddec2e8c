#!/usr/bin/env python3
"""Convert a Kubernetes OpenAPI v2 definitions map into kubeconform schemas, offline.

Usage: openapi2schemas.py <_definitions.json> <outdir> [crd.yaml ...]

Writes one standalone, strict JSON schema per group/version/kind as
<outdir>/<kind>-<group>-<version>.json (core group: <kind>-<version>.json),
lower-cased, the layout kubeconform's `{{ .ResourceKind }}{{ .KindSuffix }}.json`
template expects. "Strict" = every object schema with `properties` gets
`additionalProperties: false`. References are kept as local
`#/definitions/...` refs inside each file (only the reachable ones), so
recursive types (JSONSchemaProps) stay finite. Optional CRD files add schemas
from their openAPIV3Schema (PyYAML required for those).
"""
import copy
import json
import os
import sys

PREFIX = "#/definitions/"


def strictify(node, nullable=False):
    """Return a copy with additionalProperties:false on closed objects."""
    if isinstance(node, list):
        return [strictify(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, val in node.items():
        if key in ("properties", "patternProperties", "definitions"):
            out[key] = {k: strictify(v) for k, v in val.items()}
        elif key in ("x-kubernetes-group-version-kind", "enum", "required", "default", "example"):
            out[key] = copy.deepcopy(val)
        else:
            out[key] = strictify(val)
    preserve = node.get("x-kubernetes-preserve-unknown-fields") is True
    if "properties" in out and "additionalProperties" not in out and not preserve:
        out["additionalProperties"] = False
    return out


def refs_in(node, acc):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(PREFIX):
            acc.add(ref[len(PREFIX):])
        for v in node.values():
            refs_in(v, acc)
    elif isinstance(node, list):
        for v in node:
            refs_in(v, acc)


def closure(defs, root):
    seen, todo = set(), [root]
    while todo:
        name = todo.pop()
        if name in seen or name not in defs:
            continue
        seen.add(name)
        acc = set()
        refs_in(defs[name], acc)
        todo.extend(acc - seen)
    return seen


def filename(kind, group, version):
    suffix = f"-{group.split('.')[0]}-{version}" if group else f"-{version}"
    return f"{kind}{suffix}".lower() + ".json"


def write(outdir, kind, group, version, schema):
    path = os.path.join(outdir, filename(kind, group, version))
    with open(path, "w") as fh:
        json.dump(schema, fh, separators=(",", ":"), sort_keys=True)
    return path


def from_definitions(defs, outdir):
    strict = {name: strictify(d) for name, d in defs.items()}
    count = 0
    for name, d in defs.items():
        for gvk in d.get("x-kubernetes-group-version-kind", []):
            schema = copy.deepcopy(strict[name])
            reach = closure(defs, name) - {name}
            # the root may reference itself (rare); keep it reachable as a definition too
            acc = set()
            refs_in(strict[name], acc)
            if name in acc:
                reach.add(name)
            if reach:
                schema["definitions"] = {r: strict[r] for r in sorted(reach)}
            schema["$schema"] = "http://json-schema.org/draft-04/schema#"
            write(outdir, gvk["kind"], gvk.get("group", ""), gvk["version"], schema)
            count += 1
    return count


def from_crds(paths, outdir):
    try:
        import yaml  # noqa: PLC0415
    except ImportError:
        print("openapi2schemas: PyYAML missing, CRD schemas not generated", file=sys.stderr)
        return 0
    count = 0
    for path in paths:
        with open(path) as fh:
            for doc in yaml.safe_load_all(fh):
                if not doc or doc.get("kind") != "CustomResourceDefinition":
                    continue
                spec = doc["spec"]
                for ver in spec.get("versions", []):
                    v3 = (ver.get("schema") or {}).get("openAPIV3Schema")
                    if not v3:
                        continue
                    schema = strictify(v3)
                    schema["$schema"] = "http://json-schema.org/draft-04/schema#"
                    # metadata is validated by the apiserver; allow ObjectMeta fields here
                    props = schema.setdefault("properties", {})
                    props["metadata"] = {"type": "object"}
                    props.setdefault("apiVersion", {"type": "string"})
                    props.setdefault("kind", {"type": "string"})
                    write(outdir, spec["names"]["kind"], spec["group"], ver["name"], schema)
                    count += 1
    return count


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    data = {}
    if argv[1] != "/dev/null":  # /dev/null = CRD files only
        with open(argv[1]) as fh:
            data = json.load(fh)
    defs = data.get("definitions", data)
    os.makedirs(argv[2], exist_ok=True)
    n = from_definitions(defs, argv[2])
    n += from_crds(argv[3:], argv[2])
    print(f"openapi2schemas: wrote {n} schemas to {argv[2]}", file=sys.stderr)
    return 0 if n else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
