#!/usr/bin/env bash
# The inner half of ci.sh, run INSIDE the tier's network + mount namespace: bring the node up,
# run the checks in priority order, stop the node. Each check appends PASS/FAIL <name> to
# $RESULTS; ci.sh prints the summary after teardown.
# shellcheck source=node.sh
source "$(dirname "${BASH_SOURCE[0]}")/node.sh"
cd "$REPO_ROOT"
trap 'node_down' EXIT
FX="$NODE_RUN/fixtures"
PY=/usr/bin/python3

# ---- check framework ---------------------------------------------------------------------
check() { # name function : run one check in a subshell with errexit; record the verdict
  local name="$1"; shift
  local t=$SECONDS out="$NODE_RUN/check-$name.log" rc
  log "--- $name"
  set +e; ( set -e; "$@" ) >"$out" 2>&1; rc=$?; set -e
  grep -E '^(INFO|NOTE|!!!)' "$out" >&2 || true
  if [[ $rc -eq 0 ]]; then
    echo "PASS $name" >>"$RESULTS"; log "PASS $name ($((SECONDS - t))s)"
  else
    echo "FAIL $name" >>"$RESULTS"; log "FAIL $name ($((SECONDS - t))s); last lines:"; tail -25 "$out" | sed 's/^/    /' >&2
  fi
}
fail() { echo "FAIL: $*"; return 1; }
info() { echo "INFO $*"; }
poll() { # seconds cmd... : true once cmd succeeds
  local n="$1"; shift; local i
  for ((i = 0; i < n; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done; return 1
}
jp() { k "$@"; }   # readability: jp get ... -o jsonpath=...
ready_pods() { # ns selector -> count of Ready pods
  k -n "$1" get pods -l "$2" -o json | jq '[.items[] | select(.metadata.deletionTimestamp == null) | select(any(.status.conditions[]?; .type == "Ready" and .status == "True"))] | length'
}
APP_SEL=app.kubernetes.io/instance=kf-api,app.kubernetes.io/component=api

# ---- 1. kubectl apply -f dist/, rollout Available, Ready through the kubelet's probes -------
c_apply_dist() {
  k apply -f dist/
  k rollout status deployment/kf-api --timeout=180s
  [[ "$(k get deploy kf-api -o jsonpath='{.status.conditions[?(@.type=="Available")].status}')" == True ]] || fail "Deployment kf-api not Available"
  local pod; pod=$(k get pods -l "$APP_SEL" -o jsonpath='{.items[0].metadata.name}')
  k get pod "$pod" -o json | jq -e '.status.containerStatuses[] | select(.name == "app") | .ready and .started' >/dev/null || fail "pod $pod not ready/started"
  k get pod "$pod" -o json | jq -e '.status.initContainerStatuses[] | select(.name == "migrate") | .state.terminated.exitCode == 0' >/dev/null || fail "migrate init container did not exit 0"
  # readiness is the kubelet's own probe result: the pod's Ready transition came after start
  k get pod "$pod" -o json | jq -e '.spec.containers[0].readinessProbe.httpGet.path == "/readyz"' >/dev/null
  info "pod $pod Ready via kubelet probes (startup /healthz, readiness /readyz), image $(k get pod "$pod" -o jsonpath='{.status.containerStatuses[0].imageID}')"
}

# ---- 2. kubectl port-forward service/kf-api-svc 8080 ; curl localhost:8080/api/hello -------
c_port_forward() {
  k port-forward service/kf-api-svc 8080 >"$NODE_RUN/pf.log" 2>&1 &
  local pf=$!
  poll 20 grep -q 'Forwarding from 127.0.0.1:8080' "$NODE_RUN/pf.log" || { kill $pf; cat "$NODE_RUN/pf.log"; fail "port-forward did not start"; }
  local body; body=$(curl -fsS --max-time 5 localhost:8080/api/hello) || { kill $pf; fail "curl through port-forward failed"; }
  kill $pf; wait $pf 2>/dev/null || true
  echo "$body"; echo "$body" | jq -e '.message | test("Hello")' >/dev/null || fail "unexpected body: $body"
  info "port-forward: GET /api/hello -> $body"
}

# ---- 3. the Service's ClusterIP through kube-proxy (iptables mode) -------------------------
c_cluster_ip() {
  local ip; ip=$(k get svc kf-api-svc -o jsonpath='{.spec.clusterIP}')
  poll 30 sh -c "iptables -t nat -S KUBE-SERVICES | grep -q 'default/kf-api-svc:http cluster IP'" || fail "no kube-proxy iptables rule for kf-api-svc"
  iptables -t nat -S KUBE-SERVICES | grep 'kf-api-svc'
  local body; body=$(curl -fsS --max-time 5 "http://$ip:8080/api/hello?name=clusterip") || fail "curl http://$ip:8080 failed"
  echo "$body" | jq -e '.message | test("clusterip")' >/dev/null || fail "unexpected body: $body"
  info "ClusterIP $ip:8080 via kube-proxy iptables -> $body"
}

# ---- 4. security context enforced by runc --------------------------------------------------
container_pid() { # ns pod container -> host pid of the container's init process
  local id; id=$(k -n "$1" get pod "$2" -o json | jq -r --arg c "$3" '.status.containerStatuses[] | select(.name == $c) | .containerID' | sed 's#containerd://##')
  ctr --address "$CONTAINERD_SOCK" -n k8s.io tasks ls | awk -v id="$id" '$1 == id {print $2}'
}
c_security_context() {
  local pod pid; pod=$(k get pods -l "$APP_SEL" -o jsonpath='{.items[0].metadata.name}')
  pid=$(container_pid default "$pod" app); [[ -n "$pid" ]] || fail "no task for $pod/app"
  local st=/proc/$pid/status; grep -E '^(Name|Uid|Gid|CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp|Seccomp_filters):' "$st"
  grep -Eq '^Uid:\s+10001\s+10001\s+10001\s+10001$' "$st" || fail "uid is not 10001"
  grep -Eq '^Gid:\s+10001\s+10001\s+10001\s+10001$' "$st" || fail "gid is not 10001"
  local c; for c in CapInh CapPrm CapEff CapBnd CapAmb; do grep -Eq "^$c:\s+0000000000000000$" "$st" || fail "$c not empty"; done
  grep -Eq '^NoNewPrivs:\s+1$' "$st" || fail "no_new_privs not set"
  grep -Eq '^Seccomp:\s+2$' "$st" || fail "seccomp not in filter mode"
  # read-only root: the container's / is mounted ro; /tmp (emptyDir) is writable
  awk '$5 == "/" {print "root mount options:", $6}' "/proc/$pid/mountinfo"
  awk '$5 == "/" {exit ($6 ~ /(^|,)ro(,|$)/) ? 0 : 1}' "/proc/$pid/mountinfo" || fail "root filesystem is not mounted read-only"
  local out; out=$(k exec "$pod" -c app -- python3 -c 'import os
try:
    open("/app/x", "w"); print("root-writable")
except OSError as e: print("root:", e.strerror)
open("/tmp/x", "w").write("ok"); os.remove("/tmp/x"); print("tmp: writable")
try:
    os.setuid(0); print("setuid-worked")
except OSError as e: print("setuid:", e.strerror)' 2>&1) || fail "kubectl exec failed: $out"
  echo "$out"
  grep -q 'root: Read-only file system' <<<"$out" || fail "write to / did not fail read-only"
  grep -q 'tmp: writable' <<<"$out" || fail "/tmp not writable"
  grep -q 'setuid: Operation not permitted' <<<"$out" || fail "setuid(0) was not refused"
  info "runc: uid/gid 10001, all capability sets empty, NoNewPrivs 1, Seccomp 2 (filter), / read-only, /tmp writable, setuid(0) EPERM"
}

# ---- 5. LoadTest's Locust Job via CoreDNS -> HPA scales out (metrics-server) and back in ----
locust_summary() { # ns job -> prints the Aggregated line etc.
  k -n "$1" logs "job/$2" 2>/dev/null | grep -E 'Aggregated|^Type|50%|Name' | head -8
}
c_load_hpa() {
  k create namespace kf-load
  k apply -f "$FX/load/load.k8s.yaml" -l app.kubernetes.io/component=api
  k -n kf-load rollout status deployment/kf-api --timeout=120s
  # name resolution through CoreDNS from a pod's point of view happens inside the Job itself
  poll 30 sh -c "'$KUBECTL' --kubeconfig '$KUBECONFIG_FILE' -n kf-load get hpa kf-api-hpa -o jsonpath='{.status.currentMetrics[0].resource.current.averageUtilization}' | grep -q '[0-9]'" \
    || { k -n kf-load describe hpa kf-api-hpa; fail "HPA has no CPU metric from metrics-server"; }
  local t0=$SECONDS scaled="" ready2=""
  k apply -f "$FX/load/load.k8s.yaml" -l app.kubernetes.io/component=load-test
  local i max=1 state
  for ((i = 0; i < 240; i++)); do
    local spec ready; spec=$(k -n kf-load get deploy kf-api -o jsonpath='{.spec.replicas}'); ready=$(k -n kf-load get deploy kf-api -o jsonpath='{.status.readyReplicas}')
    (( spec > max )) && max=$spec
    [[ -z "$scaled" && $spec -gt 1 ]] && scaled=$((SECONDS - t0))
    [[ -z "$ready2" && ${ready:-0} -gt 1 ]] && ready2=$((SECONDS - t0))
    state=$(k -n kf-load get job kf-api-load-test -o jsonpath='{range .status.conditions[*]}{.type}={.status} {end}')
    [[ "$state" == *Complete=True* || "$state" == *Failed=True* ]] && break
    sleep 2
  done
  k -n kf-load get hpa kf-api-hpa; locust_summary kf-load kf-api-load-test
  k -n kf-load logs job/kf-api-load-test >"$NODE_RUN/locust-load.log" 2>&1 || true
  [[ "$state" == *Complete=True* ]] || { tail -30 "$NODE_RUN/locust-load.log"; fail "Locust Job did not complete successfully ($state)"; }
  grep -E 'Aggregated' "$NODE_RUN/locust-load.log" | head -1 | awk '{ if ($3 + 0 == 0) exit 1; if ($4 != "0(0.00%)") exit 2 }' || fail "Locust reported no requests or failed requests"
  [[ -n "$scaled" ]] || fail "HPA never scaled kf-api out (max replicas $max)"
  info "LoadTest Job -> http://kf-api-svc.kf-load.svc.cluster.local:8080 via CoreDNS: $(grep -m1 Aggregated "$NODE_RUN/locust-load.log" | tr -s ' ')"
  info "HPA scale-out: replicas>1 after ${scaled}s, 2nd pod Ready after ${ready2:-never}s, max $max replicas"
  # scale back in (fixture: 15s scale-down stabilization window)
  local t1=$SECONDS
  poll 150 sh -c "[ \"\$('$KUBECTL' --kubeconfig '$KUBECONFIG_FILE' -n kf-load get deploy kf-api -o jsonpath='{.spec.replicas}')\" = 1 ]" \
    || { k -n kf-load describe hpa kf-api-hpa | tail -15; fail "HPA did not scale back in to 1 replica"; }
  info "HPA scale-in to 1 replica $((SECONDS - t1))s after the load ended"
  k delete namespace kf-load --wait=false
}

# ---- 6. the tutorial's three deletes; nothing of the app remains --------------------------
c_tutorial_deletes() {
  k delete deployment kf-api
  k delete svc kf-api-svc
  k delete hpa kf-api-hpa
  poll 60 sh -c "[ -z \"\$('$KUBECTL' --kubeconfig '$KUBECONFIG_FILE' get pods,replicasets -l $APP_SEL -o name)\" ]" \
    || { k get pods,rs -l "$APP_SEL"; fail "pods/replicasets of kf-api remain"; }
  k get endpoints kf-api-svc 2>&1 | grep -q NotFound || fail "endpoints kf-api-svc remain"
  [[ -z "$(k get endpointslices -l kubernetes.io/service-name=kf-api-svc -o name)" ]] || fail "endpointslices of kf-api-svc remain"
  poll 30 sh -c "! iptables -t nat -S KUBE-SERVICES | grep -q kf-api-svc" || fail "kube-proxy rules for kf-api-svc remain"
  local ids; ids=$(ctr --address "$CONTAINERD_SOCK" -n k8s.io containers ls -q | wc -l)
  local rest; rest=$(k get all,pdb,networkpolicy,serviceaccount,configmap -l app.kubernetes.io/instance=kf-api -o name | tr '\n' ' ')
  info "after the 3 deletes: no pods, replicasets, endpoints or iptables rules of kf-api; not covered by them (the seed predates these objects): ${rest:-none}"
}

# ---- run -------------------------------------------------------------------------------------
if ! node_up; then
  echo "FAIL cluster-up" >>"$RESULTS"
  for f in kubelet containerd kube-apiserver kube-proxy metrics-server coredns; do log "== $f.log"; tail -15 "$NODE_RUN/$f.log" >&2 || true; done
  exit 1
fi
echo "PASS cluster-up" >>"$RESULTS"
ONLY="${ONLY:-}"
want() { [[ -z "$ONLY" || " $ONLY " == *" $1 "* ]]; }
want apply-dist && check apply-dist c_apply_dist
want port-forward && check port-forward c_port_forward
want cluster-ip && check cluster-ip c_cluster_ip
want security-context && check security-context c_security_context
want load-hpa && check load-hpa c_load_hpa
want tutorial-deletes && check tutorial-deletes c_tutorial_deletes
[[ -n "${PAUSE_AT_END:-}" ]] && { log "PAUSE_AT_END: sleeping $PAUSE_AT_END s (KUBECONFIG=$KUBECONFIG_FILE)"; sleep "$PAUSE_AT_END"; }
exit 0
