# Start/stop etcd + kube-apiserver on 127.0.0.1 (sourced by up.sh and ci.sh).
# cluster_up sets RUN_DIR, KUBECONFIG_FILE, APISERVER_URL; cluster_down kills only the
# processes it started (by PID) and removes RUN_DIR.
# Optional (used by verify/cluster, which runs this inside its own network namespace):
#   APISERVER_BIND_ADDRESS / APISERVER_ADVERTISE_ADDRESS (default 127.0.0.1),
#   APISERVER_EXTRA_SANS (e.g. "IP:10.96.0.1,IP:10.200.0.2"), APISERVER_EXTRA_ARGS (word-split).
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ETCD_PID=""; APISERVER_PID=""; RUN_DIR=""

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

gen_pki() { # $1 = dir
  local d="$1"
  (
    cd "$d"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj "/CN=cdk8s-fastapi-ca" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc%s\n' "${APISERVER_EXTRA_SANS:+,$APISERVER_EXTRA_SANS}" >san.ext
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out apiserver.crt -days 2 -extfile san.ext 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout admin.key -out admin.csr -subj "/O=system:masters/CN=admin" 2>/dev/null
    openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out admin.crt -days 2 2>/dev/null
    # service-account token signing key pair
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  )
}

cluster_down() {
  local pid
  for pid in "$APISERVER_PID" "$ETCD_PID"; do
    [[ -n "$pid" ]] || continue
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    { wait "$pid"; } 2>/dev/null || true
  done
  APISERVER_PID=""; ETCD_PID=""
  if [[ -n "$RUN_DIR" && -d "$RUN_DIR" && -z "${KEEP_RUN_DIR:-}" ]]; then rm -rf "$RUN_DIR"; fi
}

cluster_up() {
  local etcd="$TOOLS_BIN/etcd" apiserver="$TOOLS_BIN/kube-apiserver"
  [[ -x "$etcd" ]] || { log "etcd binary missing ($etcd): run verify/cluster/build.sh etcd"; return 1; }
  [[ -x "$apiserver" ]] || { log "kube-apiserver binary missing ($apiserver): run verify/cluster/build.sh kube-apiserver"; return 1; }
  RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-fastapi-cluster.XXXXXX")"
  gen_pki "$RUN_DIR"
  local cport pport sport
  cport=$(free_port); pport=$(free_port); sport=$(free_port)
  "$etcd" --name tier --data-dir "$RUN_DIR/etcd" \
    --listen-client-urls "http://127.0.0.1:$cport" --advertise-client-urls "http://127.0.0.1:$cport" \
    --listen-peer-urls "http://127.0.0.1:$pport" --initial-advertise-peer-urls "http://127.0.0.1:$pport" \
    --initial-cluster "tier=http://127.0.0.1:$pport" --unsafe-no-fsync \
    >"$RUN_DIR/etcd.log" 2>&1 &
  ETCD_PID=$!
  "$apiserver" \
    --bind-address="${APISERVER_BIND_ADDRESS:-127.0.0.1}" --advertise-address="${APISERVER_ADVERTISE_ADDRESS:-127.0.0.1}" --secure-port="$sport" \
    --etcd-servers="http://127.0.0.1:$cport" \
    --tls-cert-file="$RUN_DIR/apiserver.crt" --tls-private-key-file="$RUN_DIR/apiserver.key" \
    --client-ca-file="$RUN_DIR/ca.crt" \
    --service-account-key-file="$RUN_DIR/sa.pub" --service-account-signing-key-file="$RUN_DIR/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-cluster-ip-range=10.96.0.0/16 \
    --authorization-mode=Node,RBAC \
    --allow-privileged=true `# like real clusters; Pod Security must be what rejects privileged pods` \
    --enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,PodSecurity,ResourceQuota,DefaultStorageClass,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ValidatingAdmissionPolicy \
    --profiling=false --enable-priority-and-fairness=false \
    --cert-dir="$RUN_DIR/certs" ${APISERVER_EXTRA_ARGS:-} \
    >"$RUN_DIR/apiserver.log" 2>&1 &
  APISERVER_PID=$!
  APISERVER_URL="https://127.0.0.1:$sport"
  KUBECONFIG_FILE="$RUN_DIR/kubeconfig"
  cat >"$KUBECONFIG_FILE" <<KC
apiVersion: v1
kind: Config
clusters:
- name: tier
  cluster:
    server: $APISERVER_URL
    certificate-authority: $RUN_DIR/ca.crt
users:
- name: admin
  user:
    client-certificate: $RUN_DIR/admin.crt
    client-key: $RUN_DIR/admin.key
contexts:
- name: tier
  context: {cluster: tier, user: admin}
current-context: tier
KC
  chmod 600 "$KUBECONFIG_FILE"   # helm warns about (and refuses to trust) a group-readable one
  local i
  for i in $(seq 1 240); do
    if ! kill -0 "$APISERVER_PID" 2>/dev/null; then
      log "kube-apiserver exited early; last log lines:"; tail -20 "$RUN_DIR/apiserver.log" >&2; return 1
    fi
    if ! kill -0 "$ETCD_PID" 2>/dev/null; then
      log "etcd exited early; last log lines:"; tail -20 "$RUN_DIR/etcd.log" >&2; return 1
    fi
    if curl -fsS --cacert "$RUN_DIR/ca.crt" --cert "$RUN_DIR/admin.crt" --key "$RUN_DIR/admin.key" \
         "$APISERVER_URL/readyz" >/dev/null 2>&1; then
      log "control plane ready at $APISERVER_URL after ~$((i / 4))s (etcd $ETCD_VERSION, kube-apiserver $K8S_VERSION)"
      return 0
    fi
    sleep 0.25
  done
  log "kube-apiserver not ready after 60s; last log lines:"; tail -20 "$RUN_DIR/apiserver.log" >&2
  return 1
}
