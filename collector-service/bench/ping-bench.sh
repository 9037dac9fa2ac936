#!/usr/bin/env bash
# Ping endpoint benchmark: the packaged collector against a fresh local Kafka broker and PostgreSQL, loaded
# by wrk on loopback for a bounded time. Prints throughput, latency percentiles and the collector's peak RSS.
#   collector-service/bench/ping-bench.sh [seconds=20] [connections=64]
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../deploy/local/lib/common.sh"

SECONDS_RUN="${1:-20}"
CONNECTIONS="${2:-64}"
PORT=18181
KAFKA_PORT=29092
RUN="$(mktemp -d "${TMPDIR:-/tmp}/watchkeeper-bench.XXXXXX")"
KAFKA_PID="" APP_PID=""
cleanup() { stop_pid "$APP_PID" collector; stop_pid "$KAFKA_PID" Kafka; stop_postgres_if_started; rm -rf "$RUN"; }
trap cleanup EXIT

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >&2; } || die "cannot install wrk"
ensure_postgres
recreate_db wk_bench_collector
KAFKA_PID="$(start_kafka "$RUN/kafka" "$KAFKA_PORT" "$((KAFKA_PORT + 1))")" || exit 1
JAR="$WK_ROOT/collector-service/target/quarkus-app/quarkus-run.jar"
# the container image's JVM settings (src/main/docker/Dockerfile.jvm; override with WK_BENCH_JAVA_OPTS) and its two
# malloc arenas (MALLOC_ARENA_MAX below)
IMAGE_JVM_OPTS="$(image_jvm_opts collector-service)"
[ -f "$JAR" ] || (cd "$WK_ROOT" && ./mvnw -B -q -pl collector-service -am package -DskipTests) || die "build failed"

export MALLOC_ARENA_MAX=2 WK_HTTP_PORT=$PORT WK_DB_HOST="$PGHOST" WK_DB_PORT="$PGPORT" WK_DB_NAME=wk_bench_collector \
  WK_DB_USER="$WK_PG_USER" WK_DB_PASSWORD="$WK_PG_PASSWORD" WK_KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT" \
  WK_ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64)"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# as deployed (see the README): the schema migration runs once as an init step, the serving JVM skips Liquibase
QUARKUS_INIT_AND_EXIT=true "$JAVA" -jar "$JAR" >"$RUN/migrate.log" 2>&1 || { tail -30 "$RUN/migrate.log"; die "migration failed"; }
WK_MIGRATE_AT_START=false "$JAVA" ${WK_BENCH_JAVA_OPTS:-$IMAGE_JVM_OPTS} -jar "$JAR" >"$RUN/collector.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 120); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" && break; sleep 0.5; done
curl -fs -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" || { tail -30 "$RUN/collector.log"; die "collector not ready"; }

# a ping key straight into the table (hash only, as the service stores it)
KEY="bench-$(head -c 12 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9')"
HASH="$(printf '%s' "$KEY" | sha256sum | cut -d' ' -f1)"
PGPASSWORD="$WK_PG_PASSWORD" psql -h "$PGHOST" -p "$PGPORT" -U "$WK_PG_USER" -d wk_bench_collector -qc \
  "INSERT INTO ping_key VALUES (gen_random_uuid(), 'bench', NULL, '$HASH', 'hint', 'bench', now())"
URL="http://127.0.0.1:$PORT/ping/$KEY/bench-check"
curl -fs "$URL" >/dev/null || die "ping failed"

log "warming up (5 s)"
wrk -t2 -c"$CONNECTIONS" -d5s "$URL" >/dev/null
peak=0
( while kill -0 "$APP_PID" 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$APP_PID/status" 2>/dev/null); [ -n "$rss" ] && echo "$rss"; sleep 0.5
  done ) > "$RUN/rss" &
SAMPLER=$!
log "measuring for ${SECONDS_RUN}s with $CONNECTIONS connections"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --latency "$URL" | tee "$RUN/wrk.txt"
kill "$SAMPLER" 2>/dev/null
peak=$(sort -n "$RUN/rss" | tail -1)
echo "collector peak RSS during the run: $((peak / 1024)) MiB"
# WK_BENCH_NMT=1 (with -XX:NativeMemoryTracking=summary in WK_BENCH_JAVA_OPTS) prints where the memory goes
[ "${WK_BENCH_NMT:-}" = 1 ] && jcmd "$APP_PID" VM.native_memory summary | grep -E "committed=" | head -30
grep -q "Non-2xx" "$RUN/wrk.txt" && { grep "Non-2xx" "$RUN/wrk.txt"; die "some pings failed"; }
exit 0
