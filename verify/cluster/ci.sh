#!/usr/bin/env bash
# The real-cluster tier: a single-node Kubernetes v1.28.15 cluster built from source (etcd,
# kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy in iptables mode,
# containerd/runc with a CNI bridge, CoreDNS, metrics-server), inside a network namespace this
# script creates, runs the committed dist/ for real and checks it. Always tears down.
# Usage: bash verify/cluster/ci.sh        (root; last line: "cluster: N passed, N failed")
#   KEEP=1  keep the run directory (logs) after teardown
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[[ $EUID -eq 0 ]] || die "must run as root (network namespace, containerd, kubelet)"
T0=$SECONDS

ensure_packages() { # Debian packages the tier uses; never start their services
  local want=(containerd runc containernetworking-plugins buildah skopeo docker-registry postgresql redis-server iptables conntrack iproute2 jq curl openssl util-linux python3-yaml ipset)
  local missing=() p
  for p in "${want[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  log "apt-get install ${missing[*]} (services blocked by policy-rc.d)"
  local had_policy=0; [[ -e /usr/sbin/policy-rc.d ]] && had_policy=1
  [[ $had_policy -eq 1 ]] || { printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; }
  local rc=0
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >&2 || rc=1
  [[ $had_policy -eq 1 ]] || rm -f /usr/sbin/policy-rc.d
  return $rc
}

TIER_ID="$$"
NS="cdk8s-fastapi-$TIER_ID"
NODE_RUN=""; HOLDER_PID=""; SUMMARY_DONE=0

