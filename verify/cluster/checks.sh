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
  grep -aE '^(INFO|NOTE|!!!)' "$out" >&2 || true
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

# ---- 4. security context enforced by runc (and a weakened copy flagged): checks-security.sh --
source "$TIER_DIR/checks-security.sh"

# ---- 5. LoadTest's Locust Job via CoreDNS -> HPA scales out (metrics-server) and back in ----
locust_summary() { # ns job -> prints the Aggregated line etc.
  k -n "$1" logs "job/$2" 2>/dev/null | grep -E 'Aggregated|^Type|50%|Name' | head -8  || true
}
c_load_hpa() {
  k create namespace kf-load
  k apply -f "$FX/load/load.k8s.yaml" -l app.kubernetes.io/component=api
  k -n kf-load rollout status deployment/kf-api --timeout=120s
  # name resolution through CoreDNS from a pod's point of view happens inside the Job itself
  # it starts right after the node is up: metrics-server's first scrape of a new pod (15 s
  # resolution) can take most of a minute on a busy node
  poll 90 sh -c "'$KUBECTL' --kubeconfig '$KUBECONFIG_FILE' -n kf-load get hpa kf-api-hpa -o jsonpath='{.status.currentMetrics[0].resource.current.averageUtilization}' | grep -q '[0-9]'" \
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
  grep -E 'Aggregated' "$NODE_RUN/locust-load.log" | head -1 | awk '{ if ($2 + 0 == 0) exit 1; if ($3 != "0(0.00%)") exit 2 }' || fail "Locust reported no requests or failed requests"
  [[ -n "$scaled" ]] || fail "HPA never scaled kf-api out (max replicas $max)"
  info "LoadTest Job -> http://kf-api-svc.kf-load.svc:8080 via CoreDNS (req/s, fails, latency ms): $(grep -m1 Aggregated "$NODE_RUN/locust-load.log" | tr -s ' ')"
  info "HPA scale-out: replicas>1 after ${scaled}s, 2nd pod Ready after ${ready2:-never}s, max $max replicas"
  # scale back in (fixture: 15s scale-down stabilization window; dist's 50%/60s rate limit)
  local t1=$SECONDS cur="" ts=""
  for ((i = 0; i < 75; i++)); do
    cur=$(k -n kf-load get deploy kf-api -o jsonpath='{.spec.replicas}'); ts+=" $((SECONDS - t1))s:$cur"
    [[ "$cur" == 1 ]] && break
    sleep 2
  done
  echo "replicas after the load:$ts"
  [[ "$cur" == 1 && $max -gt 1 ]] || { k -n kf-load describe hpa kf-api-hpa | tail -15; fail "HPA did not scale back in to 1 replica ($ts)"; }
  info "HPA scale-in: $max -> 1 replica $((SECONDS - t1))s after the Locust Job finished (replicas over time:$(echo "$ts" | tr ' ' '\n' | awk -F: '$2 != last {printf " %s", $0; last = $2}'))"
  k delete namespace kf-load --wait=false
}

# ---- 6. the tutorial's three deletes; nothing of the app remains --------------------------
c_tutorial_deletes() {
  k delete deployment kf-api
  k delete svc kf-api-svc
  k delete hpa kf-api-hpa
  poll 60 sh -c "[ -z \"\$('$KUBECTL' --kubeconfig '$KUBECONFIG_FILE' get pods,replicasets -l $APP_SEL -o name)\" ]" \
    || { k get pods,rs -l "$APP_SEL"; fail "pods/replicasets of kf-api remain"; }
  poll 30 sh -c "'$KUBECTL' --kubeconfig '$KUBECONFIG_FILE' get endpoints kf-api-svc 2>&1 | grep -q NotFound" || fail "endpoints kf-api-svc remain"
  [[ -z "$(k get endpointslices -l kubernetes.io/service-name=kf-api-svc -o name)" ]] || fail "endpointslices of kf-api-svc remain"
  poll 30 sh -c "! iptables -t nat -S KUBE-SERVICES | grep -q default/kf-api-svc" || fail "kube-proxy rules for kf-api-svc remain"
  local ids; ids=$(ctr --address "$CONTAINERD_SOCK" -n k8s.io containers ls -q | wc -l)
  local rest; rest=$(k get all,pdb,networkpolicy,serviceaccount,configmap -l app.kubernetes.io/instance=kf-api -o name | tr '\n' ' ')
  info "after the 3 deletes: no pods, replicasets, endpoints or iptables rules of kf-api; not covered by them (the tutorial predates these objects): ${rest:-none}"
}

