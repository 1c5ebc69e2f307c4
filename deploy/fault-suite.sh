#!/usr/bin/env bash
# The fault suite (issue "scale-out", item 3): the distributed system with 2 order-app and 2 partner-adapters
# processes, a replicated broker pair and one PostgreSQL, under a steady load of orders, while one fault after the
# other hits it; then it checks, in the services' own tables, that nothing was lost or done twice and that every order
# ended. Not a unit test: it takes ~6 minutes and owns this machine's ports 8080-8083, 9090-9093, 9190-9191, 9290-9291,
# 61616-61617 and 8161-8162 meanwhile.
#
# Usage: deploy/fault-suite.sh [--no-postgres-restart]
#   --no-postgres-restart   skip the PostgreSQL restart (it restarts the machine's PostgreSQL cluster, which every
#                           other user of it notices)
# Environment: FAULT_CLIENTS (concurrent clients, default 4), FAULT_RATE (orders/s per client, default 1), FAULT_GAP_SECONDS (steady load between faults, default
#   20), FAULT_SETTLE_SECONDS (how long orders may take to end after the last fault, default 120), PG_CLUSTER
#   (pg_ctlcluster's "<version> <name>", default: the newest cluster in /etc/postgresql, "main").
#
# Each client posts orders in a loop. A POST that fails (connection refused, 5xx, timeout) is retried with the same
# Idempotency-Key, alternating between the two order-app processes, until it is answered; a retried key must give
# the same order. The faults, in turn: kill -9 an order-app (restarted 5 s later), kill -9 a partner-adapters
# (restarted 5 s later), kill -9 the primary broker (the backup takes over; the primary is started again later and
# takes back: fail-back), restart PostgreSQL, take the legacy accounting system down for 15 s.
# Time to recover (per fault): from the fault until a probe order, posted right after it, has ended (APPROVED).
# Per-aggregate order (DESIGN §5 rule 4) with N instances: a menu writer revises one probe restaurant's menu twice a
# second through alternating partner-adapters processes, so one aggregate's events follow each other closely on
# restaurant.events, with no causal chain between them; afterwards order-app's replica must hold the last revision,
# and for every channel and every consuming route the processing order (processed-message records) must be the
# outbox order of the producer (the relay's id order).
# Output: a table on stdout and in target/fault-suite/report.md; the processes' logs in target/distributed/.
set -euo pipefail
cd "$(dirname "$0")/.."
readonly OUT=target/fault-suite
readonly CLIENTS="${FAULT_CLIENTS:-4}" GAP="${FAULT_GAP_SECONDS:-20}" SETTLE="${FAULT_SETTLE_SECONDS:-120}"
# orders per second per client: a steady load the system keeps up with (on 2 cores ~13 orders/s end to end), not a
# flood whose backlog would run the sagas into their deadlines
readonly RATE="${FAULT_RATE:-1}"
readonly DATABASE=hub_faults
restart_postgres=yes
[[ "${1:-}" != --no-postgres-restart ]] || restart_postgres=""

say() { printf '[fault-suite %s] %s\n' "$(date +%T)" "$*"; }
now_ms() { date +%s%3N; }
sql() { psql -h 127.0.0.1 -U postgres -d "$DATABASE" -tAq -c "$1"; }

export DB_URL="jdbc:postgresql://127.0.0.1:5432/$DATABASE" DB_USER=postgres
export ORDER_APP_INSTANCES=2 PARTNER_ADAPTERS_INSTANCES=2
readonly ORDER_PORTS=(8080 8082) PARTNER_PORTS=(8081 8083)

rm -rf "$OUT"; mkdir -p "$OUT"
say "fresh database $DATABASE"
psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists $DATABASE with (force)" -c "create database $DATABASE"

