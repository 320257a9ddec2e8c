# Part 8 of issue 10, sourced by checks.sh when MODE=bench: under a bounded Locust load (the
# LoadTest construct's Job, in the cluster, against the Service's DNS name) do a scale-out, a
# rolling update to a new image tag, two concurrent evictions against the PDB, and a scale-in,
# each in its own Locust run, and record requests/s, p50/p99 and failures in results.md.
# Measurements, not a timed test: run by bench.sh, not by ci.sh.
BNS=kf-load
bench_job_start() {
  k -n $BNS delete job kf-api-load-test --ignore-not-found --wait=true >/dev/null 2>&1 || true
  k apply -f "$FX/bench/load.k8s.yaml" -l app.kubernetes.io/component=load-test >/dev/null
  # wait until Locust runs (pod Running) and has ramped up
  poll 90 sh -c "[ \"\$('$KUBECTL' --kubeconfig '$KUBECONFIG_FILE' -n $BNS get pods -l job-name=kf-api-load-test -o jsonpath='{.items[0].status.phase}')\" = Running ]"
  sleep "${1:-10}"
}
bench_job_end() { # phase note -> appends a results row; fails if Locust saw failures
  local phase="$1" note="$2" state
  local i; for ((i = 0; i < 200; i++)); do   # Locust exits 1 on any failed request: Job Failed
    state=$(k -n $BNS get job kf-api-load-test -o jsonpath='{range .status.conditions[*]}{.type}={.status} {end}')
    [[ "$state" == *Complete=True* || "$state" == *Failed=True* ]] && break
    sleep 2
  done
  local logf="$NODE_RUN/locust-$phase.log"; k -n $BNS logs job/kf-api-load-test >"$logf" 2>&1 || true
  grep -a -A12 'Error report' "$logf" | grep -aE '^[0-9]+ ' | sed 's/^/  locust error: /' >&2 || true
  local errs; errs=$(grep -a -A12 'Error report' "$logf" | grep -aE '^[0-9]+ ' | awk '{$1=$1; print}' | sed -E 's/^([0-9]+) +/\1x /' | tr '\n' ';' | cut -c1-300 || true)
  [[ -n "$errs" ]] && note="$note; errors: $errs"
  local agg pct; agg=$(grep -m1 -E '^\s+Aggregated' "$logf" || true); pct=$(grep -E '^\s+Aggregated' "$logf" | sed -n 2p || true)
  local reqs fails rps p50 p99
  reqs=$(awk '{print $2}' <<<"$agg"); fails=$(awk '{print $3}' <<<"$agg"); rps=$(awk '{print $(NF-1)}' <<<"$agg")
  p50=$(awk '{print $2}' <<<"$pct"); p99=$(awk '{print $9}' <<<"$pct")
  echo "| $phase | ${reqs:-?} | ${fails:-?} | ${rps:-?} | ${p50:-?} | ${p99:-?} | $note |" >>"$NODE_RUN/bench-rows"  # checks run in subshells
  echo "INFO bench $phase: reqs=$reqs fails=$fails req/s=$rps p50=${p50}ms p99=${p99}ms; $note" >&2
  [[ "$state" == *Complete=True* && "$fails" == "0(0.00%)" ]]
}
ready_n() { ready_pods $BNS "$APP_SEL"; }
spec_n() { k -n $BNS get deploy kf-api -o jsonpath='{.spec.replicas}'; }

