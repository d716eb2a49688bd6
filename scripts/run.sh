#!/usr/bin/env bash
# scripts/run.sh — build and run Tianqi from a fresh clone.
#
#   scripts/run.sh [tianqi serve flags...]     e.g. scripts/run.sh --listen 0.0.0.0:8890
#
# Builds the web console (web/, npm ci + vite build into web/dist) and the
# release binary that embeds it, then
# runs `tianqi serve` with SQLite under ./data. On the first start the admin
# password is printed once and written to ./data/initial-admin-password.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

need() {
  command -v "$1" >/dev/null 2>&1 || {
    printf 'run.sh: %s is required but not installed. %s\n' "$1" "$2" >&2
    exit 1
  }
}
need cargo "Install the Rust toolchain (rustup) first."
# The bundled SQLite is compiled from C.
if ! command -v cc >/dev/null 2>&1; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libc6-dev
  else
    need cc "Install gcc (Debian: apt-get install gcc)."
  fi
fi

# The web console is built first: the binary embeds web/dist at compile time.
if [[ -f web/package.json ]]; then
  need npm "Install Node.js and npm (Debian: apt-get install npm)."
  (cd web && npm ci && npm run build)
fi

# The sandbox's runtime image (python, bash, gcc from Debian packages) on this
# machine's Docker Engine, when there is one. Without it the rest of Tianqi
# works and the sandbox answers 503 naming the missing image.
if [[ -S /var/run/docker.sock ]] && command -v docker >/dev/null 2>&1; then
  if ! DOCKER_HOST=unix:///var/run/docker.sock scripts/sandbox-images.sh; then
    printf 'run.sh: warning: the sandbox image was not built; code runs will fail until scripts/sandbox-images.sh succeeds\n' >&2
  fi
fi

cargo build --release --locked -p tianqi
exec "$ROOT/target/release/tianqi" serve "$@"
