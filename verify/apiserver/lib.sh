# Shared settings for the cluster verification tier (sourced, not executed).
# Versions are pinned here and in verify/cluster/tools/go.mod; binaries are cached outside the clone.
set -euo pipefail
CLUSTER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$CLUSTER_DIR/../.." && pwd)"
KUBE_SCORE_VERSION="${KUBE_SCORE_VERSION:-v1.20.0}"
KUBECONFORM_VERSION="${KUBECONFORM_VERSION:-v0.6.7}"
POLARIS_VERSION="${POLARIS_VERSION:-72aab89453167d7d19e9bdf72960be269781e092}"
CACHE="${CDK8S_FASTAPI_CACHE:-$HOME/.cache/cdk8s-fastapi}"
BIN="$CACHE/bin"
LOCAL_CACHE="$REPO_ROOT/.cache/cluster"
export GOTOOLCHAIN=local GOFLAGS="${GOFLAGS:--buildvcs=false}"
mkdir -p "$BIN" "$LOCAL_CACHE"
# etcd, the Kubernetes commands, CoreDNS, metrics-server, helm and kube-router come from one Go
# module (verify/cluster/tools, built by verify/cluster/build.sh); their versions are its go.mod's.
TOOLS_MOD="$REPO_ROOT/verify/cluster/tools"
mod_version() { awk -v m="$1" '$1 == m && $2 ~ /^v/ { print $2; exit }' "$TOOLS_MOD/go.mod"; }
K8S_VERSION="$(mod_version k8s.io/kubernetes)"
ETCD_VERSION="$(mod_version go.etcd.io/etcd/server/v3)"
# The build's inputs name its output folder: a changed go.mod, command or flag builds anew.
TOOLS_BIN="$BIN/cluster-tools-$(cat "$TOOLS_MOD/go.mod" "$TOOLS_MOD/go.sum" "$TOOLS_MOD"/cmd/*/*.go \
  "$REPO_ROOT/verify/cluster/build.sh" <(go version 2>/dev/null) | sha256sum | cut -c1-12)"
log() { printf '[cluster] %s\n' "$*" >&2; }
die() { printf '[cluster] ERROR: %s\n' "$*" >&2; exit 1; }
