#!/usr/bin/env bash
# quota-service's two targets, against the packaged quota-service and evaluator on a fresh broker and PostgreSQL:
#  1. allocations through the REST API with the underflow guard: QUOTAS prepaid quotas, RATE allocations/s (adds and
#     deductions on random quotas, each with its own Idempotency-Key), open loop — p50/p99/max;
#  2. from a spend event on wk.metrics.v1 to its step alert on wk.alerts.v1, the evaluator at its default intervals
#     (checkpoint 5 s, quota check 2 s) — p50/p99/max over one spend per quota.
#   quota-service/bench/quota-bench.sh [quotas=1000] [rate/s=100] [seconds=60] [warm-up seconds=15] [step quotas=200]
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../deploy/local/lib/common.sh"

QUOTAS="${1:-1000}"
RATE="${2:-100}"
SECONDS_MEASURED="${3:-60}"
WARMUP="${4:-15}"
STEP_QUOTAS="${5:-200}"
QUOTA_PORT=18484
EVALUATOR_PORT=18482
KAFKA_PORT=29292
ISSUER=https://bench.watchkeeper.local/realms/bench
RUN="$(mktemp -d "${TMPDIR:-/tmp}/watchkeeper-quota-bench.XXXXXX")"
KAFKA_PID="" QUOTA_PID="" EVALUATOR_PID=""
cleanup() {
  stop_pid "$QUOTA_PID" quota-service; stop_pid "$EVALUATOR_PID" evaluator; stop_pid "$KAFKA_PID" Kafka
  stop_postgres_if_started; rm -rf "$RUN"
}
trap cleanup EXIT

# always the code in the tree (WK_BENCH_SKIP_BUILD=1 reuses the last build)
[ -n "${WK_BENCH_SKIP_BUILD:-}" ] && [ -f "$WK_ROOT/quota-service/target/quarkus-app/quarkus-run.jar" ] \
  || (cd "$WK_ROOT" && ./mvnw -B -q -pl quota-service,evaluator-service,api-gateway -am package -DskipTests) \
  || die "build failed"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
TOKENS=("$JAVA" -cp "$WK_ROOT/api-gateway/target/quarkus-app/lib/main/*" "$WK_ROOT/api-gateway/bench/GatewayLoad.java")
LOAD=("$JAVA" -cp "$WK_ROOT/quota-service/target/quarkus-app/lib/main/*" "$WK_ROOT/quota-service/bench/QuotaLoad.java")

ensure_postgres
recreate_db wk_bench_quota
recreate_db wk_bench_evaluator
KAFKA_PID="$(start_kafka "$RUN/kafka" "$KAFKA_PORT" "$((KAFKA_PORT + 1))")" || exit 1
PUBLIC_KEY="$("${TOKENS[@]}" keys "$RUN")" || die "no key"
TOKEN="$("${TOKENS[@]}" token "$RUN" "$ISSUER")" || die "no token"

export WK_DB_HOST="$PGHOST" WK_DB_PORT="$PGPORT" WK_DB_USER="$WK_PG_USER" WK_DB_PASSWORD="$WK_PG_PASSWORD" \
  WK_KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT" WK_ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64)" \
  QUARKUS_OIDC_AUTH_SERVER_URL="" QUARKUS_OIDC_PUBLIC_KEY="$PUBLIC_KEY" QUARKUS_OIDC_TOKEN_ISSUER="$ISSUER"
WK_HTTP_PORT=$EVALUATOR_PORT WK_DB_NAME=wk_bench_evaluator WK_EVALUATOR_GROUP="bench-$(date +%s)" \
  "$JAVA" -jar "$WK_ROOT/evaluator-service/target/quarkus-app/quarkus-run.jar" >"$RUN/evaluator.log" 2>&1 &
EVALUATOR_PID=$!
# quota-service with its container image's JVM settings (src/main/docker/Dockerfile.jvm) unless WK_BENCH_JAVA_OPTS says otherwise
WK_HTTP_PORT=$QUOTA_PORT WK_DB_NAME=wk_bench_quota MALLOC_ARENA_MAX=2 \
  "$JAVA" ${WK_BENCH_JAVA_OPTS:-$(image_jvm_opts quota-service)} -jar "$WK_ROOT/quota-service/target/quarkus-app/quarkus-run.jar" >"$RUN/quota.log" 2>&1 &
QUOTA_PID=$!
for port in $EVALUATOR_PORT $QUOTA_PORT; do
  for _ in $(seq 1 240); do curl -fsS -o /dev/null "http://127.0.0.1:$port/q/health/ready" 2>/dev/null && break; sleep 0.5; done
  curl -fsS -o /dev/null "http://127.0.0.1:$port/q/health/ready" || { tail -30 "$RUN"/*.log; die "port $port not ready"; }
done

log "allocations: $QUOTAS quotas, ${WARMUP}s warm-up, then ${SECONDS_MEASURED}s measured at $RATE/s"
allocations="$("${LOAD[@]}" allocations "http://127.0.0.1:$QUOTA_PORT" "$TOKEN" "$QUOTAS" "$RATE" "$WARMUP" \
  "$SECONDS_MEASURED")" || die "allocation load failed"
log "spend -> step alert: $STEP_QUOTAS quotas, one spend each at 20/s"
steps="$("${LOAD[@]}" steps "http://127.0.0.1:$QUOTA_PORT" "http://127.0.0.1:$EVALUATOR_PORT" "127.0.0.1:$KAFKA_PORT" \
  "$TOKEN" "$STEP_QUOTAS" 20)" || die "step load failed"
peak="$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$QUOTA_PID/status")"
echo "$allocations"
echo "$steps"
echo "quota-service peak RSS: ${peak} MiB"
echo "($(nproc) cores; load generator, quota-service, evaluator, PostgreSQL and Kafka on the same machine)"
