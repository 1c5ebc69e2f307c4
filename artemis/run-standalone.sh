#!/usr/bin/env bash
# Runs a real standalone Apache ActiveMQ Artemis broker with this project's artemis/broker.xml
# (the broker of the "distributed local" mode, DESIGN.md §1).
#
# Usage:
#   artemis/run-standalone.sh [run]          start in the foreground (Ctrl-C stops it)
#   artemis/run-standalone.sh --background   start detached, wait until the port accepts connections
#   artemis/run-standalone.sh stop           stop the broker started from this instance
#   artemis/run-standalone.sh status         tell whether it runs
#
# What it does:
#   1. fetches the distribution org.apache.activemq:apache-artemis:2.40.0:zip:bin from Maven Central through the
#      repository's Maven wrapper (checksums enforced) into a cache folder, unzips it once;
#   2. creates a broker instance once (`artemis create`, login required);
#   3. on every start: copies artemis/broker.xml to the instance's etc/broker.xml and the broker plugin it names
#      (broker-plugin/, built with the Maven wrapper when its jar is missing) to the instance's lib/, writes
#      etc/artemis-users.properties (hashed passwords) and etc/artemis-roles.properties from the environment, and
#      the web console's binding (etc/bootstrap.xml, etc/jolokia-access.xml; only role hub-admin may log in);
#   4. runs `artemis run`. broker.xml's ${hub.broker.*} placeholders are passed as system properties (JAVA_ARGS_APPEND,
#      which bin/artemis appends to the JVM command line after etc/artemis.profile's JAVA_ARGS).
#
# Environment:
#   HUB_ARTEMIS_HOME                   cache folder (distribution + instance); default <repo>/target/artemis-standalone
#   HUB_ARTEMIS_INSTANCE               broker instance folder; default $HUB_ARTEMIS_HOME/instance
#   HUB_BROKER_HOST                    interface the acceptor binds to; default 127.0.0.1 (0.0.0.0 = every interface)
#   HUB_BROKER_PORT                    acceptor port (CORE, AMQP, STOMP); default 61616
#   HUB_BROKER_NAME, HUB_BROKER_MAX_DELIVERY_ATTEMPTS, HUB_BROKER_REDELIVERY_DELAY_MS,
#   HUB_BROKER_JOURNAL_BUFFER_TIMEOUT
#                                      optional, override broker.xml's defaults (hub-broker, 5, 1000, 100000 ns)
#   HUB_BROKER_CONSOLE_HOST            interface of the broker's web console (Artemis Console); default 127.0.0.1
#   HUB_BROKER_CONSOLE_PORT            its port; default 8161
#   HUB_BROKER_CONSOLE_ENABLED         false: no web console (the broker's embedded web server does not start)
#   HUB_BROKER_JAVA_MEMORY             -Xmx of the broker, used when the instance is created; default 1G
#   HUB_BROKER_START_TIMEOUT           seconds --background waits for the port; default 90
#   HUB_BROKER_ADMIN_USER              operator (role hub-admin); default admin
#   HUB_BROKER_ADMIN_PASSWORD          required
#   ORDER_APP_BROKER_USER              order-app's broker user (role order-service); default order-app
#   ORDER_APP_BROKER_PASSWORD          user skipped when unset
#   PARTNER_ADAPTERS_BROKER_USER       partner-adapters' broker user (role partner-service); default partner-adapters
#   PARTNER_ADAPTERS_BROKER_PASSWORD   user skipped when unset
#   HUB_BROKER_CLIENT_USER             outside clients' broker user (role hub-client: may only send to the channels
#                                      asyncapi.yaml marks x-hub-public); default client
#   HUB_BROKER_CLIENT_PASSWORD         user skipped when unset
#   HUB_BROKER_PEERS                   host:port[,host:port...] of the other brokers of a cluster or HA pair (static
#                                      discovery); unset: a broker on its own. artemis/run-cluster.sh sets these:
#   HUB_BROKER_HA_ROLE                 primary | backup: one of a replicated pair (fail-over, fail-back); unset: no HA
#   HUB_BROKER_GROUPING                local | remote: the clustered message-grouping handler (the LOCAL node decides
#                                      which node consumes a JMSXGroupID); unset: none
#   HUB_BROKER_CLUSTER_PASSWORD        required with HUB_BROKER_PEERS: the brokers' own cluster login (same on all)
#   HUB_BROKER_REDISTRIBUTION_DELAY_MS with HUB_BROKER_PEERS: move messages to a node with consumers after; default 0
#
# Passwords are only ever written (hashed, mode 600) into the instance under target/, which git ignores.
set -euo pipefail

