#!/usr/bin/env bash
# The local run: PostgreSQL, a Kafka broker, Keycloak (realm "watchkeeper"), the six services, built from this
# checkout, healthy, and left running, and a demo tenant (acme) whose alerts, deliveries and quota move in the web
# console within two minutes (WK_DEMO=off: none). Every WK_* variable set when up.sh runs reaches the services.
#   deploy/local/up.sh          start everything (idempotent: what already runs is left alone)
#   deploy/local/up.sh stop     stop exactly what up.sh started (same as deploy/local/down.sh)
#   deploy/local/up.sh status   what is running
#   deploy/local/up.sh restart evaluator-service [kill]   one service again (with "kill": SIGKILL first, as a crash)
# State (PIDs, logs, Kafka data, the local encryption key) lives in $WK_CACHE_DIR/local, outside the repository.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

KEYCLOAK_PORT=8180
KAFKA_PORT=9092
DEMO_PORT=8099
# the demo tenant (deploy/local/demo/Demo.java): on unless WK_DEMO=off
WK_DEMO="${WK_DEMO:-on}"
STATE="$WK_CACHE/local"
mkdir -p "$STATE/pids" "$STATE/logs"

# module:port:database
SERVICES=(
  "api-gateway:8080:wk_gateway"
  "collector-service:8081:wk_collector"
  "evaluator-service:8082:wk_evaluator"
  "notifier-service:8083:wk_notifier"
  "quota-service:8084:wk_quota"
  "iam-service:8085:wk_iam"
)

