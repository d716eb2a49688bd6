#!/usr/bin/env bash
# scripts/fuzz-api.sh — property-based fuzzing of the REST API from its own
# OpenAPI document, with schemathesis, against a real `tianqi serve`.
#
#   scripts/fuzz-api.sh            (scripts/test.sh runs it as the `fuzz` step)
#
# What must hold for every generated request: no 5xx, every status the server
# answers is one the document lists, and every body matches its schema and
# content type. A clean, seeded run is reproducible (TQ_FUZZ_SEED, default 1);
# TQ_FUZZ_EXAMPLES (default 10) sets how many cases each operation gets per phase.
#
# The server runs the debug binary with a temporary data dir (SQLite) and,
# when TQ_TEST_DOCKER_HOST is set (scripts/testenv.sh), the private dockerd as
# node `local`, so instance and workspace calls reach the engine.
#
# Four passes, so that no pass saws off the branch it sits on:
#   admin      everything but the calls that end the admin's own token
#   user       everything, as a normal user (what it must be refused)
#   compat     the MATLAB compat API with its shared token
#   admin-end  the calls that may end the admin's token (logout, own token
#              revocation, password resets, user changes) — last
# Schemathesis installs into target/fuzz/venv (pinned, reused between runs).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
WORK="$ROOT/target/fuzz"
VENV="$WORK/venv"
ST_VERSION=4.32.5
SEED="${TQ_FUZZ_SEED:-1}"
EXAMPLES="${TQ_FUZZ_EXAMPLES:-10}"
cd "$ROOT"

say() { printf 'fuzz-api.sh: %s\n' "$*" >&2; }
die() {
  printf 'fuzz-api.sh: ERROR: %s\n' "$*" >&2
  exit 1
}

# --- schemathesis -----------------------------------------------------------
mkdir -p "$WORK"
if ! "$VENV/bin/st" --version 2>/dev/null | grep -q "$ST_VERSION"; then
  # Debian's interpreter (scripts/testenv.sh installs python3-venv), not a shim.
  /usr/bin/python3 -c 'import venv, ensurepip' 2>/dev/null ||
    die "Debian's python3-venv is needed (scripts/testenv.sh up installs it)"
  rm -rf "$VENV"
  /usr/bin/python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "schemathesis==$ST_VERSION"
fi

# --- the server ---------------------------------------------------------------
# The test run's build of the debug binary (.cargo/config.toml says why).
cargo build-test-bins -q
DATA="$(mktemp -d "$WORK/run.XXXXXX")"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
COMPAT_TOKEN="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
SERVER_PID=""
# shellcheck disable=SC2317  # invoked as the EXIT trap
stop() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$DATA/data"
}
trap stop EXIT

