# scripts/testenv/postgres.sh — a throwaway PostgreSQL cluster on 127.0.0.1
# only, run as the `postgres` user. Sourced by scripts/testenv.sh.

need_package postgresql '/usr/lib/postgresql/*/bin/postgres'

PG_HOME="$B/pg"                    # root-owned: password, chosen port
PG_PASSWORD_FILE="$PG_HOME/password"
PG_PORT_FILE="$PG_HOME/port"
PG_FIRST_PORT=55432
PG_LAST_PORT=55631
PG_USER=tianqi
PG_DB=tianqi
# PG_DATA, PG_LOG and PG_SOCKDIR are set by choose_pg_paths (they may move to /tmp).
PG_DATA="" PG_LOG="" PG_SOCKDIR="" PG_BIN="" PG_PORT=""

as_postgres() {
  # cd /: postgres cannot read root's cwd and initdb/pg_ctl complain about it.
  (cd / && runuser -u postgres -- "$@")
}

find_pg_bin() {
  local f bins=()
  for f in /usr/lib/postgresql/*/bin/postgres; do
    [[ -x "$f" ]] && bins+=("${f%/postgres}")
  done
  ((${#bins[@]})) || die "no PostgreSQL server under /usr/lib/postgresql"
  # Highest major version wins (bookworm ships 15).
  PG_BIN="$(printf '%s\n' "${bins[@]}" | sort -V | tail -n 1)"
}

# Decide where the postgres-owned files live. $B/pg works when `postgres` can
# traverse every parent of it and the socket path is short enough; else /tmp.
choose_pg_paths() {
  getent passwd postgres >/dev/null || die "no 'postgres' system user (is the postgresql package installed?)"
  mkdir -p "$PG_HOME"
  chmod 0755 "$PG_HOME"
  local dir="$PG_HOME"
  if ! as_postgres test -x "$PG_HOME" || ((${#PG_HOME} + 25 > MAX_SOCK)); then
    dir="/tmp/tq-pg-$HASH"
  fi
  # Interpolated into postgresql.conf inside single quotes.
  [[ "$dir" != *"'"* ]] || die "path $dir contains a single quote"
  PG_DATA="$dir/data"
  PG_LOG="$dir/log"
  PG_SOCKDIR="$dir/run"
  if [[ "$dir" != "$PG_HOME" ]]; then
    install -d -o postgres -g postgres -m 0700 "$dir"
  fi
}

pg_running_pid() {
  local pid
  pid="$(read_pidfile "$PG_DATA/postmaster.pid")"
  pid_is "$pid" postgres && printf '%s' "$pid"
  return 0
}

pg_port_in_use() {
  [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]
}

pick_pg_port() {
  local p saved=""
  saved="$(read_pidfile "$PG_PORT_FILE")"
  if [[ "$saved" =~ ^[0-9]+$ ]] && ! pg_port_in_use "$saved"; then
    printf '%s' "$saved"
    return 0
  fi
  for ((p = PG_FIRST_PORT; p <= PG_LAST_PORT; p++)); do
    if ! pg_port_in_use "$p"; then
      printf '%s' "$p"
      return 0
    fi
  done
  die "no free TCP port in $PG_FIRST_PORT-$PG_LAST_PORT for PostgreSQL"
}

pg_password() {
  if [[ ! -s "$PG_PASSWORD_FILE" ]]; then
    # Hex only: safe inside a URL and in SQL without escaping.
    (umask 077 && od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$PG_PASSWORD_FILE")
  fi
  chmod 0600 "$PG_PASSWORD_FILE"
  cat "$PG_PASSWORD_FILE"
}

start_postgres() {
  local pid port pw ver
  find_pg_bin
  choose_pg_paths

  pid="$(pg_running_pid)"
  if [[ -n "$pid" ]]; then
    port="$(sed -n 4p "$PG_DATA/postmaster.pid")"
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port"; then
      log "reusing PostgreSQL (pid $pid) on 127.0.0.1:$port"
    else
      die "PostgreSQL (pid $pid) runs but does not answer on 127.0.0.1:$port; see $PG_LOG, or run '$0 down'"
    fi
  else
    # Stale after a crash/reboot; postgres may refuse it if the pid got reused.
    rm -f "$PG_DATA/postmaster.pid"
    if [[ ! -s "$PG_DATA/PG_VERSION" ]]; then
      log "initdb $PG_DATA"
      rm -rf "$PG_DATA"
      install -d -o postgres -g postgres -m 0700 "$PG_DATA"
      as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=peer --auth-host=scram-sha-256 --no-sync >/dev/null ||
        die "initdb failed"
      printf "\ninclude = 'testenv.conf'\n" >>"$PG_DATA/postgresql.conf"
    fi
    ver="$(cat "$PG_DATA/PG_VERSION")"
    [[ "$PG_BIN" == */"$ver"/bin ]] ||
      die "$PG_DATA was made by PostgreSQL $ver but the server is $PG_BIN; remove $PG_DATA"
    install -d -o postgres -g postgres -m 0700 "$PG_SOCKDIR"
    touch "$PG_LOG"
    chown postgres:postgres "$PG_LOG"

    port="$(pick_pg_port)"
    # Rewritten on every start (port may change). Durability off: throwaway data.
    cat >"$PG_DATA/testenv.conf" <<EOF