readonly ARTEMIS_VERSION=2.40.0
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
readonly SCRIPT_DIR REPO_ROOT
readonly BROKER_XML="$SCRIPT_DIR/broker.xml"
readonly PLUGIN_JAR="$REPO_ROOT/broker-plugin/target/hub-broker-plugin-0.1.0-SNAPSHOT.jar"

absolute() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
CACHE_DIR="$(absolute "${HUB_ARTEMIS_HOME:-$REPO_ROOT/target/artemis-standalone}")"
readonly CACHE_DIR
readonly DIST_DIR="$CACHE_DIR/apache-artemis-$ARTEMIS_VERSION"
readonly DIST_ZIP="$CACHE_DIR/apache-artemis-$ARTEMIS_VERSION-bin.zip"
INSTANCE_DIR="$(absolute "${HUB_ARTEMIS_INSTANCE:-$CACHE_DIR/instance}")"
readonly INSTANCE_DIR
readonly PID_FILE="$INSTANCE_DIR/broker.pid"
readonly CONSOLE_LOG="$INSTANCE_DIR/log/console.log"

readonly BROKER_HOST="${HUB_BROKER_HOST:-127.0.0.1}"
readonly BROKER_PORT="${HUB_BROKER_PORT:-61616}"
readonly CONSOLE_HOST="${HUB_BROKER_CONSOLE_HOST:-127.0.0.1}"
readonly CONSOLE_PORT="${HUB_BROKER_CONSOLE_PORT:-8161}"
readonly CONSOLE_ENABLED="${HUB_BROKER_CONSOLE_ENABLED:-true}"
readonly START_TIMEOUT="${HUB_BROKER_START_TIMEOUT:-90}"
readonly STOP_TIMEOUT=30

JAVA_CMD=java
if [[ -n "${JAVA_HOME:-}" ]]; then JAVA_CMD="$JAVA_HOME/bin/java"; fi
readonly JAVA_CMD

say() { printf '[run-standalone] %s\n' "$*"; }
fail() { printf '[run-standalone] ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '5,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

# the host clients use to reach an interface a server binds to (default: the broker's acceptor)
client_host() {
  case "${1-$BROKER_HOST}" in
    0.0.0.0 | '' ) echo 127.0.0.1 ;;
    :: | '[::]' ) echo ::1 ;;
    *) echo "${1-$BROKER_HOST}" ;;
  esac
}

console_on() { [[ "$CONSOLE_ENABLED" != false ]]; }

port_open() {
  # bash's /dev/tcp; a closed port fails at once, a filtered one after 2 s
  timeout 2 bash -c "exec 3<>'/dev/tcp/$1/$2'" 2>/dev/null
}

# pid of the broker running from this instance, or nothing
running_pid() {
  [[ -f "$PID_FILE" ]] || return 0
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  # the pid file may be stale and the number reused: check it is really this instance's broker (bin/artemis passes
  # -Dartemis.instance=<ARTEMIS_INSTANCE of etc/artemis.profile>)
  local instance
  instance="$(sed -n "s/^ARTEMIS_INSTANCE='\(.*\)'\$/\1/p" "$INSTANCE_DIR/etc/artemis.profile" 2>/dev/null || true)"
  if [[ -n "$instance" ]] && ps -p "$pid" -o args= 2>/dev/null | grep -q -F -- "-Dartemis.instance=$instance "; then
    echo "$pid"
  fi
}

