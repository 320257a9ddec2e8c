#!/usr/bin/env bash
# Real-FastAPI-workload tier: hadolint on app/Dockerfile + pytest e2e (synthesized manifests run
# locally as the kubelet would, negative cases, bounded Locust run).
#
#   bash verify/fastapi/ci.sh [extra pytest args]
#
# Expects the synthesized manifests in dist/ and build/fixtures/ (.ci/run synthesizes them first;
# this script never runs npm). Creates or reuses a pinned venv cached OUTSIDE the clone:
#   ${CDK8S_FASTAPI_CACHE:-$HOME/.cache/cdk8s-fastapi}/venv-e2e-<hash of the requirements files>
# Needs root (processes run as the pod's runAsUser via setpriv). Loopback traffic only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
CACHE="${CDK8S_FASTAPI_CACHE:-${HOME:-/root}/.cache/cdk8s-fastapi}"
start=$(date +%s)

log() { printf '[e2e] %s\n' "$*" >&2; }

# Base interpreter: one uid 10001 can execute (pyenv's lives in root's 0700 home), so prefer the
# system Python 3 (>= 3.10) with the venv module; E2E_PYTHON overrides.
pick_python() {
  local c
  for c in ${E2E_PYTHON:-} /usr/bin/python3.11 /usr/bin/python3.12 /usr/bin/python3 /usr/local/bin/python3 "$(command -v python3 || true)"; do
    [ -n "$c" ] && [ -x "$c" ] || continue
    if "$c" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
      echo "$c"; return 0
    fi
  done
  return 1
}
if ! PY="$(pick_python)"; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "no Python 3 with venv: installing python3-venv"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
  fi
  PY="$(pick_python)" || { log "no usable python3 (with venv) found"; exit 1; }
fi
command -v setpriv >/dev/null || { log "setpriv (util-linux) is required"; exit 1; }

HASH=$( { cat app/requirements.txt verify/fastapi/requirements.txt; "$PY" -c 'import sys; print(sys.version)'; echo "$PY"; } \
        | sha256sum | cut -c1-16)
VENV="$CACHE/venv-e2e-$HASH"
if [ ! -f "$VENV/.complete" ]; then
  log "creating $VENV (base $PY)"
  mkdir -p "$CACHE"
  TMPV="$VENV.tmp.$$"
  rm -rf "$TMPV"
  "$PY" -m venv "$TMPV"
  "$TMPV/bin/python" -m pip install -q --disable-pip-version-check -r verify/fastapi/requirements.txt
  # shebangs name the final path; fix them before moving into place
  grep -rlI --null "^#!$TMPV/bin/python" "$TMPV/bin" | xargs -0 -r sed -i "1s|^#!$TMPV/bin/python|#!$VENV/bin/python|"
  sed -i "s|$TMPV|$VENV|g" "$TMPV/bin/activate" "$TMPV/pyvenv.cfg" 2>/dev/null || true
  chmod -R a+rX "$TMPV"
  touch "$TMPV/.complete"
  rm -rf "$VENV"
  mv -T "$TMPV" "$VENV"
else
  log "reusing $VENV"
fi

log "hadolint app/Dockerfile"
"$VENV/bin/hadolint" --config app/.hadolint.yaml app/Dockerfile
log "hadolint: ok"

mkdir -p build/e2e
rm -f build/e2e/reports.jsonl build/e2e/locust-results.json build/e2e/locust_*.csv
export PYTHONDONTWRITEBYTECODE=1
rc=0
timeout --signal=TERM --kill-after=30 "${E2E_TIMEOUT:-900}" \
  "$VENV/bin/python" -m pytest verify/fastapi -p no:cacheprovider -ra -q "$@" || rc=$?
log "done in $(( $(date +%s) - start ))s (exit $rc)"
exit "$rc"
