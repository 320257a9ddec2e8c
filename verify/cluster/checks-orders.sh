# The `orders` check of the real-cluster tier (issue #14): examples/orders-api.ts, synthesized
# and applied UNMODIFIED, runs for real. Sourced by checks.sh (uses its check framework: fail,
# info, poll, k, pg_up, start_bg, $FX, $NODE_RUN). Runs first, in the background: it taints the
# shared node only until its own pods are scheduled (then touches $NODE_RUN/orders.untainted, which
# checks.sh waits for before it starts the others), and undoes label and taint on any exit.
#   FastApiService orders-api + FastApiWorker orders-api-worker in namespace orders; images are
#   stand-ins (images/build-orders.sh); PostgreSQL and Redis from Debian on the node address
#   inside the netns; the cloud-sql-proxy stand-in reaches PostgreSQL through a selector-less
#   Service orders.cloudsql-standin (instance "project:region:orders" -> "orders.cloudsql-standin").

ORDERS_NS=orders
ORDERS_POOL_KEY=example.com/pool
ORDERS_TAINT="$ORDERS_POOL_KEY=orders:NoSchedule"
ORDERS_API_SEL=app.kubernetes.io/instance=orders-api
ORDERS_WORKER_SEL=app.kubernetes.io/instance=orders-api-worker
ORDERS_YAML="$FX/orders/orders-api.k8s.yaml"
ORDERS_CERT_DIR=/etc/orders/payments

redis_up() { # Debian's redis-server on the node address (inside the netns only), with a password
  [[ -n "${REDIS_URL:-}" ]] && return 0
  local d="$NODE_RUN/redis" pw; mkdir -p "$d"
  pw="rd-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
  # in a file, not on the command line (ps would show it)
  printf 'bind %s\nport 6379\nprotected-mode yes\nrequirepass %s\ndir %s\nsave ""\nappendonly no\ndaemonize no\nlogfile ""\n' \
    "$NODE_IP" "$pw" "$d" >"$d/redis.conf"
  chown -R redis:redis "$d"; chmod 600 "$d/redis.conf"; chmod o+x "$NODE_RUN"
  start_bg redis "$NODE_RUN/redis.log" runuser -u redis -- redis-server "$d/redis.conf"
  export REDISCLI_AUTH="$pw"
  wait_for 20 redis sh -c "redis-cli -h $NODE_IP ping | grep -qx PONG" || { tail -5 "$NODE_RUN/redis.log"; return 1; }
  REDIS_URL="redis://:$pw@$NODE_IP:6379/0"
  info "redis-server $(redis-server --version | grep -o 'v=[0-9.]*') on $NODE_IP:6379 (inside the netns)"
}

orders_cleanup() { # undo what the check did to the shared node, also after a failure
  k taint node "$NODE_NAME" "$ORDERS_TAINT-" >/dev/null 2>&1 || true
  k label node "$NODE_NAME" "$ORDERS_POOL_KEY-" >/dev/null 2>&1 || true
  local left; left=$(k get node "$NODE_NAME" -o json | jq -r --arg k "$ORDERS_POOL_KEY" \
    '[(.spec.taints // [])[] | select(.key == $k)] + [(.metadata.labels // {}) | to_entries[] | select(.key == $k)] | length')
  k delete namespace "$ORDERS_NS" cloudsql-standin --ignore-not-found --wait=false >/dev/null 2>&1 || true
  # a taint left behind would keep every later pod off the shared node: that fails the check
  [[ "$left" == 0 ]] || { echo "!!! node $NODE_NAME still carries $ORDERS_POOL_KEY (taint/label): $(k get node "$NODE_NAME" -o jsonpath='{.spec.taints}')"; exit 1; }
  echo "INFO node $NODE_NAME: taint and label $ORDERS_POOL_KEY removed"
}

