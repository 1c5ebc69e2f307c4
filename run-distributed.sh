#!/usr/bin/env bash
# Starts the distributed system on this machine (DESIGN.md §1, running mode 2): a standalone Artemis (or, with --ha,
# a replicated primary/backup pair), partner-adapters and order-app, each in its own process, against the local
# PostgreSQL, with the demo consumers and restaurants — the same walkthrough as ./run-embedded.sh.
#
# Usage:
#   ./run-distributed.sh start [--ha]   build what is missing, start everything in the background, wait until ready
#   ./run-distributed.sh stop           stop the services, then the broker
#   ./run-distributed.sh status
#   ./run-distributed.sh kill <process>      SIGKILL one service process (order-app, partner-adapters-1, ...)
#   ./run-distributed.sh restart <process>   start one service process again and wait until it is ready
#
# Scale-out: ORDER_APP_INSTANCES / PARTNER_ADAPTERS_INSTANCES (default 1) processes of each, against the same
# database and broker; instance i (named <service>-i from the second one on) listens on the base port + 2i and, for
# partner-adapters, its simulated legacy systems on their base ports + 2i (accounting) and + i (consumer profiles).
#
# What runs where (all on 127.0.0.1):
#   order-app          http://127.0.0.1:${ORDER_APP_PORT:-8080}   (REST API /api/v1, operator UI /actuator/hawtio/)
#                      and gRPC (consumer query) on ${GRPC_PORT:-9290}
#   partner-adapters   http://127.0.0.1:${PARTNER_ADAPTERS_PORT:-8081}   (partner API /partners/api/v1)
#                      and the simulated legacy systems it serves: accounting on ${LEGACY_ACCOUNTING_PORTS:-9090,9091},
#                      consumer profiles on ${LEGACY_PROFILES_PORT:-9190} (order-app's ?expand=consumer calls that one)
#   broker             tcp://127.0.0.1:61616, console http://127.0.0.1:8161/console (--ha: backup on 61617 / 8162)
#   database           DB_URL (default jdbc:postgresql://127.0.0.1:5432/postgres), one schema per service
#   logs, pids         target/distributed/
#
# Secrets: taken from the environment (HUB_ADMIN_PASSWORD, HUB_BROKER_ADMIN_PASSWORD, ORDER_APP_BROKER_PASSWORD,
# PARTNER_ADAPTERS_BROKER_PASSWORD, HUB_BROKER_CLUSTER_PASSWORD with --ha); any unset one is generated once and kept
# in target/distributed/secrets.env (mode 600, ignored by git), so a restart uses the same ones.
set -euo pipefail
cd "$(dirname "$0")"
readonly STATE=target/distributed
readonly ORDER_APP_PORT="${ORDER_APP_PORT:-8080}" PARTNER_ADAPTERS_PORT="${PARTNER_ADAPTERS_PORT:-8081}"
# the simulated legacy systems partner-adapters serves: accounting (two instances, fail-over) and consumer profiles
readonly LEGACY_ACCOUNTING_PORTS="${LEGACY_ACCOUNTING_PORTS:-9090,9091}" LEGACY_PROFILES_PORT="${LEGACY_PROFILES_PORT:-9190}"
# order-app's gRPC consumer query (instance i: + i)
readonly GRPC_PORT="${GRPC_PORT:-9290}"
readonly ORDER_APP_JAR=order-app/target/order-app-0.1.0-SNAPSHOT-exec.jar
readonly PARTNER_ADAPTERS_JAR=partner-adapters/target/partner-adapters-0.1.0-SNAPSHOT-exec.jar
readonly PLUGIN_JAR=broker-plugin/target/hub-broker-plugin-0.1.0-SNAPSHOT.jar

say() { printf '[run-distributed] %s\n' "$*"; }
fail() { printf '[run-distributed] ERROR: %s\n' "$*" >&2; exit 1; }

secrets() {
  mkdir -p "$STATE"
  # shellcheck disable=SC1091
  if [[ -f "$STATE/secrets.env" ]]; then source "$STATE/secrets.env"; fi
  local name changed=""
  for name in HUB_ADMIN_PASSWORD HUB_BROKER_ADMIN_PASSWORD ORDER_APP_BROKER_PASSWORD PARTNER_ADAPTERS_BROKER_PASSWORD \
      HUB_BROKER_CLUSTER_PASSWORD; do
    if [[ -z "${!name:-}" ]]; then
      printf -v "$name" '%s' "$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')"
      changed=yes
    fi
    export "${name?}"
  done
  if [[ -n "$changed" ]]; then
    (umask 077; for name in HUB_ADMIN_PASSWORD HUB_BROKER_ADMIN_PASSWORD ORDER_APP_BROKER_PASSWORD \
        PARTNER_ADAPTERS_BROKER_PASSWORD HUB_BROKER_CLUSTER_PASSWORD; do
      printf 'export %s=%q\n' "$name" "${!name}"; done >"$STATE/secrets.env")
    say "generated secrets kept in $STATE/secrets.env"
  fi
}

