#!/usr/bin/env bash
# Runs Artemis's own high availability and clustering on one machine, each node a real Artemis 2.40.0 started by
# artemis/run-standalone.sh (same broker.xml, users and roles), with its own instance, ports and journal.
#
# Usage:
#   artemis/run-cluster.sh ha start          a replicated primary/backup pair: fail-over when the primary dies,
#                                            fail-back when it returns
#   artemis/run-cluster.sh cluster start     a symmetric cluster of two active nodes: load balancing ON_DEMAND,
#                                            redistribution, a clustered grouping handler (LOCAL on node0)
#   artemis/run-cluster.sh <ha|cluster> stop | status
#   artemis/run-cluster.sh <ha|cluster> kill <node>    kill -9 one node (ha: primary|backup; cluster: node0|node1)
#   artemis/run-cluster.sh <ha|cluster> start <node>   start one node again (e.g. the primary: it fails back)
#   artemis/run-cluster.sh <ha|cluster> url            the client URL with fail-over
#
# Environment: what run-standalone.sh reads (HUB_BROKER_ADMIN_PASSWORD, the services' passwords, ...), and
#   HUB_BROKER_CLUSTER_PASSWORD   required: the brokers' own login to each other (the same on every node)
#   HUB_CLUSTER_PORT              first acceptor port; node i listens on HUB_CLUSTER_PORT + i; default 61616
#   HUB_CLUSTER_CONSOLE_PORT      first web-console port; node i on HUB_CLUSTER_CONSOLE_PORT + i; default 8161
#   HUB_ARTEMIS_HOME              cache folder (distribution + instances <topology>-<node>); as run-standalone.sh
#
# Clients connect with every node in the URL, e.g.
#   (tcp://127.0.0.1:61616,tcp://127.0.0.1:61617)?ha=true&reconnectAttempts=-1
# so a fail-over or a node's restart is ridden through without restarting the service (HUB_BROKER_URL).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
readonly STANDALONE="$SCRIPT_DIR/run-standalone.sh"
readonly FIRST_PORT="${HUB_CLUSTER_PORT:-61616}"
readonly FIRST_CONSOLE_PORT="${HUB_CLUSTER_CONSOLE_PORT:-8161}"
CACHE_DIR="${HUB_ARTEMIS_HOME:-$SCRIPT_DIR/../target/artemis-standalone}"
CACHE_DIR="$(mkdir -p "$CACHE_DIR" && cd "$CACHE_DIR" && pwd)"
readonly CACHE_DIR

say() { printf '[run-cluster] %s\n' "$*"; }
fail() { printf '[run-cluster] ERROR: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '5,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

topology="${1:-}"; command="${2:-}"; node_arg="${3:-}"
case "$topology" in
  ha) nodes=(primary backup) ;;
  cluster) nodes=(node0 node1) ;;
  -h | --help | help) usage 0 ;;
  *) usage 2 >&2 ;;
esac

index_of() {
  local i
  for i in "${!nodes[@]}"; do [[ "${nodes[i]}" == "$1" ]] && { echo "$i"; return; }; done
  fail "$topology has no node '$1' (nodes: ${nodes[*]})"
}

client_url() {
  local list="" i
  for i in "${!nodes[@]}"; do list+="${list:+,}tcp://127.0.0.1:$((FIRST_PORT + i))"; done
  echo "($list)?ha=true&reconnectAttempts=-1"
}

# run-standalone.sh for one node, with that node's instance, ports, name, peers and role
node() {
  local name=$1 action=$2 i peers="" j
  i="$(index_of "$name")"
  for j in "${!nodes[@]}"; do
    [[ "$j" == "$i" ]] || peers+="${peers:+,}127.0.0.1:$((FIRST_PORT + j))"
  done
  local role="" grouping=""
  if [[ "$topology" == ha ]]; then role="$name"; else grouping="$([[ "$i" == 0 ]] && echo local || echo remote)"; fi
  HUB_ARTEMIS_HOME="$CACHE_DIR" HUB_ARTEMIS_INSTANCE="$CACHE_DIR/$topology-$name" \
    HUB_BROKER_PORT="$((FIRST_PORT + i))" HUB_BROKER_CONSOLE_PORT="$((FIRST_CONSOLE_PORT + i))" \
    HUB_BROKER_NAME="hub-broker-$name" HUB_BROKER_PEERS="$peers" HUB_BROKER_HA_ROLE="$role" \
    HUB_BROKER_GROUPING="$grouping" "$STANDALONE" "$action"
}

node_pid() { cat "$CACHE_DIR/$topology-$1/broker.pid" 2>/dev/null || true; }

start_all() {
  [[ -n "${HUB_BROKER_CLUSTER_PASSWORD:-}" ]] || fail "set HUB_BROKER_CLUSTER_PASSWORD (the brokers' login to each other)"
  local name
  # in order: the primary (or node0, the grouping handler's LOCAL node) first, so the others find it
  for name in "${nodes[@]}"; do node "$name" --background; done
  say "$topology up: ${nodes[*]}"
  say "client URL: $(client_url)"
}

case "$command" in
  start)
    if [[ -n "$node_arg" ]]; then node "$node_arg" --background; else start_all; fi ;;
  stop)
    for ((k = ${#nodes[@]} - 1; k >= 0; k--)); do node "${nodes[k]}" stop; done ;;
  status)
    rc=0
    for name in "${nodes[@]}"; do node "$name" status || rc=3; done
    exit "$rc" ;;
  kill)
    [[ -n "$node_arg" ]] || fail "kill which node? (${nodes[*]})"
    index_of "$node_arg" >/dev/null
    pid="$(node_pid "$node_arg")"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || fail "$node_arg is not running"
    kill -KILL "$pid"
    say "killed $node_arg (pid $pid) with SIGKILL" ;;
  url) client_url ;;
  *) usage 2 >&2 ;;
esac
