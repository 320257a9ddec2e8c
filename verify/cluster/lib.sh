# Shared settings of the real-cluster tier (sourced). Builds on verify/apiserver/lib.sh
# (versions, $CACHE, $BIN, log/die).
# shellcheck source=../apiserver/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../apiserver/lib.sh"
TIER_DIR="$REPO_ROOT/verify/cluster"
APISERVER_DIR="$REPO_ROOT/verify/apiserver"
COREDNS_VERSION="$(mod_version github.com/coredns/coredns)"
METRICS_SERVER_VERSION="$(mod_version sigs.k8s.io/metrics-server)"
HELM_VERSION="$(mod_version helm.sh/helm/v3)"
KUBE_ROUTER_VERSION="$(mod_version github.com/cloudnativelabs/kube-router/v2)"
# Addresses: all of them exist only inside the tier's network namespace.
NODE_IP=10.200.0.2          # the node's address (one end of a veth pair inside the netns)
NODE_PEER_IP=10.200.0.1     # the other end: a dead-end default route inside the netns
POD_SUBNET=10.244.0.0/24    # CNI bridge cni0, inside the netns
SERVICE_CIDR=10.96.0.0/16   # as in verify/apiserver/controlplane.sh
DNS_IP=10.96.0.10
NODE_NAME=kf-node
REGISTRY=127.0.0.1:5000
KUBECTL="$TOOLS_BIN/kubectl"
k() { "$KUBECTL" --kubeconfig "$KUBECONFIG_FILE" "$@"; }
