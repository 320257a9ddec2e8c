# The single node's daemons, started INSIDE the tier's network + mount namespace (ci.sh runs the
# inner part through `nsenter -t <holder> -m -n`). Sourced. Every daemon is a child of the
# inner shell; node_down kills them by PID, newest first. Sets KUBECONFIG_FILE.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=../apiserver/controlplane.sh
source "$APISERVER_DIR/controlplane.sh"

NODE_PIDS=()     # "name:pid", in start order
start_bg() { # name logfile cmd... : start a daemon in the background and remember its PID
  local name="$1" logf="$2"; shift 2
  "$@" >"$logf" 2>&1 &
  NODE_PIDS+=("$name:$!")
  echo "$name:$!" >>"$NODE_RUN/daemons"   # also from check subshells: node_down reads this too
}
daemon_alive() { # name
  local e; for e in "${NODE_PIDS[@]}"; do [[ "${e%%:*}" == "$1" ]] && { kill -0 "${e#*:}" 2>/dev/null; return; }; done; return 1
}
wait_for() { # seconds description cmd... : poll every second
  local n="$1" what="$2"; shift 2
  local i; for ((i = 0; i < n; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  log "timed out after ${n}s waiting for $what"; return 1
}

registry_up() {
  mkdir -p "$NODE_RUN/registry"
  cat >"$NODE_RUN/registry.yml" <<YML
version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: $NODE_RUN/registry}
http: {addr: $REGISTRY}
YML
  start_bg registry "$NODE_RUN/registry.log" docker-registry serve "$NODE_RUN/registry.yml"
  wait_for 20 registry curl -fsS "http://$REGISTRY/v2/"
}

push_images() { # every "<ref>\t<oci-archive>" line of the images index, into the local registry
  local ref archive dest n=0
  while IFS=$'\t' read -r ref archive; do
    [[ -n "$ref" && "$ref" != \#* ]] || continue
    dest="${ref#*/}"   # docker.io/4oh4/x:1 -> 4oh4/x:1 ; registry.k8s.io/pause:3.9 -> pause:3.9
    skopeo copy -q --dest-tls-verify=false "oci-archive:$archive" "docker://$REGISTRY/$dest" || { log "push of $ref failed"; return 1; }
    n=$((n + 1))
  done <"$IMAGES_INDEX"
  log "pushed $n images to $REGISTRY (index: $IMAGES_INDEX)"
}

pki_extra() { # front-proxy CA + client for the aggregation layer (metrics.k8s.io)
  local d="$NODE_RUN/pki"; mkdir -p "$d"
  (cd "$d"
   openssl req -x509 -newkey rsa:2048 -nodes -keyout front-ca.key -out front-ca.crt -days 2 -subj "/CN=front-proxy-ca" 2>/dev/null
   openssl req -newkey rsa:2048 -nodes -keyout front-client.key -out front-client.csr -subj "/CN=front-proxy-client" 2>/dev/null
   openssl x509 -req -in front-client.csr -CA front-ca.crt -CAkey front-ca.key -CAcreateserial -out front-client.crt -days 2 2>/dev/null)
}

controlplane_up() {
  pki_extra
  local p="$NODE_RUN/pki"
  export APISERVER_BIND_ADDRESS=0.0.0.0 APISERVER_ADVERTISE_ADDRESS="$NODE_IP"
  export APISERVER_EXTRA_SANS="IP:10.96.0.1,IP:$NODE_IP"
  export APISERVER_EXTRA_ARGS="--requestheader-client-ca-file=$p/front-ca.crt --proxy-client-cert-file=$p/front-client.crt --proxy-client-key-file=$p/front-client.key --requestheader-allowed-names=front-proxy-client --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group --requestheader-extra-headers-prefix=X-Remote-Extra- --enable-aggregator-routing=true --kubelet-preferred-address-types=InternalIP,Hostname"
  TMPDIR="$NODE_RUN" KEEP_RUN_DIR=1 cluster_up || return 1   # etcd + kube-apiserver (verify/apiserver/controlplane.sh)
  NODE_PIDS+=("etcd:$ETCD_PID" "kube-apiserver:$APISERVER_PID")
  ETCD_PID=""; APISERVER_PID=""    # node_down stops them, in order
  start_bg kube-controller-manager "$NODE_RUN/kube-controller-manager.log" "$TOOLS_BIN/kube-controller-manager" \
    --kubeconfig="$KUBECONFIG_FILE" --authentication-kubeconfig="$KUBECONFIG_FILE" --authorization-kubeconfig="$KUBECONFIG_FILE" \
    --bind-address=127.0.0.1 --leader-elect=false \
    --service-account-private-key-file="$RUN_DIR/sa.key" --root-ca-file="$RUN_DIR/ca.crt" \
    --service-cluster-ip-range="$SERVICE_CIDR" --use-service-account-credentials=false \
    --horizontal-pod-autoscaler-sync-period=5s
  start_bg kube-scheduler "$NODE_RUN/kube-scheduler.log" "$TOOLS_BIN/kube-scheduler" \
    --kubeconfig="$KUBECONFIG_FILE" --authentication-kubeconfig="$KUBECONFIG_FILE" --authorization-kubeconfig="$KUBECONFIG_FILE" \
    --bind-address=127.0.0.1 --leader-elect=false
}

containerd_up() {
  local c="$NODE_RUN/containerd"
  # registry.example.com and gcr.io: examples/orders-api.ts's images (stand-ins, images/build-orders.sh)
  local regs=(docker.io registry.k8s.io registry.example.com gcr.io) reg
  for reg in "${regs[@]}"; do mkdir -p "$c/certs.d/$reg"; done
  mkdir -p "$NODE_RUN/cni/net.d" "$NODE_RUN/cni/ipam"
  for reg in "${regs[@]}"; do
    # the local registry is the *server*, not only a mirror: a miss fails here, nothing dials out
    printf 'server = "http://%s"\n\n[host."http://%s"]\n  capabilities = ["pull", "resolve"]\n' "$REGISTRY" "$REGISTRY" >"$c/certs.d/$reg/hosts.toml"
  done
  cat >"$NODE_RUN/cni/net.d/10-kf.conflist" <<JSON
{"cniVersion": "1.0.0", "name": "kf-pods", "plugins": [
  {"type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": true, "hairpinMode": true,
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "$POD_SUBNET"}]], "routes": [{"dst": "0.0.0.0/0"}], "dataDir": "$NODE_RUN/cni/ipam"}},
  {"type": "portmap", "capabilities": {"portMappings": true}}]}
