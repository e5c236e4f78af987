#!/usr/bin/env bash
# Benchmarks OrderSaga end to end on this machine and ends with one JSON line of figures. See ./bench.sh --help.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  cat <<'TXT'
Usage: ./bench.sh [--partitions N] [--instances N] [benchmark options]

Installs what is missing, builds in Release, then starts, each as its own process and only for this run:
a private PostgreSQL (synchronous_commit=on, a fresh data directory), the embedded Kafka broker
(Orders.KafkaBroker), the Product and Payment simulators on Kafka (Orders.Api.dll simulators) and the service
(Orders.Api), as many instances of it as --instances says, sharing the database and the consumer group.
It runs pgbench and the load (Orders.Benchmark) against them, stops all of it, and prints a summary
followed by one JSON line with every figure (the last line of the output).

  --partitions N         partitions of every topic on the broker (default 6, as Kafka:TopicPartitions)
  --instances N          service instances (default 1); checkouts go to them in turn, figures per instance and in total
  --checkouts N          measured checkouts (default 20000)
  --concurrency C        closed model: C checkouts in flight (default 256)
  --rate R --duration S  open model: R checkouts arriving per second, for S seconds
  --warmup N             warm-up checkouts, not measured (default 2000)
  --pgbench-seconds S    length of the pgbench reference run (default 10; 0 skips it)
  --label TEXT           a name copied into the JSON

Logs of the run are left in .data/bench/ (service.log, simulators.log, broker.log, postgres.log).
Examples:
  ./bench.sh --checkouts 20000 --concurrency 256       # the most it completes per second
  ./bench.sh --rate 500 --duration 30                  # latency at 500 checkouts per second
  ./bench.sh --instances 3                             # three instances of the service on the same database and group
TXT
}

partitions=6
instances=1
args=()
while (($#)); do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --partitions) partitions="$2"; shift 2 ;;
    --instances) instances="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

scripts/prerequisites.sh >&2
for project in Orders.Api Orders.KafkaBroker Orders.Benchmark; do
  dotnet build "$project" -c Release -v quiet -nologo >&2
done

logs="$PWD/.data/bench"
mkdir -p "$logs"
work=$(mktemp -d /tmp/ordersaga-bench.XXXXXX)
# PostgreSQL runs as the 'postgres' user when this runs as root: it must reach its data directory.
chmod 755 "$work"

# A port nothing listens on, below the kernel's ephemeral range: a port inside it may be the local end of some
# outgoing connection, which a connect probe does not see but which makes the server's bind fail.
free_port() {
  local port low
  read -r low _ < /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || low=32768
  ((low > 11000)) || low=60000
  for port in $(shuf -i 10000-$((low - 1)) -n 100); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "error: no free port found" >&2; return 1
}

[[ "$instances" =~ ^[1-9][0-9]*$ ]] && ((instances <= 16)) || { echo "error: --instances must be a whole number from 1 to 16, not '$instances'" >&2; exit 2; }

services=()
simulators=""
broker=""
export ORDERS_PG_DATA="$work/postgres" ORDERS_PG_PORT
ORDERS_PG_PORT=$(free_port)
cleanup() {
  for service in "${services[@]}"; do kill -TERM "$service" 2>/dev/null || true; done
  for service in "${services[@]}"; do wait "$service" 2>/dev/null || true; done
  [ -n "$simulators" ] && kill -TERM "$simulators" 2>/dev/null && wait "$simulators" 2>/dev/null || true
  [ -n "$broker" ] && kill -TERM "$broker" 2>/dev/null && wait "$broker" 2>/dev/null || true
  cp "$ORDERS_PG_DATA/server.log" "$logs/postgres.log" 2>/dev/null || true
  scripts/postgres.sh stop >&2 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

db=$(scripts/postgres.sh start)
db=${db#ORDERS_DB=}

dotnet Orders.KafkaBroker/bin/Release/net10.0/Orders.KafkaBroker.dll --partitions "$partitions" >"$logs/broker.log" 2>&1 &
broker=$!
for _ in $(seq 1 300); do
  bootstrap=$(sed -n 's/^KAFKA_BOOTSTRAP_SERVERS=//p' "$logs/broker.log")
  [ -n "$bootstrap" ] && break
  kill -0 "$broker" 2>/dev/null || { echo "error: the Kafka broker stopped; see $logs/broker.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$bootstrap" ] || { echo "error: the Kafka broker printed no address; see $logs/broker.log" >&2; exit 1; }

# The Product and Payment simulators stand in for other teams' services: a process of their own, so their CPU is
# counted apart from the service's.
Kafka__BootstrapServers="$bootstrap" \
Logging__LogLevel__Default=Warning \
  dotnet Orders.Api/bin/Release/net10.0/Orders.Api.dll simulators >"$logs/simulators.log" 2>&1 &
simulators=$!

# One service process per instance, on a port of its own; the first migrates the database, the others start once it
# listens (it migrates before it listens), so they never migrate at the same time.
apis=()
start_service() {
  local n=$1
  port=$(free_port)
  ConnectionStrings__Orders="$db" \
  Database__MigrateOnStart=$([ "$n" -eq 1 ] && echo true || echo false) \
  Kafka__BootstrapServers="$bootstrap" \
  Kafka__TopicPartitions="$partitions" \
  Kafka__Simulators__Enabled=false \
  DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS="${DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS:-1}" \
  PORT="$port" \
  ASPNETCORE_CONTENTROOT="$PWD/Orders.Api/bin/Release/net10.0" \
  Logging__LogLevel__Default=Warning \
    dotnet Orders.Api/bin/Release/net10.0/Orders.Api.dll >"$logs/service$([ "$instances" -gt 1 ] && echo "-$n").log" 2>&1 &
  services+=($!)
  apis+=("http://127.0.0.1:$port")
}
start_service 1
if ((instances > 1)); then
  for _ in $(seq 1 600); do
    (exec 3<>"/dev/tcp/127.0.0.1/${apis[0]##*:}") 2>/dev/null && break
    kill -0 "${services[0]}" 2>/dev/null || { echo "error: the first service instance stopped; see $logs/service-1.log" >&2; exit 1; }
    sleep 0.2
  done
  for n in $(seq 2 "$instances"); do start_service "$n"; done
fi
api_list=$(IFS=,; echo "${apis[*]}")
pid_list=$(IFS=,; echo "${services[*]}")

echo "PostgreSQL on port $ORDERS_PG_PORT, Kafka at $bootstrap ($partitions partitions), service pid(s) $pid_list at $api_list, simulators pid $simulators" >&2
status=0
dotnet Orders.Benchmark/bin/Release/net10.0/Orders.Benchmark.dll \
  --api "$api_list" --database "$db" --kafka "$bootstrap" --service-pid "$pid_list" \
  --postgres-pid "$(head -1 "$ORDERS_PG_DATA/postmaster.pid")" --broker-pid "$broker" --simulators-pid "$simulators" \
  --partitions "$partitions" "${args[@]}" || status=$?
exit "$status"
