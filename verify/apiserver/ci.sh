#!/usr/bin/env bash
# Cluster verification tier: build/cached tools, start etcd + kube-apiserver on 127.0.0.1,
# check every dist/**/*.yaml, build/fixtures/**/*.yaml and verify/apiserver/samples/*.yaml,
# then prove verify/apiserver/broken/*.yaml FAIL the checks named on their `# expect-fail:` line.
# Ends with "N passed, N failed"; exits non-zero on any failure.
# Env: CLUSTER_CRD_DIR=dir of CRD YAML to install first; CLUSTER_REQUIRE_POLARIS=1 makes a
# missing polaris a failure; CLUSTER_VERBOSE=1 prints tool output for passing checks too.
source "$(dirname "${BASH_SOURCE[0]}")/controlplane.sh"
set +e
cd "$REPO_ROOT"
T0=$(date +%s)
PASSED=0; FAILED=0; RESULTS=(); NOTES=()
OUT="$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-fastapi-tier.XXXXXX")"
trap 'cluster_down; rm -rf "$OUT"' EXIT
trap 'exit 130' INT TERM

pass() { PASSED=$((PASSED + 1)); RESULTS+=("PASS  $1"); }
fail() { FAILED=$((FAILED + 1)); RESULTS+=("FAIL  $1"); printf '%s\n' "---- FAIL $1" >&2; [[ -n "${2:-}" && -f "$2" ]] && grep -v '(server dry run)$' "$2" | sed 's/^/    /' | head -40 >&2; }
note() { NOTES+=("$1"); log "$1"; }

# ---- (a) tools -------------------------------------------------------------------------
if ! python3 -c 'import yaml' 2>/dev/null; then
  python3 -m pip install -q --target "$CACHE/pylib" pyyaml >&2 && export PYTHONPATH="$CACHE/pylib${PYTHONPATH:+:$PYTHONPATH}"
fi
t1=$(date +%s)
bash "$REPO_ROOT/verify/cluster/build.sh" etcd kube-apiserver kubectl 2>&1 | tee "$OUT/install-binaries.log" >&2
if [[ ${PIPESTATUS[0]} -eq 0 ]]; then pass "build etcd, kube-apiserver, kubectl ($(( $(date +%s) - t1 ))s)"
else fail "build etcd, kube-apiserver, kubectl (see log)" "$OUT/install-binaries.log"; fi
for t in kube-score kubeconform schemas; do
  t1=$(date +%s)
  bash "$CLUSTER_DIR/install-tools.sh" "$t" 2>&1 | tee "$OUT/install-$t.log" >&2
  if [[ ${PIPESTATUS[0]} -eq 0 ]]; then pass "install $t ($(( $(date +%s) - t1 ))s)"
  else fail "install $t (could not build/install, see log)" "$OUT/install-$t.log"; fi
done
POLARIS="$BIN/polaris-$POLARIS_VERSION"
if ! bash "$CLUSTER_DIR/install-tools.sh" polaris >"$OUT/install-polaris.log" 2>&1; then
  POLARIS=""
  if grep -q 'not available' "$OUT/install-polaris.log"; then
    reason="the module proxy answers 403 Forbidden 'This module version is not available' for github.com/fairwindsops/polaris@$POLARIS_VERSION"
  else reason="$(grep -m1 -iE 'error|cannot|fail' "$OUT/install-polaris.log" | cut -c1-200)"; fi
  msg="!!! POLARIS NOT RUN: cannot be built here: ${reason:-see log}. Polaris checks are NOT covered by this tier."
  if [[ -n "${CLUSTER_REQUIRE_POLARIS:-}" ]]; then fail "install polaris: $msg" "$OUT/install-polaris.log"; else note "$msg"; fi
fi
KUBECTL="$TOOLS_BIN/kubectl"
if [[ ! -x "$KUBECTL" ]]; then
  KUBECTL="$(command -v kubectl || true)"
  note "!!! using kubectl from PATH ($KUBECTL): the pinned $K8S_VERSION build is missing"
