#!/usr/bin/env bash
# Notifier benchmark, side by side with Prometheus Alertmanager (Debian package prometheus-alertmanager, fetched
# with apt-get download and unpacked into the cache; only its templates are copied where the Debian build looks).
# Both deliver Alertmanager-v4 webhooks to a local stub, each alert its own group (group_by ['...']), group_wait 0.
# Ours: alert events on wk.alerts.v1 → the packaged notifier (fresh Kafka, PostgreSQL) → an alertmanager_webhook
# channel; every delivery recorded. Theirs: the same alerts posted to /api/v2/alerts. Each system runs alone: ours
# first, then — the notifier, its broker and database stopped — Alertmanager. Reports the median of 3 bursts'
# alerts/s, steady-state latency p50/p99/max, CPU seconds and each process's peak RSS.
#   notifier-service/bench/notify-bench.sh [burst alerts=5000] [steady alerts/s=200] [steady seconds=20]
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../deploy/local/lib/common.sh"

BURST="${1:-5000}"
RATE="${2:-200}"
SECONDS_STEADY="${3:-20}"
PORT=18183
AM_PORT=19093
STUB_PORT=18999
KAFKA_PORT=29092
DB=wk_bench_notifier
RUN="$(mktemp -d "${TMPDIR:-/tmp}/watchkeeper-notify-bench.XXXXXX")"
KAFKA_PID="" APP_PID="" AM_PID="" SAMPLERS=()
cleanup() {
  for s in "${SAMPLERS[@]}"; do kill "$s" 2>/dev/null; done
  stop_pid "$APP_PID" notifier; stop_pid "$AM_PID" Alertmanager; stop_pid "$KAFKA_PID" Kafka
  stop_postgres_if_started; rm -rf "$RUN"
}
trap cleanup EXIT

