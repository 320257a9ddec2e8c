# The `security-context` and `weak-security-context` checks of the real-cluster tier, sourced by
# checks.sh (uses its check framework: fail, info, k, $APP_SEL, and broken_variants and
# variant_ready_pod from checks-broken.sh).

# ---- 4. security context enforced by runc --------------------------------------------------
container_pid() { # ns pod container -> host pid of the container's init process
  local id; id=$(k -n "$1" get pod "$2" -o json | jq -r --arg c "$3" '.status.containerStatuses[] | select(.name == $c) | .containerID' | sed 's#containerd://##')
  ctr --address "$CONTAINERD_SOCK" -n k8s.io tasks ls | awk -v id="$id" '$1 == id {print $2}'
}
sc_violations() { # pid -> one line per property of dist's security context that runc did not apply
  local pid="$1" c st=/proc/$1/status
  grep -Eq '^Uid:\s+10001\s+10001\s+10001\s+10001$' "$st" || echo "uid is not 10001"
  grep -Eq '^Gid:\s+10001\s+10001\s+10001\s+10001$' "$st" || echo "gid is not 10001"
  for c in CapInh CapPrm CapEff CapBnd CapAmb; do
    grep -Eq "^$c:\s+0000000000000000$" "$st" || echo "$c not empty ($(awk -v c="$c:" '$1 == c {print $2}' "$st"))"
  done
  grep -Eq '^NoNewPrivs:\s+1$' "$st" || echo "no_new_privs not set"
  grep -Eq '^Seccomp:\s+2$' "$st" || echo "seccomp not in filter mode"
  awk '$5 == "/" {exit ($6 ~ /(^|,)ro(,|$)/) ? 0 : 1}' "/proc/$pid/mountinfo" || echo "root filesystem is not mounted read-only"
}
c_security_context() {
  local pod pid; pod=$(k get pods -l "$APP_SEL" -o jsonpath='{.items[0].metadata.name}')
  pid=$(container_pid default "$pod" app); [[ -n "$pid" ]] || fail "no task for $pod/app"
  grep -E '^(Name|Uid|Gid|CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp|Seccomp_filters):' "/proc/$pid/status"
  awk '$5 == "/" {print "root mount options:", $6}' "/proc/$pid/mountinfo"
  local v; v=$(sc_violations "$pid")
  [[ -z "$v" ]] || fail "$(tr '\n' ';' <<<"$v")"
  # in the container: / is read-only, /tmp (emptyDir) writable, setuid(0) refused
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

# ---- 4b. the same inspection flags a weakened copy -----------------------------------------
# dist's Deployment without capabilities.drop, with allowPrivilegeEscalation, a writable root and no
# seccomp profile (broken.py weak-security-context), in a namespace without Pod Security labels:
# nothing in v1.28 refuses it, so the inspection above must be what catches each weakening.
WEAK_EXPECTED=("CapBnd not empty" "no_new_privs not set" "seccomp not in filter mode" "root filesystem is not mounted read-only")
c_weak_security_context() {
  broken_variants weak-security-context | k apply -f - >/dev/null
  local pod pid v e bad=0; pod=$(variant_ready_pod weak-security-context)
  pid=$(container_pid kf-broken-weak-security-context "$pod" app); [[ -n "$pid" ]] || fail "no task for $pod/app"
  v=$(sc_violations "$pid")
  for e in "${WEAK_EXPECTED[@]}"; do
    grep -q "^$e" <<<"$v" || { echo "FAIL: weak-security-context: the inspection missed '$e' (it saw: $(tr '\n' ';' <<<"$v"))"; bad=1; }
  done
  k delete namespace kf-broken-weak-security-context --wait=false >/dev/null
  [[ $bad -eq 0 ]] && info "weak-security-context flagged: $(tr '\n' ';' <<<"$v")"
  return $bad
}
