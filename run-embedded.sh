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
# (Spring Boot's `extract`), which loads classes faster than the nested jars and lets the JVM share class data (CDS):
# the first run records the classes it loaded when it exits (-XX:ArchiveClassesAtExit), later runs map that archive
# instead of loading and verifying ~25,000 classes again. HUB_CDS=off runs without the archive.
app=hub-embedded/target/hub-embedded-app
app_jar=$app/$(basename "$jar")
if [[ ! -f $app_jar || $jar -nt $app_jar ]]; then
  rm -rf "$app"
  java -Djarmode=tools -jar "$jar" extract --destination "$app" >/dev/null
fi
archive=$app/classes.jsa
cds=()
if [[ "${HUB_CDS:-on}" != off ]]; then
  # an archive is written at exit, so a run killed while writing leaves a truncated one, on which the JVM crashes:
  # it is written under another name and taken only after the JVM has checked every region of it
  if [[ -f $archive.new ]]; then
    if java -Xshare:on -XX:+VerifySharedSpaces -XX:SharedArchiveFile="$archive.new" -cp "$app_jar" -version \
        >/dev/null 2>&1; then
      mv -f "$archive.new" "$archive"
    else
      rm -f "$archive.new"
    fi
  fi
  if [[ -f $archive ]]; then cds=(-XX:SharedArchiveFile="$archive"); else cds=(-XX:ArchiveClassesAtExit="$archive.new" -Xlog:cds=error,cds+dynamic=error); fi
fi
# memory and GC: hub-embedded/jvm.options, unless JAVA_OPTS says otherwise (two collectors on one line would not start)
exec java "${cds[@]}" ${JAVA_OPTS:-@hub-embedded/jvm.options} -jar "$app_jar" "$@"
