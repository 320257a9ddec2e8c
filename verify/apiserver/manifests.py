#!/usr/bin/env python3
"""Small manifest helpers for the cluster tier (PyYAML).

  manifests.py namespaces FILE...        namespaces the files mention (one per line)
  manifests.py prereqs NS FILE...        JSON List: Namespaces (PSS restricted labels) for NS and
                                         every namespace mentioned, a `default` ServiceAccount in
                                         each, and the ServiceAccounts the files define
  manifests.py pods FILE                 JSON List: each workload's pod template as a bare Pod
                                         (so Pod Security `enforce` really runs on dry-run)
  manifests.py expect FILE               `check<TAB>regex` per `# expect-fail: check regex` line
"""
import json
import re
import sys

import yaml

WORKLOADS = {
    "Deployment": ("spec", "template"),
    "StatefulSet": ("spec", "template"),
    "DaemonSet": ("spec", "template"),
    "ReplicaSet": ("spec", "template"),
    "Job": ("spec", "template"),
    "CronJob": ("spec", "jobTemplate", "spec", "template"),
}
PSS = {f"pod-security.kubernetes.io/{m}": "restricted" for m in ("enforce", "warn", "audit")}


def docs(paths):
    for path in paths:
        with open(path) as fh:
            for doc in yaml.safe_load_all(fh):
                if isinstance(doc, dict) and doc.get("kind"):
                    if doc["kind"].endswith("List") and "items" in doc:
                        yield from doc["items"]
                    else:
                        yield doc


def namespaces(paths):
    seen = []
    for d in docs(paths):
        ns = (d.get("metadata") or {}).get("namespace")
        if d["kind"] == "Namespace":
            ns = d["metadata"]["name"]
        if ns and ns not in seen:
            seen.append(ns)
    return seen


def lst(items):
    return {"apiVersion": "v1", "kind": "List", "items": items}


def prereqs(default_ns, paths):
    items = []
    for ns in [default_ns] + [n for n in namespaces(paths) if n != default_ns]:
        items.append({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns, "labels": PSS}})
        items.append({"apiVersion": "v1", "kind": "ServiceAccount",
                      "metadata": {"name": "default", "namespace": ns}})
    for d in docs(paths):
        if d["kind"] == "ServiceAccount" and d.get("apiVersion") == "v1":
            meta = {"name": d["metadata"]["name"], "namespace": d["metadata"].get("namespace", default_ns)}
            items.append({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta})
    return lst(items)


def pods(path):
    items = []
    for d in docs([path]):
        route = WORKLOADS.get(d["kind"])
        if not route:
            continue
        tpl = d
        for key in route:
            tpl = (tpl or {}).get(key)
        if not tpl:
            continue
        meta = {"name": re.sub(r"[^a-z0-9-]", "-", f"{d['kind'].lower()}-{d['metadata']['name']}")[:63]}
        if d["metadata"].get("namespace"):
            meta["namespace"] = d["metadata"]["namespace"]
        tmeta = tpl.get("metadata") or {}
        for key in ("labels", "annotations"):
            if tmeta.get(key):
                meta[key] = tmeta[key]
        items.append({"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": tpl.get("spec", {})})
    return lst(items)


def expect(path):
    """[(check, regex)] from `# expect-fail: <check> <regex the failure output must match>`."""
    out = []
    with open(path) as fh:
        for line in fh:
            m = re.match(r"#\s*expect-fail:\s*(\S+)\s*(.*?)\s*$", line)
            if m:
                out.append((m.group(1), m.group(2)))
    return out


def main(argv):
    cmd, args = argv[1], argv[2:]
    if cmd == "namespaces":
        print("\n".join(namespaces(args)))
    elif cmd == "prereqs":
        json.dump(prereqs(args[0], args[1:]), sys.stdout)
    elif cmd == "pods":
        out = pods(args[0])
        json.dump(out, sys.stdout)
        return 0 if out["items"] else 3  # 3 = no workloads in file
    elif cmd == "expect":
        for check, regex in expect(args[0]):
            print(f"{check}\t{regex}")
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
