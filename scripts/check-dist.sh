#!/usr/bin/env bash
# Fails when a dist folder (default: the committed dist/) differs from what main.ts synthesizes,
# or holds anything `kubectl apply -f dist/` cannot apply (e.g. construct-metadata.json).
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${1:-dist}
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
CDK8S_OUTDIR=$fresh node -r ./scripts/ts-hook.js main.ts >/dev/null
if ! diff -r "$fresh" "$dist" >/dev/null; then
  echo "$dist/ drifted from main.ts (run 'npm run synth' and commit dist/):"
  diff -r "$fresh" "$dist" | head -40 || true
  exit 1
fi
stray=$(find "$dist" -type f ! -name '*.yaml' | head -5)
if [ -n "$stray" ]; then
  echo "$dist/ holds files kubectl cannot apply: $stray"
  exit 1
fi
echo "$dist/ matches main.ts ($(find "$dist" -name '*.yaml' | wc -l) manifest files)"