JSON
  cat >"$c/config.toml" <<TOML
version = 2
root = "$c/root"
state = "$c/state"
[grpc]
  address = "$c/containerd.sock"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "registry.k8s.io/pause:3.9"
  restrict_oom_score_adj = true   # no CAP_SYS_RESOURCE on this VM
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$NODE_RUN/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$c/certs.d"
TOML
  start_bg containerd "$NODE_RUN/containerd.log" containerd --config "$c/config.toml"
  CONTAINERD_SOCK="$c/containerd.sock"
  wait_for 30 containerd ctr --address "$CONTAINERD_SOCK" version
}

kubelet_up() {
  local kd="$NODE_RUN/kubelet"; mkdir -p "$kd"
  : >"$NODE_RUN/resolv.conf"     # pods get only the cluster DNS, never the host's resolvers
  # pods' cgroups under a root of our own, removed at teardown
  CGROUP_ROOT="/cdk8s-fastapi-$TIER_ID"
  local h; for h in /sys/fs/cgroup/*/; do [[ "$h" == */unified/ ]] || mkdir -p "$h${CGROUP_ROOT#/}"; done
  cat >"$NODE_RUN/kubelet.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
authentication:
  anonymous: {enabled: true}
  webhook: {enabled: false}
  x509: {clientCAFile: $RUN_DIR/ca.crt}