cleanup() {
  touch "$OUT/stop"
  # clients still retrying a POST (on an abort) must not outlive this run
  local job
  for job in $(jobs -p); do kill "$job" 2>/dev/null || true; done
  ./run-distributed.sh stop >"$OUT/stop.log" 2>&1 || true
}
trap cleanup EXIT

# a broker instance with the journal of an earlier run would hold that run's messages: start from empty journals
rm -rf target/artemis-standalone/ha-primary target/artemis-standalone/ha-backup
./run-distributed.sh start --ha >"$OUT/start.log" 2>&1 || { tail -n 30 "$OUT/start.log" >&2; exit 1; }
# shellcheck disable=SC1091
source target/distributed/secrets.env
say "up: 2 order-app, 2 partner-adapters, broker pair $(artemis/run-cluster.sh ha url)"

body='{"consumerId":"c-1","restaurantId":"r-ajanta","lineItems":[{"menuItemId":"naan","quantity":1}]}'

# post <key> <first instance>: retries until answered; prints "<key> <orderId> <http> <attempts> <posted ms> <answered ms>"
post() {
  local key=$1 instance=$2 attempts=0 code started
  started="$(now_ms)"
  local answer="$OUT/answer.$key"
  while true; do
    attempts=$((attempts + 1))
    code="$(curl -s -m 10 -o "$answer" -w '%{http_code}' -X POST "http://127.0.0.1:${ORDER_PORTS[instance]}/api/v1/orders" \
      -H 'Content-Type: application/json' -H "Idempotency-Key: $key" -d "$body" 2>/dev/null || true)"
    if [[ "$code" =~ ^2 ]]; then
      local id; id="$(sed -n 's/.*"orderId":"\([^"]*\)".*/\1/p' "$answer")"
      echo "$key $id $code $attempts $started $(now_ms)"
      rm -f "$answer"
      return
    fi
    # a client mistake is final; 5xx (a process starting answers 503 + Retry-After), 429 and no answer are retried
    if [[ "$code" =~ ^4 && "$code" != 429 ]]; then
      echo "$key - $code $attempts $started $(now_ms)"
      rm -f "$answer"
      return
    fi
    instance=$(((instance + 1) % 2))
    sleep 0.5
  done
}

# menu_writer: revises the probe restaurant's menu ("rev-<n>") until told to stop; a PUT that fails is retried with
# the same revision on the other process; the last answered revision goes to $OUT/menu-last
menu_writer() {
  local restaurant=$1 n=0 instance=0 code
  while [[ ! -f "$OUT/stop" ]]; do
    n=$((n + 1))
    while true; do
      code="$(curl -s -m 10 -o /dev/null -w '%{http_code}' -u "admin:$HUB_ADMIN_PASSWORD" -X PUT \
        "http://127.0.0.1:${PARTNER_PORTS[instance]}/partners/api/v1/restaurants/$restaurant/menu" \
        -H 'Content-Type: application/json' \
        -d "{\"menuItems\":[{\"id\":\"probe\",\"name\":\"rev-$n\",\"price\":1.00}]}" 2>/dev/null || true)"
      instance=$(((instance + 1) % 2))
      if [[ "$code" == 200 ]]; then echo "$n" >"$OUT/menu-last"; break; fi
      [[ ! -f "$OUT/stop" ]] || return 0
      sleep 0.5
    done
    sleep 0.5
  done
}

client() {
  local c=$1 n=0 started spent interval=$((1000 / RATE))
  while [[ ! -f "$OUT/stop" ]]; do
    n=$((n + 1))
    started="$(now_ms)"
    post "fs-$c-$n" $(((c + n) % 2)) >>"$OUT/accepted.$c"
    spent=$(( $(now_ms) - started ))
    if ((spent < interval)); then sleep "$(printf '0.%03d' $((interval - spent)))"; fi
  done
}

state_of() { sql "select state from orders.orders where id = $1" 2>/dev/null || true; }