orders_pods() { # selector -> pod names (not terminating)
  k -n "$ORDERS_NS" get pods -l "$1" -o json | jq -r '.items[] | select(.metadata.deletionTimestamp == null) | .metadata.name'
}
# all replicas the HPA asks for (min 2) exist and are Ready, every container of every pod Ready
orders_all_ready() { # deployment
  local d; d=$(k -n "$ORDERS_NS" get deploy "$1" -o json)
  jq -e '.spec.replicas >= 2 and .status.readyReplicas == .spec.replicas and .status.updatedReplicas == .spec.replicas
    and ((.status.replicas // 0) == .spec.replicas)' <<<"$d" >/dev/null
}
probe_count() { # pod container probe_type result -> the kubelet's prober_probe_total for them
  curl -sk --max-time 5 "https://$NODE_IP:10250/metrics/probes" | awk -v p="pod=\"$1\"" -v c="container=\"$2\"" \
    -v t="probe_type=\"$3\"" -v r="result=\"$4\"" 'index($0, "prober_probe_total{") == 1 && index($0, p) && index($0, c) && index($0, t) && index($0, r) {n += $NF} END {print n + 0}'
}
orders_all_scheduled() { # the 4 pods the HPAs' minimum asks for all have a node
  k -n "$ORDERS_NS" get pods -l 'app.kubernetes.io/part-of=orders-api' -o json \
    | jq -e '[.items[] | select(.metadata.deletionTimestamp == null and .spec.nodeName != null)] | length >= 4' >/dev/null
}
liveness_ok() { [[ $(probe_count "$1" worker Liveness successful) -ge 1 ]]; }
orders_psql() { "${PSQL[@]}" -d orders -c "$1"; }

# Inside a container: the Secret's files (mode, group, read-only mount, readable as uid 10001).
SECRET_PROBE='import json, os, sys
d = sys.argv[1]; out = {}
for f in ("client.crt", "client.key"):
    st = os.stat(os.path.join(d, f)); out[f] = "%o %d" % (st.st_mode & 0o777, st.st_gid)
    out[f + ":readable"] = len(open(os.path.join(d, f), "rb").read()) > 0
mnt = [l.split() for l in open("/proc/self/mountinfo") if l.split()[4] == d]
out["mount"] = mnt[0][5].split(",")[0] if mnt else "none"
try:
    open(os.path.join(d, "x"), "w"); out["write"] = "succeeded"
except OSError as e:
    out["write"] = e.strerror
out["uid"] = os.getuid(); print(json.dumps(out, sort_keys=True))'

oinfo() { info "[+$((SECONDS - t0))s] $*"; }   # t0: c_orders' start (bash's dynamic scope)

c_orders() {
  local t0=$SECONDS ns=$ORDERS_NS
  [[ -s "$ORDERS_YAML" ]] || fail "no synthesized $ORDERS_YAML (fixtures/synth.sh)"
  trap orders_cleanup EXIT   # the check runs in a subshell: this fires on failure too
  pg_up || fail "PostgreSQL did not start"
  redis_up || fail "redis-server did not start"
  oinfo "PostgreSQL and Redis up"
  local dbpw; dbpw="or-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
  "${PSQL[@]}" -c "DROP DATABASE IF EXISTS orders" -c "DROP ROLE IF EXISTS orders" \
    -c "CREATE ROLE orders LOGIN PASSWORD '$dbpw'" -c "CREATE DATABASE orders OWNER orders" || fail "cannot create the orders database and role"

  k create namespace "$ns" >/dev/null
  # the app dials 127.0.0.1:5432: its cloud-sql-proxy sidecar, as with real Cloud SQL
  k -n "$ns" create secret generic orders-db --from-literal=url="postgresql://orders:$dbpw@127.0.0.1:5432/orders" >/dev/null
  k -n "$ns" create secret generic orders-broker --from-literal=url="$REDIS_URL" >/dev/null
  local certs="$NODE_RUN/orders-payments"; mkdir -p "$certs"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$certs/tls.key" -out "$certs/tls.crt" -days 2 -subj "/CN=orders-payments-client" 2>/dev/null
  k -n "$ns" create secret tls orders-payments-client --cert="$certs/tls.crt" --key="$certs/tls.key" >/dev/null
  local fp; fp=$(openssl x509 -in "$certs/tls.crt" -noout -fingerprint -sha256 | cut -d= -f2 | tr -d : | tr A-F a-f)
  # where the proxy stand-in sends instance example-project:europe-west1:orders
  k apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Namespace
metadata: {name: cloudsql-standin}
---
apiVersion: v1
kind: Service
metadata: {name: orders, namespace: cloudsql-standin}
spec: {ports: [{name: postgres, port: 5432}]}
---
apiVersion: v1
kind: Endpoints
metadata: {name: orders, namespace: cloudsql-standin}
subsets: [{addresses: [{ip: $NODE_IP}], ports: [{name: postgres, port: 5432}]}]
YAML

  # the dedicated pool: label AND taint the (only) node before anything is scheduled
  k label node "$NODE_NAME" "$ORDERS_POOL_KEY=orders" --overwrite >/dev/null
  k taint node "$NODE_NAME" "$ORDERS_TAINT" --overwrite >/dev/null
  # the taint really repels: the same nodeSelector without the toleration must not schedule
  k -n "$ns" run no-toleration --image=registry.k8s.io/pause:3.9 --restart=Never \
    --overrides="{\"spec\":{\"nodeSelector\":{\"$ORDERS_POOL_KEY\":\"orders\"}}}" >/dev/null

  k apply -f "$ORDERS_YAML"
  local ts=$SECONDS
  # The taint matters when pods are scheduled: once all 4 (the HPAs' minimum of 2 each) have a
  # node, prove the repelled pod is refused, then lift the taint so the other checks, which run
  # meanwhile, can schedule again (NoSchedule never evicts what already runs).
  poll 90 orders_all_scheduled || { k -n "$ns" get pods -o wide; fail "the orders pods were not all scheduled (4 expected)"; }
  local sched; sched=$(k -n "$ns" get pod no-toleration -o jsonpath='{.spec.nodeName}|{.status.conditions[?(@.type=="PodScheduled")].reason}|{.status.conditions[?(@.type=="PodScheduled")].message}')
  [[ "$sched" == "|Unschedulable|"*"untolerated taint"* ]] || fail "a pod without the toleration was not refused by the taint: $sched"
  local pj; pj=$(k -n "$ns" get pods -l 'app.kubernetes.io/part-of=orders-api' -o json)
  jq -e --arg n "$NODE_NAME" '[.items[] | select(.metadata.deletionTimestamp == null)] | length >= 4 and all(.spec.nodeName == $n)' <<<"$pj" >/dev/null || fail "orders pods not (all) on node $NODE_NAME"
  k get node "$NODE_NAME" -o json | jq -e --arg k "$ORDERS_POOL_KEY" '(.metadata.labels[$k] == "orders") and any(.spec.taints[]?; .key == $k and .value == "orders" and .effect == "NoSchedule")' >/dev/null \
    || { k get node "$NODE_NAME" -o jsonpath='{.spec.taints}'; fail "node lost its $ORDERS_POOL_KEY label or taint"; }
  k taint node "$NODE_NAME" "$ORDERS_TAINT-" >/dev/null
  oinfo "placement: all 4 pods scheduled on $NODE_NAME (label $ORDERS_POOL_KEY=orders, taint $ORDERS_TAINT, lifted now); a pod without the toleration: ${sched##*|}"
  touch "$NODE_RUN/orders.untainted"
  k -n "$ns" rollout status deployment/orders-api --timeout=180s || { k -n "$ns" get pods -o wide; k -n "$ns" describe pods -l "$ORDERS_API_SEL" | tail -30; fail "orders-api did not roll out"; }
  k -n "$ns" rollout status deployment/orders-api-worker --timeout=120s || { k -n "$ns" get pods -o wide; k -n "$ns" describe pods -l "$ORDERS_WORKER_SEL" | tail -30; fail "orders-api-worker did not roll out"; }
  # the HPAs raise both Deployments to minReplicas 2: wait for those too, all containers Ready
  local d; for d in orders-api orders-api-worker; do
    poll 120 orders_all_ready "$d" || { k -n "$ns" get deploy,pods -o wide; fail "$d: not all of its (>= 2, HPA min) replicas Ready"; }
    [[ "$(k -n "$ns" get deploy "$d" -o jsonpath='{.status.conditions[?(@.type=="Available")].status}')" == True ]] || fail "Deployment $d not Available"
  done
  oinfo "orders-api and orders-api-worker Available, 2 + 2 replicas Ready (every container, the proxy sidecar's /readiness included) $((SECONDS - ts))s after apply"

  pj=$(k -n "$ns" get pods -l 'app.kubernetes.io/part-of=orders-api' -o json)
  jq -r '.items[] | "\(.metadata.name) node=\(.spec.nodeName) ready=\([.status.containerStatuses[] | "\(.name):\(.ready)/restarts=\(.restartCount)"] | join(","))"' <<<"$pj"

  # end to end: POST through the Service; the worker marks the row processed in PostgreSQL
  k -n "$ns" port-forward service/orders-api-svc 18000:80 >"$NODE_RUN/orders-pf.log" 2>&1 &
  local pf=$!
  poll 20 grep -q 'Forwarding from 127.0.0.1:18000' "$NODE_RUN/orders-pf.log" || { kill $pf; cat "$NODE_RUN/orders-pf.log"; fail "port-forward to orders-api-svc did not start"; }
  local item="widget-$RANDOM$RANDOM" body id
  body=$(curl -sS --max-time 10 -w '\n%{http_code}' -H 'content-type: application/json' -d "{\"item\": \"$item\", \"quantity\": 3}" localhost:18000/api/orders) || { kill $pf; fail "POST /api/orders failed"; }
  local certinfo; certinfo=$(curl -fsS --max-time 5 localhost:18000/api/payments/client-cert) || { kill $pf; fail "GET /api/payments/client-cert failed"; }
  kill $pf; wait $pf 2>/dev/null || true
  echo "POST /api/orders -> $body"
  [[ "${body##*$'\n'}" == 201 ]] || fail "POST /api/orders: expected 201, got: $body"
  id=$(jq -r '.id' <<<"${body%$'\n'*}"); [[ "$id" =~ ^[0-9]+$ ]] || fail "no order id in $body"
  local row="" i
  for ((i = 0; i < 30; i++)); do row=$(orders_psql "SELECT item, status, processed_by FROM orders WHERE id = $id"); [[ "$row" == *"|processed|"* ]] && break; sleep 1; done
  echo "PostgreSQL row $id: $row"
  [[ "$row" == "$item|processed|"* ]] || { k -n "$ns" logs -l "$ORDERS_WORKER_SEL" -c worker --tail=20 || true; fail "order $id not processed by the worker within 30s (row: ${row:-missing})"; }
  orders_pods "$ORDERS_WORKER_SEL" | grep -qx "${row##*|}" || fail "order $id processed by '${row##*|}', not by a worker pod"
  oinfo "POST /api/orders via Service orders-api-svc -> 201 order $id; worker pod ${row##*|} marked it processed in PostgreSQL (through Redis and both proxy sidecars)"
  [[ "$(jq -r .sha256 <<<"$certinfo")" == "$fp" ]] || fail "the API reads another client certificate: $certinfo, expected sha256 $fp"

  # the Secret as files: read-only mount, mode 0440 (YAML 288), group 10001 (fsGroup), in both Deployments
  local p c out
  for p in $(orders_pods "$ORDERS_API_SEL") $(orders_pods "$ORDERS_WORKER_SEL"); do
    c=app; [[ "$p" == orders-api-worker-* ]] && c=worker
    out=$(k -n "$ns" exec "$p" -c "$c" -- python3 -c "$SECRET_PROBE" "$ORDERS_CERT_DIR" 2>&1) || fail "exec in $p/$c failed: $out"
    echo "$p/$c: $out"
    jq -e '.["client.crt"] == "440 10001" and .["client.key"] == "440 10001" and .["client.crt:readable"] and .["client.key:readable"]
      and .mount == "ro" and .write == "Read-only file system" and .uid == 10001' <<<"$out" >/dev/null \
      || fail "$p/$c: Secret files not mounted read-only with mode 0440, group 10001, readable by uid 10001: $out"
  done
  oinfo "Secret orders-payments-client at $ORDERS_CERT_DIR in all 4 pods: client.crt/client.key mode 0440 gid 10001, mount ro, write -> EROFS; the API serves its sha256 ${fp:0:16}…"

  # the worker's exec liveness probe (initialDelaySeconds 30, periodSeconds 60): the kubelet ran it
  # and it passed. Its first run can come ~90 s after the container started: a kubelet up for less
  # than one period first sleeps a random part of it (pkg/kubelet/prober/worker.go run(): "wait for
  # a random portion of tickerPeriod"), and a tick inside the initial delay is skipped until the
  # next one, 60 s later; so the wait is bounded at 120 s
  local lfail=0
  for p in $(orders_pods "$ORDERS_WORKER_SEL"); do
    out=$(k -n "$ns" exec "$p" -c worker -- sh -c 'celery -A orders.tasks inspect ping -d celery@$HOSTNAME' 2>&1) || fail "celery inspect ping failed in $p: $out"
    grep -q pong <<<"$out" || fail "no pong from celery@$p: $out"
    poll 120 liveness_ok "$p" || fail "the kubelet's liveness probe of $p/worker never succeeded (successful: $(probe_count "$p" worker Liveness successful), failed: $(probe_count "$p" worker Liveness failed))"
    # the kubelet restarts only after failureThreshold (3) failures in a row: a single failure is
    # tolerated by design (seen once when the probe's Python start-up was starved of CPU), a
    # restart is not (checked below)
    lfail=$((lfail + $(probe_count "$p" worker Liveness failed)))
  done
  local restarts; restarts=$(k -n "$ns" get pods -l 'app.kubernetes.io/part-of=orders-api' -o json | jq '[.items[].status.containerStatuses[].restartCount] | add')
  [[ "$restarts" == 0 ]] || fail "containers restarted ($restarts restarts)"
  oinfo "worker liveness (exec: celery inspect ping -d celery@\$HOSTNAME) passed in the kubelet for both worker pods ($lfail failed probes in all, never 3 in a row); 0 container restarts"

  # delete; nothing of the example remains (objects, containers, kube-proxy rules)
  k delete -f "$ORDERS_YAML" --wait=true --timeout=120s >/dev/null || fail "kubectl delete -f did not finish"
  k -n "$ns" delete pod no-toleration --wait=false >/dev/null
  # the Deployments' pods go through their graceful shutdown (preStop, Celery warm shutdown, the
  # proxy's --max-sigterm-delay, which ends early once no connection is open)
  local td=$SECONDS rest=""
  for ((i = 0; i < 120; i++)); do
    rest=$(k -n "$ns" get all,pdb,networkpolicy,serviceaccount,hpa -l 'app.kubernetes.io/part-of=orders-api' -o name); [[ -z "$rest" ]] && break; sleep 1
  done
  [[ -z "$rest" ]] || { k -n "$ns" get pods -o wide; fail "left 120s after delete: $(echo $rest)"; }
  oinfo "kubectl delete -f: all objects and pods gone $((SECONDS - td))s after the Deployments (graceful shutdown of 4 pods)"
  k delete namespace "$ns" cloudsql-standin --wait=true --timeout=120s >/dev/null || fail "namespaces did not go away"
  oinfo "namespaces $ns, cloudsql-standin deleted"
  poll 30 sh -c "! iptables -t nat -S KUBE-SERVICES | grep -q 'orders/orders-api-svc'" || fail "kube-proxy rules for orders-api-svc remain"
  # running tasks: the kubelet garbage-collects the stopped containers of deleted pods later (1/min)
  local ids running; ids=$(ctr --address "$CONTAINERD_SOCK" -n k8s.io containers ls -q "labels.\"io.kubernetes.pod.namespace\"==$ns")
  running=$(ctr --address "$CONTAINERD_SOCK" -n k8s.io tasks ls | awk 'NR > 1 && $3 == "RUNNING" {print $1}' | grep -Fxf <(echo "$ids") || true)
  [[ -z "$running" ]] || fail "containers of namespace $ns still running: $(echo $running)"
  "${PSQL[@]}" -c "DROP DATABASE orders" -c "DROP ROLE orders" >/dev/null
  oinfo "deleted: no objects, running containers or kube-proxy rules of the example remain ($(echo "$ids" | grep -c . || true) stopped containers await the kubelet's GC); orders check $((SECONDS - t0))s"
}