# Alertmanager from the Debian archive, unpacked (not installed: no service, no root needed beyond apt's cache)
AM_DIR="$WK_CACHE/prometheus-alertmanager"
if [ ! -x "$AM_DIR/usr/bin/prometheus-alertmanager" ]; then
  log "fetching the Debian package prometheus-alertmanager into $AM_DIR"
  rm -rf "$AM_DIR" && mkdir -p "$AM_DIR/deb"
  (cd "$AM_DIR/deb" && apt-get download prometheus-alertmanager >&2) || die "apt-get download prometheus-alertmanager failed"
  dpkg -x "$AM_DIR"/deb/*.deb "$AM_DIR" || die "could not unpack the package"
fi
# Debian's build reads its default notification templates from this fixed path
AM_TEMPLATES=/usr/share/prometheus/alertmanager
if [ ! -f "$AM_TEMPLATES/default.tmpl" ]; then
  log "placing Alertmanager's default templates in $AM_TEMPLATES (where the Debian build looks for them)"
  mkdir -p "$AM_TEMPLATES" && cp "$AM_DIR$AM_TEMPLATES"/*.tmpl "$AM_TEMPLATES/" \
    || die "cannot write $AM_TEMPLATES: install the package instead (apt-get install prometheus-alertmanager)"
fi
AM_VERSION="$("$AM_DIR/usr/bin/prometheus-alertmanager" --version 2>&1 | head -1)"

APP="$WK_ROOT/notifier-service/target/quarkus-app"
# always the code in the tree (WK_BENCH_SKIP_BUILD=1 reuses the last build)
[ -n "${WK_BENCH_SKIP_BUILD:-}" ] && [ -f "$APP/quarkus-run.jar" ] \
  || (cd "$WK_ROOT" && ./mvnw -B -q -pl notifier-service -am package -DskipTests) || die "build failed"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# WK_BENCH_BURSTS: measured bursts per system (default 3; more narrow the median, each takes ~5 s more per system)
LOAD=("$JAVA" "-DmeasuredBursts=${WK_BENCH_BURSTS:-3}" -cp "$APP/lib/main/*" "$WK_ROOT/notifier-service/bench/NotifyLoad.java")
KEY="$(head -c 32 /dev/urandom | base64)"

ensure_postgres
recreate_db "$DB"
KAFKA_PID="$(start_kafka "$RUN/kafka" "$KAFKA_PORT" "$((KAFKA_PORT + 1))")" || exit 1
export WK_HTTP_PORT=$PORT WK_DB_HOST="$PGHOST" WK_DB_PORT="$PGPORT" WK_DB_NAME=$DB WK_DB_USER="$WK_PG_USER" \
  WK_DB_PASSWORD="$WK_PG_PASSWORD" WK_KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT" WK_ENCRYPTION_KEY="$KEY" \
  WK_ALLOWED_HOSTS=127.0.0.1 WK_NOTIFIER_GROUP="bench-$(date +%s)"
WK_MIGRATE_AT_START=true QUARKUS_INIT_AND_EXIT=true "$JAVA" -jar "$APP/quarkus-run.jar" >"$RUN/migrate.log" 2>&1 || { tail -30 "$RUN/migrate.log"; die "migration failed"; }

# one alertmanager_webhook channel on the default route (which groups by everything and waits for nothing)
SEALED="$("${LOAD[@]}" seal "$KEY" "http://127.0.0.1:$STUB_PORT/ours" 2>/dev/null)" || die "could not seal the channel URL"
PGPASSWORD="$WK_PG_PASSWORD" psql -h "$PGHOST" -p "$PGPORT" -U "$WK_PG_USER" -d "$DB" -qc "
  INSERT INTO channel (id, name, type, secret, secret_hint, settings, enabled, created_by, created_at)
  VALUES ('11111111-1111-1111-1111-111111111111', 'bench stub', 'alertmanager_webhook', '$SEALED', '127.0.0.1…ours',
          '{\"mentionedMobiles\":[],\"mentionedUsers\":[],\"emails\":[]}', true, 'bench', now());
  UPDATE route SET channel_ids = '11111111-1111-1111-1111-111111111111', group_by = '...', group_wait_ms = 0,
                   group_interval_ms = 0 WHERE id = '00000000-0000-0000-0000-000000000000'" || die "channel not created"

# with the container image's JVM settings (src/main/docker/Dockerfile.jvm), migrated above as a migration job does
IMAGE_JVM_OPTS="$(image_jvm_opts notifier-service)"
# its AppCDS archive made as the image makes it, and run from its directory as there
make_appcds notifier-service "$RUN/appcds.log"
(cd "$APP" && WK_MIGRATE_AT_START=false MALLOC_ARENA_MAX=2 exec "$JAVA" ${WK_BENCH_JAVA_OPTS:-$IMAGE_JVM_OPTS} \
  -jar quarkus-run.jar) >"$RUN/notifier.log" 2>&1 &
APP_PID=$!
# peak RSS in KiB: total, anonymous (heap, metaspace, malloc), file-backed (libjvm, the JDK's modules image, CDS)
sample_rss() {
  ( while kill -0 "$1" 2>/dev/null; do
      awk '/^(VmRSS|RssAnon|RssFile|RssShmem):/ {v[$1] = $2} END {print v["VmRSS:"], v["RssAnon:"], v["RssFile:"] + v["RssShmem:"]}' \
        "/proc/$1/status" 2>/dev/null; sleep 0.5; done ) > "$RUN/rss.$1" &
  SAMPLERS+=($!)
}
peak() { sort -n "$RUN/rss.$1" | tail -1 | awk '{printf "%.1f MiB (anonymous %.1f, file-backed %.1f)", $1 / 1024, $2 / 1024, $3 / 1024}'; }
cpu_seconds() { for p in "$@"; do cat "/proc/$p/stat" 2>/dev/null; done \
  | awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); s += $12 + $13 + $14 + $15 } END { printf "%.1f", s / hz }'; }
sample_rss "$APP_PID"
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null || { tail -30 "$RUN/notifier.log"; die "the notifier did not get ready"; }
READY_RSS_KIB="$(awk '/^VmRSS:/ {print $2}' "/proc/$APP_PID/status")"
# the JVM silently runs without an archive it cannot use
grep -q "$APP/app-cds.jsa" "/proc/$APP_PID/maps" && CDS="AppCDS archive mapped" || CDS="AppCDS archive NOT mapped"

# each system alone on the machine: ours with its broker and database, then — those stopped — Alertmanager
ours_cpu() { echo "$(cpu_seconds "$APP_PID") $(cpu_seconds $(pgrep -x postgres)) $(cpu_seconds "$KAFKA_PID")"; }
LOAD_CPU_FROM=($(ours_cpu))
log "Watchkeeper: 3 warm-up and 3 measured bursts of $BURST alerts, then $RATE alerts/s for ${SECONDS_STEADY}s"
"${LOAD[@]}" run ours "127.0.0.1:$KAFKA_PORT" "$STUB_PORT" "$BURST" "$RATE" "$SECONDS_STEADY" \
  || { tail -30 "$RUN/notifier.log"; die "the load failed"; }
curl -s "http://127.0.0.1:$PORT/q/metrics" | grep -E '^watchkeeper_notifier_(batch_record|dispatch_(claim|send|settle))_seconds_(count|sum|max)|^watchkeeper_outbox_delay_seconds_(count|sum|max)' | sed 's/^/  /'
PGPASSWORD="$WK_PG_PASSWORD" psql -h "$PGHOST" -p "$PGPORT" -U "$WK_PG_USER" -d "$DB" -Atc "
  SELECT 'steady: event → recorded p50 ' || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms_recorded)) || ' ms, recorded → sent p50 '
         || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms_sent)) || ' ms, p99 ' || round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms_sent)) || ' ms'
    FROM (SELECT extract(epoch FROM created_at - (alert->>'startsAt')::timestamptz) * 1000 ms_recorded,
                 extract(epoch FROM sent_at - created_at) * 1000 ms_sent
            FROM delivery WHERE alert->'labels'->>'bench_seq' LIKE 'ours-s%') d"
PGPASSWORD="$WK_PG_PASSWORD" psql -h "$PGHOST" -p "$PGPORT" -U "$WK_PG_USER" -d "$DB" -Atc "
  SELECT 'deliveries recorded: ' || string_agg(status || ' ' || n, ', ') FROM (SELECT status, count(*) n FROM delivery GROUP BY status) s"
# WK_BENCH_JAVA_OPTS="... -XX:NativeMemoryTracking=summary" adds the JVM's own account of where its memory went
case "${WK_BENCH_JAVA_OPTS:-}" in *NativeMemoryTracking*)
  "${JAVA%java}jcmd" "$APP_PID" VM.native_memory summary | grep -E "committed=" | sed 's/^/  /' ;; esac
LOAD_CPU_TO=($(ours_cpu))
echo "CPU seconds over the whole run: watchkeeper notifier ${LOAD_CPU_TO[0]}, its PostgreSQL ${LOAD_CPU_TO[1]}, its Kafka ${LOAD_CPU_TO[2]}"
echo "  of them under load (from ready to the last delivery): $(awk -v a="${LOAD_CPU_FROM[*]}" -v b="${LOAD_CPU_TO[*]}" \
  'BEGIN { split(a, x); split(b, y); printf "notifier %.1f, PostgreSQL %.1f, Kafka %.1f", y[1] - x[1], y[2] - x[2], y[3] - x[3] }')"
echo "peak RSS: watchkeeper notifier $(peak "$APP_PID") — $((READY_RSS_KIB / 1024)) MiB when it got ready; $CDS"
grep -E "WARN|ERROR" "$RUN/notifier.log" | grep -v MeterRegistry | head -5
stop_pid "$APP_PID" notifier; stop_pid "$KAFKA_PID" Kafka; stop_postgres_if_started; WK_PG_STARTED=""
# WK_BENCH_OURS_ONLY=1: stop here (while trying a change; the comparison needs both)
[ -n "${WK_BENCH_OURS_ONLY:-}" ] && exit 0

cat > "$RUN/alertmanager.yml" <<YML
route:
  receiver: stub
  group_by: ['...']
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 4h
receivers:
  - name: stub
    webhook_configs:
      - url: http://127.0.0.1:$STUB_PORT/am
        send_resolved: false
YML
"$AM_DIR/usr/bin/prometheus-alertmanager" --config.file="$RUN/alertmanager.yml" --storage.path="$RUN/am" \
  --web.listen-address="127.0.0.1:$AM_PORT" --cluster.listen-address= --log.level=warn >"$RUN/am.log" 2>&1 &
AM_PID=$!
sample_rss "$AM_PID"
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$AM_PORT/-/ready" >/dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$AM_PORT/-/ready" >/dev/null || { tail -30 "$RUN/am.log"; die "Alertmanager did not get ready"; }
log "$AM_VERSION: the same"
"${LOAD[@]}" run am "http://127.0.0.1:$AM_PORT" "$STUB_PORT" "$BURST" "$RATE" "$SECONDS_STEADY" \
  || { tail -30 "$RUN/am.log"; die "the load failed"; }
echo "CPU seconds over the whole run: alertmanager $(cpu_seconds "$AM_PID")"
echo "peak RSS: alertmanager $(peak "$AM_PID")"
exit 0
