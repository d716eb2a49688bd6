#!/usr/bin/env bash
# scripts/test.sh — run every test of the project. This is the one command the
# README documents and CI's .ci/run calls.
#
#   scripts/test.sh [NEXTEST ARGS...]     e.g. scripts/test.sh -E 'test(/docker/)'
#
# Steps: rustfmt check, clippy (warnings are errors), nextest (the project has
# no doc tests; nextest's summary is the run's closing test line), the API
# fuzzer (scripts/fuzz-api.sh), and
# the web console's npm tests (unit + end-to-end in Chromium). Every step runs even if an
# earlier one failed, so one run shows all problems; the exit code is non-zero
# if any step failed.
#
# The integration tests need a private dockerd and a PostgreSQL cluster:
# scripts/testenv.sh starts them and writes target/testenv/env, sourced here to
# export TQ_TEST_DOCKER_HOST, TQ_TEST_PG_URL, TQ_TEST_BUSYBOX_IMAGE and
# TQ_TEST_PYTHON_IMAGE. The environment is torn down on exit unless
# TQ_KEEP_ENV=1 (handy while iterating: the next run then reuses it in ~2 s).
#
# Must run as root (scripts/testenv.sh installs packages and runs daemons).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
TESTENV="$ROOT/scripts/testenv.sh"
cd "$ROOT"

say() { printf '\ntest.sh: ==> %s\n' "$*" >&2; }
die() {
  printf 'test.sh: ERROR: %s\n' "$*" >&2
  exit 1
}

# ---------------------------------------------------------------------------
# Tools. cargo-nextest is preinstalled on our machines; install it from
# cargo only when missing. rustfmt/clippy are rustup components.
# ---------------------------------------------------------------------------
ensure_tools() {
  command -v cargo >/dev/null 2>&1 || die "cargo not found in PATH"
  if ! cargo nextest --version >/dev/null 2>&1; then
    say "installing cargo-nextest"
    cargo install cargo-nextest --locked
  fi
  local comp
  for comp in rustfmt clippy; do
    # `cargo fmt` / `cargo clippy` are the entry points the steps use.
    local sub="${comp/rustfmt/fmt}"
    if ! cargo "$sub" --version >/dev/null 2>&1; then
      say "installing rustup component $comp"
      command -v rustup >/dev/null 2>&1 || die "cargo $sub missing and no rustup to install $comp"
      rustup component add "$comp"
    fi
  done
}

# ---------------------------------------------------------------------------
# Steps: run_step NAME CMD... runs CMD, records the outcome and its duration.
# ---------------------------------------------------------------------------
PASSED=()
FAILED=()
run_step() {
  local name="$1" start rc=0
  shift
  say "$name: $*"
  start=$SECONDS
  "$@" || rc=$?
  if ((rc == 0)); then
    PASSED+=("$name($((SECONDS - start))s)")
  else
    printf 'test.sh: step %s FAILED (exit %d)\n' "$name" "$rc" >&2
    FAILED+=("$name")
  fi
}

# shellcheck disable=SC2317  # invoked indirectly, through run_step
npm_tests() {
  (cd web && npm ci && npm test)
}

# ---------------------------------------------------------------------------
# Test environment, with guaranteed teardown.
# ---------------------------------------------------------------------------
# shellcheck disable=SC2317  # invoked indirectly, as the EXIT trap
cleanup() {
  local rc=$?
  if [[ "${TQ_KEEP_ENV:-0}" == 1 ]]; then
    printf 'test.sh: TQ_KEEP_ENV=1: leaving the test environment up (%s down to stop it)\n' "$TESTENV" >&2
  elif ! "$TESTENV" down; then
    # A leaked daemon is a bug too: do not let it pass unnoticed.
    printf 'test.sh: ERROR: %s down failed\n' "$TESTENV" >&2
    ((rc != 0)) || rc=1
  fi
  exit "$rc"
}
trap cleanup EXIT
# Make Ctrl-C / a CI timeout's SIGTERM go through the EXIT trap as well.
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_tools

say "test environment: $TESTENV up"
"$TESTENV" up || die "test environment failed to start (see above)"
# shellcheck source=/dev/null
source "$ROOT/target/testenv/env"

LOCKED=()
if [[ -f Cargo.lock ]]; then
  LOCKED=(--locked)
fi

run_step fmt cargo fmt --all -- --check
run_step clippy cargo clippy --workspace --all-targets "${LOCKED[@]}" -- -D warnings
run_step nextest cargo nextest run --workspace --no-fail-fast "${LOCKED[@]}" "$@"
# schemathesis against a running server, from its own OpenAPI document: no 5xx,
# no answer the document does not describe (scripts/fuzz-api.sh says how).
run_step fuzz "$ROOT/scripts/fuzz-api.sh"

# --- Web console -----------------------------------------------------------
# `npm test` in web/ runs the vitest unit/component tests, then the end-to-end
# test (web/e2e/run.mjs): it builds the console and the debug binary that
# embeds it, starts `tianqi serve` and drives Debian's Chromium against the
# private dockerd started above (TQ_TEST_DOCKER_HOST). Screenshots land in
# target/e2e/.
if [[ -f web/package.json ]]; then
  command -v npm >/dev/null 2>&1 || die "web/package.json exists but npm is not installed"
  run_step web npm_tests
fi
# ---------------------------------------------------------------------------

if ((${#FAILED[@]} == 0)); then
  printf '\ntest.sh: ALL STEPS OK: %s\n' "${PASSED[*]}"
  exit 0
fi
printf '\ntest.sh: FAILED STEPS: %s (ok: %s)\n' "${FAILED[*]}" "${PASSED[*]:-none}"
exit 1