running() { [ -f "$STATE/pids/$1" ] && kill -0 "$(cat "$STATE/pids/$1")" 2>/dev/null; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_http() { # URL SECONDS NAME [PIDNAME]
  local url="$1" secs="$2" name="$3" pidname="${4:-}"
  for _ in $(seq 1 $((secs * 2))); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    if [ -n "$pidname" ] && ! running "$pidname"; then
      tail -30 "$STATE/logs/$pidname.log" >&2; die "$name exited during start (log: $STATE/logs/$pidname.log)"
    fi
    sleep 0.5
  done
  die "$name was not ready within ${secs}s (log: $STATE/logs/${pidname:-$name}.log)"
}

stop_all() {
  for entry in "${SERVICES[@]}"; do
    name="${entry%%:*}"
    running "$name" && stop_pid "$(cat "$STATE/pids/$name")" "$name"
    rm -f "$STATE/pids/$name"
  done
  running demo && stop_pid "$(cat "$STATE/pids/demo")" "the demo"
  rm -f "$STATE/pids/demo"
  running keycloak && stop_pid "$(cat "$STATE/pids/keycloak")" "Keycloak"
  running kafka && stop_pid "$(cat "$STATE/pids/kafka")" "Kafka"
  rm -f "$STATE/pids/keycloak" "$STATE/pids/kafka"
  if [ -f "$STATE/pids/postgres-cluster" ]; then
    WK_PG_STARTED="$(cat "$STATE/pids/postgres-cluster")" stop_postgres_if_started
    rm -f "$STATE/pids/postgres-cluster"
  fi
  log "stopped everything up.sh had started"
}

status() {
  for name in kafka keycloak $(for e in "${SERVICES[@]}"; do echo "${e%%:*}"; done) demo; do
    if running "$name"; then echo "running  $name (pid $(cat "$STATE/pids/$name"))"; else echo "stopped  $name"; fi
  done
}

start_kafka_local() {
  if running kafka; then log "Kafka already running"; return; fi
  if port_open "$KAFKA_PORT"; then log "a broker already listens on $KAFKA_PORT: using it"; return; fi
  local libs; libs="$(fetch_kafka)"
  local dir="$STATE/kafka" cp="$libs/*"
  local jvm=(-Xmx512m -Xms256m -XX:+UseG1GC "-Dlog4j2.configurationFile=$dir/log4j2.properties")
  if [ ! -f "$dir/data/meta.properties" ]; then
    # first run: write config and format storage via the shared starter, then stop it
    local pid; pid="$(start_kafka "$dir" "$KAFKA_PORT" "$((KAFKA_PORT + 1))")" || exit 1
    echo "$pid" > "$STATE/pids/kafka"
  else
    nohup java "${jvm[@]}" -cp "$cp" kafka.Kafka "$dir/server.properties" >"$dir/kafka.log" 2>&1 &
    echo $! > "$STATE/pids/kafka"
    for _ in $(seq 1 120); do port_open "$KAFKA_PORT" && break; running kafka || die "Kafka exited (log: $dir/kafka.log)"; sleep 0.5; done
  fi
  port_open "$KAFKA_PORT" || die "Kafka did not start (log: $dir/kafka.log)"
  log "Kafka is up on 127.0.0.1:$KAFKA_PORT"
}

# the web console's OIDC client secret, shared by Keycloak's realm and the gateway: random, made once
console_secret() {
  [ -f "$STATE/console-client.secret" ] || head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$STATE/console-client.secret"
  cat "$STATE/console-client.secret"
}

start_keycloak_local() {
  if running keycloak; then log "Keycloak already running"; return; fi
  if port_open "$KEYCLOAK_PORT"; then log "something already listens on $KEYCLOAK_PORT: using it as Keycloak"; return; fi
  # Keycloak's own admin account and the web console's client secret: random, kept in the state directory
  [ -f "$STATE/keycloak-admin.password" ] || head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$STATE/keycloak-admin.password"
  # Keycloak imports the realm only when it has none: after a change to the realm file (or the console's secret), start
  # from an empty one
  local realm="$WK_ROOT/deploy/local/keycloak/watchkeeper-realm.json" sum
  sum="$( { cat "$realm"; console_secret; } | sha256sum | cut -d' ' -f1)"
  if [ -f "$STATE/keycloak-realm.sha256" ] && [ "$(cat "$STATE/keycloak-realm.sha256")" != "$sum" ]; then
    log "the realm file changed: Keycloak imports it afresh"
    rm -rf "$(fetch_keycloak)/data/h2"
  fi
  echo "$sum" > "$STATE/keycloak-realm.sha256"
  start_keycloak "$KEYCLOAK_PORT" "$(cat "$STATE/keycloak-admin.password")" dev-file "$STATE/logs/keycloak.log" \
    "$(console_secret)" > "$STATE/pids/keycloak" \
    || { rm -f "$STATE/pids/keycloak"; exit 1; }
}

start_services() {
  log "building the services (./mvnw package -DskipTests)"
  (cd "$WK_ROOT" && ./mvnw -B -q -ntp package -DskipTests >"$STATE/logs/build.log" 2>&1) \
    || { tail -40 "$STATE/logs/build.log" >&2; die "build failed (log: $STATE/logs/build.log)"; }
  for entry in "${SERVICES[@]}"; do
    IFS=: read -r name port db <<<"$entry"
    if running "$name"; then log "$name already running"; continue; fi
    start_service "$name" "$port" "$db"
  done
  for entry in "${SERVICES[@]}"; do
    IFS=: read -r name port db <<<"$entry"
    wait_http "http://127.0.0.1:$port/q/health/ready" 120 "$name" "$name"
    log "$name is healthy on http://127.0.0.1:$port"
  done
}

# start_service NAME PORT DB: one service from its packaged jar, in the background
start_service() {
  local name="$1" port="$2" db="$3" key_file="$STATE/encryption.key"
  [ -f "$key_file" ] || head -c 32 /dev/urandom | base64 > "$key_file"
  psql_admin "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 || psql_admin "CREATE DATABASE $db OWNER $WK_PG_USER"
  # WK_EVALUATOR_INSTANCE_ID: a restarted evaluator takes its partitions back at once (Kafka static membership)
  WK_HTTP_PORT="$port" WK_DB_HOST="$PGHOST" WK_DB_PORT="$PGPORT" WK_DB_NAME="$db" \
  WK_DB_USER="$WK_PG_USER" WK_DB_PASSWORD="$WK_PG_PASSWORD" WK_KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT" \
  WK_OIDC_URL="http://127.0.0.1:$KEYCLOAK_PORT/realms/watchkeeper" WK_ENCRYPTION_KEY="$(cat "$key_file")" \
  WK_EVALUATOR_INSTANCE_ID="local-$port" WK_CONSOLE_CLIENT_SECRET="$(console_secret)" \
    nohup java -Xmx256m -XX:+UseSerialGC -jar "$WK_ROOT/$name/target/quarkus-app/quarkus-run.jar" \
    >>"$STATE/logs/$name.log" 2>&1 &
  echo $! > "$STATE/pids/$name"
}

# restart_service NAME [kill]: stop one service (SIGTERM, or SIGKILL with "kill", as a crash) and start its packaged
# jar again; the rest of the local run stays up. After a code change, package it first: ./mvnw -pl NAME -am package
restart_service() {
  local wanted="$1" how="${2:-}" entry name port db
  for entry in "${SERVICES[@]}"; do
    IFS=: read -r name port db <<<"$entry"
    [ "$name" = "$wanted" ] || continue
    if running "$name"; then
      local pid; pid="$(cat "$STATE/pids/$name")"
      if [ "$how" = kill ]; then
        kill -9 "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; log "$name killed (SIGKILL)"
      else stop_pid "$pid" "$name"; fi
    fi
    start_service "$name" "$port" "$db"
    wait_http "http://127.0.0.1:$port/q/health/ready" 120 "$name" "$name"
    log "$name is healthy again on http://127.0.0.1:$port"
    return 0
  done
  die "no service $wanted (one of: $(for e in "${SERVICES[@]}"; do printf '%s ' "${e%%:*}"; done))"
}

# start_demo: the demo tenant's outside world and its seeding (deploy/local/demo/Demo.java), through the gateway
start_demo() {
  if [ "$WK_DEMO" = off ]; then log "WK_DEMO=off: no demo"; return; fi
  if running demo; then log "the demo already runs"; return; fi
  nohup java "$WK_ROOT/deploy/local/demo/Demo.java" "http://127.0.0.1:8080" \
    "http://127.0.0.1:$KEYCLOAK_PORT/realms/watchkeeper" "$DEMO_PORT" "$STATE" >>"$STATE/logs/demo.log" 2>&1 &
  echo $! > "$STATE/pids/demo"
  for _ in $(seq 1 60); do
    grep -q "demo seeded" "$STATE/logs/demo.log" 2>/dev/null && { log "demo tenant acme seeded"; return; }
    running demo || { tail -20 "$STATE/logs/demo.log" >&2; die "the demo exited (log: $STATE/logs/demo.log)"; }
    sleep 1
  done
  die "the demo did not seed within 60 s (log: $STATE/logs/demo.log)"
}

summary() {
  cat <<TEXT

Watchkeeper is running.

  Web console        http://127.0.0.1:8080/console   sign in as admin, operator, viewer or acme-admin (password = name)
$(if [ "$WK_DEMO" != off ]; then echo "  Demo tenant acme   alerts, deliveries and a quota move within two minutes; what the chat sink got:
                     http://127.0.0.1:$DEMO_PORT/sink   (WK_DEMO=off deploy/local/up.sh: no demo)"; fi)

  api-gateway        http://127.0.0.1:8080   the front door: /api/v1/..., /ping/{pingKey}/{slug}, /openapi
  collector-service  http://127.0.0.1:8081   ping: http://127.0.0.1:8081/ping/{pingKey}/{slug}
  evaluator-service  http://127.0.0.1:8082
  notifier-service   http://127.0.0.1:8083
  quota-service      http://127.0.0.1:8084
  iam-service        http://127.0.0.1:8085
  each: /q/health  /q/metrics  /q/openapi
  Kafka              127.0.0.1:$KAFKA_PORT
  Keycloak           http://127.0.0.1:$KEYCLOAK_PORT  (realm watchkeeper; users admin, operator, viewer,
                     acme-admin — password = user name; its admin: kcadmin / $STATE/keycloak-admin.password)
  PostgreSQL         $PGHOST:$PGPORT  (databases wk_*, user $WK_PG_USER)

Get a token and call the API through the gateway:
  TOKEN=\$(deploy/local/token.sh admin)
  curl -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:8080/api/v1/alerts

Logs: $STATE/logs     Stop: deploy/local/up.sh stop     One service: deploy/local/up.sh restart NAME [kill]
TEXT
}

# the demo's provider and sink are on this machine: services (started or restarted) may call plain http on loopback
[ "$WK_DEMO" = off ] || export WK_ALLOWED_HOSTS="${WK_ALLOWED_HOSTS:-127.0.0.1,localhost}"

case "${1:-start}" in
  stop|down) stop_all ;;
  status) status ;;
  restart) [ -n "${2:-}" ] || die "usage: $0 restart SERVICE [kill]"; restart_service "$2" "${3:-}" ;;
  start)
    command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >&2; }
    ensure_postgres
    [ -n "$WK_PG_STARTED" ] && echo "$WK_PG_STARTED" > "$STATE/pids/postgres-cluster"
    start_kafka_local
    start_keycloak_local
    start_services
    start_demo
    summary ;;
  *) die "usage: $0 [start|stop|status|restart SERVICE [kill]]" ;;
esac
