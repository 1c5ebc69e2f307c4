#!/usr/bin/env bash
# Starts the whole hub in one JVM: order-app + partner-adapters + an embedded Artemis broker (journal in ./data),
# against PostgreSQL on localhost. Profiles "embedded,dev" unless SPRING_PROFILES_ACTIVE says otherwise.
# Extra arguments go to Spring Boot, e.g. ./run-embedded.sh --server.port=8090
set -euo pipefail
cd "$(dirname "$0")"
jar=hub-embedded/target/hub-embedded-0.1.0-SNAPSHOT.jar
if [[ ! -f $jar || -n "$(find . -path ./data -prune -o -newer "$jar" \( -name '*.java' -o -name '*.yml' -o -name '*.yaml' -o -name '*.xml' -o -name '*.sql' \) -print -quit)" ]]; then
  echo "Building (tests skipped; run them with ./mvnw -B verify) ..."
  ./mvnw -B -q -DskipTests install
fi
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
