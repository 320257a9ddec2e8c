# The `broken-variants` check of the real-cluster tier, sourced by checks.sh (uses its check
# framework: fail, info, k, ready_pods, $APP_SEL, $PY, $TIER_DIR, $NODE_IP).

# ---- 7. broken variants the real cluster rejects or flags ---------------------------------
# The emulator's (verify/fastapi/test_broken.py) mutations of dist/kf-api.k8s.yaml's Deployment,
# each in its own namespace, with what the real cluster must show. Requests are cut to 10m CPU so
# all fit on the node at once; nothing else changes.
BROKEN_CASES=(
  "wrong-readiness-path probe:Readiness"
  "wrong-liveness-path probe:Liveness"
  "wrong-startup-path probe:Startup"
  "wrong-container-port probe:Startup"
  "wrong-uvicorn-port probe:Startup"
  "wrong-probe-port probe:Readiness"
  "wrong-asgi-attribute exit:app"
  "wrong-asgi-module exit:app"
  "missing-asgi-app exit:app"
  "no-tmp-emptydir exit:migrate"
  "writes-outside-tmp exit:migrate"
  "no-migration-init-container probe:Readiness"
  "runs-as-root config-error"
  "missing-secret config-error"
  "missing-image-tag image-pull"
)
broken_variants() { # case... -> per case: namespace kf-broken-<case>, ServiceAccount, broken Deployment
  $PY "$TIER_DIR/broken.py" "$@"
}
broken_signal() { # ns expect -> prints what the cluster showed, if it shows the expected failure
  # Never fails: it runs under errexit, and "nothing seen yet" (an empty answer) is retried, so a
  # kubectl or curl error on one poll (a busy apiserver, a kubelet metrics timeout) must not end the
  # check silently.
  local ns="$1" expect="$2" pj; pj=$(k -n "$ns" get pods -l "$APP_SEL" -o json 2>/dev/null) || pj='{"items": []}'
  broken_signal_of "$ns" "$expect" "$pj" || true
}
broken_signal_of() { # ns expect pods-json
  local ns="$1" expect="$2" pj="$3"
  case "$expect" in
    probe:*) # the kubelet's own probe fails: event reason Unhealthy, or (the kubelet rate-limits a
      # pod's events, e.g. after a slow start's startup-probe failures) its prober metrics
      local ev; ev=$(k -n "$ns" get events --field-selector reason=Unhealthy -o json \
        | jq -r --arg p "${expect#probe:} probe failed" '[.items[] | select(.message | startswith($p)) | .message] | first // empty' | cut -c1-140)
      if [[ -n "$ev" ]]; then echo "$ev"; else
        # read the whole answer first: an awk that exits at its first match would make curl fail
        # writing the rest (SIGPIPE), and with pipefail that failure ended the check silently
        local metrics; metrics=$(curl -sk --max-time 5 "https://$NODE_IP:10250/metrics/probes" 2>/dev/null) || true
        awk -v ns="namespace=\"$ns\"" -v pt="probe_type=\"${expect#probe:}\"" 'index($0, "prober_probe_total{") == 1 && index($0, ns) && index($0, pt) && index($0, "result=\"failed\"") && $NF > 0 {print "kubelet " $1 " = " $NF; exit}' <<<"$metrics"
      fi ;;
    exit:*) # a container exits non-zero (crash / CrashLoopBackOff)
      local c="${expect#exit:}"
      echo "$pj" | jq -r --arg c "$c" '[.items[].status | (.containerStatuses // []) + (.initContainerStatuses // []) | .[] | select(.name == $c)
        | (.state.terminated // .lastState.terminated) | select(. != null and .exitCode != 0) | "\($c) exited \(.exitCode) (\(.reason))"] | first // empty' ;;
    image-pull) # imagePullPolicy Always really pulls: an unknown tag fails in the local registry
      echo "$pj" | jq -r '[.items[].status | (.containerStatuses // []) + (.initContainerStatuses // []) | .[] | .state.waiting
        | select(. != null and (.reason == "ErrImagePull" or .reason == "ImagePullBackOff")) | "\(.reason): \(.message)"] | first // empty' | cut -c1-160 ;;
    config-error) # the kubelet refuses to create the container
      echo "$pj" | jq -r '[.items[].status | (.containerStatuses // []) + (.initContainerStatuses // []) | .[] | .state.waiting
        | select(. != null and .reason == "CreateContainerConfigError") | "CreateContainerConfigError: \(.message)"] | first // empty' ;;
  esac
}
# ---- 7b. the grace period, for real: a request in flight when its pod is deleted completes only
# if terminationGracePeriodSeconds covers the preStop delay and uvicorn's graceful shutdown. The
# kubelet enforces it: with 3 s (preStop alone sleeps 5 s) it kills the container mid-request.
GRACE_CASES=(grace-control short-grace)
variant_ready_pod() { # case -> a Ready pod of broken.py's variant <case>, within 120 s
  poll 120 at_least_ready "kf-broken-$1" "$APP_SEL" 1 || { echo "FAIL: $1: no Ready pod within 120 s" >&2; return 1; }
  ready_pod_names "kf-broken-$1" "$APP_SEL" | head -1
}
grace_in_flight() { k -n "kf-broken-$1" logs "$2" -c app | grep -q 'slow request started'; }
c_grace() {
  broken_variants "${GRACE_CASES[@]}" | k apply -f - >/dev/null
  local c pod ip bad=0
  declare -A pods=()
  for c in "${GRACE_CASES[@]}"; do
    pod=$(variant_ready_pod "$c"); pods[$c]=$pod
    ip=$(k -n "kf-broken-$c" get pod "$pod" -o jsonpath='{.status.podIP}')
    # a 20 s request straight to the pod (no kube-proxy in the way), bounded at 45 s: with dist's
    # 30 s it fits in the preStop 5 s + uvicorn's graceful 20 s; with 3 s it is killed at ~5 s
    ( t=$SECONDS rc=0
      code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 45 "http://$ip:8080/slow?seconds=20" 2>"$NODE_RUN/grace-$c.err") || rc=$?
      echo "$rc $code $((SECONDS - t))" >"$NODE_RUN/grace-$c.result" ) &
  done
  for c in "${GRACE_CASES[@]}"; do poll 10 grace_in_flight "$c" "${pods[$c]}" || fail "$c: /slow never started"; done
  for c in "${GRACE_CASES[@]}"; do k -n "kf-broken-$c" delete pod "${pods[$c]}" --wait=false >/dev/null; done
  wait
  local rc code secs
  for c in "${GRACE_CASES[@]}"; do
    read -r rc code secs <"$NODE_RUN/grace-$c.result" || { echo "FAIL: grace: $c: no result"; bad=1; continue; }
    if [[ $c == grace-control ]]; then
      if [[ $rc -eq 0 && $code == 200 ]]; then info "grace: dist's 30 s: the request in flight at the pod's deletion completed, 200 after ${secs}s"
      else echo "FAIL: grace: dist's 30 s: the in-flight request got '$code' (curl $rc: $(head -c 200 "$NODE_RUN/grace-$c.err"))"; bad=1; fi
    else
      if [[ $rc -ne 0 && $code != 200 && $secs -lt 20 ]]; then info "grace: short-grace (3 s) flagged: the kubelet killed the container mid-request after ${secs}s (curl $rc: $(head -c 120 "$NODE_RUN/grace-$c.err"))"
      else echo "FAIL: grace: short-grace (3 s): expected the in-flight request cut before 20 s, got '$code' after ${secs}s (curl $rc)"; bad=1; fi
    fi
  done
  for c in "${GRACE_CASES[@]}"; do k delete namespace "kf-broken-$c" --wait=false --ignore-not-found >/dev/null; done
  return $bad
}
# ---- 7c. prod with a wrong database password: the migration fails to log in, no replica is Ready
wrong_password_migration() { k -n "$1" logs "job/$2" 2>/dev/null | grep -m1 -o 'password authentication failed[^)]*'; }
c_wrong_db_password() {
  [[ -n "${PG_URL:-}" ]] || fail "PostgreSQL is not running"
  local ns=kf-broken-wrong-db-password
  k create namespace $ns >/dev/null
  # the prod Secret's URL with another password; the objects that run code, in their own namespace
  k -n $ns create secret generic kf-api-db --from-literal=url="${PG_URL/:$PG_PASSWORD@/:wrong-$RANDOM@}" >/dev/null
  $PY -c 'import sys, yaml
docs = [d for d in yaml.safe_load_all(open("dist/environments/prod/kf-api.k8s.yaml")) if d and d["kind"] in ("ServiceAccount", "Deployment", "Job")]
for d in docs: d["metadata"]["namespace"] = sys.argv[1]
print(yaml.safe_dump_all(docs))' $ns | k apply -f - >/dev/null
  local job seen=""; job=$(k -n $ns get jobs -o jsonpath='{.items[0].metadata.name}')
  poll 90 wrong_password_migration $ns "$job" || fail "the migration Job never logged a failed login"
  seen=$(wrong_password_migration $ns "$job")
  # the app stays up (liveness) but unready: /readyz is 503 while the database refuses it
  local sig=""; for _ in $(seq 30); do sig=$(broken_signal $ns probe:Readiness); [[ -n "$sig" ]] && break; sleep 3; done
  [[ -n "$sig" ]] || fail "no readiness probe failure seen for the app"
  [[ $(ready_pods $ns "$APP_SEL") -eq 0 ]] || fail "an app pod is Ready without its database"
  [[ "$(k -n $ns get job "$job" -o jsonpath='{.status.succeeded}')" != 1 ]] || fail "the migration Job succeeded"
  k delete namespace $ns --wait=false >/dev/null
  info "wrong-db-password flagged: migration Job $job: '$seen'; app: $sig; 0 Ready pods"
}
c_broken() {
  local e name expect
  broken_variants "${BROKEN_CASES[@]%% *}" | k apply -f - >/dev/null   # one apply: kubectl's start-up is seconds here
  local pending=("${BROKEN_CASES[@]}") t0=$SECONDS
  declare -A seen=() nready_at=()
  while (( ${#pending[@]} > 0 && SECONDS - t0 < 180 )); do
    local next=()
    for e in "${pending[@]}"; do
      name=${e%% *}; expect=${e#* }
      local sig; sig=$(broken_signal "kf-broken-$name" "$expect")
      if [[ -n "$sig" ]]; then
        seen[$name]="$sig"; nready_at[$name]=$(ready_pods "kf-broken-$name" "$APP_SEL")
        k delete namespace "kf-broken-$name" --wait=false >/dev/null || true   # free the CPU for the others
      else next+=("$e"); fi
    done
    pending=("${next[@]}"); (( ${#pending[@]} == 0 )) || sleep 3
  done
  local bad=0
  for e in "${BROKEN_CASES[@]}"; do
    name=${e%% *}; expect=${e#* }
    local nready; nready=${nready_at[$name]:-$(ready_pods "kf-broken-$name" "$APP_SEL")}
    # a wrong liveness path is Ready at first (readiness is fine) until the kubelet restarts it
    if [[ -n "${seen[$name]:-}" && ( $nready -eq 0 || $name == wrong-liveness-path ) ]]; then
      info "broken $name: flagged ($expect): ${seen[$name]}"
    else
      echo "FAIL: broken $name: expected $expect, saw '${seen[$name]:-nothing}' (Ready pods: $nready)"; bad=1
      k -n "kf-broken-$name" get pods -o wide; k -n "kf-broken-$name" get events | tail -4
    fi
  done
  for e in "${BROKEN_CASES[@]}"; do k delete namespace "kf-broken-${e%% *}" --wait=false --ignore-not-found >/dev/null; done
  info "broken variants: done after $((SECONDS - t0))s"
  return $bad
}
