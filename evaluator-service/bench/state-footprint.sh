#!/usr/bin/env bash
# The heap the evaluator's state takes per binding (StateFootprint), in the shape of engine-bench.sh.
#   evaluator-service/bench/state-footprint.sh [series=10000] [minutes of events=6]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
./mvnw -B -q -pl evaluator-service -am test-compile -DskipTests
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
./mvnw -B -q -pl evaluator-service dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE"
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -XX:+UseSerialGC -Xmx1g \
  -cp "evaluator-service/target/test-classes:evaluator-service/target/classes:$(cat "$CP_FILE")" \
  io.watchkeeper.evaluator.engine.StateFootprint "$@"