LOCAL_SOCKET=""
if [[ "${TQ_TEST_DOCKER_HOST:-}" == unix://* ]]; then
  LOCAL_SOCKET="${TQ_TEST_DOCKER_HOST#unix://}"
fi
env -u TIANQI_CONFIG \
  TIANQI_LISTEN="127.0.0.1:$PORT" \
  TIANQI_DATA_DIR="$DATA/data" \
  TIANQI_NODES_LOCAL_SOCKET="$LOCAL_SOCKET" \
  TIANQI_JUMPBOX_LISTEN="127.0.0.1:0" \
  TIANQI_WORKSPACES_IMAGE="${TQ_TEST_BUSYBOX_IMAGE:-tianqi-test/busybox:latest}" \
  TIANQI_WORKSPACES_COMPAT_TOKEN="$COMPAT_TOKEN" \
  TIANQI_LOG_LEVEL=warn \
  "$ROOT/target/debug/tianqi" serve >"$DATA/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 150); do
  curl -fsS "$BASE/readyz" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || die "tianqi exited; see $DATA/server.log"
  sleep 0.2
done
curl -fsS "$BASE/readyz" >/dev/null || die "tianqi did not become ready; see $DATA/server.log"

# --- accounts -------------------------------------------------------------------
# JSON in and out through python, never through string-built shell.
api() { # METHOD PATH TOKEN [BODY] -> body on stdout, fails on non-2xx
  local args=(-fsS -X "$1" "$BASE$2" -H 'Content-Type: application/json')
  [[ -n "$3" ]] && args+=(-H "Authorization: Bearer $3")
  [[ $# -ge 4 ]] && args+=(--data-binary "$4")
  curl "${args[@]}"
}
json() { python3 -c 'import json,sys; print(json.dumps(dict(zip(sys.argv[1::2], sys.argv[2::2]))))' "$@"; }
field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

INITIAL="$(cat "$DATA/data/initial-admin-password")"
ADMIN_PW="fuzz-admin-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
USER_PW="fuzz-user-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
session="$(api POST /api/v1/auth/login "" "$(json username admin password "$INITIAL")" | field token)"
api POST /api/v1/me/password "$session" "$(json current_password "$INITIAL" new_password "$ADMIN_PW")" >/dev/null
session="$(api POST /api/v1/auth/login "" "$(json username admin password "$ADMIN_PW")" | field token)"
admin_token() { api POST /api/v1/me/tokens "$session" "$(json name "fuzz-$1")" | field token; }
api POST /api/v1/users "$session" "$(json username fuzzuser password "$USER_PW" role user)" >/dev/null
# An account an admin creates must choose its own password first.
user_session="$(api POST /api/v1/auth/login "" "$(json username fuzzuser password "$USER_PW")" | field token)"
api POST /api/v1/me/password "$user_session" "$(json current_password "$USER_PW" new_password "$USER_PW-own")" >/dev/null
user_session="$(api POST /api/v1/auth/login "" "$(json username fuzzuser password "$USER_PW-own")" | field token)"
USER_TOKEN="$(api POST /api/v1/me/tokens "$user_session" "$(json name fuzz)" | field token)"

# --- the passes -----------------------------------------------------------------
CHECKS=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
# Calls that can end the caller's own credentials (or demote it).
ENDS_ADMIN='^/api/v1/(auth/logout|me/tokens/\{id\}|users/\{id\}(/password)?)$'
FAILED=()
pass() { # NAME TOKEN ST-ARGS...
  local name="$1" token="$2"
  shift 2
  say "pass $name"
  # In the run's directory: schemathesis keeps its cache in the working dir.
  if ! (cd "$DATA" && "$VENV/bin/st" run "$BASE/api/openapi.json" \
    --checks "$CHECKS" --seed "$SEED" --max-examples "$EXAMPLES" --workers 1 \
    --no-color -H "Authorization: Bearer $token" "$@" >"$DATA/$name.log" 2>&1); then
    FAILED+=("$name")
    sed -n '/FAILURES/,/SUMMARY/p' "$DATA/$name.log" >&2
  fi
  tail -n 3 "$DATA/$name.log" >&2
}
# Reading a BMC that cannot be reached answers 503 by design (a dependency
# failure, documented); a generated asset's made-up bmc_address would be one.
BMC_READ='^/api/v1/assets/\{id\}/bmc-refresh$'
pass admin "$(admin_token main)" --exclude-path-regex "$ENDS_ADMIN|$BMC_READ|^/compat/"
pass user "$USER_TOKEN" --exclude-path-regex '^/api/v1/(auth/logout|me/tokens/\{id\})$|^/compat/'
pass compat "$COMPAT_TOKEN" --include-path-regex '^/compat/'
pass admin-end "$(admin_token end)" --include-path-regex "$ENDS_ADMIN"

if grep -q 'panicked' "$DATA/server.log"; then
  FAILED+=(panic)
  grep -n -A3 'panicked' "$DATA/server.log" >&2
fi
if ((${#FAILED[@]})); then
  die "failed: ${FAILED[*]} (logs kept in $DATA)"
fi
say "no failures (seed $SEED, $EXAMPLES examples per operation and phase)"
rm -rf "$DATA"
