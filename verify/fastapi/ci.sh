#!/usr/bin/env bash
# FastAPI tier: what the app does under real uvicorn, on SQLite and on a real PostgreSQL, that a
# cluster cannot show better (see README.md): hadolint on app/Dockerfile, then pytest (in-process
# app checks, dist/'s uvicorn command on loopback incl. graceful-shutdown semantics, the
# migration against PostgreSQL 15 from Debian's package, a bounded Locust run).
#
#   bash verify/fastapi/ci.sh [extra pytest args]
#
# Reads the committed dist/kf-api.k8s.yaml (never runs npm). Creates or reuses a pinned venv
# cached OUTSIDE the clone:
#   ${CDK8S_FASTAPI_CACHE:-$HOME/.cache/cdk8s-fastapi}/venv-e2e-<hash of the requirements files>
# Installs Debian's postgresql-15 if missing (its service is not started: the tests run their
# own server as the `postgres` user on 127.0.0.1 with a throwaway data dir). Loopback traffic only.
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

PG_BIN=/usr/lib/postgresql/15/bin
if [ ! -x "$PG_BIN/initdb" ]; then
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || { log "PostgreSQL 15 missing ($PG_BIN/initdb)"; exit 1; }
  log "installing Debian's postgresql-15 (its own cluster service is kept from starting)"
  added_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; added_policy=1
  fi
  apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq postgresql-15 >/dev/null || true
  [ -n "$added_policy" ] && rm -f /usr/sbin/policy-rc.d
  [ -x "$PG_BIN/initdb" ] || { log "postgresql-15 install failed"; exit 1; }
fi

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
rm -f build/e2e/locust-results.json
export PYTHONDONTWRITEBYTECODE=1
log "setup done in $(( $(date +%s) - start ))s; pytest (its summary line is the last line)"
rc=0
timeout --signal=TERM --kill-after=30 "${E2E_TIMEOUT:-900}" \
  "$VENV/bin/python" -m pytest verify/fastapi -p no:cacheprovider -ra -q "$@" || rc=$?
exit "$rc"
