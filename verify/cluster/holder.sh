#!/usr/bin/env bash
# PID 1-ish holder of the cluster's namespaces. Started as
#   ip netns exec <ns> unshare -m --propagation private bash holder.sh <run-dir>
# so it lives in the tier's network namespace with a private mount namespace. `ip netns exec`
# remounted /sys for the netns and thereby lost the cgroup v1 hierarchies: mount them again here,
# give the node its own /run and /var/log, and mask the three kernel tunables kubelet would
# otherwise rewrite host-wide (protectKernelDefaults then only *checks* them). Every daemon and
# kubectl of the tier then runs through `nsenter -t <holder pid> -m -n`. Nothing here is visible
# on the host, and it all disappears with the last process of the namespace.
set -euo pipefail
run="$1"
mount --make-rprivate /
# cgroup v1 hierarchies (+ the unified one), as on the host (list captured by the caller)
mount -t tmpfs -o mode=755 cgroup_root /sys/fs/cgroup
while read -r name fstype opts; do
  mkdir -p "/sys/fs/cgroup/$name"
  mount -t "$fstype" -o "$opts" "$fstype" "/sys/fs/cgroup/$name"
done <"$run/cgroup-mounts"
# fresh /run (containerd state, runc root, CNI netns, xtables lock) and /var/log (pod logs)
mount -t tmpfs -o mode=755 run /run
mkdir -p /run/netns /run/lock
mount -t tmpfs -o mode=755 varlog /var/log
mkdir -p /var/log/pods /var/log/containers
# kubelet's protectKernelDefaults expects these values; show them to it without touching the host
mkdir -p "$run/sysctl-mask"
for kv in vm/overcommit_memory=1 kernel/panic=10 kernel/panic_on_oops=1; do
  f="${kv%%=*}"; v="${kv#*=}"; m="$run/sysctl-mask/${f//\//.}"
  echo "$v" >"$m"; mount --bind -o ro "$m" "/proc/sys/$f"
done
echo ready >"$run/holder.ready"
exec sleep infinity