fi
KUBE_SCORE="$BIN/kube-score-$KUBE_SCORE_VERSION"
KUBECONFORM="$BIN/kubeconform-$KUBECONFORM_VERSION"
SCHEMAS="$LOCAL_CACHE/schemas-v1.28.0"
KS_ARGS=(--output-format ci --kubernetes-version v1.28 --enable-optional-test container-seccomp-profile)
KS_FILE_IGNORES=()   # "<glob> <test>": ignored for matching files only
while read -r test glob _; do
  [[ -z "$test" || "$test" == \#* ]] && continue
  if [[ -z "$glob" || "$glob" == \#* ]]; then KS_ARGS+=(--ignore-test "$test"); else KS_FILE_IGNORES+=("$glob $test"); fi
done < "$CLUSTER_DIR/kube-score-ignores.txt"

# ---- (b) control plane -----------------------------------------------------------------
t=$(date +%s)
if cluster_up >"$OUT/up.log" 2>&1; then
  pass "control plane up (etcd $ETCD_VERSION + kube-apiserver $K8S_VERSION on 127.0.0.1, $(( $(date +%s) - t ))s)"
  CLUSTER=1
else
  fail "control plane up" "$OUT/up.log"; CLUSTER=""
fi
DEFAULT_NS=cdk8s-tier
KC="$OUT/kubeconfig"
if [[ -n "$CLUSTER" ]]; then
  cp "$KUBECONFIG_FILE" "$KC"
  "$KUBECTL" --kubeconfig "$KC" config set-context tier --namespace "$DEFAULT_NS" >/dev/null
  k() { "$KUBECTL" --kubeconfig "$KC" "$@"; }
  if [[ -n "${CLUSTER_CRD_DIR:-}" ]]; then
    # kubeconform schemas for the CRDs too (from their openAPIV3Schema), beside the built-in ones
    mapfile -t crd_files < <(find "$CLUSTER_CRD_DIR" -type f \( -name '*.yaml' -o -name '*.yml' \))
    python3 "$CLUSTER_DIR/openapi2schemas.py" /dev/null "$OUT/crd-schemas" "${crd_files[@]}" >>"$OUT/crds.log" 2>&1 &&
      export CLUSTER_CRD_SCHEMAS="$OUT/crd-schemas"
    if k apply --server-side -f "$CLUSTER_CRD_DIR" >"$OUT/crds.log" 2>&1 &&
       k wait --for=condition=Established crd --all --timeout=60s >>"$OUT/crds.log" 2>&1; then
      pass "install CRDs from $CLUSTER_CRD_DIR"
    else fail "install CRDs from $CLUSTER_CRD_DIR" "$OUT/crds.log"; fi
  fi
fi

# ---- checks ----------------------------------------------------------------------------
# run_check NAME FILE -> 0 pass, 1 fail, 2 not applicable; output in $OUT/log
run_check() {
  local name="$1" f="$2" log="$OUT/log"
  : >"$log"
  case "$name" in
    kubeconform)
      "$KUBECONFORM" -strict -summary -kubernetes-version 1.28.0 \
        -schema-location "$SCHEMAS/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
        ${CLUSTER_CRD_SCHEMAS:+-schema-location "$CLUSTER_CRD_SCHEMAS/{{ .ResourceKind }}{{ .KindSuffix }}.json"} \
        "$f" >"$log" 2>&1 || return 1 ;;
    kube-score)
      local extra=() rule
      for rule in "${KS_FILE_IGNORES[@]}"; do
        # shellcheck disable=SC2053
        [[ "$f" == ${rule%% *} ]] && extra+=(--ignore-test "${rule#* }")
      done
      "$KUBE_SCORE" score "${KS_ARGS[@]}" "${extra[@]}" "$f" >"$log" 2>&1
      local rc=$?
      grep -qE '^\[(CRITICAL|WARNING)\]' "$log" && { grep -E '^\[(CRITICAL|WARNING)\]' "$log" >"$log.f"; mv "$log.f" "$log"; return 1; }
      return $(( rc != 0 )) ;;
    polaris)
      [[ -n "$POLARIS" ]] || return 2
      "$POLARIS" audit --audit-path "$f" --format pretty --set-exit-code-on-danger --set-exit-code-below-score 100 \
        --only-show-failed-tests >"$log" 2>&1 || return 1 ;;
    hpa-replicas)
      python3 "$CLUSTER_DIR/check-hpa-replicas.py" "$f" >"$log" 2>&1 || return 1 ;;
    apiserver-dry-run)
      [[ -n "$CLUSTER" ]] || { echo "control plane not running" >"$log"; return 1; }
      python3 "$CLUSTER_DIR/manifests.py" prereqs "$DEFAULT_NS" "$f" >"$OUT/pre.json" &&
        k apply --server-side --field-manager=cdk8s-tier-setup -f "$OUT/pre.json" >"$log" 2>&1 || return 1
      k apply --server-side --dry-run=server --validate=strict --warnings-as-errors \
        --field-manager=cdk8s-tier -f "$f" >"$log" 2>&1 || return 1 ;;
    pod-security)
      [[ -n "$CLUSTER" ]] || { echo "control plane not running" >"$log"; return 1; }
      python3 "$CLUSTER_DIR/manifests.py" pods "$f" >"$OUT/pods.json" 2>"$log"
      case $? in 0) ;; 3) return 2 ;; *) return 1 ;; esac
      python3 "$CLUSTER_DIR/manifests.py" prereqs "$DEFAULT_NS" "$f" >"$OUT/pre.json" &&
        k apply --server-side --field-manager=cdk8s-tier-setup -f "$OUT/pre.json" >"$log" 2>&1 || return 1
      k apply --server-side --dry-run=server --validate=strict --warnings-as-errors \
        --field-manager=cdk8s-tier -f "$OUT/pods.json" >"$log" 2>&1 || return 1 ;;
  esac
  return 0
}
CHECKS=(kubeconform kube-score polaris hpa-replicas apiserver-dry-run pod-security)

