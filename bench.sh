#!/usr/bin/env bash
# Benchmarks OrderSaga end to end on this machine and ends with one JSON line of figures. See ./bench.sh --help.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  cat <<'TXT'
Usage: ./bench.sh [--partitions N] [--instances N] [benchmark options]
       ./bench.sh --chaos [chaos options]        (./chaos.sh is the same)

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

With --chaos it runs the chaos test instead of the benchmark: two instances (--instances) under a steady load
(Orders.Benchmark chaos: a mix of paid, rejected, declined, cancelled and shipped checkouts, poison records on the
saga's input topics), while this script injects faults on a schedule it prints: kill -9 of an instance every
--kill-every seconds with a new one started in its place, PostgreSQL stopped as by a crash (pg_ctl -m immediate)
once for --outage seconds, the broker made unreachable (its 'down' control, never killed: it holds every topic in
memory) twice for --outage seconds. Every request, answer and watched record goes to .data/bench/chaos-history.jsonl,
every fault to chaos-faults.jsonl; the offline check (every 202 ends final, nothing twice, order events in order,
outbox drained, dead letters exactly the poison) prints one JSON line, and the exit status is 0 only if it holds.
  --duration S           seconds of load (default 600)       --rate R         checkouts per second (default 200)
  --kill-every S         seconds between kills (default 30)  --outage S       length of each outage (default 10)
  --poison-every S       seconds between poison rounds (default 60)
  --no-postgres-outage / --no-broker-outage                  leave that fault out
  --no-build             use the existing Release build (the tests' chaos run does)

Logs of the run are left in .data/bench/ (service.log, simulators.log, broker.log, postgres.log), or in $ORDERS_BENCH_LOGS.
Examples:
  ./bench.sh --checkouts 20000 --concurrency 256       # the most it completes per second
  ./bench.sh --rate 500 --duration 30                  # latency at 500 checkouts per second
  ./bench.sh --instances 3                             # three instances of the service on the same database and group
TXT
}

partitions=6
instances=""
args=()
build=1 chaos=0 duration=600 rate=200 kill_every=30 outage=10 poison_every=60 postgres_outage=1 broker_outage=1
while (($#)); do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --partitions) partitions="$2"; shift 2 ;;
    --instances) instances="$2"; shift 2 ;;
    --chaos) chaos=1; shift ;;
    --no-build) build=0; shift ;;
    --kill-every) kill_every="$2"; shift 2 ;;
    --outage) outage="$2"; shift 2 ;;
    --poison-every) poison_every="$2"; shift 2 ;;
    --no-postgres-outage) postgres_outage=0; shift ;;
    --no-broker-outage) broker_outage=0; shift ;;
    --duration) duration="$2"; args+=("$1" "$2"); shift 2 ;;
    --rate) rate="$2"; args+=("$1" "$2"); shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
instances=${instances:-$((chaos ? 2 : 1))}
# A killed instance's partitions wait for its session to time out before the group gives them to another; with
# librdkafka's 45 s and a kill every 30 s half the partitions would never be read. 6 s, as compose and the tests use.
group_settings=()
((chaos)) && group_settings=(Kafka__Client__session.timeout.ms=6000 Kafka__Client__heartbeat.interval.ms=1000)

if ((build)); then
  scripts/prerequisites.sh >&2
  for project in Orders.Api Orders.KafkaBroker Orders.Benchmark; do
    dotnet build "$project" -c Release -v quiet -nologo >&2
  done
fi

