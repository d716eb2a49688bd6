#!/usr/bin/env bash
# scripts/run.sh — build and run Tianqi from a fresh clone.
#
#   scripts/run.sh [tianqi serve flags...]     e.g. scripts/run.sh --listen 0.0.0.0:8890
#   scripts/run.sh --engine                    only make sure a Docker Engine answers
#   scripts/run.sh --stop                      stop the dockerd this script started
#
# First makes sure this machine's Docker Engine answers (Tianqi's node `local`
# runs the instances): when none does, as root on Debian it installs Debian's
# `docker.io` and starts the engine — with systemd when systemd is PID 1,
# otherwise `dockerd` in the background, its log and pid file under the data
# dir (stopped by `scripts/run.sh --stop`) — and says what it did. Not root or
# not Debian: it says in one sentence what to install and exits non-zero.
#
# Then builds the web console (web/, npm ci + vite build into web/dist) and the
# release binary that embeds it, and runs `tianqi serve` with SQLite under
# ./data. On the first start the admin password is printed once and written to
# ./data/initial-admin-password.
#
# Overrides, for the tests of this script (crates/tianqi/tests/cli/deploy.rs)
# and for unusual machines; the defaults are this machine's:
#   TQ_RUN_DOCKER_SOCKET   the engine's socket        (/var/run/docker.sock)
#   TQ_RUN_DATA_DIR        dockerd.log/dockerd.pid go here  (./data)
#   TQ_RUN_OS_RELEASE      the os-release file read to tell Debian  (/etc/os-release)
#   TQ_RUN_UID             the user id taken as ours  (id -u)
#   TQ_RUN_INIT            `systemd` or anything else: what runs as PID 1  (/proc/1/comm)
#   TQ_RUN_DOCKERD_FLAGS   extra flags for a background dockerd (word-split), e.g.
#                          a private --data-root/--exec-root/--bridge=none
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

SOCKET="${TQ_RUN_DOCKER_SOCKET:-/var/run/docker.sock}"
DATA_DIR="${TQ_RUN_DATA_DIR:-$ROOT/data}"
OS_RELEASE="${TQ_RUN_OS_RELEASE:-/etc/os-release}"
DOCKERD_PIDFILE="$DATA_DIR/dockerd.pid"
DOCKERD_LOG="$DATA_DIR/dockerd.log"
# dockerd lives in sbin, which a user's PATH may lack.
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

say() { printf 'run.sh: %s\n' "$*" >&2; }
fail() {
  say "$*"
  exit 1
}

need() {
  command -v "$1" >/dev/null 2>&1 || fail "$1 is required but not installed. $2"
}

# ---------------------------------------------------------------------------
# The Docker Engine
# ---------------------------------------------------------------------------
my_uid() { printf '%s' "${TQ_RUN_UID:-$(id -u)}"; }

init_is_systemd() {
  local init="${TQ_RUN_INIT:-$(cat /proc/1/comm 2>/dev/null || true)}"
  [[ "$init" == systemd ]]
}

# Debian itself or a derivative that says so (ID_LIKE=debian).
is_debian() {
  [[ -r "$OS_RELEASE" ]] || return 1
  local id="" like=""
  id="$(sed -n 's/^ID=//p' "$OS_RELEASE" | tr -d '"')"
  like="$(sed -n 's/^ID_LIKE=//p' "$OS_RELEASE" | tr -d '"')"
  [[ "$id" == debian || " $like " == *" debian "* ]]
}

# The engine answers its API on the socket (not merely: the file exists).
engine_answers() {
  [[ -S "$SOCKET" ]] || return 1
  if command -v docker >/dev/null 2>&1; then
    timeout 10 docker -H "unix://$SOCKET" version --format '{{.Server.Version}}' >/dev/null 2>&1
  elif command -v curl >/dev/null 2>&1; then
    timeout 10 curl -sf --unix-socket "$SOCKET" http://engine/_ping >/dev/null 2>&1
  else
    # No client to ask with: a listening socket is the best evidence there is.
    return 0
  fi
}

wait_for_engine() {
  local i
  for ((i = 0; i < 300; i++)); do # 60 s
    engine_answers && return 0
    sleep 0.2
  done
  return 1
}

install_engine() {
  command -v dockerd >/dev/null 2>&1 && return 0
  say "no Docker Engine here: installing Debian's docker.io (apt-get)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io
  say "installed docker.io"
}

start_engine_systemd() {
  say "starting the engine with systemd: systemctl enable --now docker"
  systemctl enable --now docker.socket docker.service
  wait_for_engine || fail "systemd started docker but nothing answers on $SOCKET; see: journalctl -u docker"
  say "Docker Engine running under systemd (stop it with: systemctl stop docker)"
}