# ---- 7. broken variants: checks-broken.sh (c_broken) ------------------------------------
source "$TIER_DIR/checks-broken.sh"

# ---- 9. the prod environment for real: PostgreSQL, Secret, migration Job once, one database -
pod_get() { # ns pod path -> body, from inside the pod (NetworkPolicy-independent)
  k -n "$1" exec "$2" -c app -- python3 -c "import urllib.request,sys; print(urllib.request.urlopen('http://127.0.0.1:8080$3', timeout=5).read().decode())"
}
ready_pod_names() { # ns selector -> names of Ready pods that are not terminating
  k -n "$1" get pods -l "$2" -o json | jq -r '.items[] | select(.metadata.deletionTimestamp == null)
    | select(any(.status.conditions[]?; .type == "Ready" and .status == "True")) | .metadata.name'
}
at_least_ready() { [[ $(ready_pods "$1" "$2") -ge $3 ]]; }
c_prod() {
  [[ -n "${PG_URL:-}" ]] || fail "PostgreSQL is not running"
  local ns=kf-api-prod
  # the helm check may have left the namespace and Secret it made (Helm owns neither)
  k create namespace $ns --dry-run=client -o yaml | k apply -f -
  k -n $ns create secret generic kf-api-db --from-literal=url="$PG_URL" --dry-run=client -o yaml | k apply -f -
  k apply -f dist/environments/prod/
  local job; job=$(k -n $ns get jobs -l app.kubernetes.io/component=migration -o jsonpath='{.items[0].metadata.name}')
  k -n $ns wait --for=condition=complete "job/$job" --timeout=150s || { k -n $ns describe job "$job" | tail -10; k -n $ns logs "job/$job" --tail=20 || true; fail "migration Job $job did not complete"; }
  k -n $ns rollout status deployment/kf-api --timeout=180s
  # the HPA raises the Deployment to its minimum (3) after the first rollout: wait for those too
  poll 150 at_least_ready $ns "$APP_SEL" 3 || { k -n $ns get pods -o wide; fail "fewer than 3 Ready replicas (HPA min 3)"; }
  local js; js=$(k -n $ns get job "$job" -o jsonpath='{.status.succeeded}/{.status.failed}')
  [[ "$js" == "1/" || "$js" == "1/0" ]] || fail "migration Job ran more than once or failed (succeeded/failed = $js)"
  [[ $(k -n $ns get pods -l job-name="$job" -o name | wc -l) -eq 1 ]] || fail "migration Job has more than one pod"
  local tables; tables=$("${PSQL[@]}" -d kf -c '\dt'); echo "$tables"
  grep -q items <<<"$tables" || fail "no items table in PostgreSQL after the migration"
  local marker="pg-$RANDOM$RANDOM"
  "${PSQL[@]}" -d kf -c "UPDATE items SET name = '$marker' WHERE id = 1" || fail "cannot update items in PostgreSQL"
  local pods; pods=$(ready_pod_names $ns "$APP_SEL")
  local n=0 p body
  for p in $pods; do
    body=$(pod_get $ns "$p" /api/items/1) || fail "GET /api/items/1 failed in $p"
    echo "$p: $body"; [[ "$body" == *"$marker"* ]] || fail "$p does not serve from the shared database: $body"
    n=$((n + 1))
  done
  [[ $n -ge 3 ]] || fail "expected >= 3 replicas (HPA min 3), got $n"
  info "prod: migration Job $job ran once; $n replicas serve the row written in PostgreSQL ($marker)"
}