logs="${ORDERS_BENCH_LOGS:-$PWD/.data/bench}"
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
ports=()
simulators=""
broker=""
broker_control=""
export ORDERS_PG_DATA="$work/postgres" ORDERS_PG_PORT
ORDERS_PG_PORT=$(free_port)
cleanup() {
  for service in "${services[@]}"; do kill -TERM "$service" 2>/dev/null || true; done
  for service in "${services[@]}"; do wait "$service" 2>/dev/null || true; done
  [ -n "$simulators" ] && kill -TERM "$simulators" 2>/dev/null && wait "$simulators" 2>/dev/null || true
  [ -n "$broker" ] && kill -TERM "$broker" 2>/dev/null && wait "$broker" 2>/dev/null || true
  cp "$ORDERS_PG_DATA/server.log" "$logs/postgres.log" 2>/dev/null || true
  scripts/postgres.sh stop >&2 || true
  [ -n "$broker_control" ] && exec 7>&- || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

db=$(scripts/postgres.sh start)
db=${db#ORDERS_DB=}

if ((chaos)); then
  # The broker's fault controls ('down', 'up') come on its standard input: a pipe this script holds open as fd 7.
  broker_control="$work/broker-control"
  mkfifo "$broker_control"
  dotnet Orders.KafkaBroker/bin/Release/net10.0/Orders.KafkaBroker.dll --partitions "$partitions" <"$broker_control" >"$logs/broker.log" 2>&1 &
  broker=$!
  exec 7>"$broker_control"
else
  dotnet Orders.KafkaBroker/bin/Release/net10.0/Orders.KafkaBroker.dll --partitions "$partitions" >"$logs/broker.log" 2>&1 &
  broker=$!
fi
for _ in $(seq 1 300); do
  bootstrap=$(sed -n 's/^KAFKA_BOOTSTRAP_SERVERS=//p' "$logs/broker.log")
  [ -n "$bootstrap" ] && break
  kill -0 "$broker" 2>/dev/null || { echo "error: the Kafka broker stopped; see $logs/broker.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$bootstrap" ] || { echo "error: the Kafka broker printed no address; see $logs/broker.log" >&2; exit 1; }

# The Product and Payment simulators stand in for other teams' services: a process of their own, so their CPU is
# counted apart from the service's.
env "${group_settings[@]}" \
Kafka__BootstrapServers="$bootstrap" \
Logging__LogLevel__Default=Warning \
  dotnet Orders.Api/bin/Release/net10.0/Orders.Api.dll simulators >"$logs/simulators.log" 2>&1 &
simulators=$!

# One service process per instance, on a port of its own; the first migrates the database, the others start once it
# listens (it migrates before it listens), so they never migrate at the same time.
apis=()
# Instance n (from 1) on its port; started again (chaos), it keeps its port, so the load's list of instances stays valid.
start_service() {
  local n=$1
  port=${ports[$((n - 1))]:-$(free_port)}
  ports[$((n - 1))]=$port
  env "${group_settings[@]}" \
  ConnectionStrings__Orders="$db" \
  Database__MigrateOnStart=$([ "$n" -eq 1 ] && echo true || echo false) \
  Kafka__BootstrapServers="$bootstrap" \
  Kafka__TopicPartitions="$partitions" \
  Kafka__Simulators__Enabled=false \
  DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS="${DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS:-1}" \
  PORT="$port" \
  ASPNETCORE_CONTENTROOT="$PWD/Orders.Api/bin/Release/net10.0" \
  Logging__LogLevel__Default=Warning \
    dotnet Orders.Api/bin/Release/net10.0/Orders.Api.dll >>"$logs/service$([ "$instances" -gt 1 ] && echo "-$n").log" 2>&1 &
  services[$((n - 1))]=$!
  apis[$((n - 1))]="http://127.0.0.1:$port"
}
rm -f "$logs"/service*.log
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
if ((chaos)); then
  history="$logs/chaos-history.jsonl" faults="$logs/chaos-faults.jsonl"
  : >"$faults"
  now_ms() { date +%s%3N; }
  fault() { echo "{\"fault\":\"$1\",\"start\":$2,\"end\":$3}" >>"$faults"; echo "chaos: $1 $4" >&2; }
  pg_at=$((postgres_outage ? duration * 2 / 5 : -1))
  broker_at=($((broker_outage ? duration / 4 : -1)) $((broker_outage ? duration * 13 / 20 : -1)))
  echo "chaos schedule: kill -9 of an instance every ${kill_every} s (a new one started in its place); PostgreSQL crash-stopped at ${pg_at} s for ${outage} s; broker down at ${broker_at[0]} s and ${broker_at[1]} s for ${outage} s each; poison every ${poison_every} s (-1: none)" >&2
  dotnet Orders.Benchmark/bin/Release/net10.0/Orders.Benchmark.dll chaos \
    --api "$api_list" --database "$db" --kafka "$bootstrap" --history "$history" --faults "$faults" \
    --rate "$rate" --duration "$duration" --poison-every "$poison_every" &
  driver=$!
  start=$SECONDS victim=0 next_kill=$kill_every pg_done=$((pg_at < 0)) broker_done=0
  # One fault at a time, each when its time has come (an outage holds the loop, so a kill due meanwhile comes after it).
  while ((SECONDS - start < duration)) && kill -0 "$driver" 2>/dev/null; do
    sleep 1
    t=$((SECONDS - start))
    if ((t >= next_kill)); then
      next_kill=$((next_kill + kill_every))
      n=$((victim % instances + 1)); victim=$((victim + 1)); at=$(now_ms)
      kill -9 "${services[$((n - 1))]}" 2>/dev/null || true
      wait "${services[$((n - 1))]}" 2>/dev/null || true
      start_service "$n"
      fault kill9 "$at" "$at" "instance $n at ${t} s, pid ${services[$((n - 1))]} started in its place"
    elif ((!pg_done && t >= pg_at)); then
      pg_done=1 at=$(now_ms)
      scripts/postgres.sh crash >&2 || true
      sleep "$outage"; scripts/postgres.sh start >/dev/null
      fault postgres_stop "$at" "$(now_ms)" "at ${t} s for ${outage} s"
    elif ((broker_done < 2 && broker_at[broker_done] >= 0 && t >= broker_at[broker_done])); then
      broker_done=$((broker_done + 1)) at=$(now_ms)
      echo down >&7
      sleep "$outage"; echo up >&7
      fault broker_down "$at" "$(now_ms)" "at ${t} s for ${outage} s"
    fi
  done
  wait "$driver" || status=$?
  exit "$status"
fi
dotnet Orders.Benchmark/bin/Release/net10.0/Orders.Benchmark.dll \
  --api "$api_list" --database "$db" --kafka "$bootstrap" --service-pid "$pid_list" \
  --postgres-pid "$(head -1 "$ORDERS_PG_DATA/postmaster.pid")" --broker-pid "$broker" --simulators-pid "$simulators" \
  --partitions "$partitions" "${args[@]}" || status=$?
exit "$status"
