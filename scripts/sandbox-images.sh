#!/usr/bin/env bash
# scripts/sandbox-images.sh — build the sandbox's runtime image from Debian packages.
#
#   scripts/sandbox-images.sh [--force]
#
# Builds tianqi/sandbox:bookworm on the Docker Engine named by DOCKER_HOST (default:
# the local socket): a Debian bookworm root filesystem made by mmdebstrap (from
# this machine's apt sources; nothing is pulled from an image registry) with
# python3-minimal, bash and gcc/libc6-dev — the built-in runtimes python 3.11.2,
# bash 5.2.15 and c (gcc 12.2.0). The rootfs tarball is cached under
# $TQ_SANDBOX_CACHE (default target/sandbox-images); the image carries a revision
# label and is rebuilt only when this script's recipe changes (or with --force).
#
# Needs root for mmdebstrap (installed with apt-get when missing and root).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
IMAGE="tianqi/sandbox:bookworm"
# Bump when the package list or the import changes.
REV="1"
REV_LABEL="io.tianqi.sandbox.rev"
PACKAGES="python3-minimal,gcc,libc6-dev"
CACHE="${TQ_SANDBOX_CACHE:-$ROOT/target/sandbox-images}"
TAR="$CACHE/sandbox-bookworm-r$REV.tar"
FORCE=0
[[ "${1:-}" == --force ]] && FORCE=1

log() { printf 'sandbox-images: %s\n' "$*" >&2; }
die() {
  printf 'sandbox-images: ERROR: %s\n' "$*" >&2
  exit 1
}

command -v docker >/dev/null 2>&1 || die "the docker client is required (Debian: apt-get install docker.io)"

current="$(docker image inspect -f "{{ index .Config.Labels \"$REV_LABEL\" }}" "$IMAGE" 2>/dev/null || true)"
if [[ "$current" == "$REV" && $FORCE == 0 ]]; then
  log "$IMAGE is current (rev $REV)"
  exit 0
fi

# shellcheck source=lib/debian-rootfs.sh
source "$ROOT/scripts/lib/debian-rootfs.sh"
debian_rootfs "$TAR" "$PACKAGES" || die "no rootfs for $IMAGE (see above)"

log "importing $TAR as $IMAGE"
docker import \
  --change 'CMD ["/bin/bash"]' \
  --change "LABEL $REV_LABEL=$REV" \
  --message "tianqi sandbox runtimes rev $REV" \
  "$TAR" "$IMAGE" >/dev/null

# The built-in runtimes' versions are configured; check the image has them.
versions="$(docker run --rm --network none "$IMAGE" bash -c \
  'python3 -c "import platform; print(platform.python_version())"; echo "$BASH_VERSION"; gcc -dumpfullversion')"
expected=$'3.11.2\n5.2.15(1)-release\n12.2.0'
[[ "$versions" == "$expected" ]] ||
  die "$IMAGE has versions $(echo "$versions" | tr '\n' ' ')but the built-in runtimes expect $(echo "$expected" | tr '\n' ' ')"
log "$IMAGE ready: python 3.11.2, bash 5.2.15, gcc 12.2.0"
