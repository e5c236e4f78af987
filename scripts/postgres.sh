#!/usr/bin/env bash
# A private PostgreSQL cluster for ./run.sh: its own data directory and port, reused across runs.
#   scripts/postgres.sh start   starts it (creating it on first use) and prints ORDERS_DB=<connection string>
#   scripts/postgres.sh stop    stops it
#   scripts/postgres.sh crash   stops it as a crash would (pg_ctl -m immediate: no checkpoint, recovery at the next start)
# Settings (environment): ORDERS_PG_DATA (default .data/postgres), ORDERS_PG_PORT (default 55432).
# As root, PostgreSQL's tools refuse to run, so they run as the 'postgres' user the Debian package
# creates; when that user cannot reach the repository (a clone under /root, say), the cluster lives
# in /var/lib/ordersaga/<hash of the repository path> instead.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "error: PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin (apt-get install postgresql)" >&2; exit 1; }

port=${ORDERS_PG_PORT:-55432}
data=${ORDERS_PG_DATA:-$PWD/.data/postgres}
secrets="$PWD/.data"
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  as_owner=(runuser -u postgres --)
  mkdir -p "$(dirname "$data")"
  if ! runuser -u postgres -- test -x "$(dirname "$data")"; then
    data="/var/lib/ordersaga/$(printf '%s' "$PWD" | md5sum | cut -c1-12)/postgres"
  fi
fi
mkdir -p "$secrets"
password_file="$secrets/postgres-password"

create() {
  echo "Creating a private PostgreSQL cluster in $data" >&2
  mkdir -p "$data"
  chmod 700 "$data"
  [ -s "$password_file" ] || (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$password_file")
  local pwfile; pwfile=$(mktemp); cp "$password_file" "$pwfile"
  if ((${#as_owner[@]})); then chown postgres: "$data" "$pwfile"; fi
  "${as_owner[@]}" "$bin/initdb" -D "$data" -U orders --pwfile="$pwfile" --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
}

case "${1:-}" in
  start)
    [ -f "$data/PG_VERSION" ] || create
    if ! "${as_owner[@]}" "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 start \
        -o "-p $port -c listen_addresses=127.0.0.1 -k $data -c synchronous_commit=on -c max_connections=200" >/dev/null \
        || { echo "error: PostgreSQL did not start; see $data/server.log" >&2; tail -n 5 "$data/server.log" >&2; exit 1; }
    fi
    password=$(cat "$password_file")
    export PGPASSWORD="$password"
    if ! psql -h 127.0.0.1 -p "$port" -U orders -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'orders'" | grep -q 1; then
      psql -h 127.0.0.1 -p "$port" -U orders -d postgres -qc "CREATE DATABASE orders" >/dev/null
    fi
    echo "ORDERS_DB=Host=127.0.0.1;Port=$port;Database=orders;Username=orders;Password=$password"
    ;;
  stop)
    [ -f "$data/PG_VERSION" ] && "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  crash)
    "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null
    ;;
  *)
    echo "usage: scripts/postgres.sh start|stop|crash" >&2; exit 2 ;;
esac
