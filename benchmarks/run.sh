#!/usr/bin/env bash
# DESIGN.md §8 benchmark: builds this module and what it needs from the reactor (tests skipped), then runs it.
#   benchmarks/run.sh                       default sizes (about 2 minutes)
#   benchmarks/run.sh relay.rows=50000 clients=16
#   benchmarks/run.sh help                  all settings
#   benchmarks/run.sh log-tailing           outbox relays side by side: polling vs log tailing (Debezium)
#   benchmarks/run.sh all                   every measurement of issue 13, then one table of its targets (~15 min)
#   benchmarks/run.sh startup [runs=3]      the built hub-embedded jar launched as a process: time to health UP, RSS
#   benchmarks/run.sh formats               JSON vs protobuf on restaurant.events; consumer query REST vs gRPC vs JMS
#   benchmarks/run.sh hops [hops=18,5]      floor of the saga rates: a minimal JDBC + JMS chain of K durable hops per order
#                                           then K=18 open loop at steady-rate= orders/s (0: 50 % of its closed loop;
#                                           steady-orders=0: not run); "all" runs that latency floor after the saga
#                                           flow, at the hub's VALIDATED and APPROVED offered orders/s
# Environment: JAVA_OPTS (default -Xms1g -Xmx1g), BENCH_SKIP_BUILD=1 to reuse benchmarks/target/hub-benchmarks.jar.
# Needs PostgreSQL on 127.0.0.1:5432 (database hub_bench is created if missing); nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${BENCH_SKIP_BUILD:-0}" != "1" ]]; then
  # the start-up benchmark launches hub-embedded's jar, which no other module depends on
  modules=benchmarks
  if [[ "${1:-}" == startup || "${1:-}" == all ]]; then modules=benchmarks,hub-embedded; fi
  echo "building $modules/ ..."
  ./mvnw -q -B -DskipTests -pl "$modules" -am package
fi
# the start-up benchmark only launches and polls the hub (whose own JVM options are its java.opts= setting)
default_opts="-Xms1g -Xmx1g"
if [[ "${1:-}" == startup ]]; then default_opts="-Xmx128m"; fi
exec java ${JAVA_OPTS:-$default_opts} -jar benchmarks/target/hub-benchmarks.jar "$@"
