#!/usr/bin/env bash
# Runs every test against real infrastructure: makes PostgreSQL available, starts a fresh Kafka
# broker and Keycloak (the console's browser tests; Chromium is installed when missing), runs ./mvnw -B verify over the reactor (extra arguments go to Maven), stops what it
# started and exits with Maven's status.
#   deploy/local/test.sh                      # everything, as CI does
#   deploy/local/test.sh -pl collector-service -am
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

KAFKA_PORT="${WK_TEST_KAFKA_PORT:-19092}"
RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/watchkeeper-test.XXXXXX")"
KAFKA_PID=""
KEYCLOAK_PORT="${WK_TEST_KEYCLOAK_PORT:-18180}"
KEYCLOAK_PID=""

cleanup() {
  stop_pid "$KEYCLOAK_PID" "Keycloak"
  stop_pid "$KAFKA_PID" "Kafka"
  stop_postgres_if_started
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$(date +%s)
ensure_postgres
ensure_deploy_tools
ensure_browser
# Leftover per-run test databases of an interrupted run: each test run creates and drops its own.
for db in $(psql_admin "SELECT datname FROM pg_database WHERE datname LIKE 'wkt\_%'"); do
  psql_admin "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
done
KAFKA_PID="$(start_kafka "$RUN_DIR/kafka" "$KAFKA_PORT" "$((KAFKA_PORT + 1))" "$((KAFKA_PORT + 2))")" || exit 1
log "Kafka $KAFKA_VERSION is up on 127.0.0.1:$KAFKA_PORT (pid $KAFKA_PID, data in $RUN_DIR/kafka/data)"

# the console's browser tests sign in on a real Keycloak (in-memory realm, thrown away with the run)
KEYCLOAK_ADMIN_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
CONSOLE_SECRET="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
KEYCLOAK_PID="$(start_keycloak "$KEYCLOAK_PORT" "$KEYCLOAK_ADMIN_PASSWORD" dev-mem "$RUN_DIR/keycloak.log" "$CONSOLE_SECRET")" || exit 1
export WK_TEST_KEYCLOAK_URL="http://127.0.0.1:$KEYCLOAK_PORT" WK_TEST_KEYCLOAK_ADMIN_PASSWORD="$KEYCLOAK_ADMIN_PASSWORD"
export WK_TEST_CONSOLE_CLIENT_SECRET="$CONSOLE_SECRET"

export WK_TEST_KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
# broker outage tests: a listener that advertises the port after it, where the test's cuttable proxy listens
export WK_TEST_KAFKA_OUTAGE_LISTENER="127.0.0.1:$((KAFKA_PORT + 2))" WK_TEST_KAFKA_OUTAGE_PROXY="127.0.0.1:$((KAFKA_PORT + 3))"
export WK_TEST_PG_HOST="$PGHOST" WK_TEST_PG_PORT="$PGPORT"
export WK_TEST_PG_USER="$WK_PG_USER" WK_TEST_PG_PASSWORD="$WK_PG_PASSWORD"

cd "$WK_ROOT"
# clean: a stale class from an earlier build must never decide a run
if [ $# -eq 0 ]; then set -- clean verify; else set -- clean verify "$@"; fi
./mvnw -B -ntp "$@"
status=$?
log "tests finished with status $status in $(( $(date +%s) - started )) s"
exit $status
