#!/usr/bin/env bash
# Build the linters (kube-score, kubeconform, polaris) into the version-keyed cache, plus the
# offline kubeconform schemas. Idempotent. Usage: install-tools.sh [tool...]
# (etcd, kube-apiserver and kubectl: verify/cluster/build.sh)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

go_install() { # name module@version binary-name-in-GOBIN
  local name="$1" modver="$2" out="$BIN/$1-${2##*@}"
  if [[ -x "$out" ]]; then log "$name cached: $out"; return 0; fi
  local gobin; gobin="$(mktemp -d)"
  log "go install $modver"
  if ! GOBIN="$gobin" go install -trimpath -ldflags "-s -w" "$modver" >"$gobin/log" 2>&1; then
    cat "$gobin/log" >&2; rm -rf "$gobin"; log "FAILED to build $name from $modver"; return 1
  fi
  mv "$gobin/$3" "$out"; rm -rf "$gobin"; log "built $out"
}

schemas() {
  local src="${K8S_DEFINITIONS:-$REPO_ROOT/../shared/k8s/v1.28.0/_definitions.json}"
  local out="$LOCAL_CACHE/schemas-v1.28.0"
  [[ -f "$src" ]] || { log "FAILED: OpenAPI definitions not found at $src"; return 1; }
  if [[ -f "$out/.stamp" && "$out/.stamp" -nt "$src" && "$out/.stamp" -nt "$CLUSTER_DIR/openapi2schemas.py" ]]; then
    log "schemas cached: $out"; return 0
  fi
  rm -rf "$out"; python3 "$CLUSTER_DIR/openapi2schemas.py" "$src" "$out" && touch "$out/.stamp"
}

polaris() {
  # Polaris' module path has no /vN suffix; it can only be fetched by commit. The Go module
  # proxy reachable here answers 403 "not available" for github.com/fairwindsops/polaris.
  go_install polaris "github.com/fairwindsops/polaris@$POLARIS_VERSION" polaris
}

tools=("$@"); [[ ${#tools[@]} -gt 0 ]] || tools=(kube-score kubeconform schemas)
rc=0
for t in "${tools[@]}"; do
  case "$t" in
    kube-score) go_install kube-score "github.com/zegl/kube-score/cmd/kube-score@$KUBE_SCORE_VERSION" kube-score || rc=1 ;;
    kubeconform) go_install kubeconform "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION" kubeconform || rc=1 ;;
    polaris) polaris || rc=1 ;;
    schemas) schemas || rc=1 ;;
    *) die "unknown tool $t" ;;
  esac
done
exit $rc
