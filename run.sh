#!/usr/bin/env bash
# Runs OrderSaga on this machine: a private PostgreSQL, the embedded Kafka broker, and the API with the
# checkout saga and the Product and Payment simulators. See ./run.sh --help.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  cat <<'TXT'
Usage: ./run.sh [--no-build] [--help]

Starts OrderSaga on http://127.0.0.1:${PORT:-8080}, all on this machine, no Docker:
  - a private PostgreSQL cluster (created in .data/postgres on first use, reused afterwards),
  - the embedded Kafka broker as a process of its own (librdkafka's mock cluster, loopback only),
  - the HTTP API with the checkout saga and the Product and Payment simulators on Kafka.
It prints the addresses (API, OpenAPI, admin dashboard, health, metrics, Kafka, PostgreSQL). Ctrl-C or
SIGTERM stops all of it: the API first, then the broker, then PostgreSQL. Started again, it reuses the
database; the embedded broker keeps topics only in its memory, so they start empty each time.

Options:
  --no-build                use the existing Release build instead of building first
  -h, --help                show this text

Environment:
  PORT                      port of the HTTP API (default 8080)
  ORDERS_PG_PORT            port of the private PostgreSQL (default 55432)
  ORDERS_PG_DATA            its data directory (default .data/postgres)
  KAFKA_BROKERS or
  Kafka__BootstrapServers   use these Kafka brokers (host:port,...) instead of starting the embedded broker
  ORDERS_BROKER_TIMEOUT     seconds to wait for the embedded broker to start (default 30)
  Checkout__PricingTimeout  how long Product may take to answer (default 00:00:30)
  Checkout__PaymentTimeout  how long Payment may take to answer (default 00:01:00)
  Kafka__Simulators__Enabled  run the Product and Payment simulators in the API (default true)
  Admin__Key                the admin credential of /admin/ (see docs/api.md, admin API)
  Gateway__Secret           the API gateway's shared secret (see docs/api.md, gateway trust)
  Any other setting of docs/configuration.md, as Section__Key=value.
TXT
}

build=1
for argument in "$@"; do
  case "$argument" in
    -h|--help) usage; exit 0 ;;
    --no-build) build=0 ;;
    *) echo "error: unknown option '$argument'" >&2; usage >&2; exit 2 ;;
  esac
done

scripts/prerequisites.sh
if ((build)); then
  dotnet build Orders.Api -c Release -v quiet -nologo
  dotnet build Orders.KafkaBroker -c Release -v quiet -nologo
fi

api="" broker="" broker_out="" postgres_started=0 stopping=0
# Stops what was started, newest first, each waited for; runs once, on any exit.
stop_all() {
  trap - EXIT
  if [ -n "$api" ] && kill -0 "$api" 2>/dev/null; then kill -TERM "$api" 2>/dev/null || true; wait "$api" 2>/dev/null || true; fi
  if [ -n "$broker" ] && kill -0 "$broker" 2>/dev/null; then kill -TERM "$broker" 2>/dev/null || true; wait "$broker" 2>/dev/null || true; fi
  if [ -n "$broker_out" ]; then rm -f "$broker_out"; fi
  if ((postgres_started)); then scripts/postgres.sh stop; fi
}
trap stop_all EXIT
# Ctrl-C and SIGTERM are noted here and acted on below: before the API runs, the start is abandoned; once it
# runs, it is asked to stop, and its own exit status (0 after a clean stop) becomes this script's.
trap 'stopping=1' INT TERM

db=$(scripts/postgres.sh start)
postgres_started=1
db=${db#ORDERS_DB=}

# Kafka: the brokers named in the environment, or the embedded broker in a process of its own.
kafka=${Kafka__BootstrapServers:-${KAFKA_BROKERS:-}}
if [ -z "$kafka" ]; then
  broker_out=$(mktemp)
  dotnet Orders.KafkaBroker/bin/Release/net10.0/Orders.KafkaBroker.dll >"$broker_out" &
  broker=$!
  deadline=$((SECONDS + ${ORDERS_BROKER_TIMEOUT:-30}))
  while :; do
    line=$(grep -m 1 '^KAFKA_BOOTSTRAP_SERVERS=' "$broker_out" || true)
    if [ -n "$line" ]; then kafka=${line#KAFKA_BOOTSTRAP_SERVERS=}; break; fi
    if ((stopping)); then exit 130; fi
    if ! kill -0 "$broker" 2>/dev/null; then echo "error: the embedded Kafka broker exited before it started (see above)" >&2; exit 1; fi
    if ((SECONDS >= deadline)); then echo "error: the embedded Kafka broker did not print its address within ${ORDERS_BROKER_TIMEOUT:-30} s" >&2; exit 1; fi
    sleep 0.1
  done
  kafka_origin="embedded broker, pid $broker; its topics live only as long as this run"
else
  kafka_origin="from the environment"
fi

port=${PORT:-8080}
masked=$(sed -E 's/(Password=)[^;]*/\1*****/' <<<"$db")
cat <<TXT
OrderSaga
  API:         http://127.0.0.1:$port
  OpenAPI:     http://127.0.0.1:$port/openapi/v1.json
  Admin:       http://127.0.0.1:$port/admin/
  Health:      http://127.0.0.1:$port/health/live   http://127.0.0.1:$port/health/ready
  Metrics:     http://127.0.0.1:$port/metrics
  Kafka:       $kafka   ($kafka_origin; list topics: kcat -b $kafka -L)
  PostgreSQL:  $masked
               (password in .data/postgres-password, mode 0600)
  Stop with Ctrl-C.
TXT

export ConnectionStrings__Orders="$db"
export Database__MigrateOnStart=true
export Kafka__BootstrapServers="$kafka"
# The simulators stand in for Product and Payment here; the service as shipped (appsettings.json) runs none.
export Kafka__Simulators__Enabled="${Kafka__Simulators__Enabled:-true}"
export PORT="$port"
# Socket completions run on the socket engine's thread instead of waking a thread-pool worker each: see docs/performance.md.
export DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS="${DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS:-1}"
((stopping)) && exit 130
# From its build directory, which is its content root: appsettings.json is read from there.
(cd Orders.Api/bin/Release/net10.0 && exec dotnet Orders.Api.dll) &
api=$!
# The banner comes before the API listens (it migrates and joins its consumer group first): say when it does.
(
  for _ in $(seq 1 600); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "OrderSaga is listening on http://127.0.0.1:$port"; exit 0; fi
    kill -0 "$api" 2>/dev/null || exit 0
    sleep 0.2
  done
) &
status=0
while :; do
  wait "$api" && status=0 || status=$?
  # A trapped signal ends the wait early while the API still runs: pass it on, then wait for its exit.
  if ((status > 128)) && kill -0 "$api" 2>/dev/null; then kill -TERM "$api" 2>/dev/null || true; continue; fi
  break
done
api=""
exit "$status"
