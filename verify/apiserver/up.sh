#!/usr/bin/env bash
# Developer helper: start etcd + kube-apiserver on 127.0.0.1, print KUBECONFIG, wait for Ctrl-C.
# Builds/caches binaries first if needed. Everything is torn down on exit.
source "$(dirname "${BASH_SOURCE[0]}")/controlplane.sh"
bash "$CLUSTER_DIR/build-k8s.sh" kube-apiserver
bash "$CLUSTER_DIR/install-tools.sh" etcd kubectl
trap cluster_down EXIT
trap 'exit 130' INT TERM
cluster_up
echo "export KUBECONFIG=$KUBECONFIG_FILE"
echo "kubectl: $BIN/kubectl-$K8S_VERSION   (Ctrl-C to stop; logs in $RUN_DIR)"
while kill -0 "$APISERVER_PID" 2>/dev/null; do sleep 1; done