build() {
  if [[ ! -f $ORDER_APP_JAR || ! -f $PARTNER_ADAPTERS_JAR || ! -f $PLUGIN_JAR \
      || -n "$(find routes order-app partner-adapters broker-plugin config artemis -newer "$ORDER_APP_JAR" \
               \( -name '*.java' -o -name '*.yml' -o -name '*.yaml' -o -name '*.xml' -o -name '*.sql' \) -print -quit)" ]]; then
    say "Building the services and the broker plugin (tests skipped; run them with ./mvnw -B verify) ..."
    ./mvnw -B -q -DskipTests package -pl order-app,partner-adapters,broker-plugin -am
  fi
}

pid_of() { local f="$STATE/$1.pid"; [[ -f $f ]] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f" || true; }

port_free() {
  local port
  for port in "$@"; do
    if timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; then
      fail "port $port is in use: stop what listens there, or choose other ports (ORDER_APP_PORT, \
PARTNER_ADAPTERS_PORT, LEGACY_ACCOUNTING_PORTS, LEGACY_PROFILES_PORT, GRPC_PORT)"
    fi
  done
}

# start_service <name> <jar> <port> [VAR=value ...] [-- spring-boot-argument ...]
start_service() {
  local name=$1 jar=$2 port=$3; shift 3
  local variables=() arguments=()
  while (($#)) && [[ "$1" != -- ]]; do variables+=("$1"); shift; done
  if (($#)); then shift; arguments=("$@"); fi
  [[ -z "$(pid_of "$name")" ]] || fail "$name already runs (pid $(pid_of "$name")); ./run-distributed.sh stop"
  # the distributed profile: no embedded broker, the broker's URL and the service's own broker user required
  env "${variables[@]}" SPRING_PROFILES_ACTIVE="${SPRING_PROFILES_ACTIVE:-distributed}" HTTP_PORT="$port" \
    HUB_BROKER_URL="$broker_url" nohup java ${JAVA_OPTS:-} -jar "$jar" --server.address=127.0.0.1 "${arguments[@]}" \
    >"$STATE/$name.log" 2>&1 </dev/null &
  echo $! >"$STATE/$name.pid"
  say "$name starting (pid $!, log $STATE/$name.log)"
}

await_up() {
  local name=$1 port=$2 waited=0
  until curl -fsS "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null | grep -q '"status":"UP"'; do
    [[ -n "$(pid_of "$name")" ]] || { tail -n 40 "$STATE/$name.log" >&2; fail "$name exited during start-up (see $STATE/$name.log)"; }
    ((waited < 240)) || fail "$name not ready after 240 s (see $STATE/$name.log)"
    sleep 2; waited=$((waited + 2))
  done
  say "$name ready: http://127.0.0.1:$port (after ${waited}s)"
}

# the processes of this run: order-app, order-app-1, ..., partner-adapters, partner-adapters-1, ...
processes() {
  instances order-app "${ORDER_APP_INSTANCES:-1}"
  instances partner-adapters "${PARTNER_ADAPTERS_INSTANCES:-1}"
}
# <service>, <service>-1, <service>-2, ...
instances() {
  local i
  for ((i = 0; i < $2; i++)); do if ((i == 0)); then echo "$1"; else echo "$1-$i"; fi; done
}
instance_of() { [[ "$1" =~ -([0-9]+)$ ]] && echo "${BASH_REMATCH[1]}" || echo 0; }
port_of() {
  local i; i="$(instance_of "$1")"
  case "$1" in order-app*) echo $((ORDER_APP_PORT + 2 * i)) ;; *) echo $((PARTNER_ADAPTERS_PORT + 2 * i)) ;; esac
}
# the legacy systems of partner-adapters instance i
legacy_accounting_ports() {
  local i=$1 port out=""
  for port in ${LEGACY_ACCOUNTING_PORTS//,/ }; do out+="${out:+,}$((port + 2 * i))"; done
  echo "$out"
}

start_process() {
  local name=$1 i port
  i="$(instance_of "$name")"; port="$(port_of "$name")"
  case "$name" in
    order-app*)
      port_free "$port" $((GRPC_PORT + i))
      start_service "$name" "$ORDER_APP_JAR" "$port" ORDER_APP_BROKER_PASSWORD="$ORDER_APP_BROKER_PASSWORD" \
        HUB_GRPC_PORT=$((GRPC_PORT + i)) \
        HUB_LEGACY_CONSUMER_PROFILES_URLS="http://127.0.0.1:$LEGACY_PROFILES_PORT/legacy/consumer-profiles" ;;
    partner-adapters*)
      local accounting; accounting="$(legacy_accounting_ports "$i")"
      port_free "$port" ${accounting//,/ } $((LEGACY_PROFILES_PORT + i))
      start_service "$name" "$PARTNER_ADAPTERS_JAR" "$port" \
        PARTNER_ADAPTERS_BROKER_PASSWORD="$PARTNER_ADAPTERS_BROKER_PASSWORD" -- \
        --hub.partner-adapters.demo-data="$([[ $i == 0 ]] && echo true || echo false)" \
        --hub.legacy.accounting-ports="$accounting" --hub.legacy.consumer-profiles-ports=$((LEGACY_PROFILES_PORT + i)) ;;
    *) fail "no such process '$name' (processes: $(processes | tr '\n' ' '))" ;;
  esac
}

broker_url_of_run() {
  if [[ "$(cat "$STATE/broker" 2>/dev/null)" == ha ]]; then artemis/run-cluster.sh ha url
  else echo "tcp://127.0.0.1:${HUB_BROKER_PORT:-61616}"; fi
}

cmd_start() {
  local ha="" name
  [[ "${1:-}" != --ha ]] || ha=yes
  secrets
  build
  if [[ -n "$ha" ]]; then
    artemis/run-cluster.sh ha start
    echo ha >"$STATE/broker"
  else
    artemis/run-standalone.sh --background
    echo standalone >"$STATE/broker"
  fi
  processes >"$STATE/processes"
  broker_url="$(broker_url_of_run)"
  for name in $(processes); do start_process "$name"; done
  for name in $(processes); do await_up "$name" "$(port_of "$name")"; done
  # the demo restaurants reach order-app's replica over the broker (RestaurantCreated on restaurant.events)
  local waited=0
  until curl -fsS -o /dev/null "http://127.0.0.1:$ORDER_APP_PORT/api/v1/restaurants/r-ajanta" 2>/dev/null; do
    ((waited < 60)) || fail "the demo restaurant r-ajanta did not reach order-app's replica in 60 s"
    sleep 1; waited=$((waited + 1))
  done
  say "demo data in place: consumers c-1, c-2, c-3; restaurants r-ajanta, r-sushi (in order-app's replica)"
  say "broker: $broker_url"
  say "operator login for both services: admin / \$HUB_ADMIN_PASSWORD (see $STATE/secrets.env if generated)"
  say "try:  curl -i -X POST http://127.0.0.1:$ORDER_APP_PORT/api/v1/orders -H 'Content-Type: application/json' \\"
  say "        -d '{\"consumerId\":\"c-1\",\"restaurantId\":\"r-ajanta\",\"lineItems\":[{\"menuItemId\":\"naan\",\"quantity\":2}]}'"
  say "stop: ./run-distributed.sh stop"
}

stop_service() {
  local name=$1 pid waited=0
  pid="$(pid_of "$name")"
  if [[ -z "$pid" ]]; then rm -f "$STATE/$name.pid"; say "$name is not running"; return; fi
  kill -TERM "$pid"   # graceful: in-flight requests and JMS transactions finish (30 s at most)
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= 45)); then say "$name still running after 45 s: killing it"; kill -KILL "$pid"; break; fi
    sleep 1; waited=$((waited + 1))
  done
  rm -f "$STATE/$name.pid"
  say "$name stopped"
}

