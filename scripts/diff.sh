#!/usr/bin/env bash
# What the working tree's main.ts would change in the committed dist/, object by object, with
# dyff (Kubernetes-aware: documents are matched by apiVersion, kind, namespace and name).
#
#   npm run diff                          # main.ts vs dist/ at HEAD
#   npm run diff -- --ref origin/main     # another base
#   npm run diff -- --exit-code           # exit 1 when anything changed (CI)
# Against a live cluster instead: `kubectl diff -R -f dist/`.
set -euo pipefail
cd "$(dirname "$0")/.."
ref=HEAD; exit_code=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --ref) ref=$2; shift 2 ;;
    --exit-code) exit_code=(--set-exit-code); shift ;;
    *) echo "usage: npm run diff -- [--ref <git ref>] [--exit-code]" >&2; exit 2 ;;
  esac
done
dyff=$(bash scripts/install-dyff.sh)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/old" "$work/new"
git archive "$ref" dist | tar -x -C "$work/old"
CDK8S_OUTDIR="$work/new/dist" node -r ./scripts/ts-hook.js main.ts >/dev/null
# One stream per side, files in a stable order, so objects that move between files still match.
stream() { (cd "$1" && find dist -name '*.yaml' | LC_ALL=C sort | while read -r f; do printf -- '---\n'; cat "$f"; done); }
stream "$work/old" >"$work/old.yaml"
stream "$work/new" >"$work/new.yaml"
"$dyff" between --omit-header "${exit_code[@]}" "$work/old.yaml" "$work/new.yaml"