# written by scripts/testenv.sh on every start
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$PG_SOCKDIR'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    chown postgres:postgres "$PG_DATA/testenv.conf"
    log "starting PostgreSQL on 127.0.0.1:$port (log: $PG_LOG)"
    # 9>&-: the postmaster must not inherit the lock fd (see start_dockerd).
    if ! as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start >/dev/null 9>&-; then
      tail -n 30 "$PG_LOG" >&2 || true
      die "PostgreSQL did not start"
    fi
    "$PG_BIN/pg_isready" -q -t 10 -h 127.0.0.1 -p "$port" || die "PostgreSQL started but pg_isready fails"
  fi
  printf '%s\n' "$port" >"$PG_PORT_FILE"

  pw="$(pg_password)"
  # Idempotent: the role gets (back) the password from the file on every up.
  as_postgres "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKDIR" -p "$port" -d postgres \
    -v role="$PG_USER" -v db="$PG_DB" -v pw="$pw" >/dev/null <<'SQL' || die "cannot create role/database"
SELECT format('CREATE ROLE %I LOGIN CREATEDB', :'role')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" WITH LOGIN CREATEDB PASSWORD :'pw';
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
  # The URL the tests get must work as given: log in over TCP with the password.
  PGPASSWORD="$pw" "$PG_BIN/psql" -X -q -At -h 127.0.0.1 -p "$port" -U "$PG_USER" -d "$PG_DB" \
    -c 'SELECT 1' >/dev/null || die "cannot log in as $PG_USER over TCP"
  PG_PORT="$port"
}

stop_postgres() {
  local pid
  # Nothing to stop when PostgreSQL was never installed (`down` must always be safe).
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || return 0
  getent passwd postgres >/dev/null || return 0
  find_pg_bin
  choose_pg_paths
  pid="$(pg_running_pid)"
  if [[ -n "$pid" ]]; then
    log "stopping PostgreSQL (pid $pid)"
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null ||
      die "pg_ctl stop failed; see $PG_LOG"
  fi
  # The cluster is throwaway: tests create a database each (tq_test_*) and
  # would pile up run after run on a reused machine. initdb --no-sync takes
  # ~1 s, so the next `up` starts clean. The password file stays, so the URL
  # is stable across runs.
  if [[ -d "$PG_DATA" ]]; then
    rm -rf "$PG_DATA"
  fi
}

postgres_up() { start_postgres; }
postgres_down() { stop_postgres; }

postgres_env() {
  local pw
  pw="$(cat "$PG_PASSWORD_FILE")"
  printf 'export TQ_TEST_PG_URL=%q\n' "postgres://$PG_USER:$pw@127.0.0.1:$PG_PORT/$PG_DB"
}

postgres_summary() {
  echo "  postgres   127.0.0.1:$PG_PORT db=$PG_DB user=$PG_USER (data $PG_DATA)"
}

postgres_status() {
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null && getent passwd postgres >/dev/null || return 0
  local pid port
  find_pg_bin
  choose_pg_paths >/dev/null 2>&1 || true
  pid="$(pg_running_pid)"
  if [[ -z "$pid" ]]; then
    echo "postgres:   stopped"
    return 1
  fi
  port="$(sed -n 4p "$PG_DATA/postmaster.pid")"
  if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port"; then
    echo "postgres:   running, pid $pid, 127.0.0.1:$port, data $PG_DATA"
  else
    echo "postgres:   pid $pid but NOT ready on 127.0.0.1:$port"
    return 1
  fi
}