# fault <name> <command...>: runs the fault, then a probe order; records the time until the probe APPROVED
fault() {
  local name=$1; shift
  say "fault: $name"
  local started; started="$(now_ms)"
  "$@" >>"$OUT/faults.log" 2>&1 || say "  ($name: the command failed, see $OUT/faults.log)"
  local probe; probe="$(post "probe-${name// /-}" 0)"
  echo "probe: $probe" >>"$OUT/faults.log"
  local id; id="$(cut -d' ' -f2 <<<"$probe")"
  local state="" deadline=$(( $(now_ms) + 180000 ))
  while [[ "$state" != APPROVED && "$state" != REJECTED && $(now_ms) -lt $deadline ]]; do
    sleep 0.5
    state="$(state_of "$id")"
  done
  local took=$(( $(now_ms) - started ))
  echo "$name|$state|$((took / 1000)).$(( (took % 1000) / 100 ))" >>"$OUT/recovery"
  say "  probe order $id $state after $((took / 1000)) s"
}

restart_later() { (sleep 5; ./run-distributed.sh restart "$1" >>"$OUT/faults.log" 2>&1) & }
kill_and_restart() { ./run-distributed.sh kill "$1" && restart_later "$1"; }
legacy_mode() {
  local port instance
  for port in "${PARTNER_PORTS[@]}"; do
    for instance in 0 1; do
      curl -fsS -o /dev/null -u "admin:$HUB_ADMIN_PASSWORD" -X PUT -H 'Content-Type: application/json' \
        -d "{\"mode\":\"$1\"}" "http://127.0.0.1:$port/partners/api/v1/legacy/accounting/instances/$instance/mode"
    done
  done
}
# down now (the probe meets it), back to normal in the background 15 s later
legacy_outage() { legacy_mode down; (sleep 15; legacy_mode normal) & }
pg_cluster() { echo "${PG_CLUSTER:-$(ls /etc/postgresql | sort -V | tail -1) main}"; }
# shellcheck disable=SC2046
restart_pg() { pg_ctlcluster --skip-systemctl-redirect $(pg_cluster) restart; }

probe_restaurant="$(curl -fsS -u "admin:$HUB_ADMIN_PASSWORD" -X POST "http://127.0.0.1:${PARTNER_PORTS[0]}/partners/api/v1/restaurants" \
  -H 'Content-Type: application/json' \
  -d '{"name":"Ordering probe","menuItems":[{"id":"probe","name":"rev-0","price":1.00}]}' \
  | sed -n 's/.*"restaurantId":"\([^"]*\)".*/\1/p')"
[[ -n "$probe_restaurant" ]] || { say "could not create the ordering probe's restaurant"; exit 1; }
menu_writer "$probe_restaurant" &
for ((c = 1; c <= CLIENTS; c++)); do client "$c" & done
say "$CLIENTS clients posting; $GAP s of steady load between faults"
sleep "$GAP"
fault "kill order-app" kill_and_restart order-app; sleep "$GAP"
fault "kill partner-adapters" kill_and_restart partner-adapters-1; sleep "$GAP"
fault "kill primary broker" artemis/run-cluster.sh ha kill primary; sleep "$GAP"
fault "broker fail-back" artemis/run-cluster.sh ha start primary; sleep "$GAP"
if [[ -n "$restart_postgres" ]]; then fault "restart PostgreSQL" restart_pg; sleep "$GAP"; fi
fault "legacy accounting down 15 s" legacy_outage; sleep "$GAP"
last_fault="$(now_ms)"
touch "$OUT/stop"
say "stopping the clients"
wait_clients() { local pid; for pid in $(jobs -p); do wait "$pid" 2>/dev/null || true; done; }
wait_clients

cat "$OUT"/accepted.* >"$OUT/accepted"
accepted_ids="$(awk '$2 != "-" {print $2}' "$OUT/accepted" | sort -u | paste -sd, -)"
say "waiting up to $SETTLE s for every accepted order to end"
open_orders() { sql "select count(*) from orders.orders where id in ($accepted_ids) and state not in ('APPROVED', 'REJECTED', 'CANCELLED')"; }
while (( $(open_orders) > 0 && $(now_ms) - last_fault < SETTLE * 1000 )); do sleep 2; done

