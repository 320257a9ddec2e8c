#!/usr/bin/env bash
# Installs dyff (semantic YAML diff, github.com/homeport/dyff) from the Go module proxy into the
# tool cache, once per version, and prints its path. Needs Go; no other download.
set -euo pipefail
DYFF_VERSION=${DYFF_VERSION:-v1.12.0}
CACHE=${CDK8S_FASTAPI_CACHE:-$HOME/.cache/cdk8s-fastapi}
BIN="$CACHE/bin"
TARGET="$BIN/dyff-$DYFF_VERSION"
if [[ ! -x "$TARGET" ]]; then
  command -v go >/dev/null || { echo "install-dyff: needs Go (https://go.dev/dl/) to build dyff $DYFF_VERSION" >&2; exit 1; }
  mkdir -p "$BIN"
  echo "install-dyff: building dyff $DYFF_VERSION into $BIN (once)" >&2
  GOBIN="$BIN/.build-$$" go install "github.com/homeport/dyff/cmd/dyff@$DYFF_VERSION" >&2
  mv "$BIN/.build-$$/dyff" "$TARGET"
  rmdir "$BIN/.build-$$"
  ln -sf "dyff-$DYFF_VERSION" "$BIN/dyff"
fi
echo "$TARGET"
