#!/usr/bin/env bash
# Gateway overhead: the same read (GET /api/v1/alerts?size=20, 20 alerts in the database) sent at a fixed rate
# straight to the evaluator, then through the gateway (token verified at both), in one run; open-loop load (latency
# counted from when each request was due). Reports p50/p99/max of each phase, what the gateway adds at p99, and the
# gateway's peak RSS (VmHWM) under the load.
#   api-gateway/bench/gateway-bench.sh [rate/s=1000] [seconds per phase=30] [warm-up seconds=20]
# WK_BENCH_UPSTREAM=stub: a stub answering at once with the same 13 KB instead of the evaluator (the gateway alone);
# WK_BENCH_PIN=1: the gateway on core 0, the load generator and the upstream on core 1;
# WK_BENCH_GATEWAY_JAVA_OPTS: the gateway JVM's options (default: its container image's, src/main/docker/Dockerfile.jvm).
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../deploy/local/lib/common.sh"

RATE="${1:-1000}"
SECONDS_MEASURED="${2:-30}"
WARMUP="${3:-20}"
EVALUATOR_PORT=18282
GATEWAY_PORT=18280
KAFKA_PORT=29192
ISSUER=https://bench.watchkeeper.local/realms/bench
RUN="$(mktemp -d "${TMPDIR:-/tmp}/watchkeeper-gateway-bench.XXXXXX")"
KAFKA_PID="" EVALUATOR_PID="" GATEWAY_PID=""
cleanup() {
  stop_pid "$GATEWAY_PID" gateway; stop_pid "$EVALUATOR_PID" evaluator; stop_pid "$KAFKA_PID" Kafka
  stop_postgres_if_started; rm -rf "$RUN"
}
trap cleanup EXIT

# always the code in the tree (WK_BENCH_SKIP_BUILD=1 reuses the last build)
[ -n "${WK_BENCH_SKIP_BUILD:-}" ] && [ -f "$WK_ROOT/api-gateway/target/quarkus-app/quarkus-run.jar" ] \
  || (cd "$WK_ROOT" && ./mvnw -B -q -pl evaluator-service,api-gateway -am package -DskipTests) || die "build failed"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
LOAD=("$JAVA" -cp "$WK_ROOT/api-gateway/target/quarkus-app/lib/main/*" "$WK_ROOT/api-gateway/bench/GatewayLoad.java")

ensure_postgres
recreate_db wk_bench_evaluator
recreate_db wk_bench_gateway
KAFKA_PID="$(start_kafka "$RUN/kafka" "$KAFKA_PORT" "$((KAFKA_PORT + 1))")" || exit 1
PUBLIC_KEY="$("${LOAD[@]}" keys "$RUN")" || die "no key"

export WK_DB_HOST="$PGHOST" WK_DB_PORT="$PGPORT" WK_DB_USER="$WK_PG_USER" WK_DB_PASSWORD="$WK_PG_PASSWORD" \
  WK_KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT" WK_ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64)" \
  QUARKUS_OIDC_AUTH_SERVER_URL="" QUARKUS_OIDC_PUBLIC_KEY="$PUBLIC_KEY" QUARKUS_OIDC_TOKEN_ISSUER="$ISSUER"
PIN_GATEWAY=() PIN_LOAD=()
if [ -n "${WK_BENCH_PIN:-}" ]; then PIN_GATEWAY=(taskset -c 0); PIN_LOAD=(taskset -c 1); fi
UPSTREAM="${WK_BENCH_UPSTREAM:-evaluator}"
if [ "$UPSTREAM" = stub ]; then
  "${PIN_LOAD[@]}" "${LOAD[@]}" stub "$EVALUATOR_PORT" 13000 >"$RUN/evaluator.log" 2>&1 &
else
  WK_HTTP_PORT=$EVALUATOR_PORT WK_DB_NAME=wk_bench_evaluator WK_EVALUATOR_GROUP="bench-$(date +%s)" \
    "$JAVA" -jar "$WK_ROOT/evaluator-service/target/quarkus-app/quarkus-run.jar" >"$RUN/evaluator.log" 2>&1 &