keys=$(awk '$2 != "-"' "$OUT/accepted" | wc -l)
refused=$(awk '$2 == "-"' "$OUT/accepted" | wc -l)
retried=$(awk '$4 > 1' "$OUT/accepted" | wc -l)
distinct_orders=$(awk '$2 != "-" {print $2}' "$OUT/accepted" | sort -u | wc -l)
found=$(sql "select count(*) from orders.orders where id in ($accepted_ids)")
lost=$((distinct_orders - found))
orders_per_key=$(sql "select count(*) from orders.orders o where not exists (select 1 from orders.idempotency_keys k where k.order_id = o.id)")
double_authorizations=$(sql "select count(*) from (select order_id from accounting.legacy_authorizations group by order_id having count(*) > 1) d")
double_tickets=$(sql "select count(*) from (select order_id from kitchen.tickets where ticket_id is not null group by order_id having count(*) > 1) d")
not_terminal=$(open_orders)
# the replica's last revision: given the time to arrive, it must be the writer's last answered one
menu_last="$(cat "$OUT/menu-last" 2>/dev/null || echo 0)"
replica_revision() { sql "select name from orders.menu_item_replica where restaurant_id = '$probe_restaurant' and id = 'probe'"; }
for _ in $(seq 1 60); do [[ "$(replica_revision)" == "rev-$menu_last" ]] && break; sleep 1; done
replica_last="$(replica_revision)"
# processing order vs the producer's outbox order, per (producer, channel, aggregate, consuming route): every
# outbox joined with every processed-message table of the database on the envelope's messageId
schemas_with() { sql "select table_schema from information_schema.tables where table_name = '$1' order by 1"; }
sent="$(for s in $(schemas_with outbox); do
  echo "select '$s' producer, id, message_id::text mid, destination, aggregate_id from $s.outbox union all"; done)"
processed="$(for s in $(schemas_with camel_messageprocessed); do
  echo "select '$s' consumer, processorname, messageid, createdat from $s.camel_messageprocessed union all"; done)"
ordering="$(sql "with sent as (${sent% union all}), processed as (${processed% union all}),
  pairs as (select s.producer, s.destination, s.aggregate_id, p.consumer, p.processorname, p.createdat,
      lag(p.createdat) over (partition by s.producer, s.destination, s.aggregate_id, p.consumer, p.processorname
                             order by s.id) previous
    from sent s join processed p on p.messageid = s.mid)
  select count(*) filter (where previous is not null) || ' ' || count(*) filter (where previous > createdat)
      || ' ' || count(distinct (producer, destination, aggregate_id, consumer, processorname))
         filter (where previous is not null)
    from pairs")"
