#!/usr/bin/env bash
# DESIGN.md §8 benchmark: builds this module and what it needs from the reactor (tests skipped), then runs it.
#   benchmarks/run.sh                       default sizes (about 2 minutes)
#   benchmarks/run.sh relay.rows=50000 clients=16
#   benchmarks/run.sh help                  all settings
#   benchmarks/run.sh log-tailing           outbox relays side by side: polling vs log tailing (Debezium)
#   benchmarks/run.sh formats               JSON vs protobuf on restaurant.events; consumer query REST vs gRPC vs JMS
# Environment: JAVA_OPTS (default -Xms1g -Xmx1g), BENCH_SKIP_BUILD=1 to reuse benchmarks/target/hub-benchmarks.jar.
# Needs PostgreSQL on 127.0.0.1:5432 (database hub_bench is created if missing); nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${BENCH_SKIP_BUILD:-0}" != "1" ]]; then
  echo "building benchmarks/ ..."
  ./mvnw -q -B -DskipTests -pl benchmarks -am package
fi
exec java ${JAVA_OPTS:--Xms1g -Xmx1g} -jar benchmarks/target/hub-benchmarks.jar "$@"