authorization: {mode: AlwaysAllow}
cgroupDriver: cgroupfs
cgroupRoot: $CGROUP_ROOT
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
protectKernelDefaults: true      # check, never write, host-wide kernel tunables
failSwapOn: false
clusterDNS: [$DNS_IP]
clusterDomain: cluster.local
resolvConf: $NODE_RUN/resolv.conf
serializeImagePulls: false
imageGCHighThresholdPercent: 100
evictionHard: {memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%}
healthzBindAddress: 127.0.0.1
syncFrequency: 10s
fileCheckFrequency: 10s
YAML
  start_bg kubelet "$NODE_RUN/kubelet.log" "$TOOLS_BIN/kubelet" \
    --config="$NODE_RUN/kubelet.yaml" --kubeconfig="$KUBECONFIG_FILE" --root-dir="$kd" \
    --hostname-override="$NODE_NAME" --node-ip="$NODE_IP" --v=1
}

kube_proxy_up() {
  cat >"$NODE_RUN/kube-proxy.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
clientConnection: {kubeconfig: $KUBECONFIG_FILE}
hostnameOverride: $NODE_NAME
clusterCIDR: $POD_SUBNET
bindAddress: $NODE_IP
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
iptables: {masqueradeAll: false, syncPeriod: 10s, minSyncPeriod: 0s}
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
YAML
  start_bg kube-proxy "$NODE_RUN/kube-proxy.log" "$TOOLS_BIN/kube-proxy" --config="$NODE_RUN/kube-proxy.yaml" --v=1
}

addons_up() { # CoreDNS and metrics-server as node processes behind selector-less Services
  cat >"$NODE_RUN/Corefile" <<CF
.:53 {
    bind $NODE_IP
    errors
    health 127.0.0.1:8181
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        kubeconfig $KUBECONFIG_FILE tier
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
    }
    cache 5
}
CF
  start_bg coredns "$NODE_RUN/coredns.log" "$TOOLS_BIN/coredns" -conf "$NODE_RUN/Corefile"
  mkdir -p "$NODE_RUN/metrics-server"
  start_bg metrics-server "$NODE_RUN/metrics-server.log" "$TOOLS_BIN/metrics-server" \
    --kubeconfig="$KUBECONFIG_FILE" --authentication-kubeconfig="$KUBECONFIG_FILE" --authorization-kubeconfig="$KUBECONFIG_FILE" \
    --bind-address="$NODE_IP" --secure-port=4443 --cert-dir="$NODE_RUN/metrics-server" \
    --kubelet-insecure-tls --kubelet-preferred-address-types=InternalIP --metric-resolution=15s
  k apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  clusterIP: $DNS_IP
  ports: [{name: dns, port: 53, protocol: UDP}, {name: dns-tcp, port: 53, protocol: TCP}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: kube-dns, namespace: kube-system}
subsets: [{addresses: [{ip: $NODE_IP}], ports: [{name: dns, port: 53, protocol: UDP}, {name: dns-tcp, port: 53, protocol: TCP}]}]
---
apiVersion: v1
kind: Service
metadata: {name: metrics-server, namespace: kube-system}
spec: {ports: [{name: https, port: 443, targetPort: 4443}]}
---
apiVersion: v1
kind: Endpoints
metadata: {name: metrics-server, namespace: kube-system}
subsets: [{addresses: [{ip: $NODE_IP}], ports: [{name: https, port: 4443}]}]
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta1.metrics.k8s.io}
spec:
  service: {name: metrics-server, namespace: kube-system, port: 443}
  group: metrics.k8s.io
  version: v1beta1
  insecureSkipTLSVerify: true
  groupPriorityMinimum: 100
  versionPriority: 100
YAML
}

node_up() { # NODE_RUN, TIER_ID, IMAGES_INDEX set by the caller
  local t0=$SECONDS
  registry_up && push_images || return 1
  controlplane_up || return 1
  containerd_up || return 1
  kubelet_up; kube_proxy_up
  wait_for 90 "node $NODE_NAME Ready" bash -c "'$KUBECTL' --kubeconfig '$KUBECONFIG_FILE' get node $NODE_NAME -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True" || return 1
  addons_up || return 1
  wait_for 60 "metrics API" k get --raw /apis/metrics.k8s.io/v1beta1/nodes || return 1
  log "node up in $((SECONDS - t0))s"
}

