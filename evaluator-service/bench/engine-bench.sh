#!/usr/bin/env bash
# Evaluator benchmark: the packaged evaluator against a fresh local Kafka broker and PostgreSQL, with 1,000 rules
# over 10,000 series. (1) throughput: a backlog of events is produced first, then the evaluator is started and
# timed draining it; (2) latency: events at a steady rate, event -> alert on wk.alerts.v1; (3) the evaluator's RSS.
#   evaluator-service/bench/engine-bench.sh [backlog events=1500000] [steady rate=10000] [steady seconds=30]
#                                           [warm-up seconds at the steady rate, not measured=10]
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../deploy/local/lib/common.sh"

EVENTS="${1:-1500000}"
RATE="${2:-10000}"
STEADY_SECONDS="${3:-30}"
WARM_UP_SECONDS="${4:-10}"
SERIES=10000
PORT=18182
KAFKA_PORT=29092
DB=wk_bench_evaluator
RUN_ID="bench$(date +%s)"
RUN="$(mktemp -d "${TMPDIR:-/tmp}/watchkeeper-engine-bench.XXXXXX")"
KAFKA_PID="" APP_PID="" SAMPLER=""
cleanup() { [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null; stop_pid "$APP_PID" evaluator; stop_pid "$KAFKA_PID" Kafka; stop_postgres_if_started; rm -rf "$RUN"; }
trap cleanup EXIT

APP="$WK_ROOT/evaluator-service/target/quarkus-app"
[ -f "$APP/quarkus-run.jar" ] || (cd "$WK_ROOT" && ./mvnw -B -q -pl evaluator-service -am package -DskipTests) || die "build failed"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
LOAD=("$JAVA" -cp "$APP/lib/main/*" "$WK_ROOT/evaluator-service/bench/EngineLoad.java")

ensure_postgres
recreate_db "$DB"
KAFKA_PID="$(start_kafka "$RUN/kafka" "$KAFKA_PORT" "$((KAFKA_PORT + 1))")" || exit 1
export WK_HTTP_PORT=$PORT WK_DB_HOST="$PGHOST" WK_DB_PORT="$PGPORT" WK_DB_NAME=$DB WK_DB_USER="$WK_PG_USER" \
  WK_DB_PASSWORD="$WK_PG_PASSWORD" WK_KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT" \
  WK_ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64)" WK_EVALUATOR_GROUP="bench-$RUN_ID"
WK_MIGRATE_AT_START=true QUARKUS_INIT_AND_EXIT=true "$JAVA" -jar "$APP/quarkus-run.jar" >"$RUN/migrate.log" 2>&1 || { tail -30 "$RUN/migrate.log"; die "migration failed"; }

# 1,000 rules, rule k selecting app=a<k> (10 series each): even k fire on the last value > 90, odd k on avg over 1m > 90
PGPASSWORD="$WK_PG_PASSWORD" psql -h "$PGHOST" -p "$PGPORT" -U "$WK_PG_USER" -d "$DB" -qc "
  INSERT INTO rule (id, name, type, matchers, condition, severity, priority, for_seconds, keep_firing_for_seconds,
                    cooldown_minutes, max_alerts_per_day, labels, annotations, enabled, created_by, created_at, updated_at)
  SELECT gen_random_uuid(), 'bench ' || k, 'THRESHOLD', '[{\"label\":\"app\",\"op\":\"=\",\"value\":\"a' || k || '\"}]',
         CASE WHEN k % 2 = 0 THEN '{\"metric\":\"bench_value\",\"aggregation\":\"last\",\"window\":\"5m\",\"operator\":\">\",\"threshold\":90}'
              ELSE '{\"metric\":\"bench_value\",\"aggregation\":\"avg\",\"window\":\"1m\",\"operator\":\">\",\"threshold\":90}' END,
         'WARNING', 'MEDIUM', 0, 0, 0, 10000, '{}', '{}', true, 'bench', now(), now()
  FROM generate_series(0, 999) k" || die "rules not created"

log "producing a backlog of $EVENTS events over $SERIES series"
"${LOAD[@]}" backlog "127.0.0.1:$KAFKA_PORT" "$RUN_ID" "$SERIES" "$EVENTS" || die "backlog failed"

log "starting the evaluator and timing the drain"
# with the container image's JVM settings (src/main/docker/Dockerfile.jvm) unless WK_BENCH_JAVA_OPTS says otherwise,
# its AppCDS archive made as the image makes it and run from its directory as there, migrated above as the pod's init
# container does (the service then loads no Liquibase)
make_appcds evaluator-service "$RUN/appcds.log"
(cd "$APP" && WK_MIGRATE_AT_START=false MALLOC_ARENA_MAX=2 exec "$JAVA" ${WK_BENCH_JAVA_OPTS:-$(image_jvm_opts evaluator-service)} \
  -jar quarkus-run.jar) >"$RUN/evaluator.log" 2>&1 &
APP_PID=$!
( while kill -0 "$APP_PID" 2>/dev/null; do awk '/VmRSS/ {print $2}' "/proc/$APP_PID/status" 2>/dev/null; sleep 0.5; done ) > "$RUN/rss" &
SAMPLER=$!
"${LOAD[@]}" drain "http://127.0.0.1:$PORT/q/metrics" "$EVENTS" || { tail -30 "$RUN/evaluator.log"; die "drain failed"; }

log "steady load: $RATE events/s for ${WARM_UP_SECONDS}s (warm-up) + ${STEADY_SECONDS}s"
"${LOAD[@]}" steady "127.0.0.1:$KAFKA_PORT" "$RUN_ID" "$SERIES" "$RATE" "$WARM_UP_SECONDS" "$STEADY_SECONDS" || die "steady load failed"

# where the memory goes: the live heap after a full collection (the state of the $SERIES bindings and the rest), the
# classes holding most of it, and — with -XX:NativeMemoryTracking=summary in WK_BENCH_JAVA_OPTS — the JVM's areas
JCMD="${JAVA_HOME:+$JAVA_HOME/bin/}jcmd"
if command -v "$JCMD" >/dev/null; then
  echo "evaluator RSS before a full collection: $(( $(awk '/VmRSS/ {print $2}' "/proc/$APP_PID/status") / 1024 )) MiB"
  "$JCMD" "$APP_PID" GC.run >/dev/null && "$JCMD" "$APP_PID" GC.heap_info | grep -vE "^[0-9]+:" | sed 's/^/  /'
  "$JCMD" "$APP_PID" GC.class_histogram | sed -n '2,20p' | sed 's/^/  /'
  "$JCMD" "$APP_PID" VM.native_memory summary 2>/dev/null | grep -E "^Total|^-" | sed 's/^/  /'
fi
curl -s "http://127.0.0.1:$PORT/q/metrics" | grep -E '^jvm_gc_pause_seconds_(sum|count|max)|^watchkeeper_evaluator_(bindings|rules|events_total|transitions_total|checkpoint_snapshot_seconds_(max|sum|count)|batch_evaluation_seconds_(max|sum|count)|tick_seconds_(max|sum|count)|transitions_batch_seconds_(max|sum|count))' | sed 's/^/  /'
curl -s "http://127.0.0.1:$PORT/q/metrics" | grep -iE "^(vertx_)?(sql|pool)" | head -30 | sed "s/^/  /"
PGPASSWORD="$WK_PG_PASSWORD" psql -h "$PGHOST" -p "$PGPORT" -U "$WK_PG_USER" -d "$DB" -Atc "
  SELECT 'checkpointed bindings: ' || count(*) || ', ' || coalesce(avg(length(state))::int, 0) || ' bytes each' FROM binding_state"
echo "evaluator peak RSS: $(( $(sort -n "$RUN/rss" | tail -1) / 1024 )) MiB, at the end: $(( $(tail -1 "$RUN/rss") / 1024 )) MiB"
grep -E "WARN|ERROR" "$RUN/evaluator.log" | grep -v MeterRegistry | head -5
exit 0
