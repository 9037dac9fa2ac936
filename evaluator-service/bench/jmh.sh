#!/usr/bin/env bash
# JMH for the evaluator's per-event hot path (HotPathBenchmark): decode + contract check, window + condition.
#   evaluator-service/bench/jmh.sh [extra JMH options, e.g. -wi 3 -i 5]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
./mvnw -B -q -pl evaluator-service -am test-compile -DskipTests
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
./mvnw -B -q -pl evaluator-service dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE"
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "evaluator-service/target/test-classes:evaluator-service/target/classes:$(cat "$CP_FILE")" \
  org.openjdk.jmh.Main HotPathBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s "$@"
