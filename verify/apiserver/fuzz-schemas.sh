#!/usr/bin/env bash
# Strict schema check of the fuzz corpus (npm run fuzz-corpus): every object of 1000 random valid
# FastApiService configs must pass kubeconform -strict against the Kubernetes 1.28 schemas.
# A planted unknown field must fail, so the check is proven able to fail.
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
bash "$CLUSTER_DIR/install-tools.sh" kubeconform schemas >/dev/null
KUBECONFORM="$BIN/kubeconform-$KUBECONFORM_VERSION"
SCHEMAS="$LOCAL_CACHE/schemas-v1.28.0"
shopt -s nullglob
files=(build/fuzz/*.yaml)
[[ ${#files[@]} -gt 0 ]] || die "build/fuzz/ is empty: run 'npm run fuzz-corpus' first"
check() { "$KUBECONFORM" -strict -summary -kubernetes-version 1.28.0 -schema-location "$SCHEMAS/{{ .ResourceKind }}{{ .KindSuffix }}.json" "$@"; }
passed=0; failed=0
if check "${files[@]}"; then passed=$((passed + 1)); echo "PASS  kubeconform -strict on ${#files[@]} corpus files"
else failed=$((failed + 1)); echo "FAIL  kubeconform -strict on the fuzz corpus"; fi
planted=$(mktemp --suffix=.yaml); trap 'rm -f "$planted"' EXIT
sed '0,/^  revisionHistoryLimit:/s//  revisionHistoryLimt:/' "${files[0]}" >"$planted"
if grep -q revisionHistoryLimt "$planted" && ! check "$planted" >/dev/null 2>&1; then passed=$((passed + 1)); echo "PASS  kubeconform -strict rejects a planted unknown field"
else failed=$((failed + 1)); echo "FAIL  kubeconform -strict accepted a planted unknown field"; fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
