#!/usr/bin/env bash
# Fails when the committed dist/ differs from what main.ts synthesizes, or when dist/ holds
# anything `kubectl apply -f dist/` cannot apply (e.g. construct-metadata.json).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run -s synth >/dev/null
status=$(git status --porcelain --untracked-files=all -- dist)
if [ -n "$status" ]; then
  echo "dist/ drifted from main.ts (run 'npm run synth' and commit dist/):"
  echo "$status"
  git --no-pager diff --stat -- dist
  exit 1
fi
stray=$(find dist -type f ! -name '*.yaml' | head -5)
if [ -n "$stray" ]; then
  echo "dist/ holds files kubectl cannot apply: $stray"
  exit 1
fi
echo "dist/ matches main.ts ($(find dist -name '*.yaml' | wc -l) manifest files)"