fetch_distribution() {
  if [[ -x "$DIST_DIR/bin/artemis" ]]; then
    say "Artemis $ARTEMIS_VERSION distribution: $DIST_DIR (cached)"
    return
  fi
  if [[ ! -s "$DIST_ZIP" ]]; then
    say "Fetching org.apache.activemq:apache-artemis:$ARTEMIS_VERSION:zip:bin from Maven Central (Maven wrapper) ..."
    # -N: only the root POM, nothing of the project is built; -C: fail on a checksum mismatch
    (cd "$REPO_ROOT" && ./mvnw -q -N -C dependency:copy \
        "-Dartifact=org.apache.activemq:apache-artemis:$ARTEMIS_VERSION:zip:bin" \
        "-DoutputDirectory=$CACHE_DIR") || fail "could not fetch the Artemis distribution"
    [[ -s "$DIST_ZIP" ]] || fail "the Maven wrapper did not produce $DIST_ZIP"
  fi
  say "Unpacking $(basename "$DIST_ZIP") ..."
  local tmp="$CACHE_DIR/.unpack.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  if command -v unzip >/dev/null; then
    unzip -q "$DIST_ZIP" -d "$tmp"
  elif command -v jar >/dev/null; then
    (cd "$tmp" && jar xf "$DIST_ZIP")
    chmod +x "$tmp/apache-artemis-$ARTEMIS_VERSION/bin/artemis"
  else
    rm -rf "$tmp"
    fail "need unzip (or the JDK's jar) to unpack $DIST_ZIP"
  fi
  rm -rf "$DIST_DIR"
  mv "$tmp/apache-artemis-$ARTEMIS_VERSION" "$DIST_DIR"
  rm -rf "$tmp"
  say "Artemis $ARTEMIS_VERSION distribution: $DIST_DIR"
}

create_instance() {
  if [[ -f "$INSTANCE_DIR/etc/artemis.profile" ]]; then
    say "Broker instance: $INSTANCE_DIR (exists; delete it to start from an empty journal)"
    return
  fi
  say "Creating the broker instance $INSTANCE_DIR ..."
  # `create` insists on a first user; its password is a throwaway (kept off the command line of anything that
  # matters) because etc/artemis-users.properties is rewritten from the environment before every start.
  # --role hub-admin: the console's login role (HAWTIO_ROLES in etc/artemis.profile) and the only role
  # etc/management.xml grants JMX access; the web binding is rewritten at every start (write_web_console).
  local throwaway
  throwaway="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
  "$DIST_DIR/bin/artemis" create \
      --silent --require-login \
      --user "${HUB_BROKER_ADMIN_USER:-admin}" --password "$throwaway" --role hub-admin \
      --name "${HUB_BROKER_NAME:-hub-broker}" \
      --http-host 127.0.0.1 --http-port 8161 --nio --no-autotune \
      --java-memory "${HUB_BROKER_JAVA_MEMORY:-1G}" \
      "$INSTANCE_DIR" >"$CACHE_DIR/create.log" 2>&1 \
    || { cat "$CACHE_DIR/create.log" >&2; fail "artemis create failed"; }
  mkdir -p "$INSTANCE_DIR/log"
  say "Broker instance: $INSTANCE_DIR (created)"
}

valid_user_name() {
  [[ "$1" =~ ^[A-Za-z0-9._@-]+$ ]] || fail "broker user name '$1' may only contain letters, digits and . _ @ -"
}

# one ENC(...) hash per line for the passwords held by the environment variables named as arguments; the passwords
# travel through the environment, never through a command line (ps) or a file
hash_passwords() {
  local helper="$CACHE_DIR/HashPasswords.java"
  cat >"$helper" <<'JAVA'
import java.util.Map;
import org.apache.activemq.artemis.utils.DefaultSensitiveStringCodec;

/** Prints ENC(<PBKDF2 hash>) for the password in each environment variable named on the command line. */
public class HashPasswords {
    public static void main(String[] variables) throws Exception {
        DefaultSensitiveStringCodec codec = new DefaultSensitiveStringCodec();
        codec.init(Map.of(DefaultSensitiveStringCodec.ALGORITHM, DefaultSensitiveStringCodec.ONE_WAY));
        for (String variable : variables) {
            System.out.println("ENC(" + codec.encode(System.getenv(variable)) + ")");
        }
    }
}
JAVA
  "$JAVA_CMD" -cp "$DIST_DIR/lib/*" "$helper" "$@"
}

