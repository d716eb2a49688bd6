#!/usr/bin/env bash
# scripts/testenv.sh — throwaway integration-test environment for Tianqi.
#
#   scripts/testenv.sh up       install what is missing, start everything, write the env file
#   scripts/testenv.sh down     stop everything, drop containers/volumes/networks and the PG
#                               cluster; keeps caches (rootfs tarball, docker data-root/images)
#   scripts/testenv.sh status   show what runs
#   scripts/testenv.sh env      print the env file (source it to get TQ_TEST_* variables)
#
# What `up` provides (all private to this checkout, nothing touches a system service):
#   * a private dockerd on its own unix socket, data-root and bridge, with two
#     test images built locally (no registry can be reached here, so nothing is pulled):
#       tianqi-test/busybox:latest  (from the host's static busybox)
#       tianqi-test/python:latest   (a minimal Debian bookworm rootfs with python3, via mmdebstrap)
#   * a throwaway PostgreSQL cluster listening on 127.0.0.1 only
#   * $B/env, a sourceable file exporting TQ_TEST_DOCKER_HOST, TQ_TEST_PG_URL,
#     TQ_TEST_BUSYBOX_IMAGE, TQ_TEST_PYTHON_IMAGE and TQ_TEST_SANDBOX_IMAGE
#     (tianqi/sandbox:bookworm, built by scripts/sandbox-images.sh).
#
# The environment is made of parts, one file each under scripts/testenv/, run
# in the order of PARTS below (and stopped in reverse). A part may define
#   <part>_up  <part>_down  <part>_status  <part>_env  <part>_summary
# (start, stop, report, print its `export TQ_TEST_*=` lines, say what runs) and
# ask for Debian packages with `need_package PACKAGE PROBE` at source time.
# Adding a service (an sshd, a fake Kubernetes API) is one more file and one
# word in PARTS.
#
# Everything lives under $ROOT/target/testenv ($B) except paths that cannot:
#   * unix socket paths are limited to 107 bytes (sun_path is 108 with the NUL),
#     so the docker socket / exec-root / PG socket dir move to short /tmp paths when
#     the checkout is deep (see the *_path choices below);
#   * PostgreSQL refuses to run as root and runs as the `postgres` user, which
#     must be able to traverse every parent of its data dir; if it cannot reach
#     $B, the cluster lives in /tmp/tq-pg-<hash> instead.
#   * the bridge interface and two iptables FORWARD rules are kernel state by nature.
#
# Must run as root (it installs packages, runs dockerd and switches to `postgres`).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
B="$ROOT/target/testenv"
ENV_FILE="$B/env"
CACHE="$B/cache"
LOCK_FILE="$B/.lock"
# Short, stable per-checkout id for the /tmp fallbacks, so two checkouts never collide.
HASH="$(printf '%s' "$B" | sha256sum | cut -c1-10)"

# sun_path holds 107 usable bytes; keep a margin.
readonly MAX_SOCK=100

# The private dockerd's state; network.sh records its bridge there too.
DOCKER_DIR="$B/docker"

# dockerd, iptables and ip live in sbin, which a CI environment may lack in PATH.
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH"
# A developer's own docker settings must not redirect our client.
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH

# Parts, in start order: packages first (what every part asked for; the
# helpers in common.sh), then the services.
PARTS=(packages tools network dockerd images postgres redfish)
# shellcheck source=testenv/common.sh
source "$ROOT/scripts/testenv/common.sh"
for part in "${PARTS[@]}"; do
  [[ "$part" == packages ]] && continue
  # shellcheck source=/dev/null
  source "$ROOT/scripts/testenv/$part.sh"
done

# each_part HOOK [reverse]: runs <part>_HOOK for every part that defines it.
each_part() {
  local hook="$1" order=("${PARTS[@]}") i rc=0
  if [[ "${2:-}" == reverse ]]; then
    order=()
    for ((i = ${#PARTS[@]} - 1; i >= 0; i--)); do order+=("${PARTS[i]}"); done
  fi
  for part in "${order[@]}"; do
    if declare -F "${part}_$hook" >/dev/null; then
      "${part}_$hook" || rc=1
    fi
  done
  return "$rc"
}

# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------
write_env() {
  local tmp="$ENV_FILE.tmp"
  (
    umask 077
    {
      echo "# written by scripts/testenv.sh up; removed by down"
      each_part env
    } >"$tmp"
  )
  mv "$tmp" "$ENV_FILE"
}

cmd_up() {
  need_root
  take_lock
  mkdir -p "$B" "$CACHE"
  local part
  for part in "${PARTS[@]}"; do
    # Fail fast: a part that cannot start stops `up` (its helpers `die`).
    if declare -F "${part}_up" >/dev/null; then "${part}_up"; fi
  done
  write_env
  {
    echo "testenv: up"
    each_part summary
    echo "  env file   $ENV_FILE   (source it, or: $0 env)"
  } >&2
}

cmd_down() {
  need_root
  take_lock
  each_part down reverse
  rm -f "$ENV_FILE" "$ENV_FILE.tmp"
  log "down (caches kept under $B)"
}

cmd_status() {
  local rc=0
  each_part status || rc=1
  if [[ -f "$ENV_FILE" ]]; then echo "env file:   $ENV_FILE"; else echo "env file:   absent"; fi
  return "$rc"
}

cmd_env() {
  [[ -f "$ENV_FILE" ]] || die "$ENV_FILE missing; run '$0 up' first"
  cat "$ENV_FILE"
}

usage() {
  echo "usage: $0 up|down|status|env" >&2
  exit 2
}

main() {
  (($# == 1)) || usage
  case "$1" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *) usage ;;
  esac
}

main "$@"
