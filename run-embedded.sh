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
# Start-up (issue 13, benchmarks/README.md "Start-up"): the fat jar is unpacked once per build into a plain classpath
# (Spring Boot's `extract`), which loads classes faster than the nested jars and lets the JVM keep what it did at
# start-up for the next one. The first run records it when it exits, later runs map it instead of loading, verifying
# (and on JDK 25+ linking and profiling) ~25,000 classes again:
# - JDK 25 or later (JAVA_HOME, else java on the PATH): an AOT cache (JEP 483/514/515: -XX:AOTCacheOutput, then
#   -XX:AOTCache), about 40 % less CPU to UP than JDK 17's archive here; the first stop assembles it (some seconds);
# - JDK 17-24: a dynamic class-data archive (-XX:ArchiveClassesAtExit, then -XX:SharedArchiveFile).
# Each file is named after the JDK that wrote it (a JDK ignores another's, with a warning). HUB_CDS=off: neither.
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
# the JDK's release file says its version without starting a JVM (StartupBenchmark reads the same line)
release=$(dirname "$(dirname "$(readlink -f "$(command -v "$java")")")")/release
java_version=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$release" 2>/dev/null || true)
[[ -n $java_version ]] \
  || java_version=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.runtime\.version = //p')
app=hub-embedded/target/hub-embedded-app
app_jar=$app/$(basename "$jar")
if [[ ! -f $app_jar || $jar -nt $app_jar ]]; then
  rm -rf "$app"
  "$java" -Djarmode=tools -jar "$jar" extract --destination "$app" >/dev/null
fi
cds=()
if [[ "${HUB_CDS:-on}" != off ]]; then
  if (( ${java_version%%[.+-]*} >= 25 )); then
    archive=$app/hub-$java_version.aot; staged=$app/hub-$java_version.new.aot
    record=(-XX:AOTCacheOutput="$staged" -Xlog:aot=error,cds=error); use=(-XX:AOTCache="$archive")
    check=(-XX:AOTMode=on -XX:AOTCache="$staged")
  else
    archive=$app/classes-$java_version.jsa; staged=$archive.new
    record=(-XX:ArchiveClassesAtExit="$staged" -Xlog:cds=error,cds+dynamic=error); use=(-XX:SharedArchiveFile="$archive")
    check=(-Xshare:on -XX:SharedArchiveFile="$staged")
  fi
  # written at exit, so a run killed while writing leaves a truncated file, on which a JDK 17 JVM crashes: it is
  # written under another name and taken only after the JVM has checked every region of it
  if [[ -f $staged ]]; then
    if "$java" "${check[@]}" -XX:+VerifySharedSpaces -cp "$app_jar" -version >/dev/null 2>&1; then
      mv -f "$staged" "$archive"
    else
      rm -f "$staged"
    fi
  fi
  if [[ -f $archive ]]; then cds=("${use[@]}"); else cds=("${record[@]}"); fi
fi
# memory and GC: hub-embedded/jvm.options, unless JAVA_OPTS says otherwise (two collectors on one line would not start)
exec "$java" "${cds[@]}" ${JAVA_OPTS:-@hub-embedded/jvm.options} -jar "$app_jar" "$@"