# ---- 10. helm v3: cdk8s synth --format helm of main.ts; install completes; uninstall leaves nothing
HELM="$TOOLS_BIN/helm"
helm_() { "$HELM" --kubeconfig "$KUBECONFIG_FILE" "$@"; }
leftovers() { # objects of the app in the three namespaces main.ts renders into
  local ns; for ns in default kf-api-dev kf-api-prod; do
    k -n $ns get deploy,rs,pods,svc,hpa,pdb,networkpolicy,ingress,serviceaccount,configmap,job,secret -l app.kubernetes.io/instance=kf-api -o name 2>/dev/null | sed "s#^#$ns/#"
  done
}
c_helm() {
  # start from nothing: it runs first, but ONLY=... may run it after checks that left objects
  k delete -f dist/ --ignore-not-found --wait=true >/dev/null 2>&1 || true
  k delete namespace kf-api-prod kf-api-dev --ignore-not-found --wait=true --timeout=120s >/dev/null 2>&1 || true
  [[ -z "$(leftovers)" ]] || { leftovers; fail "objects left before helm install"; }
  [[ -n "${PG_URL:-}" ]] || fail "PostgreSQL is not running"
  local ns; for ns in kf-api-dev kf-api-prod; do k create namespace $ns --dry-run=client -o yaml | k apply -f -; done
  k -n kf-api-prod create secret generic kf-api-db --from-literal=url="$PG_URL" --dry-run=client -o yaml | k apply -f -
  helm_ install kf-api "${HELM_CHART_DIR:-$FX/helm}" --wait --timeout 150s >"$NODE_RUN/helm-install.log" 2>&1 &
  local hp=$! deadlock="" i
  for ((i = 0; i < 160; i++)); do
    kill -0 $hp 2>/dev/null || break
    deadlock=$(k -n kf-api-prod get events --field-selector reason=FailedCreate -o jsonpath='{range .items[*]}{.message}{"\n"}{end}' 2>/dev/null | grep -m1 'serviceaccount' || true)
    [[ -n "$deadlock" && $i -ge 10 ]] && break
    sleep 1
  done
  if kill -0 $hp 2>/dev/null; then
    kill $hp; wait $hp 2>/dev/null || true
    cat "$NODE_RUN/helm-install.log"
    helm_ uninstall kf-api --no-hooks >/dev/null 2>&1 || true
    k -n kf-api-prod delete jobs -l app.kubernetes.io/component=migration --ignore-not-found >/dev/null 2>&1 || true
    fail "helm install hangs on its pre-install hook: ${deadlock:-no progress} (the migration Job runs as ServiceAccount kf-api, which Helm creates only after the hook)"
  fi
  wait $hp || { cat "$NODE_RUN/helm-install.log"; fail "helm install failed"; }
  local st; st=$(helm_ status kf-api -o json | jq -r .info.status) || true
  [[ "$st" == deployed ]] || { cat "$NODE_RUN/helm-install.log"; helm_ status kf-api || true; fail "release not deployed (status: ${st:-unknown})"; }
  info "helm install of cdk8s synth --format helm: deployed ($(helm_ list -q | wc -l) release)"
  helm_ uninstall kf-api --wait --timeout 120s
  local rest; rest=$(for ((i = 0; i < 30; i++)); do r=$(leftovers); [[ -z "$r" ]] && break; sleep 2; done; echo "$r")
  [[ -z "$rest" ]] || { echo "$rest"; fail "helm uninstall left objects behind: $(echo $rest)"; }
  info "helm uninstall left nothing of kf-api in default, kf-api-dev, kf-api-prod"
}

# ---- 11. NetworkPolicy enforced (kube-router): prod's policy admits only ingress-nginx -------
client_pod() { # ns name
  k -n "$1" run "$2" --image=4oh4/kubernetes-fastapi:1.0.0 --restart=Never --labels=app=np-client \
    --overrides='{"spec":{"securityContext":{"runAsNonRoot":true,"runAsUser":10001,"seccompProfile":{"type":"RuntimeDefault"}},"containers":[{"name":"'"$2"'","image":"4oh4/kubernetes-fastapi:1.0.0","command":["python3","-c","import time; time.sleep(900)"],"securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}}}]}}' >/dev/null
}
try_get() { # ns pod url -> "ok" | "refused: ..."
  k -n "$1" exec "$2" -- python3 -c "
import urllib.request
try:
    urllib.request.urlopen('$3', timeout=4).read(); print('ok')
except Exception as e:
    print('refused:', e)" 2>&1 | tail -1
}
c_netpol() {
  local url=http://kf-api-svc.kf-api-prod.svc.cluster.local:8080/api/hello
  k get ns kf-api-prod >/dev/null || fail "prod environment not running"
  k create namespace ingress-nginx >/dev/null; k create namespace kf-np-other >/dev/null
  client_pod ingress-nginx allowed; client_pod kf-np-other denied
  k -n ingress-nginx wait --for=condition=Ready pod/allowed --timeout=90s >/dev/null
  k -n kf-np-other wait --for=condition=Ready pod/denied --timeout=90s >/dev/null
  local a d
  d=$(try_get kf-np-other denied "$url"); info "before enforcement: kf-np-other -> prod: $d"
  [[ "$d" == ok ]] || fail "baseline: kf-np-other cannot reach prod even without a policy controller ($d)"
  NETPOL_REASON=""
  netpol_up || { echo "!!! NETWORKPOLICY NOT ENFORCED: $NETPOL_REASON"; return 0; }
  for ((i = 0; i < 20; i++)); do d=$(try_get kf-np-other denied "$url"); [[ "$d" != ok ]] && break; sleep 1; done
  a=$(try_get ingress-nginx allowed "$url")
  info "enforced (kube-router $KUBE_ROUTER_VERSION): ingress-nginx -> prod: $a; kf-np-other -> prod: $d"
  [[ "$a" == ok ]] || fail "the allowed namespace ingress-nginx was refused: $a"
  [[ "$d" != ok ]] || fail "kf-np-other still reaches prod: kf-api-netpol not enforced"
  k delete namespace ingress-nginx kf-np-other --wait=false >/dev/null
}

