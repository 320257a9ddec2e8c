#!/usr/bin/env bash
# Build the OCI images the real-cluster tier runs, without a Docker engine or a reachable
# registry, and write their index for the cluster scripts:
#
#   bash verify/cluster/images/build.sh        # -> $CACHE/images/index.tsv
#
# $CACHE is ${CDK8S_FASTAPI_CACHE:-$HOME/.cache/cdk8s-fastapi}. index.tsv has one line per image:
#   <fully qualified ref>\t<absolute path of an oci-archive holding that ref>
# e.g. docker.io/4oh4/kubernetes-fastapi:1.0.0<TAB>/root/.cache/.../oci/kubernetes-fastapi-1.0.0-<key>.tar
# (push with: skopeo copy oci-archive:<path> docker://127.0.0.1:5000/<ref without registry>).
#
# Images (see README.md beside this file):
#   docker.io/library/python:3.11.14-slim-bookworm  STAND-IN: debootstrap bookworm + Debian python3 3.11.2 + venv
#   docker.io/4oh4/kubernetes-fastapi:1.0.0         app/Dockerfile, unmodified (buildah bud)
#   docker.io/4oh4/kubernetes-fastapi:1.0.1         the same image with another version label (rolling update)
#   docker.io/locustio/locust:2.47.0                stand-in: locust/Containerfile on the python stand-in
#   registry.k8s.io/pause:3.9                       pause.c of k8s.io/kubernetes@v1.28.15, static, FROM scratch
#   registry.example.com/shop/orders:1.4.2          STAND-IN: orders/ (build-orders.sh)
#   gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1  STAND-IN: cloud-sql-proxy/ (build-orders.sh)
#
# Every image is keyed by a hash of its inputs; a key whose archive exists is not rebuilt, so a
# warm run only hashes files. index.tsv is the last run's (one shared file): read it right after
# running this script. pip never reaches the network inside a build: the wheels are
# downloaded on the host (Debian's python3 3.11.2, the image's interpreter) and bind-mounted.
# Needs root. Installs buildah, debootstrap, gcc/libc6-dev, golang, python3-venv if missing.
# Env: FORCE=1 rebuilds everything; DEBIAN_MIRROR (default http://deb.debian.org/debian).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
CACHE="${CDK8S_FASTAPI_CACHE:-${HOME:-/root}/.cache/cdk8s-fastapi}"
OUT="$CACHE/images"
OCI="$OUT/oci"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
start=$SECONDS

