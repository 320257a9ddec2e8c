#!/usr/bin/env bash
# Build (once, cached in $TOOLS_BIN) the binaries the cluster tiers run, all from the Go module
# proxy through one module, verify/cluster/tools: etcd, the six Kubernetes commands, CoreDNS,
# metrics-server, helm and kube-router. Usage: build.sh [name...]
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

K8S_COMMANDS=" kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl "
is_k8s() { [[ "$K8S_COMMANDS" == *" $1 "* ]]; }
package_of() {
  is_k8s "$1" && { echo "k8s.io/kubernetes/cmd/$1"; return; }
  case "$1" in
    etcd|coredns) echo "./cmd/$1" ;;
    metrics-server) echo "sigs.k8s.io/metrics-server/cmd/metrics-server" ;;
    helm) echo "helm.sh/helm/v3/cmd/helm" ;;
    kube-router) echo "github.com/cloudnativelabs/kube-router/v2/cmd/kube-router" ;;
    *) die "unknown component $1" ;;
  esac
}

all=(etcd kube-apiserver kubectl kube-controller-manager kube-scheduler kubelet kube-proxy coredns metrics-server helm kube-router)
want=("$@"); [[ ${#want[@]} -gt 0 ]] || want=("${all[@]}")
missing=()
for t in "${want[@]}"; do
  package_of "$t" >/dev/null
  if [[ -x "$TOOLS_BIN/$t" ]]; then log "$t cached: $TOOLS_BIN/$t"; else missing+=("$t"); fi
done
# Other checkouts may use other builds: prune only those no run has used for PRUNE_DAYS (14).
mkdir -p "$TOOLS_BIN"; touch "$TOOLS_BIN"
find "$BIN" -maxdepth 1 -type d -name 'cluster-tools-*' -mtime +"${PRUNE_DAYS:-14}" -exec rm -rf {} + 2>/dev/null || true
[[ ${#missing[@]} -eq 0 ]] && exit 0
command -v go >/dev/null || die "go not found: cannot build ${missing[*]}"

# Each binary reports its own version, stamped as its project's release build stamps it. The
# Kubernetes commands share one stamp and so one `go build`, where the packages they share
# compile once and the links run side by side; each other binary is a `go build` of its own,
# after them, reusing every package already in Go's build cache.
minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
k8s_stamp=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  k8s_stamp+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  k8s_stamp+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done
stamp_of() {
  case "$1" in
    helm) echo "-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" ;;
    metrics-server) echo "-X k8s.io/client-go/pkg/version.gitVersion=$METRICS_SERVER_VERSION" ;;
    kube-router) echo "-X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=$KUBE_ROUTER_VERSION" ;;
    *) echo "" ;;   # etcd and CoreDNS carry their version in their source
  esac
}
out="$(mktemp -d "$BIN/.build.XXXXXX")"
trap 'rm -rf "$out"' EXIT
go_build() { # ldflags package...
  local ldflags="-s -w $1"; shift
  # -dwarf=false: -s -w drop the debug info at link anyway; not writing it saves compile time.
  (cd "$TOOLS_MOD" && GOFLAGS="$GOFLAGS -mod=readonly" go build -trimpath -gcflags=all=-dwarf=false \
     -ldflags "$ldflags" -o "$out/" "$@")
}
log "building ${missing[*]} with $(go version) (cold: about 12 min on 2 cores)"
start=$SECONDS
k8s_pkgs=() others=()
for t in "${missing[@]}"; do
  if is_k8s "$t"; then k8s_pkgs+=("$(package_of "$t")"); else others+=("$t"); fi
done
if [[ ${#k8s_pkgs[@]} -gt 0 ]]; then go_build "$k8s_stamp" "${k8s_pkgs[@]}" || die "building ${k8s_pkgs[*]} failed"; fi
for t in "${others[@]}"; do go_build "$(stamp_of "$t")" "$(package_of "$t")" || die "building $t failed"; done
for t in "${missing[@]}"; do
  b="$out/$(basename "$(package_of "$t")")"
  [[ -x "$b" ]] || die "go build wrote no $t"
  mv "$b" "$TOOLS_BIN/$t"
done
log "built ${missing[*]} into $TOOLS_BIN in $((SECONDS - start))s"