read -r ordered_pairs reordered ordered_streams <<<"$ordering"
menu_pairs="$(sql "select count(*) - 1 from restaurant.outbox where aggregate_id = '$probe_restaurant'")"
# no work done twice by a relay, a saga step, a deadline, the quote aggregator or a partner: in this flow every
# message type is written once per aggregate and destination (the probe restaurant's menu revisions excepted)
written_twice=0
for s in $(schemas_with outbox); do
  written_twice=$((written_twice + $(sql "select count(*) from (select 1 from $s.outbox where message_type <> 'MenuRevised'
    group by aggregate_id, message_type, destination having count(*) > 1) d")))
done
# one active relay per outbox: the rows in publishing order, grouped into runs of one publisher (outbox.published_by,
# "host/pid" of the relaying process); each run boundary is a handover. Two relays publishing at once would
# interleave into many short runs; single-active relays hand over only after a fault (a kill, a lost database session)
handovers_max=0 handovers_total=0 handovers_by=""
for s in $(schemas_with outbox); do
  h=$(sql "select count(*) from (select published_by, lag(published_by) over (order by published_at, id) previous
    from $s.outbox where published_at is not null) r where previous is distinct from published_by and previous is not null")
  handovers_total=$((handovers_total + h)); ((h <= handovers_max)) || handovers_max=$h
  handovers_by="$handovers_by, $s $h"
done
faults=$(wc -l <"$OUT/recovery")
# the hub's own delivery auditor (aggregateSequence checked by every consumer): what it recorded in every schema
audit="$(for s in $(schemas_with delivery_audit); do
  echo "select kind, resolved_at from $s.delivery_audit union all"; done)"
audit_counts="$(sql "select coalesce(string_agg(kind || ' ' || n, ', '), 'none') from (select kind || case when kind = 'gap'
    then ' (' || count(*) filter (where resolved_at is null) || ' open)' else '' end kind, count(*) n
  from (${audit% union all}) a group by a.kind order by a.kind) k")"
open_gaps="$(sql "select count(*) from (${audit% union all}) a where kind = 'gap' and resolved_at is null")"
double_notifications=$(sql "select count(*) from (select order_id, text from notification.notifications group by order_id, text having count(*) > 1) d")
states=$(sql "select string_agg(state || ' ' || n, ', ') from (select state, count(*) n from orders.orders where id in ($accepted_ids) group by state order by state) s")

{
  echo "Fault suite, $(date -u +'%Y-%m-%d %H:%M UTC'), $(nproc) cores: 2 order-app + 2 partner-adapters processes, replicated broker pair, $CLIENTS clients"
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| orders accepted (distinct Idempotency-Keys answered 2xx) | $keys |"
  echo "| POSTs that needed a retry (same key) | $retried |"
  echo "| refused with 4xx | $refused |"
  echo "| lost (accepted, not in orders.orders) | $lost |"
  echo "| duplicated: orders without their key / keys giving two orders | $orders_per_key / $((keys - distinct_orders)) |"
  echo "| duplicated effects: two legacy card authorizations for one order | $double_authorizations |"
  echo "| duplicated effects: two kitchen tickets for one order | $double_tickets |"
  echo "| duplicated effects: the same notification twice for one order | $double_notifications |"
  echo "| work done twice: a message type written twice for one aggregate (every outbox) | $written_twice |"
  echo "| one active relay per outbox: handovers between publishing processes (most in one outbox; faults) | $handovers_total (${handovers_by#, }) / most $handovers_max / $faults faults |"
  echo "| delivery auditor (every consumer, every channel): findings / gaps still open | $audit_counts / $open_gaps |"
  echo "| not terminal ${SETTLE} s after the last fault | $not_terminal |"
  echo "| per-aggregate order: consecutive messages checked (processing order vs outbox order) / out of order | $ordered_pairs in $ordered_streams streams / $reordered |"
  echo "| per-aggregate order: probe restaurant's events (created, revised) / the replica holds the last answered one | $((menu_pairs + 1)) / $([[ "$replica_last" == "rev-$menu_last" ]] && echo "yes ($replica_last)" || echo "NO (replica $replica_last, last rev-$menu_last)") |"
  echo "| final states | $states |"
  echo
  echo "| fault | probe order | time to recover (s) |"
  echo "|---|---|---|"
  while IFS='|' read -r name state took; do echo "| $name | $state | $took |"; done <"$OUT/recovery"
} | tee "$OUT/report.md"
[[ "$lost" == 0 && "$orders_per_key" == 0 && "$double_authorizations" == 0 && "$double_tickets" == 0 \
  && "$double_notifications" == 0 && "$written_twice" == 0 && "$handovers_max" -le "$faults" && "$not_terminal" == 0 && "$reordered" == 0 && "$open_gaps" == 0 && "$replica_last" == "rev-$menu_last" ]]