teardown() {
  local rc=$?
  set +e
  if [[ -n "$HOLDER_PID" ]]; then
    # 1. anything still running in the tier's netns (inner shell, daemons, containerd shims), by PID
    local pids; pids=$(ip netns pids "$NS" 2>/dev/null | grep -vx "$HOLDER_PID")
    [[ -n "$pids" ]] && { kill $pids 2>/dev/null; sleep 2; pids=$(ip netns pids "$NS" 2>/dev/null | grep -vx "$HOLDER_PID"); [[ -n "$pids" ]] && kill -9 $pids 2>/dev/null; }
    # 2. container processes: everything in the pods' cgroup root this run created
    local cg="cdk8s-fastapi-$TIER_ID" h
    for _ in 1 2 3; do
      pids=$(cat /sys/fs/cgroup/pids/$cg/cgroup.procs /sys/fs/cgroup/pids/$cg/*/cgroup.procs /sys/fs/cgroup/pids/$cg/*/*/cgroup.procs /sys/fs/cgroup/pids/$cg/*/*/*/cgroup.procs /sys/fs/cgroup/pids/$cg/*/*/*/*/cgroup.procs 2>/dev/null | sort -u)
      [[ -z "$pids" ]] && break
      kill -9 $pids 2>/dev/null; sleep 1
    done
    for h in /sys/fs/cgroup/*/"$cg"; do [[ -d "$h" ]] && find "$h" -depth -type d -exec rmdir {} + 2>/dev/null; done
    kill "$HOLDER_PID" 2>/dev/null; wait "$HOLDER_PID" 2>/dev/null
  fi
  ip netns del "$NS" 2>/dev/null
  # 3. prove it: no netns, no mounts, no processes left
  local leftovers=""
  ip netns list 2>/dev/null | grep -q "^$NS\b" && leftovers+=" netns"
  [[ -n "$NODE_RUN" ]] && grep -q "$NODE_RUN" /proc/self/mountinfo && leftovers+=" mounts"
  ls -d /sys/fs/cgroup/*/"cdk8s-fastapi-$TIER_ID" >/dev/null 2>&1 && leftovers+=" cgroups"
  [[ -n "$NODE_RUN" ]] && pgrep -f "$NODE_RUN" >/dev/null && leftovers+=" processes($(pgrep -f "$NODE_RUN" | tr '\n' ' '))"
  [[ -n "$leftovers" ]] && log "teardown left:$leftovers" || log "teardown complete: no netns, mounts, cgroups or processes left"
  local p=0 f=0
  [[ -n "$NODE_RUN" && -f "$RESULTS" ]] && { p=$(grep -c '^PASS' "$RESULTS"); f=$(grep -c '^FAIL' "$RESULTS"); }
  if [[ -n "$NODE_RUN" ]]; then
    if [[ -n "${KEEP:-}" ]]; then log "run directory kept: $NODE_RUN"; else rm -rf "$NODE_RUN"; fi
  fi
  if [[ $SUMMARY_DONE -eq 0 ]]; then
    [[ -n "$leftovers" ]] && f=$((f + 1))
    [[ $rc -ne 0 && $f -eq 0 ]] && f=1
    log "total time $((SECONDS - T0))s"
    echo "cluster: $p passed, $f failed"
    [[ $f -eq 0 ]] && exit 0 || exit 1
  fi
}
trap teardown EXIT
trap 'exit 130' INT TERM

NODE_RUN="$(mktemp -d /tmp/cdk8s-fastapi-node.XXXXXX)"
RESULTS="$NODE_RUN/results"; : >"$RESULTS"
export NODE_RUN TIER_ID RESULTS

ensure_packages || { echo "FAIL packages" >>"$RESULTS"; exit 1; }
log "building/caching binaries and images (cold: about 14 min)"
# images: verify/cluster/images/build.sh writes $CACHE/images/index.tsv (<ref>\t<oci-archive>).
# It runs beside the Go build: that one keeps both cores busy, the image build mostly waits on
# downloads and dpkg (cold: 153 s alone, ~60 s added to the Go build's time side by side).
export IMAGES_INDEX="${IMAGES_INDEX:-$CACHE/images/index.tsv}"
images_pid=""
if [[ -f "$TIER_DIR/images/build.sh" && -z "${SKIP_IMAGES:-}" ]]; then
  bash "$TIER_DIR/images/build.sh" >"$NODE_RUN/images.log" 2>&1 &
  images_pid=$!
fi
build_rc=0 images_rc=0
[[ -n "${SKIP_BUILD:-}" ]] || bash "$TIER_DIR/build.sh" >&2 || build_rc=1
if [[ -n "$images_pid" ]]; then
  wait "$images_pid" || images_rc=1
  cat "$NODE_RUN/images.log" >&2
fi
[[ $build_rc -eq 0 ]] || { echo "FAIL build" >>"$RESULTS"; exit 1; }
[[ $images_rc -eq 0 ]] || { echo "FAIL images" >>"$RESULTS"; exit 1; }
[[ -s "$IMAGES_INDEX" ]] || { log "no images index at $IMAGES_INDEX"; echo "FAIL images" >>"$RESULTS"; exit 1; }
cp "$IMAGES_INDEX" "$NODE_RUN/images.tsv"; IMAGES_INDEX="$NODE_RUN/images.tsv"   # snapshot: the cache is shared
# fixtures synthesized on the host (node, no cluster needed)
bash "$TIER_DIR/fixtures/synth.sh" "$NODE_RUN/fixtures" >&2 || { echo "FAIL fixtures-synth" >>"$RESULTS"; exit 1; }

# the network namespace, the node's address, and the namespace holder
ip netns add "$NS"
ip -n "$NS" link set lo up
ip -n "$NS" link add kf-node type veth peer name kf-peer
ip -n "$NS" addr add "$NODE_IP/24" dev kf-node
ip -n "$NS" addr add "$NODE_PEER_IP/24" dev kf-peer 2>/dev/null || true
ip -n "$NS" link set kf-node up; ip -n "$NS" link set kf-peer up
ip -n "$NS" route add default via "$NODE_PEER_IP" dev kf-node 2>/dev/null || ip -n "$NS" route add default dev kf-node
grep -E '^cgroup2? /sys/fs/cgroup/' /proc/mounts | awk '{n=$2; sub("/sys/fs/cgroup/","",n); o=$4; gsub("rw,relatime,?","",o); if(o=="")o="rw"; print n, $3, o}' >"$NODE_RUN/cgroup-mounts"
ip netns exec "$NS" unshare -m --propagation private bash "$TIER_DIR/holder.sh" "$NODE_RUN" >"$NODE_RUN/holder.log" 2>&1 &
HOLDER_PID=$!
for _ in $(seq 50); do [[ -f "$NODE_RUN/holder.ready" ]] && break; kill -0 "$HOLDER_PID" 2>/dev/null || break; sleep 0.1; done
[[ -f "$NODE_RUN/holder.ready" ]] || { cat "$NODE_RUN/holder.log" >&2; echo "FAIL netns-holder" >>"$RESULTS"; exit 1; }
[[ "$(readlink /proc/$HOLDER_PID/ns/net)" != "$(readlink /proc/self/ns/net)" ]] \
  || { echo "FAIL netns-holder" >>"$RESULTS"; exit 1; }
log "netns $NS up (node $NODE_IP), holder pid $HOLDER_PID, prep $((SECONDS - T0))s"

set +e
nsenter -t "$HOLDER_PID" -m -n -- bash "$TIER_DIR/checks.sh" "$@"
inner_rc=$?
set -e
[[ $inner_rc -eq 0 ]] || log "inner run exited $inner_rc"
exit $inner_rc
