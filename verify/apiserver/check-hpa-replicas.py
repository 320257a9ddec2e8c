#!/usr/bin/env python3
"""Fail if a Deployment/StatefulSet sets spec.replicas while an HPA targets it.

Usage: check-hpa-replicas.py FILE...   (all files are read as one set of objects)
With both set, every `kubectl apply` resets the replica count the HPA chose.
Exit 0 = clean, 1 = violations (printed), 2 = usage/parse error.
"""
import sys

import yaml


def main(paths):
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    objs = []
    for path in paths:
        with open(path) as fh:
            objs += [d for d in yaml.safe_load_all(fh) if isinstance(d, dict) and d.get("kind")]
    scalable = {}
    for d in objs:
        if d["kind"] in ("Deployment", "StatefulSet"):
            meta = d.get("metadata") or {}
            key = (meta.get("namespace", ""), d["kind"], meta.get("name"))
            scalable[key] = d
    bad = 0
    for d in objs:
        if d["kind"] != "HorizontalPodAutoscaler":
            continue
        meta = d.get("metadata") or {}
        ref = (d.get("spec") or {}).get("scaleTargetRef") or {}
        key = (meta.get("namespace", ""), ref.get("kind"), ref.get("name"))
        target = scalable.get(key)
        if target is None:
            continue
        replicas = (target.get("spec") or {}).get("replicas")
        if replicas is not None:
            bad += 1
            print(f"{key[1]} {key[0] or '<default>'}/{key[2]} sets spec.replicas={replicas} but "
                  f"HorizontalPodAutoscaler {meta.get('name')} scales it: drop spec.replicas")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
