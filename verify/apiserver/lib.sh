# Shared settings for the cluster verification tier (sourced, not executed).
# Versions are pinned here; binaries are cached per version outside the clone.
set -euo pipefail
CLUSTER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$CLUSTER_DIR/../.." && pwd)"
K8S_VERSION="${K8S_VERSION:-v1.28.15}"
ETCD_VERSION="${ETCD_VERSION:-v3.5.35}"
KUBE_SCORE_VERSION="${KUBE_SCORE_VERSION:-v1.20.0}"
KUBECONFORM_VERSION="${KUBECONFORM_VERSION:-v0.6.7}"
POLARIS_VERSION="${POLARIS_VERSION:-72aab89453167d7d19e9bdf72960be269781e092}"
CACHE="${CDK8S_FASTAPI_CACHE:-$HOME/.cache/cdk8s-fastapi}"
BIN="$CACHE/bin"
LOCAL_CACHE="$REPO_ROOT/.cache/cluster"
export GOTOOLCHAIN=local GOFLAGS="${GOFLAGS:--buildvcs=false}"
mkdir -p "$BIN" "$LOCAL_CACHE"
log() { printf '[cluster] %s\n' "$*" >&2; }
die() { printf '[cluster] ERROR: %s\n' "$*" >&2; exit 1; }