start_engine_background() {
  mkdir -p "$DATA_DIR"
  # shellcheck disable=SC2206  # TQ_RUN_DOCKERD_FLAGS is a list of words by design
  local cmd=(dockerd --host "unix://$SOCKET" --pidfile "$DOCKERD_PIDFILE" ${TQ_RUN_DOCKERD_FLAGS:-})
  say "systemd is not PID 1: starting dockerd in the background (log: $DOCKERD_LOG)"
  printf '\n==== %s run.sh: %s\n' "$(date -Is)" "${cmd[*]}" >>"$DOCKERD_LOG"
  # setsid + every fd redirected: the daemon outlives this script and does not
  # hold the caller's terminal or pipes open.
  setsid "${cmd[@]}" </dev/null >>"$DOCKERD_LOG" 2>&1 &
  if ! wait_for_engine; then
    tail -n 20 "$DOCKERD_LOG" >&2 || true
    fail "dockerd did not answer on $SOCKET within 60 s (log: $DOCKERD_LOG)"
  fi
  say "dockerd running (pid $(cat "$DOCKERD_PIDFILE" 2>/dev/null || echo '?'), socket $SOCKET); stop it with: scripts/run.sh --stop"
}

# Makes sure an engine answers on $SOCKET, or says what to install and fails.
ensure_engine() {
  if engine_answers; then
    return 0
  fi
  if [[ "$(my_uid)" != 0 ]]; then
    fail "no Docker Engine answers on $SOCKET: install Docker Engine (on Debian: sudo apt-get install docker.io) and start it, or run this script as root on Debian to have that done."
  fi
  if ! is_debian; then
    fail "no Docker Engine answers on $SOCKET and this is not Debian: install Docker Engine with your system's package manager, start it, and run this script again."
  fi
  install_engine
  if init_is_systemd; then
    start_engine_systemd
  else
    start_engine_background
  fi
}

# Stops the background dockerd started by ensure_engine (by its pid file).
stop_engine() {
  local pid i
  if [[ ! -f "$DOCKERD_PIDFILE" ]]; then
    say "no dockerd started by run.sh ($DOCKERD_PIDFILE absent); nothing to stop"
    return 0
  fi
  pid="$(cat "$DOCKERD_PIDFILE")"
  if [[ "$pid" =~ ^[0-9]+$ ]] && [[ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" == dockerd ]]; then
    kill -TERM "$pid"
    for ((i = 0; i < 300; i++)); do # 30 s
      [[ -d "/proc/$pid" ]] || break
      sleep 0.1
    done
    [[ -d "/proc/$pid" ]] && fail "dockerd (pid $pid) is still running 30 s after SIGTERM"
    say "stopped dockerd (pid $pid)"
  else
    say "dockerd (pid file $DOCKERD_PIDFILE) was not running"
  fi
  rm -f "$DOCKERD_PIDFILE"
}

# ---------------------------------------------------------------------------
# Build and serve
# ---------------------------------------------------------------------------
build_tools() {
  need cargo "Install the Rust toolchain (rustup) first."
  # The bundled SQLite is compiled from C.
  if ! command -v cc >/dev/null 2>&1; then
    if [[ "$(my_uid)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libc6-dev
    else
      need cc "Install gcc (Debian: apt-get install gcc)."
    fi
  fi
}

build_console() {
  # The binary embeds web/dist at compile time.
  [[ -f web/package.json ]] || return 0
  need npm "Install Node.js and npm (Debian: apt-get install npm)."
  (cd web && npm ci && npm run build)
}

# The sandbox's runtime image (python, bash, gcc from Debian packages) on the
# engine. Without it the rest of Tianqi works and the sandbox answers 503
# naming the missing image; the console's getting-started list offers it.
build_sandbox_image() {
  command -v docker >/dev/null 2>&1 || return 0
  if ! DOCKER_HOST="unix://$SOCKET" scripts/sandbox-images.sh; then
    say "warning: the sandbox image was not built; code runs will fail until scripts/sandbox-images.sh succeeds"
  fi
}

main() {
  case "${1:-}" in
  --stop)
    stop_engine
    return 0
    ;;
  --engine)
    ensure_engine
    say "Docker Engine answers on $SOCKET"
    return 0
    ;;
  esac
  ensure_engine
  build_tools
  build_console
  build_sandbox_image
  cargo build --release --locked -p tianqi
  # Node `local` is this socket (also offered later in the console when the
  # engine appears after the first start).
  export TIANQI_NODES_LOCAL_SOCKET="${TIANQI_NODES_LOCAL_SOCKET:-$SOCKET}"
  exec "$ROOT/target/release/tianqi" serve "$@"
}

main "$@"
