#!/usr/bin/env bash
# deploy/container/build.sh — Tianqi's container images, built without any
# image registry: Debian bookworm root filesystems made by mmdebstrap (from
# this machine's apt sources) and `docker import`ed, then small Dockerfiles
# FROM them.
#
#   deploy/container/build.sh [--binary PATH] [--tag TAG]
#
# Builds on the Docker Engine named by DOCKER_HOST (default: the local socket):
#   tianqi/base:bookworm           bookworm + ca-certificates (imported rootfs)
#   tianqi/postgres-base:bookworm  bookworm + Debian's postgresql-15 (imported rootfs)
#   tianqi/postgres:15-bookworm    the latter with postgres-entrypoint.sh (postgres.Dockerfile)
#   tianqi/tianqi:TAG              the base with the binary (Dockerfile); TAG defaults
#                                  to the binary's version
# --binary defaults to target/release/tianqi (build it with
# `cargo build --release --locked -p tianqi` after `cd web && npm ci && npm run build`);
# it is stripped of debug info into the build context. The rootfs tarballs are
# cached under $TQ_CONTAINER_CACHE (default target/container-images) and the
# imported bases are rebuilt only when REV below changes.
#
# Needs root for mmdebstrap (installed with apt-get when missing and root).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd "$HERE/../.." && pwd -P)"
# Bump when a package list or an import changes.
REV="1"
REV_LABEL="io.tianqi.container.rev"
CACHE="${TQ_CONTAINER_CACHE:-$ROOT/target/container-images}"
BINARY="$ROOT/target/release/tianqi"
TAG=""

# shellcheck source=../../scripts/lib/debian-rootfs.sh
source "$ROOT/scripts/lib/debian-rootfs.sh"

log() { printf 'container/build: %s\n' "$*" >&2; }
die() {
  printf 'container/build: ERROR: %s\n' "$*" >&2
  exit 1
}

parse_args() {
  while (($#)); do
    case "$1" in
    --binary) BINARY="$2"; shift 2 ;;
    --tag) TAG="$2"; shift 2 ;;
    *) die "unknown argument $1 (usage: $0 [--binary PATH] [--tag TAG])" ;;
    esac
  done
  [[ -x "$BINARY" ]] || die "$BINARY is not an executable; build it first (cargo build --release --locked -p tianqi)"
  if [[ -z "$TAG" ]]; then
    # `tianqi 0.1.0 (commit abc…)` → 0.1.0
    TAG="$("$BINARY" --version | awk '{print $2}')"
  fi
}

image_current() {
  local rev
  rev="$(docker image inspect -f "{{ index .Config.Labels \"$REV_LABEL\" }}" "$1" 2>/dev/null)" || return 1
  [[ "$rev" == "$REV" ]]
}

# rootfs_image IMAGE NAME PACKAGES: a bookworm rootfs with PACKAGES (comma
# separated), cached as NAME-rREV.tar, imported as IMAGE.
rootfs_image() {
  local image="$1" name="$2" packages="$3" tar
  if image_current "$image"; then
    log "$image is current (rev $REV)"
    return 0
  fi
  tar="$CACHE/$name-r$REV.tar"
  debian_rootfs "$tar" "$packages" || die "no rootfs for $image (see above)"
  log "importing $tar as $image"
  docker import --change "LABEL $REV_LABEL=$REV" --message "tianqi $name rev $REV" "$tar" "$image" >/dev/null
}

# build_image IMAGE DOCKERFILE CONTEXT: the classic builder, which needs
# nothing but the engine (no BuildKit front end to fetch).
build_image() {
  log "building $1"
  DOCKER_BUILDKIT=0 docker build --quiet --tag "$1" --file "$2" "$3" >/dev/null
}

main() {
  parse_args "$@"
  command -v docker >/dev/null 2>&1 || die "the docker client is required (Debian: apt-get install docker.io)"
  rootfs_image tianqi/base:bookworm base-bookworm ca-certificates
  rootfs_image tianqi/postgres-base:bookworm postgres-bookworm postgresql-15

  CTX="$(mktemp -d)"
  trap 'rm -rf "$CTX"' EXIT
  cp "$HERE/postgres-entrypoint.sh" "$CTX/"
  build_image tianqi/postgres:15-bookworm "$HERE/postgres.Dockerfile" "$CTX"
  # Debug info is most of a debug build's size and useless in the image.
  objcopy --strip-debug "$BINARY" "$CTX/tianqi" 2>/dev/null || cp "$BINARY" "$CTX/tianqi"
  build_image "tianqi/tianqi:$TAG" "$HERE/Dockerfile" "$CTX"
  log "built tianqi/tianqi:$TAG and tianqi/postgres:15-bookworm"
  printf 'tianqi/tianqi:%s\n' "$TAG"
}

main "$@"