cmd_stop() {
  local name
  for name in $(cat "$STATE/processes" 2>/dev/null || processes); do stop_service "$name"; done
  if [[ "$(cat "$STATE/broker" 2>/dev/null)" == ha ]]; then
    artemis/run-cluster.sh ha stop
  else
    artemis/run-standalone.sh stop
  fi
}

cmd_status() {
  local name rc=0
  for name in $(cat "$STATE/processes" 2>/dev/null || processes); do
    if [[ -n "$(pid_of "$name")" ]]; then say "$name running (pid $(pid_of "$name"))"; else say "$name not running"; rc=3; fi
  done
  if [[ "$(cat "$STATE/broker" 2>/dev/null)" == ha ]]; then artemis/run-cluster.sh ha status || rc=3
  else artemis/run-standalone.sh status || rc=3; fi
  return "$rc"
}

cmd_kill() {
  local name=${1:?kill which process?} pid
  pid="$(pid_of "$name")"
  [[ -n "$pid" ]] || fail "$name is not running"
  kill -KILL "$pid"
  say "killed $name (pid $pid) with SIGKILL"
}

cmd_restart() {
  local name=${1:?restart which process?}
  secrets
  broker_url="$(broker_url_of_run)"
  start_process "$name"
  await_up "$name" "$(port_of "$name")"
}

broker_url=""
case "${1:-}" in
  start) cmd_start "${2:-}" ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  kill) cmd_kill "${2:-}" ;;
  restart) cmd_restart "${2:-}" ;;
  *) sed -n '6,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