# ---- (c) our manifests ------------------------------------------------------------------
mapfile -t FILES < <( { [[ -d dist ]] && find dist -type f \( -name '*.yaml' -o -name '*.yml' \);
                        [[ -d build/fixtures ]] && find build/fixtures -type f \( -name '*.yaml' -o -name '*.yml' \);
                        find verify/apiserver/samples -type f -name '*.yaml'; } | sort)
[[ -d dist ]] || note "WARNING: dist/ does not exist (run the synth first); only samples checked"
[[ -d build/fixtures ]] || note "WARNING: build/fixtures/ missing (run 'npm run fixtures'); checking dist/ and samples only"
# skip_reason FILE CHECK -> prints the reason when check-skips.txt excludes the pair
skip_reason() {
  local glob checks reason
  while read -r glob checks reason; do
    [[ -z "$glob" || "$glob" == \#* ]] && continue
    # shellcheck disable=SC2053
    if [[ "$1" == $glob && ",$checks," == *",$2,"* ]]; then
      reason="${reason#\#}"; echo "${reason# }"; return 0
    fi
  done < "$CLUSTER_DIR/check-skips.txt"
  return 1
}
for f in "${FILES[@]}"; do
  for c in "${CHECKS[@]}"; do
    if why="$(skip_reason "$f" "$c")"; then
      [[ -n "$why" ]] || { fail "$c  $f skipped in check-skips.txt without a reason"; continue; }
      RESULTS+=("SKIP  $c  $f  ($why)"); continue
    fi
    run_check "$c" "$f"; rc=$?
    case $rc in
      0) pass "$c  $f"; [[ -n "${CLUSTER_VERBOSE:-}" ]] && sed 's/^/    /' "$OUT/log" >&2 ;;
      1) fail "$c  $f" "$OUT/log" ;;
    esac
  done
done

# ---- (d) negative proofs ----------------------------------------------------------------
for f in verify/apiserver/broken/*.yaml; do
  mapfile -t expected < <(python3 "$CLUSTER_DIR/manifests.py" expect "$f")
  [[ ${#expected[@]} -gt 0 ]] || { fail "negative proof $f has no '# expect-fail:' line"; continue; }
  for line in "${expected[@]}"; do
    c="${line%%$'\t'*}"; re="${line#*$'\t'}"
    run_check "$c" "$f"; rc=$?
    case $rc in
      1) if grep -qE -- "$re" "$OUT/log"; then
           pass "$c  rejects $f  [$(grep -m1 -oE -- ".{0,60}$re.{0,40}" "$OUT/log" | head -1)]"
         else fail "$c  rejected $f but not for the expected reason /$re/" "$OUT/log"; fi ;;
      0) fail "$c  ACCEPTED broken manifest $f (expected failure /$re/)" "$OUT/log" ;;
      2) if [[ "$c" == polaris && -z "${CLUSTER_REQUIRE_POLARIS:-}" ]]; then note "!!! negative proof 'polaris $f' NOT RUN: polaris unavailable"
         else fail "$c  could not run on $f"; fi ;;
    esac
  done
done

# ---- (e) report --------------------------------------------------------------------------
echo
echo "cluster tier results (kube-apiserver $K8S_VERSION, etcd $ETCD_VERSION, kube-score $KUBE_SCORE_VERSION, kubeconform $KUBECONFORM_VERSION, $(( $(date +%s) - T0 ))s):"
printf '  %s\n' "${RESULTS[@]}"
for n in "${NOTES[@]}"; do echo "$n"; done
echo "$PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
