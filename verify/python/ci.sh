#!/usr/bin/env bash
# Python tier: compile the library with jsii, build the Python wheel with jsii-pacmak, install it
# with cdk8s / cdk8s-plus-28 / constructs from PyPI into a cached venv, and run pytest on the
# Python cdk8s apps of verify/python/apps/ (byte-identical YAML to the TypeScript fixtures and
# examples), the validation and wrong-key tests, and the README's Python quick start.
#
#   bash verify/python/ci.sh [extra pytest args]        (npm run test:python)
#
# Caches, keyed by content, OUTSIDE the clone (so a clean clone reuses them):
#   ${CDK8S_FASTAPI_CACHE:-$HOME/.cache/cdk8s-fastapi}/python/venv-<hash of requirements + python>
#   ${CDK8S_FASTAPI_CACHE:-$HOME/.cache/cdk8s-fastapi}/python/wheel-<hash of .jsii + pacmak + python>
# PYTHON_TIER_SKIP_BUILD=1 reuses the .jsii already in the clone (no jsii compile).
# Needs: Node (the jsii runtime runs the library in node), python3 >= 3.10 with venv, PyPI.
# Prints pytest's summary line; exits non-zero if anything failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
CACHE="${CDK8S_FASTAPI_CACHE:-${HOME:-/root}/.cache/cdk8s-fastapi}/python"
export CDK8S_CHECK_UPGRADE=false
# Node 20 is end-of-life for jsii: its banner (on every jsii, pacmak and Python-app start) is
# silenced by naming the major version; JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION does NOT.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-$(node -p 'process.versions.node.split(".")[0]')}"
mkdir -p "$CACHE"

log() { printf '[python] %s\n' "$*" >&2; }
step="setup"
trap 'rc=$?; [ $rc -ne 0 ] && [ "$step" != pytest ] && log "FAILED in step: $step (exit $rc); pytest did not run"' EXIT
secs() { echo $(( $(date +%s) - $1 )); }

PY="${PYTHON_TIER_PYTHON:-$(command -v python3.11 || command -v python3)}"
PY="$("$PY" -c 'import sys; print(sys.executable)')"   # through pyenv shims to the interpreter
export PYTHON_TIER_BASE_PYTHON="$PY"   # test_quickstart.py: the README's `python3 -m venv`
"$PY" -c 'import sys, venv; sys.exit(sys.version_info < (3, 10))' || { log "need python3 >= 3.10 with venv (the wheel requires it)"; exit 1; }

# 1. jsii: lib/*.ts -> lib/*.js + .d.ts + .jsii (the assembly the wheel is generated from)
t=$(date +%s)
step="jsii compile"
if [ "${PYTHON_TIER_SKIP_BUILD:-}" != 1 ]; then
  node scripts/jsii-compile.cjs   # = npm run build:jsii (then removes the lib/*.js jsii emits)
  log "jsii compile: $(secs "$t")s"
fi
[ -f .jsii ] || { log "no .jsii: run npm run build:jsii"; exit 1; }

# 2. jsii-pacmak: .jsii -> build/jsii-dist/python/*.whl, which embeds the npm tarball (the JS).
#    Cached by the assembly AND the sources: the .jsii only describes the API, so an
#    implementation change alone leaves it unchanged. The assembly's copy of README.md (the
#    wheel's long description) is left out of the key: a README edit does not cost a pacmak run
#    (the quick-start test reads README.md from the clone, not from the wheel).
step="jsii-pacmak"
PACMAK_VERSION=$(node -p 'require("jsii-pacmak/package.json").version')
ASSEMBLY=$(node -e 'const a = JSON.parse(require("fs").readFileSync(".jsii", "utf8")); delete a.readme; delete a.fingerprint;
                    process.stdout.write(JSON.stringify(a))')
WHEEL_KEY=$( { echo "$ASSEMBLY"; cat package.json tsconfig*.json; find lib imports -name '*.ts' ! -name '*.d.ts' -print0 | sort -z | xargs -0 cat;
               echo "$PACMAK_VERSION"; "$PY" --version; } | sha256sum | cut -c1-16)
WHEEL_CACHE="$CACHE/wheel-$WHEEL_KEY"
t=$(date +%s)
if ! ls "$WHEEL_CACHE"/*.whl >/dev/null 2>&1; then
  npx --no-install jsii-pacmak --targets python --no-npmignore   # npm pack inside: prepack + postpack
  rm -rf "$WHEEL_CACHE.tmp.$$" && mkdir -p "$WHEEL_CACHE.tmp.$$"
  cp build/jsii-dist/python/*.whl "$WHEEL_CACHE.tmp.$$/"
  rm -rf "$WHEEL_CACHE" && mv -T "$WHEEL_CACHE.tmp.$$" "$WHEEL_CACHE"
  log "jsii-pacmak (python wheel): $(secs "$t")s"
else
  log "reusing wheel $WHEEL_CACHE"
fi
WHEEL=$(ls "$WHEEL_CACHE"/*.whl | head -1)
export PYTHON_TIER_WHEEL="$WHEEL"

# 3. the venv: pinned requirements from PyPI, then the wheel (no deps: they are pinned above)
step="venv"
HASH=$( { cat verify/python/requirements.txt; "$PY" -c 'import sys; print(sys.version)'; echo "$PY"; } | sha256sum | cut -c1-16)
VENV="$CACHE/venv-$HASH"
if [ ! -f "$VENV/.complete" ]; then
  t=$(date +%s)
  log "creating $VENV (base $PY)"
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r verify/python/requirements.txt
  touch "$VENV/.complete"
  log "venv: $(secs "$t")s"
else
  log "reusing $VENV"
fi
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$WHEEL"
export PYTHON_TIER_VENV="$VENV"

# 4. pytest (the TypeScript reference YAML is synthesized by conftest.py: npm run fixtures,
#    and each examples/<name>.ts with CDK8S_OUTDIR)
cd verify/python
step="pytest"
set +e
"$VENV/bin/python" -m pytest -p no:cacheprovider -rfE "$@"
rc=$?
set -e
exit $rc
