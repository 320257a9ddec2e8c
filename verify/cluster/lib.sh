# Shared settings of the real-cluster tier (sourced). Builds on verify/apiserver/lib.sh
# (versions, $CACHE, $BIN, log/die).
# shellcheck source=../apiserver/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../apiserver/lib.sh"
TIER_DIR="$REPO_ROOT/verify/cluster"
APISERVER_DIR="$REPO_ROOT/verify/apiserver"
COREDNS_VERSION="${COREDNS_VERSION:-v1.11.3}"
METRICS_SERVER_VERSION="${METRICS_SERVER_VERSION:-v0.7.2}"
HELM_VERSION="${HELM_VERSION:-v3.14.4}"
KNP_VERSION="${KNP_VERSION:-v0.8.0}"
KUBE_ROUTER_VERSION="${KUBE_ROUTER_VERSION:-v2.1.0}"
# Addresses: all of them exist only inside the tier's network namespace.
NODE_IP=10.200.0.2          # the node's address (one end of a veth pair inside the netns)
NODE_PEER_IP=10.200.0.1     # the other end: a dead-end default route inside the netns
POD_SUBNET=10.244.0.0/24    # CNI bridge cni0, inside the netns
SERVICE_CIDR=10.96.0.0/16   # as in verify/apiserver/controlplane.sh
DNS_IP=10.96.0.10
NODE_NAME=kf-node
REGISTRY=127.0.0.1:5000
KUBECTL="$BIN/kubectl-$K8S_VERSION"
k() { "$KUBECTL" --kubeconfig "$KUBECONFIG_FILE" "$@"; }
