#!/bin/sh
# Creates the cluster on the first start (superuser $POSTGRES_USER, default
# tianqi, with the password from POSTGRES_PASSWORD_FILE or POSTGRES_PASSWORD;
# database $POSTGRES_DB, default tianqi), then runs PostgreSQL in the foreground.
set -eu
user="${POSTGRES_USER:-tianqi}"
db="${POSTGRES_DB:-tianqi}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile="${POSTGRES_PASSWORD_FILE:-}"
  if [ -z "$pwfile" ]; then
    if [ -z "${POSTGRES_PASSWORD:-}" ]; then
      echo "postgres: set POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE for the first start" >&2
      exit 1
    fi
    pwfile="$(mktemp)"
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  fi
  initdb -D "$PGDATA" -U "$user" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256
  [ "$pwfile" = "${POSTGRES_PASSWORD_FILE:-}" ] || rm -f "$pwfile"
  # Other containers on the compose network sign in with the password.
  echo 'host all all all scram-sha-256' >>"$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start
  createdb -U "$user" -O "$user" -- "$db"
  pg_ctl -D "$PGDATA" -m fast -w stop
fi
exec postgres -D "$PGDATA" -c listen_addresses='*'
