#!/usr/bin/env bash
# Runs OrderSaga on this machine: a private PostgreSQL, the API with the checkout saga, and the
# Product and Payment simulators. See ./run.sh --help.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  cat <<'TXT'
Usage: ./run.sh [--help]

Starts OrderSaga on http://127.0.0.1:${PORT:-8080}: a private PostgreSQL cluster (created in
.data/postgres on first use and reused afterwards), the HTTP API with the checkout saga, and the
in-process Product and Payment simulators. Ctrl-C (or SIGTERM) stops all of it.

Environment:
  PORT                      port of the HTTP API (default 8080)
  ORDERS_PG_PORT            port of the private PostgreSQL (default 55432)
  ORDERS_PG_DATA            its data directory (default .data/postgres)
  Checkout__PricingTimeout  how long Product may take to answer (default 00:00:30)
  Checkout__PaymentTimeout  how long Payment may take to answer (default 00:01:00)
  Simulators__Enabled       run the in-process Product and Payment simulators (default true)
TXT
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  "") ;;
  *) echo "error: unknown option '$1'" >&2; usage >&2; exit 2 ;;
esac

scripts/prerequisites.sh
dotnet build Orders.Api -c Release -v quiet -nologo

db=$(scripts/postgres.sh start)
db=${db#ORDERS_DB=}
stop_postgres() { scripts/postgres.sh stop; }
trap stop_postgres EXIT

port=${PORT:-8080}
cat <<TXT
OrderSaga
  API:        http://127.0.0.1:$port   (OpenAPI: http://127.0.0.1:$port/openapi/v1.json)
  PostgreSQL: $db
  Stop with Ctrl-C.
TXT

export ConnectionStrings__Orders="$db"
export Database__MigrateOnStart=true
# Without Kafka settings, the embedded broker runs inside the service; its address is logged at start.
if [ -z "${Kafka__BootstrapServers:-}" ]; then export Kafka__Embedded=true; fi
# Its settings (appsettings.json) are read from the build output, wherever run.sh is started from.
export ASPNETCORE_CONTENTROOT="$PWD/Orders.Api/bin/Release/net10.0"
dotnet Orders.Api/bin/Release/net10.0/Orders.Api.dll &
api=$!
# The API runs as a child so PostgreSQL can be stopped after it; forward Ctrl-C and SIGTERM to it.
trap 'kill -TERM "$api" 2>/dev/null || true' INT TERM
status=0
wait "$api" || status=$?
# A trapped signal ends the first wait early (status 128+n); the second one returns the API's own
# exit status once it has shut down.
if ((status > 128)); then status=0; wait "$api" || status=$?; fi
exit "$status"
