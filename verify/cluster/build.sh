#!/usr/bin/env bash
# Build (once, cached in $CACHE/bin) every binary the real-cluster tier runs, all from the Go
# module proxy: etcd, the six Kubernetes v1.28.15 commands, CoreDNS, metrics-server, helm and
# kube-router. Builds run one after another (2 cores). Usage: build.sh [name...]
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

go_install() { # name module@version binary-name-in-GOBIN
  local name="$1" modver="$2" out="$BIN/$1-${2##*@}"
  if [[ -x "$out" ]]; then log "$name cached: $out"; return 0; fi
  local gobin; gobin="$(mktemp -d)"
  log "go install $modver"; local start=$(date +%s)
  if ! GOBIN="$gobin" go install -trimpath -ldflags "-s -w" "$modver" >"$gobin/log" 2>&1; then
    tail -30 "$gobin/log" >&2; rm -rf "$gobin"; log "FAILED to build $name from $modver"; return 1
  fi
  mv "$gobin/$3" "$out"; rm -rf "$gobin"; log "built $out in $(( $(date +%s) - start ))s"
}

all=(etcd kube-apiserver kubectl kube-controller-manager kube-scheduler kubelet kube-proxy coredns metrics-server helm kube-router)
want=("$@"); [[ ${#want[@]} -gt 0 ]] || want=("${all[@]}")
rc=0
for t in "${want[@]}"; do
  case "$t" in
    etcd) bash "$APISERVER_DIR/install-tools.sh" etcd || rc=1 ;;
    # NetworkPolicy: kube-network-policies needs nftables "queue" (CONFIG_NFT_QUEUE), which this
    # VM's kernel lacks; kube-router's iptables+ipset policy controller is used instead.
    kube-router) go_install kube-router "github.com/cloudnativelabs/kube-router/v2/cmd/kube-router@$KUBE_ROUTER_VERSION" kube-router || rc=1 ;;
    kube-*|kubectl|kubelet) bash "$APISERVER_DIR/build-k8s.sh" "$t" || rc=1 ;;
    coredns) go_install coredns "github.com/coredns/coredns@$COREDNS_VERSION" coredns || rc=1 ;;
    metrics-server) go_install metrics-server "sigs.k8s.io/metrics-server/cmd/metrics-server@$METRICS_SERVER_VERSION" metrics-server || rc=1 ;;
    helm) go_install helm "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" helm || rc=1 ;;
    kube-network-policies) go_install kube-network-policies "sigs.k8s.io/kube-network-policies/cmd@$KNP_VERSION" cmd || rc=1 ;;
    *) die "unknown component $t" ;;
  esac
done
exit $rc