node_down() {
  # daemons started in check subshells (not in NODE_PIDS) go first
  local i e name pid
  if [[ -f "$NODE_RUN/daemons" ]]; then
    while IFS= read -r e; do
      [[ " ${NODE_PIDS[*]} " == *" $e "* ]] && continue
      kill "${e#*:}" 2>/dev/null || true
    done < "$NODE_RUN/daemons"
  fi
  for ((i = ${#NODE_PIDS[@]} - 1; i >= 0; i--)); do
    e="${NODE_PIDS[i]}"; name="${e%%:*}"; pid="${e#*:}"
    if [[ "$name" == containerd && -n "${CONTAINERD_SOCK:-}" ]]; then
      local ids; ids=$(ctr --address "$CONTAINERD_SOCK" -n k8s.io tasks ls -q 2>/dev/null || true)
      for id in $ids; do ctr --address "$CONTAINERD_SOCK" -n k8s.io tasks kill -a -s KILL "$id" >/dev/null 2>&1 || true; done
      sleep 1
      for id in $ids; do ctr --address "$CONTAINERD_SOCK" -n k8s.io tasks delete -f "$id" >/dev/null 2>&1 || true; done
    fi
    kill "$pid" 2>/dev/null || true
    local j; for j in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  NODE_PIDS=()
}

pg_up() { # Debian's PostgreSQL, listening on the node's address inside the netns only
  [[ -n "${PG_URL:-}" ]] && return 0
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  local d="$NODE_RUN/pg"; mkdir -p "$d/sock"; chmod o+x "$NODE_RUN"; chown -R postgres:postgres "$d"
  PG_PASSWORD="kf-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
  printf '%s\n' "$PG_PASSWORD" >"$d/pw"; chown postgres "$d/pw"; chmod 600 "$d/pw"
  runuser -u postgres -- "$bin/initdb" -D "$d/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 --pwfile="$d/pw" >"$NODE_RUN/pg-initdb.log" 2>&1 || { cat "$NODE_RUN/pg-initdb.log"; return 1; }
  echo "host all all $POD_SUBNET scram-sha-256" >>"$d/data/pg_hba.conf"
  start_bg postgres "$NODE_RUN/postgres.log" runuser -u postgres -- "$bin/postgres" -D "$d/data" \
    -c listen_addresses="$NODE_IP" -c port=5432 -c unix_socket_directories="$d/sock" -c max_connections=100
  wait_for 30 postgres runuser -u postgres -- psql -h "$d/sock" -c 'select 1' || return 1
  PSQL=(runuser -u postgres -- psql -h "$d/sock" -v ON_ERROR_STOP=1 -qtA)
  "${PSQL[@]}" -c "CREATE ROLE kf LOGIN PASSWORD '$PG_PASSWORD'" -c "CREATE DATABASE kf OWNER kf" || return 1
  PG_URL="postgresql://kf:$PG_PASSWORD@$NODE_IP:5432/kf"
  log "PostgreSQL $("${PSQL[@]}" -c 'show server_version') on $NODE_IP:5432 (inside the netns)"
}

netpol_up() { # kube-router's NetworkPolicy controller only (iptables + ipset), inside the netns
  local b="$TOOLS_BIN/kube-router"
  [[ -x "$b" ]] || { NETPOL_REASON="kube-router binary not built ($b)"; return 1; }
  command -v ipset >/dev/null || { NETPOL_REASON="ipset not installed"; return 1; }
  start_bg kube-router "$NODE_RUN/kube-router.log" "$b" --kubeconfig="$KUBECONFIG_FILE" --hostname-override="$NODE_NAME" \
    --run-firewall=true --run-router=false --run-service-proxy=false --enable-cni=false \
    --metrics-port=0 --health-port=20244 --v=1
  if ! wait_for 30 "kube-router healthz" curl -fsS http://127.0.0.1:20244/healthz; then
    NETPOL_REASON="kube-router did not become healthy: $(tail -3 "$NODE_RUN/kube-router.log" | tr '\n' ' ' | cut -c1-300)"; return 1
  fi
  sleep 3
  daemon_alive kube-router || { NETPOL_REASON="kube-router exited: $(tail -3 "$NODE_RUN/kube-router.log" | tr '\n' ' ' | cut -c1-300)"; return 1; }
}