fi
EVALUATOR_PID=$!
WK_HTTP_PORT=$GATEWAY_PORT WK_DB_NAME=wk_bench_gateway WK_EVALUATOR_URL="http://127.0.0.1:$EVALUATOR_PORT" \
  WK_GATEWAY_RATE_PER_CLIENT=1000000 WK_GATEWAY_RATE_PER_TENANT=1000000 \
  MALLOC_ARENA_MAX=2 "${PIN_GATEWAY[@]}" "$JAVA" ${WK_BENCH_GATEWAY_JAVA_OPTS:-$(image_jvm_opts api-gateway)} -jar "$WK_ROOT/api-gateway/target/quarkus-app/quarkus-run.jar" \
  >"$RUN/gateway.log" 2>&1 &
GATEWAY_PID=$!
for port in $EVALUATOR_PORT $GATEWAY_PORT; do
  for _ in $(seq 1 240); do curl -fsS -o /dev/null "http://127.0.0.1:$port/q/health/ready" 2>/dev/null && break; sleep 0.5; done
  curl -fsS -o /dev/null "http://127.0.0.1:$port/q/health/ready" || { tail -30 "$RUN"/*.log; die "port $port not ready"; }
done

# 20 alerts to list (the page the read asks for)
[ "$UPSTREAM" = stub ] || PGPASSWORD="$WK_PG_PASSWORD" psql -h "$PGHOST" -p "$PGPORT" -U "$WK_PG_USER" -d wk_bench_evaluator -qc "
  INSERT INTO alert (id, fingerprint, rule_id, rule_name, type, status, severity, title, message, labels, annotations,
                     value, threshold, starts_at, version, updated_at, priority, fired_at)
  SELECT gen_random_uuid(), 'fp' || n, gen_random_uuid(), 'low balance', 'threshold', 'firing', 'warning',
         'last(provider_balance) < 10 for app=chat-' || n, 'the balance is low',
         jsonb_build_object('app', 'chat-' || n, 'tenant', 'acme', 'alertname', 'low balance'), '{}'::jsonb,
         9.5, 10, now() - n * interval '1 minute', 1, now(), 'high', now()
    FROM generate_series(1, 20) AS n" || die "alerts not inserted"

# WK_BENCH_PATH: another read to compare (e.g. /api/v1/rules); the default is the issue's
READ="${WK_BENCH_PATH:-/api/v1/alerts?size=20}"
DIRECT="http://127.0.0.1:$EVALUATOR_PORT$READ"
THROUGH="http://127.0.0.1:$GATEWAY_PORT$READ"
log "each way: ${WARMUP}s warm-up, then ${SECONDS_MEASURED}s measured, at $RATE/s"
direct="$("${PIN_LOAD[@]}" "${LOAD[@]}" load "$RUN" "$DIRECT" "$RATE" "$WARMUP" "$SECONDS_MEASURED" "$ISSUER")"
through="$("${PIN_LOAD[@]}" "${LOAD[@]}" load "$RUN" "$THROUGH" "$RATE" "$WARMUP" "$SECONDS_MEASURED" "$ISSUER")"
peak="$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$GATEWAY_PID/status")"
p99() { sed -nE 's/.*p99=([0-9.]+)ms.*/\1/p' <<<"$1"; }
echo "direct to the evaluator:  $direct"
echo "through the gateway:      $through"
echo "gateway adds at p99:      $(awk -v a="$(p99 "$through")" -v b="$(p99 "$direct")" 'BEGIN {printf "%.2f ms", a - b}')"
echo "gateway peak RSS:         ${peak} MiB"
echo "($(nproc) cores; load generator, $UPSTREAM, gateway, PostgreSQL and Kafka on the same machine${WK_BENCH_PIN:+; gateway pinned to core 0, load and upstream to core 1})"