log() { printf '[images] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, buildah with its own storage)"

# ---------------------------------------------------------------- refs and pinned inputs
BASE_REF=docker.io/library/python:3.11.14-slim-bookworm
APP_REPO=docker.io/4oh4/kubernetes-fastapi
APP_TAG=1.0.0
APP_NEXT_TAG=1.0.1
LOCUST_REF=docker.io/locustio/locust:2.47.0
PAUSE_REF=registry.k8s.io/pause:3.9
K8S_MODULE=k8s.io/kubernetes@v1.28.15
PAUSE_CFLAGS="-Os -Wall -Werror -static -DVERSION=v3.9-v1.28.15"

BASE_SUITE=bookworm
BASE_PACKAGES=python3,python3-venv,ca-certificates,netbase
VENV=/opt/venv
BASE_PATH="$VENV/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
BASE_DESC="Stand-in for $BASE_REF, built locally by cdk8s-fastapi verify/cluster/images/build.sh: Debian $BASE_SUITE (debootstrap minbase) with Debian's python3 3.11.2 and a venv at $VENV on PATH. NOT the official python image (no Python 3.11.14)."
# Bump when the recipe below changes in a way the hashed inputs do not show.
RECIPE=2

# ---------------------------------------------------------------- tools
apt_install() {
  log "apt-get install $*"
  local i
  for i in 1 2 3; do
    if { [ -n "${APT_UPDATED:-}" ] || apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null; } &&
       DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$@" >/dev/null; then
      APT_UPDATED=1; return 0
    fi
    log "apt-get failed (try $i), retrying"; sleep 10
  done
  die "apt-get install $* failed"
}
need=()
command -v buildah >/dev/null || need+=(buildah)
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v gcc >/dev/null || need+=(gcc)
[ -f /usr/lib/x86_64-linux-gnu/libc.a ] || [ -f /usr/lib/libc.a ] || need+=(libc6-dev)
command -v flock >/dev/null || need+=(util-linux)
/usr/bin/python3 -c 'import ensurepip, venv' 2>/dev/null || need+=(python3-venv)
command -v go >/dev/null || need+=(golang-go)
[ ${#need[@]} -eq 0 ] || apt_install "${need[@]}"

mkdir -p "$OUT" "$OCI"
exec 9>"$OUT/.lock"
flock -w 1800 9 || die "another build holds $OUT/.lock"

# buildah with storage of its own (never the host's default store), short names resolved to
# docker.io for the Dockerfile's `FROM python:...`, nothing ever pulled from a registry.
STORE="$OUT/storage"
RUNROOT="/run/cdk8s-fastapi-images-$(printf '%s' "$STORE" | sha256sum | cut -c1-12)"
export CONTAINERS_REGISTRIES_CONF="$OUT/registries.conf"
printf 'unqualified-search-registries = ["docker.io"]\nshort-name-mode = "permissive"\n' > "$CONTAINERS_REGISTRIES_CONF"
bh() { buildah --root "$STORE" --runroot "$RUNROOT" --storage-driver overlay "$@"; }

rm -rf "$OUT"/tmp.*  # left by a killed run (we hold the lock: none is in use)
WORK="$(mktemp -d "$OUT/tmp.XXXXXX")"
CTRS=()
cleanup() {
  local c
  for c in "${CTRS[@]}"; do bh rm "$c" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

sha() { sha256sum | cut -c1-16; }
# Content hash of files/dirs (paths relative to ROOT; names and contents, sorted).
hash_paths() {
  (cd "$ROOT" && find "$@" -type f ! -path '*/__pycache__/*' ! -name '*.pyc' -print0 | LC_ALL=C sort -z |
    xargs -0 sha256sum) | sha
}
have() { [ "${FORCE:-0}" != 1 ] && [ -s "$1" ]; }
image_loaded() { bh inspect --type image "$1" >/dev/null 2>&1; }
# Make sure $1 is in the store, loading it from its archive $2 if needed.
ensure_loaded() {
  local ref=$1 archive=$2 id
  image_loaded "$ref" && [ "$(cat "$archive.id" 2>/dev/null)" = "$(bh inspect --type image -f '{{.FromImageID}}' "$ref")" ] && return 0
  log "loading $ref from $(basename "$archive")"
  id=$(bh pull -q "oci-archive:$archive")
  bh tag "$id" "$ref"
}
# Write image $1 to archive $2 atomically; record its image id beside it (<archive>.id).
save() {
  local ref=$1 archive=$2
  rm -f "$archive.tmp"
  bh push -q "$ref" "oci-archive:$archive.tmp:$ref" >/dev/null
  bh inspect --type image -f '{{.FromImageID}}' "$ref" > "$archive.id"
  mv -f "$archive.tmp" "$archive"
}
INDEX=()
index() { INDEX+=("$1"$'\t'"$2"); }
# smoke <ref> <user> <cmd...>: run a command in a fresh container of the image (chroot, no network
# namespace of its own, nothing served); the build fails if it does.
smoke() {
  local ref=$1 user=$2 ctr; shift 2
  ctr=$(bh from --pull=never "$ref"); CTRS+=("$ctr")
  bh run --isolation chroot --user "$user" "$ctr" -- "$@" >&2 || die "smoke test of $ref failed: $*"
  bh rm "$ctr" >/dev/null; CTRS=("${CTRS[@]/$ctr}")
}

# ---------------------------------------------------------------- wheelhouses
# Downloaded with Debian's own python3 (3.11.2, same interpreter, glibc and arch as the image).
TOOLS_VENV="$OUT/tools-venv"
if [ ! -x "$TOOLS_VENV/bin/pip" ]; then
  log "creating $TOOLS_VENV (Debian python3, for pip download)"
  rm -rf "$TOOLS_VENV"; /usr/bin/python3 -m venv "$TOOLS_VENV"
fi
wheelhouse() {  # wheelhouse <requirements file>: prints its dir (with a pip.conf for the mount)
  local req=$1 key dir
  key=$( { cat "$req"; /usr/bin/python3 -c 'import sys,platform; print(sys.version, platform.machine())'; } | sha)
  dir="$OUT/wheels/$key"
  if [ ! -f "$dir/.complete" ]; then
    log "downloading wheels for ${req#"$ROOT"/} -> wheels/$key"
    rm -rf "$dir"; mkdir -p "$dir"
    env -u PIP_FIND_LINKS -u PIP_NO_INDEX "$TOOLS_VENV/bin/pip" download -q --disable-pip-version-check \
      --only-binary=:all: -d "$dir" -r "$req" >&2 || die "pip download -r $req failed"
    # Mounted at /etc/xdg/pip in RUN steps: pip reads its site config from there.
    printf '[global]\nno-index = true\nfind-links = /etc/xdg/pip\n' > "$dir/pip.conf"
    touch "$dir/.complete"
  fi
  echo "$dir"
}

# ---------------------------------------------------------------- a. python base stand-in
BASE_KEY=$(printf '%s\n' "$RECIPE" "$BASE_REF" "$BASE_SUITE" "$BASE_PACKAGES" "$VENV" "$BASE_PATH" "$BASE_DESC" | sha)
BASE_ARCHIVE="$OCI/python-3.11.14-slim-bookworm-standin-$BASE_KEY.tar"
build_base() {
  local rootfs="$WORK/rootfs" t0=$SECONDS ctr
  log "debootstrap $BASE_SUITE minbase + $BASE_PACKAGES from $MIRROR (cold: ~3 min, mostly CPU)"
  # Private mount namespace: debootstrap's /proc and /sys mounts never show on the host.
  mkdir -p "$OUT/debs"  # the .debs, kept: a rebuild of the rootfs downloads nothing twice
  unshare --mount --propagation private \
    debootstrap --variant=minbase --cache-dir="$OUT/debs" --include="$BASE_PACKAGES" "$BASE_SUITE" "$rootfs" "$MIRROR" \
    > "$WORK/debootstrap.log" 2>&1 || { tail -20 "$WORK/debootstrap.log" >&2; die "debootstrap failed"; }
  log "debootstrap done in $((SECONDS - t0))s"
  # Slim like Debian's -slim images: no apt caches/lists, docs (except copyrights), man pages, locales.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/* \
         "$rootfs"/var/log/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/*
  find "$rootfs/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
  find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
  tar --numeric-owner --xattrs -C "$rootfs" -cf "$WORK/rootfs.tar" .
  rm -rf "$rootfs"
  ctr=$(bh from scratch); CTRS+=("$ctr")
  bh add "$ctr" "$WORK/rootfs.tar" / >/dev/null
  # The official image has python/python3/pip on PATH (/usr/local/bin); here a venv provides them.
  bh run --isolation chroot "$ctr" -- /usr/bin/python3 -m venv "$VENV"
  bh run --isolation chroot "$ctr" -- "$VENV/bin/python" -c 'import sys; assert sys.prefix == "'"$VENV"'"'
  bh config --os linux --arch amd64 \
    --env PATH="$BASE_PATH" --env LANG=C.UTF-8 --env VIRTUAL_ENV="$VENV" --env PYTHON_VERSION=3.11.2 \
    --cmd '["python3"]' \
    --label org.opencontainers.image.description="$BASE_DESC" \
    --label org.opencontainers.image.title="python 3.11 stand-in (Debian python3 3.11.2)" \
    --label org.opencontainers.image.version=3.11.2-debian-stand-in \
    --label io.cdk8s-fastapi.stand-in=true \
    "$ctr"
  bh commit -q --rm "$ctr" "$BASE_REF" >/dev/null; CTRS=("${CTRS[@]/$ctr}")
  smoke "$BASE_REF" 10001:10001 sh -c 'for c in python python3 pip; do command -v $c; done && python -c "import sys, ssl; print(sys.version)"'
  save "$BASE_REF" "$BASE_ARCHIVE"
  log "built $BASE_REF (stand-in) in $((SECONDS - t0))s"
}
if have "$BASE_ARCHIVE"; then
  log "cached: $BASE_REF (stand-in)"
else
  # Cold: fetch the wheelhouses (network-bound) while debootstrap runs (CPU-bound).
  prefetch=()
  for req in "$ROOT/app/requirements.txt" "$HERE/locust/requirements.txt"; do
    wheelhouse "$req" >/dev/null & prefetch+=($!)
  done
  build_base
  for p in "${prefetch[@]}"; do wait "$p" || die "wheel download failed"; done
fi
index "$BASE_REF" "$BASE_ARCHIVE"

# ---------------------------------------------------------------- b. the app, from app/Dockerfile
APP_WHEELS_REQ="$ROOT/app/requirements.txt"
# Labels from the command line (the Dockerfile stays as it is); they override the base's.
APP_LABELS=(
  --label org.opencontainers.image.title=kubernetes-fastapi
  --label "org.opencontainers.image.description=The example app, built by buildah from app/Dockerfile (unmodified) on the local python stand-in (Debian python3 3.11.2), not on the official python image"
  --label org.opencontainers.image.base.name="$BASE_REF"
)
APP_KEY=$(printf '%s\n' "$RECIPE" "$BASE_KEY" "$(hash_paths app)" "$APP_REPO" "$APP_TAG" "$APP_NEXT_TAG" "${APP_LABELS[@]}" | sha)
APP_ARCHIVE="$OCI/kubernetes-fastapi-$APP_TAG-$APP_KEY.tar"
APP_NEXT_ARCHIVE="$OCI/kubernetes-fastapi-$APP_NEXT_TAG-$APP_KEY.tar"
if have "$APP_ARCHIVE" && have "$APP_NEXT_ARCHIVE"; then
  log "cached: $APP_REPO:$APP_TAG, :$APP_NEXT_TAG"
else
  t0=$SECONDS
  wh=$(wheelhouse "$APP_WHEELS_REQ")
  ensure_loaded "$BASE_REF" "$BASE_ARCHIVE"
  log "buildah bud app/ (app/Dockerfile unmodified) -> $APP_REPO:$APP_TAG"
  bh bud --pull=never --isolation=chroot --layers=false -q \
    -v "$wh:/etc/xdg/pip:ro" "${APP_LABELS[@]}" \
    --label org.opencontainers.image.version="$APP_TAG" \
    -t "$APP_REPO:$APP_TAG" "$ROOT/app" > "$WORK/bud-app.log" 2>&1 || { tail -30 "$WORK/bud-app.log" >&2; die "app build failed"; }
  # What the manifests run: uvicorn (app), python -m service.migrate (init container / Job),
  # python3 -c (preStop); psycopg's bundled libpq must load.
  smoke "$APP_REPO:$APP_TAG" 10001:10001 sh -c 'command -v uvicorn python python3 >/dev/null &&
    python -c "import service.main, psycopg; print(\"app ok, libpq\", psycopg.pq.version())"'
  save "$APP_REPO:$APP_TAG" "$APP_ARCHIVE"
  # The "new release" for the rolling-update test: same layers, another version label, so
  # another config and manifest digest.
  ctr=$(bh from --pull=never "$APP_REPO:$APP_TAG"); CTRS+=("$ctr")
  bh config --label org.opencontainers.image.version="$APP_NEXT_TAG" "$ctr"
  bh commit -q --rm "$ctr" "$APP_REPO:$APP_NEXT_TAG" >/dev/null; CTRS=("${CTRS[@]/$ctr}")
  save "$APP_REPO:$APP_NEXT_TAG" "$APP_NEXT_ARCHIVE"
  log "built $APP_REPO:$APP_TAG and :$APP_NEXT_TAG in $((SECONDS - t0))s"
fi
index "$APP_REPO:$APP_TAG" "$APP_ARCHIVE"
index "$APP_REPO:$APP_NEXT_TAG" "$APP_NEXT_ARCHIVE"

# ---------------------------------------------------------------- c. Locust
LOCUST_LABELS=(
  --label org.opencontainers.image.title=locust
  --label org.opencontainers.image.version=2.47.0
  --label "org.opencontainers.image.description=Stand-in for locustio/locust:2.47.0: locust==2.47.0 from PyPI on the local python stand-in (Debian python3 3.11.2)"
  --label org.opencontainers.image.base.name="$BASE_REF"
)
# build_standin <ref> <dir under images/> <archive name> <wheel requirements or ""> <smoke cmd...>
# A Containerfile in images/<dir> on the python stand-in, labelled with $STANDIN_LABELS, keyed
# by its inputs (Locust here, the orders example's images in build-orders.sh).
build_standin() {
  local ref=$1 dir=$2 name=$3 req=$4; shift 4
  local -a labels=("${STANDIN_LABELS[@]}")
  local key archive wh t0=$SECONDS
  key=$(printf '%s\n' "$RECIPE" "$BASE_KEY" "$(hash_paths "verify/cluster/images/$dir")" "$ref" "${labels[@]}" | sha)
  archive="$OCI/$name-$key.tar"
  if have "$archive"; then
    log "cached: $ref (stand-in)"
  else
    local mount=()
    if [ -n "$req" ]; then wh=$(wheelhouse "$HERE/$dir/$req"); mount=(-v "$wh:/etc/xdg/pip:ro"); fi
    ensure_loaded "$BASE_REF" "$BASE_ARCHIVE"
    log "buildah bud verify/cluster/images/$dir -> $ref (stand-in)"
    bh bud --pull=never --isolation=chroot --layers=false -q -f Containerfile "${mount[@]}" "${labels[@]}" \
      -t "$ref" "$HERE/$dir" > "$WORK/bud-$dir.log" 2>&1 || { tail -30 "$WORK/bud-$dir.log" >&2; die "$dir build failed"; }
    smoke "$ref" 10001:10001 "$@"
    save "$ref" "$archive"
    log "built $ref (stand-in) in $((SECONDS - t0))s"
  fi
  index "$ref" "$archive"
}

STANDIN_LABELS=("${LOCUST_LABELS[@]}")
build_standin "$LOCUST_REF" locust locust-2.47.0 requirements.txt locust --version

# ---------------------------------------------------------------- d. pause, from source
# The module zip of a version is immutable (go.sum), so the key needs no download.
PAUSE_KEY=$(printf '%s\n' "$RECIPE" "$K8S_MODULE" build/pause/linux/pause.c "$PAUSE_CFLAGS" "$(gcc -dumpfullversion 2>/dev/null || gcc -dumpversion)" "$PAUSE_REF" | sha)
PAUSE_ARCHIVE="$OCI/pause-3.9-$PAUSE_KEY.tar"
if have "$PAUSE_ARCHIVE"; then
  log "cached: $PAUSE_REF"
else
  t0=$SECONDS
  mod="$WORK/pause-mod"; mkdir -p "$mod"
  printf 'module local/pause\n\ngo 1.19\n' > "$mod/go.mod"
  dir=$(cd "$mod" && GOFLAGS=-mod=mod go mod download -json "$K8S_MODULE" |
        /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("Dir") or sys.exit(d.get("Error", "no Dir")))') \
    || die "go mod download $K8S_MODULE failed"
  src="$dir/build/pause/linux/pause.c"
  [ -f "$src" ] || die "$src missing"
  log "gcc $PAUSE_CFLAGS $K8S_MODULE/build/pause/linux/pause.c"
  # shellcheck disable=SC2086
  gcc $PAUSE_CFLAGS -o "$WORK/pause" "$src"
  strip "$WORK/pause"
  ctr=$(bh from scratch); CTRS+=("$ctr")
  bh copy --chmod 0755 "$ctr" "$WORK/pause" /pause >/dev/null
  bh config --os linux --arch amd64 --user 65535:65535 --entrypoint '["/pause"]' \
    --label org.opencontainers.image.description="pause 3.9 built from $K8S_MODULE build/pause/linux/pause.c (gcc $PAUSE_CFLAGS)" \
    --label org.opencontainers.image.version=3.9 "$ctr"
  bh commit -q --rm "$ctr" "$PAUSE_REF" >/dev/null; CTRS=("${CTRS[@]/$ctr}")
  smoke "$PAUSE_REF" 65535:65535 /pause -v
  save "$PAUSE_REF" "$PAUSE_ARCHIVE"
  log "built $PAUSE_REF in $((SECONDS - t0))s"
fi
index "$PAUSE_REF" "$PAUSE_ARCHIVE"

# ---------------------------------------------------------------- e. examples/orders-api.ts (stand-ins)
# In a file of its own (this one is long enough): orders app + cloud-sql-proxy stand-in.
source "$HERE/build-orders.sh"

# ---------------------------------------------------------------- index, prune
printf '%s\n' "${INDEX[@]}" > "$OUT/index.tsv.tmp"
mv -f "$OUT/index.tsv.tmp" "$OUT/index.tsv"
# Mark what this run uses; prune only archives no run has used for PRUNE_DAYS (default 14).
# Other versions of this script (other branches, worktrees) share the cache: never delete
# their archives just because this version's keys differ.
while IFS=$'\t' read -r _ f; do touch "$f.id"; done < "$OUT/index.tsv"
find "$OCI" -maxdepth 1 -name '*.tar.id' -mtime +"${PRUNE_DAYS:-14}" -print0 |
  while IFS= read -r -d '' idf; do log "pruning unused $(basename "${idf%.id}")"; rm -f "${idf%.id}" "$idf"; done
find "$OCI" -maxdepth 1 -name '*.tar.id' -print0 |
  while IFS= read -r -d '' idf; do [ -e "${idf%.id}" ] || rm -f "$idf"; done
bh rmi --prune >/dev/null 2>&1 || true
log "index: $OUT/index.tsv ($((SECONDS - start))s)"
cat "$OUT/index.tsv"
