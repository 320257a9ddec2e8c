#!/usr/bin/env bash
# Builds the kubectl-reader oracle into ${CDK8S_FASTAPI_CACHE:-~/.cache/cdk8s-fastapi}/bin and
# prints its path. Modules come from the Go module proxy (go.sum pins them); the binary is named
# after the hash of the sources, so a change rebuilds and a cached build is reused.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${CDK8S_FASTAPI_CACHE:-$HOME/.cache/cdk8s-fastapi}"
command -v go >/dev/null || { echo "yaml-roundtrip: go not found: cannot build the checker" >&2; exit 1; }
hash="$(cat "$HERE/go.mod" "$HERE/go.sum" "$HERE"/*.go | sha256sum | cut -c1-12)"
out="$CACHE/bin/yaml-roundtrip-$hash"
if [[ ! -x "$out" ]]; then
  mkdir -p "$CACHE/bin"
  (cd "$HERE" && GOFLAGS=-mod=readonly CGO_ENABLED=0 go build -trimpath -o "$out.tmp.$$" .) >&2
  mv "$out.tmp.$$" "$out"
fi
# a stable name for the TS helper (test/support/kubectl-reader.ts) and for humans
ln -sfn "$(basename "$out")" "$CACHE/bin/yaml-roundtrip"
echo "$out"
