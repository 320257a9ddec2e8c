#!/usr/bin/env bash
# Push every image of index.tsv (written by build.sh) into a plain-HTTP registry:
#
#   bash verify/cluster/images/push.sh 127.0.0.1:5000 [index.tsv]
#
# Each ref keeps its repository path and drops its registry host:
#   docker.io/4oh4/kubernetes-fastapi:1.0.0 -> 127.0.0.1:5000/4oh4/kubernetes-fastapi:1.0.0
#   registry.k8s.io/pause:3.9               -> 127.0.0.1:5000/pause:3.9
# which is the path containerd asks a mirror for. Run it where the registry is reachable (e.g.
# under nsenter into the cluster's network namespace). Prints "<ref>\t<pushed ref>\t<digest>".
set -euo pipefail
registry=${1:?usage: push.sh HOST:PORT [index.tsv]}
index=${2:-${CDK8S_FASTAPI_CACHE:-${HOME:-/root}/.cache/cdk8s-fastapi}/images/index.tsv}
[ -s "$index" ] || { echo "push.sh: $index missing: run build.sh first" >&2; exit 1; }
command -v skopeo >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq skopeo >/dev/null
while IFS=$'\t' read -r ref archive; do
  [ -n "$ref" ] || continue
  path=${ref#*/}                       # drop the registry host
  dest="$registry/$path"
  skopeo copy -q --dest-tls-verify=false "oci-archive:$archive" "docker://$dest"
  digest=$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$dest")
  printf '%s\t%s\t%s\n' "$ref" "$dest" "$digest"
done < "$index"
