#!/usr/bin/env bash
# iam-service under load, with its container image's JVM settings (src/main/docker/Dockerfile.jvm; WK_BENCH_JAVA_OPTS
# overrides them): the packaged service against a fresh local Kafka broker, PostgreSQL and the Volcengine IAM stub
# (libs/test-support: exact wire format, signatures checked). IamLoad.java imports USERS users, exhausts every user's
# quota at once (USERS disable switches), then allocates again (USERS enable switches), while the user list is read
# READS times a second. Prints each phase's time and the service's peak RSS.
#   iam-service/bench/iam-bench.sh [users=500] [reads/s=20]
set -euo pipefail
. "$(dirname "$0")/../../deploy/local/lib/common.sh"
USERS="${1:-500}" READS="${2:-20}"
PORT=18185 KAFKA_PORT=29192 ISSUER="https://bench.watchkeeper.local/realms/bench"
RUN="$(mktemp -d "${TMPDIR:-/tmp}/iam-bench.XXXXXX")"
KAFKA_PID="" APP_PID="" STUB_PID="" SAMPLER=""
cleanup() { [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null; stop_pid "$APP_PID" iam-service; stop_pid "$STUB_PID" stub
  stop_pid "$KAFKA_PID" Kafka; stop_postgres_if_started; rm -rf "$RUN"; }
trap cleanup EXIT

# always the code in the tree (WK_BENCH_SKIP_BUILD=1 reuses the last build)
[ -n "${WK_BENCH_SKIP_BUILD:-}" ] && [ -f "$WK_ROOT/iam-service/target/quarkus-app/quarkus-run.jar" ] \
  || (cd "$WK_ROOT" && ./mvnw -B -q -pl iam-service,api-gateway -am install -DskipTests) || die "build failed"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
TOKENS=("$JAVA" -cp "$WK_ROOT/api-gateway/target/quarkus-app/lib/main/*" "$WK_ROOT/api-gateway/bench/GatewayLoad.java")
LOAD=("$JAVA" -cp "$WK_ROOT/iam-service/target/quarkus-app/lib/main/*:$WK_ROOT/libs/test-support/target/classes" \
  "$WK_ROOT/iam-service/bench/IamLoad.java")

ensure_postgres
recreate_db wk_bench_iam
KAFKA_PID="$(start_kafka "$RUN/kafka" "$KAFKA_PORT" "$((KAFKA_PORT + 1))")" || exit 1
PUBLIC_KEY="$("${TOKENS[@]}" keys "$RUN")" || die "no key"
TOKEN="$("${TOKENS[@]}" token "$RUN" "$ISSUER")" || die "no token"
"${LOAD[@]}" stub "$USERS" "$RUN/stub-url" >"$RUN/stub.log" 2>&1 &
STUB_PID=$!
for _ in $(seq 1 60); do [ -s "$RUN/stub-url" ] && break; sleep 0.5; done
[ -s "$RUN/stub-url" ] || { cat "$RUN/stub.log"; die "stub did not start"; }

export WK_HTTP_PORT=$PORT WK_DB_HOST="$PGHOST" WK_DB_PORT="$PGPORT" WK_DB_NAME=wk_bench_iam WK_DB_USER="$WK_PG_USER" \
  WK_DB_PASSWORD="$WK_PG_PASSWORD" WK_KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT" \
  WK_ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64)" WK_IAM_VOLCENGINE_URL="$(cat "$RUN/stub-url")" \
  WK_IAM_ALERTS_GROUP="bench-alerts-$(date +%s)" WK_IAM_QUOTAS_GROUP="bench-quotas-$(date +%s)" \
  QUARKUS_OIDC_AUTH_SERVER_URL="" QUARKUS_OIDC_PUBLIC_KEY="$PUBLIC_KEY" QUARKUS_OIDC_TOKEN_ISSUER="$ISSUER"
# as deployed: the migration first (the pod's init container), then the service without Liquibase
WK_MIGRATE_AT_START=true QUARKUS_INIT_AND_EXIT=true "$JAVA" -jar "$WK_ROOT/iam-service/target/quarkus-app/quarkus-run.jar" \
  >"$RUN/migrate.log" 2>&1 || { tail -30 "$RUN/migrate.log"; die "migration failed"; }
WK_MIGRATE_AT_START=false MALLOC_ARENA_MAX=2 "$JAVA" ${WK_BENCH_JAVA_OPTS:-$(image_jvm_opts iam-service)} \
  -jar "$WK_ROOT/iam-service/target/quarkus-app/quarkus-run.jar" >"$RUN/iam.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 120); do curl -fsS -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" 2>/dev/null && break; sleep 0.5; done
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" || { tail -30 "$RUN/iam.log"; die "iam-service not ready"; }
echo "iam-service RSS when ready: $(awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$APP_PID/status") MiB"

log "load: $USERS users exhausted at once, then allocated again; the user list read $READS times a second"
"${LOAD[@]}" load "http://127.0.0.1:$PORT" "$TOKEN" "127.0.0.1:$KAFKA_PORT" "$USERS" "$READS" || { tail -30 "$RUN/iam.log"; die "load failed"; }
echo "iam-service peak RSS: $(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$APP_PID/status") MiB"