write_users() {
  local admin_user="${HUB_BROKER_ADMIN_USER:-admin}"
  local order_user="${ORDER_APP_BROKER_USER:-order-app}"
  local partner_user="${PARTNER_ADAPTERS_BROKER_USER:-partner-adapters}"
  local client_user="${HUB_BROKER_CLIENT_USER:-client}"

  local users=() roles=() variables=()
  users+=("$admin_user"); roles+=(hub-admin); variables+=(HUB_BROKER_ADMIN_PASSWORD)
  if [[ -n "${ORDER_APP_BROKER_PASSWORD:-}" ]]; then
    users+=("$order_user"); roles+=(order-service); variables+=(ORDER_APP_BROKER_PASSWORD)
  else
    say "ORDER_APP_BROKER_PASSWORD is not set: no broker user for order-app ('$order_user' skipped)"
  fi
  if [[ -n "${PARTNER_ADAPTERS_BROKER_PASSWORD:-}" ]]; then
    users+=("$partner_user"); roles+=(partner-service); variables+=(PARTNER_ADAPTERS_BROKER_PASSWORD)
  else
    say "PARTNER_ADAPTERS_BROKER_PASSWORD is not set: no broker user for partner-adapters ('$partner_user' skipped)"
  fi
  if [[ -n "${HUB_BROKER_CLIENT_PASSWORD:-}" ]]; then
    users+=("$client_user"); roles+=(hub-client); variables+=(HUB_BROKER_CLIENT_PASSWORD)
  else
    say "HUB_BROKER_CLIENT_PASSWORD is not set: no broker user for outside clients ('$client_user' skipped)"
  fi
  local i j
  for ((i = 0; i < ${#users[@]}; i++)); do
    valid_user_name "${users[i]}"
    for ((j = 0; j < i; j++)); do
      [[ "${users[i]}" != "${users[j]}" ]] || fail "broker user '${users[i]}' is configured twice"
    done
  done

  export HUB_BROKER_ADMIN_PASSWORD
  if [[ -n "${ORDER_APP_BROKER_PASSWORD:-}" ]]; then export ORDER_APP_BROKER_PASSWORD; fi
  if [[ -n "${PARTNER_ADAPTERS_BROKER_PASSWORD:-}" ]]; then export PARTNER_ADAPTERS_BROKER_PASSWORD; fi
  if [[ -n "${HUB_BROKER_CLIENT_PASSWORD:-}" ]]; then export HUB_BROKER_CLIENT_PASSWORD; fi
  local hashes=()
  mapfile -t hashes < <(hash_passwords "${variables[@]}")
  [[ ${#hashes[@]} -eq ${#users[@]} ]] || fail "could not hash the broker passwords (java: $JAVA_CMD)"

  local etc="$INSTANCE_DIR/etc" header="# written by artemis/run-standalone.sh from the environment at each start; edits are lost"
  (
    umask 077
    {
      echo "$header"
      for ((i = 0; i < ${#users[@]}; i++)); do echo "${users[i]} = ${hashes[i]}"; done
    } >"$etc/artemis-users.properties.new"
    {
      echo "$header"
      local role members
      for role in hub-admin order-service partner-service hub-client; do
        members=""
        for ((i = 0; i < ${#users[@]}; i++)); do
          if [[ "${roles[i]}" == "$role" ]]; then members="${members:+$members,}${users[i]}"; fi
        done
        if [[ -n "$members" ]]; then echo "$role = $members"; fi
      done
    } >"$etc/artemis-roles.properties.new"
  )
  mv "$etc/artemis-users.properties.new" "$etc/artemis-users.properties"
  mv "$etc/artemis-roles.properties.new" "$etc/artemis-roles.properties"
  for ((i = 0; i < ${#users[@]}; i++)); do say "broker user ${users[i]} (role ${roles[i]})"; done
}

# broker.xml names io.integrationhub.brokerplugin.UndecodableMessageDeadLetterer: without its jar in lib/ the broker
# refuses to start
install_plugin() {
  if [[ ! -s "$PLUGIN_JAR" ]]; then
    say "Building the broker plugin (broker-plugin/) with the Maven wrapper ..."
    (cd "$REPO_ROOT" && ./mvnw -q -pl broker-plugin package -DskipTests) || fail "could not build the broker plugin"
    [[ -s "$PLUGIN_JAR" ]] || fail "the Maven wrapper did not produce $PLUGIN_JAR"
  fi
  mkdir -p "$INSTANCE_DIR/lib"
  cp "$PLUGIN_JAR" "$INSTANCE_DIR/lib/hub-broker-plugin.jar"
  say "lib/hub-broker-plugin.jar <- broker-plugin/target/$(basename "$PLUGIN_JAR")"
}

# The broker's web console: Artemis 2.40's own (a Hawtio 4 app with the Artemis plugin, web/console.war) on the
# broker's embedded Jetty. Written at every start, so the environment decides and an instance created by an older
# version of this script with --no-web gets it too. Login: the JAAS realm "activemq" (artemis-users.properties);
# only users with a role in HAWTIO_ROLES get in, and etc/management.xml gives JMX access to hub-admin alone.
write_web_console() {
  local etc="$INSTANCE_DIR/etc" web=""
  if console_on; then
    [[ "$CONSOLE_HOST" =~ ^[A-Za-z0-9.:-]+$ ]] || fail "HUB_BROKER_CONSOLE_HOST '$CONSOLE_HOST' is not a host name or address"
    [[ "$CONSOLE_PORT" =~ ^[0-9]+$ ]] || fail "HUB_BROKER_CONSOLE_PORT '$CONSOLE_PORT' is not a port number"
    local bind_host="$CONSOLE_HOST"
    if [[ "$bind_host" == *:* ]]; then bind_host="[$bind_host]"; fi
    web="
   <web path=\"web\" rootRedirectLocation=\"console\">
       <binding name=\"artemis\" uri=\"http://$bind_host:$CONSOLE_PORT\">
           <app name=\"console\" url=\"console\" war=\"console.war\"/>
       </binding>
   </web>"
  fi
  local instance_etc_uri
  instance_etc_uri="$(sed -n "s/^ARTEMIS_INSTANCE_ETC_URI='\(.*\)'\$/\1/p" "$etc/artemis.profile")"
  [[ -n "$instance_etc_uri" ]] || fail "no ARTEMIS_INSTANCE_ETC_URI in $etc/artemis.profile"
  cat >"$etc/bootstrap.xml" <<XML
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!-- written by artemis/run-standalone.sh at each start; edits are lost -->
<broker xmlns="http://activemq.apache.org/schema">
   <jaas-security domain="activemq"/>
   <server configuration="${instance_etc_uri}broker.xml"/>$web
</broker>
XML
  # Jolokia refuses requests whose Origin header matches none of these (strict checking): the console's own pages
  local origins=(127.0.0.1 localhost) console_client_host
  console_client_host="$(client_host "$CONSOLE_HOST")"
  if [[ " ${origins[*]} " != *" $console_client_host "* ]]; then origins+=("$console_client_host"); fi
  {
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo '<!-- written by artemis/run-standalone.sh at each start; edits are lost -->'
    echo '<restrict>'
    echo '    <cors>'
    local origin
    for origin in "${origins[@]}"; do echo "        <allow-origin>*://$origin*</allow-origin>"; done
    echo '        <strict-checking/>'
    echo '    </cors>'
    echo '</restrict>'
  } >"$etc/jolokia-access.xml"
  # the operators' role only, whatever the instance was created with
  sed -i "s/^HAWTIO_ROLES=.*/HAWTIO_ROLES='hub-admin'/" "$etc/artemis.profile"
  grep -q "^HAWTIO_ROLES='hub-admin'\$" "$etc/artemis.profile" || fail "no HAWTIO_ROLES in $etc/artemis.profile"
  if console_on; then
    say "web console: http://$(client_host "$CONSOLE_HOST"):$CONSOLE_PORT/console (login: role hub-admin only)"
  else
    say "web console: off (HUB_BROKER_CONSOLE_ENABLED=false)"
  fi
}

# Clustering and HA are Artemis's own (cluster connection, replication): with HUB_BROKER_PEERS the instance's
# etc/broker.xml gets them before </core>. Written into the instance (mode 600, under target/) rather than as ${...}
# placeholders because their presence, not only their values, depends on the node's role.
write_cluster() {
  local peers="${HUB_BROKER_PEERS:-}" role="${HUB_BROKER_HA_ROLE:-}" grouping="${HUB_BROKER_GROUPING:-}"
  if [[ -z "$peers" ]]; then
    [[ -z "$role$grouping" ]] || fail "HUB_BROKER_HA_ROLE and HUB_BROKER_GROUPING need HUB_BROKER_PEERS"
    return
  fi
  [[ -n "${HUB_BROKER_CLUSTER_PASSWORD:-}" ]] || fail "HUB_BROKER_PEERS is set but HUB_BROKER_CLUSTER_PASSWORD is not: \
the brokers of a cluster log in to each other with it"
  [[ "${HUB_BROKER_CLUSTER_PASSWORD}" =~ ^[A-Za-z0-9._~+=-]+$ ]] \
    || fail "HUB_BROKER_CLUSTER_PASSWORD may only contain letters, digits and . _ ~ + = -"
  local connectors="        <connector name=\"self\">tcp://$(client_host):$BROKER_PORT</connector>" refs="" i=0 peer
  IFS=',' read -r -a peer_list <<<"$peers"
  for peer in "${peer_list[@]}"; do
    [[ "$peer" =~ ^[A-Za-z0-9.-]+:[0-9]+$ ]] || fail "HUB_BROKER_PEERS entry '$peer' is not host:port"
    connectors+=$'\n'"        <connector name=\"peer$i\">tcp://$peer</connector>"
    refs+=$'\n'"            <connector-ref>peer$i</connector-ref>"
    i=$((i + 1))
  done
  local ha=""
  case "$role" in
    "") ;;
    # the primary, restarted after a fail-over, asks whether its backup is active and takes over from it (fail-back)
    primary) ha="    <ha-policy><replication><primary><check-for-active-server>true</check-for-active-server></primary></replication></ha-policy>" ;;
    # the backup replicates the primary's journal and becomes active when it is gone; gives back when it returns
    backup) ha="    <ha-policy><replication><backup><allow-failback>true</allow-failback></backup></replication></ha-policy>" ;;
    *) fail "HUB_BROKER_HA_ROLE must be primary or backup, not '$role'" ;;
  esac
  local group=""
  case "$grouping" in
    "") ;;
    local | remote)
      local type; type="$(tr '[:lower:]' '[:upper:]' <<<"$grouping")"
      group="    <grouping-handler name=\"hub-groups\"><type>$type</type><timeout>5000</timeout></grouping-handler>" ;;
    *) fail "HUB_BROKER_GROUPING must be local or remote, not '$grouping'" ;;
  esac
  local fragment
  fragment="    <!-- written by artemis/run-standalone.sh (HUB_BROKER_PEERS=$peers${role:+, HA $role}${grouping:+, grouping $grouping}) -->
    <connectors>
$connectors
    </connectors>
    <cluster-user>hub-cluster</cluster-user>
    <cluster-password>${HUB_BROKER_CLUSTER_PASSWORD}</cluster-password>
    <cluster-connections>
      <cluster-connection name=\"hub-cluster\">
        <connector-ref>self</connector-ref>
        <retry-interval>500</retry-interval>
        <reconnect-attempts>-1</reconnect-attempts>
        <!-- a node forwards messages only to nodes with a matching consumer -->
        <message-load-balancing>ON_DEMAND</message-load-balancing>
        <max-hops>1</max-hops>
        <static-connectors>$refs
        </static-connectors>
      </cluster-connection>
    </cluster-connections>
$ha
$group"
  local xml="$INSTANCE_DIR/etc/broker.xml"
  (
    umask 077
    FRAGMENT="$fragment" python3 - "$xml" <<'PY' || exit 1
import os, sys
path = sys.argv[1]
text = open(path).read()
assert text.count("</core>") == 1, "broker.xml must have one </core>"
open(path + ".new", "w").write(text.replace("</core>", os.environ["FRAGMENT"] + "\n  </core>"))
PY
  ) || fail "could not add the cluster settings to $xml"
  mv "$xml.new" "$xml"
  chmod 600 "$xml"
  say "cluster: peers $peers${role:+, HA $role}${grouping:+, grouping handler $grouping}"
}

configure_instance() {
  cp "$BROKER_XML" "$INSTANCE_DIR/etc/broker.xml"
  say "etc/broker.xml <- artemis/broker.xml"
  write_cluster
  install_plugin
  write_users
  write_web_console

  local props=("-Dhub.broker.host=$BROKER_HOST" "-Dhub.broker.port=$BROKER_PORT")
  if [[ -n "${HUB_BROKER_NAME:-}" ]]; then props+=("-Dhub.broker.name=$HUB_BROKER_NAME"); fi
  if [[ -n "${HUB_BROKER_MAX_DELIVERY_ATTEMPTS:-}" ]]; then
    props+=("-Dhub.broker.max-delivery-attempts=$HUB_BROKER_MAX_DELIVERY_ATTEMPTS")
  fi
  if [[ -n "${HUB_BROKER_REDELIVERY_DELAY_MS:-}" ]]; then
    props+=("-Dhub.broker.redelivery-delay-ms=$HUB_BROKER_REDELIVERY_DELAY_MS")
  fi
  if [[ -n "${HUB_BROKER_JOURNAL_BUFFER_TIMEOUT:-}" ]]; then
    props+=("-Dhub.broker.journal-buffer-timeout=$HUB_BROKER_JOURNAL_BUFFER_TIMEOUT")
  fi
  if [[ -n "${HUB_BROKER_PEERS:-}" ]]; then
    props+=("-Dhub.broker.redistribution-delay-ms=${HUB_BROKER_REDISTRIBUTION_DELAY_MS:-0}")
  fi
  local p
  for p in "${props[@]}"; do
    [[ "$p" != *[[:space:]]* ]] || fail "no spaces allowed in broker settings: '$p'"
  done
  # bin/artemis puts $JAVA_ARGS_APPEND last on the java command line (etc/artemis.profile keeps its JAVA_ARGS)
  export JAVA_ARGS_APPEND="${JAVA_ARGS_APPEND:+$JAVA_ARGS_APPEND }${props[*]}"
  say "broker settings: ${props[*]}"
}

prepare() {
  local pid
  pid="$(running_pid)"
  [[ -z "$pid" ]] || fail "the broker of $INSTANCE_DIR already runs (pid $pid); '$0 stop' stops it"
  if port_open "$(client_host)" "$BROKER_PORT"; then
    fail "port $BROKER_PORT on $(client_host) is already in use: stop what listens there or set HUB_BROKER_PORT"
  fi
  if console_on && port_open "$(client_host "$CONSOLE_HOST")" "$CONSOLE_PORT"; then
    fail "port $CONSOLE_PORT on $(client_host "$CONSOLE_HOST") (web console) is already in use: set HUB_BROKER_CONSOLE_PORT"
  fi
  [[ -n "${HUB_BROKER_ADMIN_PASSWORD:-}" ]] || fail "HUB_BROKER_ADMIN_PASSWORD is not set: the broker's operator \
(${HUB_BROKER_ADMIN_USER:-admin}, role hub-admin) needs a password"
  command -v "$JAVA_CMD" >/dev/null || fail "java not found (set JAVA_HOME or put java on the PATH)"
  mkdir -p "$CACHE_DIR"
  fetch_distribution
  create_instance
  configure_instance
}

print_connect_hints() {
  local url
  url="tcp://$(client_host):$BROKER_PORT"
  say "Broker URL: $url (CORE, AMQP, STOMP; login required)"
  if console_on; then
    say "  console:  http://$(client_host "$CONSOLE_HOST"):$CONSOLE_PORT/console (user ${HUB_BROKER_ADMIN_USER:-admin}, role hub-admin)"
  fi
  say "  queues:   $DIST_DIR/bin/artemis queue stat --url $url --user ${HUB_BROKER_ADMIN_USER:-admin} --password ... --silent"
  say "  apps:     SPRING_PROFILES_ACTIVE=distributed HUB_BROKER_HOST=$(client_host) HUB_BROKER_PORT=$BROKER_PORT \\"
  say "            ORDER_APP_BROKER_USER=${ORDER_APP_BROKER_USER:-order-app} ORDER_APP_BROKER_PASSWORD=... java -jar order-app/target/order-app-*-exec.jar"
}

cmd_run() {
  prepare
  print_connect_hints
  say "Starting Artemis $ARTEMIS_VERSION in the foreground (Ctrl-C or '$0 stop' stops it) ..."
  echo $$ >"$PID_FILE"   # exec keeps this pid for the broker's JVM
  exec "$INSTANCE_DIR/bin/artemis" run
}

cmd_background() {
  prepare
  mkdir -p "$(dirname "$CONSOLE_LOG")"
  say "Starting Artemis $ARTEMIS_VERSION in the background (log: $CONSOLE_LOG) ..."
  local launcher=()
  if command -v setsid >/dev/null; then launcher=(setsid); fi
  nohup "${launcher[@]}" "$INSTANCE_DIR/bin/artemis" run >"$CONSOLE_LOG" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$PID_FILE"
  local waited=0
  # a replicating backup opens its acceptor only once it takes over: it is up when it announced itself to the primary
  until if [[ "${HUB_BROKER_HA_ROLE:-}" == backup ]]; then grep -q -E "AMQ221031|AMQ221024" "$CONSOLE_LOG"; \
        else port_open "$(client_host)" "$BROKER_PORT"; fi; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      tail -n 40 "$CONSOLE_LOG" >&2 || true
      fail "the broker exited during start-up (see $CONSOLE_LOG)"
    fi
    if ((waited >= START_TIMEOUT)); then
      tail -n 40 "$CONSOLE_LOG" >&2 || true
      fail "port $BROKER_PORT still closed after ${START_TIMEOUT}s; the broker (pid $pid) keeps running, '$0 stop' stops it"
    fi
    sleep 1
    waited=$((waited + 1))
  done
  # the web server starts after the broker (about 10 s more here: Jetty unpacks and scans the console's war)
  if console_on; then
    until port_open "$(client_host "$CONSOLE_HOST")" "$CONSOLE_PORT"; do
      kill -0 "$pid" 2>/dev/null || { rm -f "$PID_FILE"; tail -n 40 "$CONSOLE_LOG" >&2 || true; fail "the broker exited during start-up (see $CONSOLE_LOG)"; }
      if ((waited >= START_TIMEOUT)); then
        tail -n 40 "$CONSOLE_LOG" >&2 || true
        fail "web console port $CONSOLE_PORT still closed after ${START_TIMEOUT}s; the broker (pid $pid) keeps running, '$0 stop' stops it"
      fi
      sleep 1
      waited=$((waited + 1))
    done
  fi
  say "Broker started (pid $pid) after ${waited}s"
  print_connect_hints
  say "Stop it with: $0 stop"
}

cmd_stop() {
  local pid
  pid="$(running_pid)"
  if [[ -z "$pid" ]]; then
    rm -f "$PID_FILE"
    say "No broker of $INSTANCE_DIR is running"
    return
  fi
  say "Stopping the broker (pid $pid) ..."
  kill -TERM "$pid"   # the broker's shutdown hook stops it cleanly (journal synced, clients told)
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= STOP_TIMEOUT)); then
      say "still running after ${STOP_TIMEOUT}s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 1
    waited=$((waited + 1))
  done
  rm -f "$PID_FILE"
  say "Broker stopped"
}

cmd_status() {
  local pid
  pid="$(running_pid)"
  if [[ -n "$pid" ]]; then
    say "running (pid $pid), instance $INSTANCE_DIR"
  else
    say "not running (instance $INSTANCE_DIR)"
    return 3
  fi
}

case "${1:-run}" in
  run) cmd_run ;;
  --background | -b | start) cmd_background ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  -h | --help | help) usage 0 ;;
  *) usage 2 >&2 ;;
esac