# ---- run -------------------------------------------------------------------------------------
if ! node_up; then
  echo "FAIL cluster-up" >>"$RESULTS"
  for f in kubelet containerd kube-proxy metrics-server coredns; do log "== $f.log"; tail -15 "$NODE_RUN/$f.log" >&2 || true; done
  log "== kube-apiserver.log"; tail -15 "${RUN_DIR:-/nonexistent}/apiserver.log" >&2 || true
  exit 1
fi
echo "PASS cluster-up" >>"$RESULTS"
if [[ "${MODE:-}" == bench ]]; then
  source "$TIER_DIR/bench-phases.sh"; bench_main; exit 0
fi
ONLY="${ONLY:-}"
SKIP="${SKIP:-}"
want() { [[ ( -z "$ONLY" || " $ONLY " == *" $1 "* ) && " $SKIP " != *" $1 "* ]]; }
source "$TIER_DIR/checks-orders.sh"
if want prod-postgres || want helm || want orders || want wrong-db-password; then  # in this shell: the node owns the postgres process
  pg_up >"$NODE_RUN/pg-up.log" 2>&1 || { cat "$NODE_RUN/pg-up.log" >&2; echo "FAIL postgres-up" >>"$RESULTS"; }
fi
# orders and load-hpa have their own namespaces and mostly wait (on the kubelet's first liveness
# tick, on the HPA): they run in the background.
# orders taints the node until its pods are scheduled: nothing else starts before it lifts the
# taint (or ends).
ORDERS_PID="" LOAD_PID=""
if want orders; then
  check orders c_orders & ORDERS_PID=$!
  while [[ ! -e "$NODE_RUN/orders.untainted" ]] && kill -0 "$ORDERS_PID" 2>/dev/null; do sleep 1; done
fi
if want load-hpa; then check load-hpa c_load_hpa & LOAD_PID=$!; fi
want helm && check helm c_helm   # first, on a cluster where nothing of the app exists yet
want apply-dist && check apply-dist c_apply_dist
want port-forward && check port-forward c_port_forward
want cluster-ip && check cluster-ip c_cluster_ip
want security-context && check security-context c_security_context
want tutorial-deletes && check tutorial-deletes c_tutorial_deletes
# in the foreground: 15 pods starting at once while helm runs made helm take 146 s, not 34 s;
# grace, weak-security-context and wrong-db-password mostly wait (on their pods' probes, on a
# 20 s request): beside it
GRACE_PID="" WEAK_PID="" WRONG_PW_PID=""
if want grace; then check grace c_grace & GRACE_PID=$!; fi
if want weak-security-context; then check weak-security-context c_weak_security_context & WEAK_PID=$!; fi
if want wrong-db-password; then check wrong-db-password c_wrong_db_password & WRONG_PW_PID=$!; fi
want broken-variants && check broken-variants c_broken
want prod-postgres && check prod-postgres c_prod
want netpol && check netpol c_netpol
[[ -z "$GRACE_PID" ]] || wait "$GRACE_PID" || true
[[ -z "$WEAK_PID" ]] || wait "$WEAK_PID" || true
[[ -z "$WRONG_PW_PID" ]] || wait "$WRONG_PW_PID" || true
[[ -z "$LOAD_PID" ]] || wait "$LOAD_PID" || true
[[ -z "$ORDERS_PID" ]] || wait "$ORDERS_PID" || true
[[ -n "${PAUSE_AT_END:-}" ]] && { log "PAUSE_AT_END: sleeping $PAUSE_AT_END s (KUBECONFIG=$KUBECONFIG_FILE)"; sleep "$PAUSE_AT_END"; }
exit 0
