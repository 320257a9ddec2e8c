#!/usr/bin/env bash
# Developer helper: start etcd + kube-apiserver on 127.0.0.1, print KUBECONFIG, wait for Ctrl-C.
# Builds/caches binaries first if needed. Everything is torn down on exit.
source "$(dirname "${BASH_SOURCE[0]}")/controlplane.sh"
bash "$REPO_ROOT/verify/cluster/build.sh" etcd kube-apiserver kubectl
trap cluster_down EXIT
trap 'exit 130' INT TERM
cluster_up
echo "export KUBECONFIG=$KUBECONFIG_FILE"
echo "kubectl: $TOOLS_BIN/kubectl   (Ctrl-C to stop; logs in $RUN_DIR)"
while kill -0 "$APISERVER_PID" 2>/dev/null; do sleep 1; done
