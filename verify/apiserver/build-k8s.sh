#!/usr/bin/env bash
# Build a Kubernetes command (kube-apiserver, kubectl) at $K8S_VERSION from source through
# the Go module proxy. Usage: build-k8s.sh [kube-apiserver|kubectl]
# k8s.io/kubernetes replaces its staging modules with local paths, so it cannot be
# `go install`ed; we generate a throwaway wrapper module that requires it and maps
# every k8s.io/<staging> module to the matching published v0.<minor>.<patch> tag.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cmd="${1:-kube-apiserver}"
out="$BIN/$cmd-$K8S_VERSION"
if [[ -x "$out" ]]; then log "$cmd cached: $out"; exit 0; fi
command -v go >/dev/null || die "go not found: cannot build $cmd"
staging_ver="v0.${K8S_VERSION#v1.}"
wrap="$CACHE/src/k8s-$K8S_VERSION"
if [[ ! -f "$wrap/go.sum" ]]; then
  rm -rf "$wrap"; mkdir -p "$wrap"
  modfile="$(cd "$wrap" && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | python3 -c 'import json,sys; print(json.load(sys.stdin)["GoMod"])')" \
    || die "cannot download k8s.io/kubernetes@$K8S_VERSION from the Go module proxy"
  {
    echo "module local/k8s-wrapper"; echo; echo "go 1.20"; echo
    echo "require k8s.io/kubernetes $K8S_VERSION"; echo
    echo "replace ("
    # every "k8s.io/x => ./staging/..." line of kubernetes' own go.mod
    sed -nE 's#^\s*(k8s\.io/[^ ]+) => \./staging/.*#\t\1 => \1 '"$staging_ver"'#p' "$modfile"
    echo ")"
  } > "$wrap/go.mod"
  log "wrapper go.mod: $(grep -c '=>' "$wrap/go.mod") staging replaces -> $staging_ver"
fi
cd "$wrap"
go get "k8s.io/kubernetes/cmd/$cmd@$K8S_VERSION" >/dev/null 2>&1 || die "go get k8s.io/kubernetes/cmd/$cmd@$K8S_VERSION failed"
minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done
log "building $cmd $K8S_VERSION with $(go version) (cold: many minutes on 2 cores)"
start=$(date +%s)
if ! go build -trimpath -ldflags "$ldflags ${EXTRA_LDFLAGS:-}" -o "$out.tmp.$$" "k8s.io/kubernetes/cmd/$cmd"; then
  die "$cmd $K8S_VERSION failed to build with $(go version)"
fi
mv "$out.tmp.$$" "$out"
log "built $out in $(( $(date +%s) - start ))s"