b_scale_out() {
  k create namespace $BNS >/dev/null 2>&1 || true
  k apply -f "$FX/bench/load.k8s.yaml" -l app.kubernetes.io/component=api >/dev/null
  k -n $BNS rollout status deployment/kf-api --timeout=120s >/dev/null
  poll 90 sh -c "'$KUBECTL' --kubeconfig '$KUBECONFIG_FILE' -n $BNS get hpa kf-api-hpa -o jsonpath='{.status.currentMetrics[0].resource.current.averageUtilization}' | grep -q '[0-9]'"
  local t0=$SECONDS out="" rdy="" i max=1
  bench_job_start 0
  for ((i = 0; i < 150; i++)); do
    local s r; s=$(spec_n); r=$(ready_n); (( s > max )) && max=$s
    [[ -z "$out" && $s -gt 1 ]] && out=$((SECONDS - t0)); [[ -z "$rdy" && $r -gt 1 ]] && rdy=$((SECONDS - t0))
    [[ -n "$rdy" && $i -gt 45 ]] && break
    sleep 1
  done
  SCALE_OUT="HPA raised replicas after ${out:-never}s, 2nd pod Ready after ${rdy:-never}s (from Locust start, incl. its ramp-up), up to $max replicas"
  bench_job_end scale-out "$SCALE_OUT"
}
b_rolling_update() {
  bench_job_start 10
  local before; before=$(ready_n)
  k -n $BNS set image deployment/kf-api app=4oh4/kubernetes-fastapi:1.0.1 migrate=4oh4/kubernetes-fastapi:1.0.1 >/dev/null
  local t0=$SECONDS; k -n $BNS rollout status deployment/kf-api --timeout=180s >/dev/null
  local img; img=$(k -n $BNS get pods -l "$APP_SEL" -o jsonpath='{.items[*].spec.containers[0].image}' | tr ' ' '\n' | sort -u | tr '\n' ' ')
  bench_job_end rolling-update "1.0.0 -> 1.0.1 with $before Ready pods, rollout took $((SECONDS - t0))s; images now: $img"
}
evict() { # pod -> prints HTTP-ish outcome
  k create --raw "/api/v1/namespaces/$BNS/pods/$1/eviction" -f - <<JSON 2>&1 | tr '\n' ' '
{"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": "$1", "namespace": "$BNS"}}
JSON
  true   # a refused eviction (429) is an answer, not an error
}
b_evictions() {
  # at least 3 Ready replicas (PDB maxUnavailable 1 -> one disruption allowed at a time)
  k -n $BNS patch hpa kf-api-hpa --type=merge -p '{"spec":{"minReplicas":3}}' >/dev/null
  poll 120 sh -c "[ \$('$KUBECTL' --kubeconfig '$KUBECONFIG_FILE' -n $BNS get deploy kf-api -o jsonpath='{.status.readyReplicas}') -ge 3 ]"
  bench_job_start 10
  local pods; pods=($(k -n $BNS get pods -l "$APP_SEL" --field-selector=status.phase=Running -o jsonpath='{.items[*].metadata.name}'))
  local p1=${pods[0]} p2=${pods[1]}
  evict "$p1" >"$NODE_RUN/ev1" & local e1=$!
  evict "$p2" >"$NODE_RUN/ev2" & local e2=$!
  wait $e1 $e2 || true
  local r1 r2; r1=$(cat "$NODE_RUN/ev1"); r2=$(cat "$NODE_RUN/ev2")
  echo "eviction $p1: ${r1:-accepted}"; echo "eviction $p2: ${r2:-accepted}"
  local refused="" accepted=""
  if [[ "$r1" == *"disruption budget"* && "$r2" != *"disruption budget"* ]]; then refused=$p1; accepted=$p2
  elif [[ "$r2" == *"disruption budget"* && "$r1" != *"disruption budget"* ]]; then refused=$p2; accepted=$p1
  fi
  local note
  if [[ -z "$refused" ]]; then
    note="UNEXPECTED: both evictions answered alike ($r1 / $r2)"; EVICT_OK=0
  else
    # retry the refused one until the PDB allows it; it must not pass before the replacement is Ready
    local t0=$SECONDS ok="" ready_at_accept
    for ((i = 0; i < 120; i++)); do
      ready_at_accept=$(ready_n)
      local r; r=$(evict "$refused")
      if [[ "$r" != *"disruption budget"* ]]; then ok=$((SECONDS - t0)); break; fi
      sleep 1
    done
    note="concurrent evictions: $accepted accepted, $refused refused (429, PDB); retried, accepted after ${ok:-never}s with $ready_at_accept Ready pods"
    EVICT_OK=0; [[ -n "$ok" && $ready_at_accept -ge 3 ]] && EVICT_OK=1
  fi
  bench_job_end evictions "$note" && [[ $EVICT_OK == 1 ]]
}
b_scale_in() {
  bench_job_start 10
  local from; from=$(spec_n)
  k -n $BNS patch hpa kf-api-hpa --type=merge -p '{"spec":{"minReplicas":1,"maxReplicas":1,"behavior":{"scaleDown":{"stabilizationWindowSeconds":0,"policies":[{"type":"Percent","value":100,"periodSeconds":15}]}}}}' >/dev/null
  poll 90 sh -c "[ \"\$('$KUBECTL' --kubeconfig '$KUBECONFIG_FILE' -n $BNS get deploy kf-api -o jsonpath='{.spec.replicas}')\" = 1 ]"
  bench_job_end scale-in "HPA capped at 1 under load: $from -> $(spec_n) replicas"
}

bench_main() {
  # .ci/run writes to build/ (BENCH_RESULTS): the committed results.md is a chosen measured run
  local results="${BENCH_RESULTS:-$TIER_DIR/results.md}" rc=0
  [[ "$results" == /* ]] || results="$REPO_ROOT/$results"
  mkdir -p "$(dirname "$results")"
  check bench-scale-out b_scale_out
  check bench-rolling-update b_rolling_update
  check bench-evictions b_evictions
  check bench-scale-in b_scale_in
  {
    echo "# Real-cluster benchmark (verify/cluster/bench.sh)"
    echo
    echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, single node, Kubernetes $K8S_VERSION built from source."
    echo "Load: the \`LoadTest\` construct's Locust Job (${BENCH_USERS:-20} users, ${BENCH_SECONDS:-45}s per phase, app/locustfile.py) in the cluster,"
    echo "against http://kf-api-svc.kf-load.svc:8080 (CoreDNS + kube-proxy). HPA cpu 50%, 1..4 replicas,"
    echo "each replica one uvicorn worker with 250m request / 1 CPU limit. Stand-in base image (Debian's Python), see README."
    echo
    echo "| phase | requests | failures | req/s | p50 ms | p99 ms | what happened |"
    echo "|---|---|---|---|---|---|---|"
    cat "$NODE_RUN/bench-rows" 2>/dev/null
    echo
    echo "Verdicts: $(grep bench- "$RESULTS" | tr '\n' ' ')"
  } >"$results"
  log "wrote $results"
}
