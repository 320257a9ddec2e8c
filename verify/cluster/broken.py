#!/usr/bin/env python3
"""Print dist/kf-api.k8s.yaml's Deployment broken one way per case (the emulator's cases, see
checks.sh), each with its ServiceAccount in its own namespace kf-broken-<case>, as one stream
for a single kubectl apply. Usage: broken.py <case>...   (run from the repo root)."""
import copy, sys, yaml
DOCS = [d for d in yaml.safe_load_all(open("dist/kf-api.k8s.yaml")) if d]

def broken(case):
    docs = copy.deepcopy(DOCS)
    dep = [d for d in docs if d["kind"] == "Deployment"][0]
    sa = [d for d in docs if d["kind"] == "ServiceAccount"][0]   # the pods run as it
    ns = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "kf-broken-" + case}}
    for d in (dep, sa): d["metadata"]["namespace"] = ns["metadata"]["name"]
    spec = dep["spec"]["template"]["spec"]
    mutate(case, spec, spec["containers"][0], spec["containers"][0]["command"])
    return [ns, sa, dep]

def mutate(case, spec, app, argv):
  def all_containers(): return spec["containers"] + spec.get("initContainers", [])
  for c in all_containers():
      c["resources"]["requests"].update({"cpu": "10m", "memory": "64Mi"})
  if case == "wrong-readiness-path": app["readinessProbe"]["httpGet"]["path"] = "/ready-nope"
  elif case == "wrong-liveness-path": app["livenessProbe"]["httpGet"]["path"] = "/health-nope"
  elif case == "wrong-startup-path": app["startupProbe"]["httpGet"]["path"] = "/startup-nope"
  elif case == "wrong-container-port": app["ports"][0]["containerPort"] += 1
  elif case == "wrong-uvicorn-port": argv[argv.index("--port") + 1] = "9099"
  elif case == "wrong-probe-port": app["readinessProbe"]["httpGet"]["port"] = 9098
  elif case == "wrong-asgi-attribute": argv[argv.index("service.main:app")] = "service.main:application"
  elif case == "wrong-asgi-module": argv[argv.index("service.main:app")] = "main:app"
  elif case == "missing-asgi-app": argv.remove("service.main:app")
  elif case == "no-tmp-emptydir":
      spec["volumes"] = [v for v in spec["volumes"] if v["name"] != "tmp"] or None
      for c in all_containers(): c["volumeMounts"] = [m for m in c.get("volumeMounts", []) if m["mountPath"] != "/tmp"] or None
  elif case == "writes-outside-tmp":
      for c in all_containers(): c["env"] = [{"name": "DATABASE_URL", "value": "sqlite:////var/tmp/outside/app.db"}]
  elif case == "no-migration-init-container": spec.pop("initContainers")
  elif case == "runs-as-root":
      for c in all_containers(): c["securityContext"]["runAsUser"] = 0
  elif case == "missing-secret":
      for c in all_containers(): c["env"] = [{"name": "DATABASE_URL", "valueFrom": {"secretKeyRef": {"name": "kf-api-db", "key": "url"}}}]
  elif case == "missing-image-tag":
      for c in all_containers(): c["image"] = "4oh4/kubernetes-fastapi:9.9.9"
  elif case == "short-grace": spec["terminationGracePeriodSeconds"] = 3   # < preStop 5 s + uvicorn's 20 s
  elif case == "grace-control": pass   # dist's own 30 s
  elif case == "weak-security-context":   # the app container only; the pod stays non-root
      app["securityContext"].update({"allowPrivilegeEscalation": True, "readOnlyRootFilesystem": False})
      app["securityContext"].pop("capabilities")
      spec["securityContext"].pop("seccompProfile")
  else: sys.exit("unknown case " + case)

print(yaml.safe_dump_all([d for case in sys.argv[1:] for d in broken(case)]))
