# Shared by bench/run.sh and bench/compare.sh (sourced, not run): logging, the build, PostgreSQL
# (embedded or BENCH_DATABASE_URL), starting the service, wrk runs and where their CPU went.
# Expects ROOT, BENCH_DIR, WORK and APP_PORT to be set; sourcing it builds (unless BENCH_SKIP_BUILD=1)
# and starts PostgreSQL.

# Settings both scripts share (see README.md, "Performance").
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
USERS=${BENCH_USERS:-64}
PG_PORT=${BENCH_PG_PORT:-15500}
ITERATIONS=${GAAS_PBKDF2_ITERATIONS:-310000}
INITIAL_HOURS=100000
export BENCH_PASSWORD='bench password 0123'
JWT_SECRET='YmVuY2gtb25seSBzZWNyZXQsIG5ldmVyIGluIHByb2R1Y3Rpb24h' # "bench-only secret, never in production!"
if [[ -n "${JAVA_HOME:-}" ]]; then JAVA=$JAVA_HOME/bin/java; else JAVA=java; fi

APP_PID=""
APP_PIDS=()
PG_PID=""
EXTERNAL_DB=""
ADMIN_URI=""

log() { printf '%s [bench] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# stop_app [PID]: stops a service (default: the last started) and waits for it.
stop_app() {
  local pid=${1:-$APP_PID}
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  [[ "$pid" != "$APP_PID" ]] || APP_PID=""
}

cleanup() {
  local status=$?
  local pid
  for pid in "${APP_PIDS[@]}"; do stop_app "$pid"; done
  if [[ -n "$EXTERNAL_DB" ]]; then
    psql -q "$ADMIN_URI" -c "DROP DATABASE IF EXISTS $EXTERNAL_DB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  if [[ -n "$PG_PID" ]]; then
    exec 3>&- 2>/dev/null || true # end of input: the launcher stops PostgreSQL
    for _ in $(seq 50); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.2; done
    kill "$PG_PID" 2>/dev/null || true
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in wrk curl python3 psql pgbench; do
  command -v "$tool" >/dev/null || die "$tool is not installed (Debian: apt-get install -y wrk curl python3 postgresql-client postgresql-contrib)"
done

# ---------------------------------------------------------------------------------------------
# Build: the jar, the bench launchers (test classes) and their class path.
rm -rf "$WORK"
mkdir -p "$WORK"
if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  log "building the jar and the bench launchers"
  timeout 1200 ./mvnw -q -B -DskipTests package
  timeout 600 ./mvnw -q -B test-compile
  timeout 600 ./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt
fi
JAR=$ROOT/target/gaas-1.0.0.jar
[[ -f "$JAR" && -f target/bench-classpath.txt ]] || die "no jar or class path: run without BENCH_SKIP_BUILD"
BENCH_CP=$ROOT/target/test-classes:$(cat target/bench-classpath.txt)

# ---------------------------------------------------------------------------------------------
# PostgreSQL: the embedded binaries, or a database created on BENCH_DATABASE_URL's server.
DB_NAME=gaas_bench
if [[ -z "${BENCH_DATABASE_URL:-}" ]]; then
  log "starting embedded PostgreSQL on port $PG_PORT"
  mkfifo "$WORK/pg.in"
  "$JAVA" -cp "$BENCH_CP" io.gaas.bench.BenchPostgres "$PG_PORT" "$WORK/pg" <"$WORK/pg.in" >"$WORK/pg.out" 2>&1 &
  PG_PID=$!
  exec 3>"$WORK/pg.in" # held open for as long as this script runs
  for _ in $(seq 300); do
    grep -q '^JDBC_URL=' "$WORK/pg.out" && break
    kill -0 "$PG_PID" 2>/dev/null || { tail -20 "$WORK/pg.out" >&2; die "embedded PostgreSQL did not start"; }
    sleep 0.2
  done
  grep -q '^JDBC_URL=' "$WORK/pg.out" || die "embedded PostgreSQL did not start within 60 s"
  PG_USER=postgres PG_PASSWORD=postgres PG_HOST=127.0.0.1
  ADMIN_URI="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
  DB_URI="postgresql://postgres@127.0.0.1:$PG_PORT/$DB_NAME"
  PG_LOG=$WORK/pg/log/postgresql.log
  PG_LABEL="PostgreSQL (embedded $(psql -Atq "$ADMIN_URI" -c 'SHOW server_version' | cut -d' ' -f1))"
else
  [[ "$BENCH_DATABASE_URL" =~ ^postgres(ql)?://([^:@/]+)(:([^@/]*))?@([^:/]+)(:([0-9]+))?/([^?]+) ]] \
    || die "BENCH_DATABASE_URL must look like postgresql://user:password@host:port/database"
  PG_USER=${BASH_REMATCH[2]} PG_PASSWORD=${BASH_REMATCH[4]} PG_HOST=${BASH_REMATCH[5]} PG_PORT=${BASH_REMATCH[7]:-5432}
  DB_NAME=gaas_bench_$(date +%s)
  EXTERNAL_DB=$DB_NAME
  ADMIN_URI=$BENCH_DATABASE_URL
  DB_URI="postgresql://$PG_USER${PG_PASSWORD:+:$PG_PASSWORD}@$PG_HOST:$PG_PORT/$DB_NAME"
  PG_LOG=""
  PG_LABEL="PostgreSQL $(psql -Atq "$ADMIN_URI" -c 'SHOW server_version' | cut -d' ' -f1) at $PG_HOST:$PG_PORT"
fi
psql -q "$ADMIN_URI" -c "CREATE DATABASE $DB_NAME" >/dev/null
JDBC_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB_NAME"

# ---------------------------------------------------------------------------------------------
# The service: start, time to ready, load, audit.

# start_app LABEL [KEY=VALUE...]: starts $JAR on $APP_PORT with the bench settings plus the given
# environment, in its own folder (the H2 default writes ./data there), and waits for readiness;
# APP_PID is then its process.
start_app() {
  local label=$1; shift
  local dir=$WORK/$label
  mkdir -p "$dir"
  local java_opts=(-Xms1g -Xmx1g)
  # shellcheck disable=SC2206
  java_opts+=(${BENCH_JAVA_OPTS:-})
  local t0
  t0=$(date +%s%N)
  (cd "$dir" && exec env SERVER_PORT="$APP_PORT" GAAS_INITIAL_QUOTA_HOURS=$INITIAL_HOURS \
      GAAS_JWT_SECRET="$JWT_SECRET" GAAS_PBKDF2_ITERATIONS="$ITERATIONS" "$@" \
      "$JAVA" "${java_opts[@]}" -jar "$JAR" >"$dir/app.log" 2>&1) &
  APP_PID=$!
  APP_PIDS+=("$APP_PID")
  local ready=""
  for _ in $(seq 1200); do # 120 s at most
    if curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$APP_PORT/actuator/health/readiness"; then
      ready=1; break
    fi
    kill -0 "$APP_PID" 2>/dev/null || break
    sleep 0.1
  done
  [[ -n "$ready" ]] || { tail -40 "$dir/app.log" >&2; die "the service ($label) did not become ready"; }
  local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  local started
  started=$(grep -o 'Started GaasApplication in [0-9.]* seconds' "$dir/app.log" | grep -o '[0-9.]*' || echo '?')
  echo "$label startup_ms=$ms spring_reported_s=$started" >>"$WORK/results.txt"
  log "service ($label) ready after $ms ms (Spring: 'Started in $started s')"
}

# cpu_ticks PID...: CPU time (user + system, in clock ticks) the processes have used so far, with
# that of their ended children (PostgreSQL backends of closed connections).
cpu_ticks() {
  local total=0 pid stat
  for pid in "$@"; do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    stat=${stat##*) } # the fields after the command name, which may hold spaces
    read -r -a fields <<<"$stat"
    total=$((total + fields[11] + fields[12] + fields[13] + fields[14]))
  done
  echo "$total"
}
# postgres_pids: the server processes of the benchmark's PostgreSQL (embedded or local), if visible.
postgres_pids() { pgrep -x postgres || true; }
# machine_ticks: busy and total CPU ticks of the whole machine.
machine_ticks() { awk '/^cpu / {busy = $2 + $3 + $4 + $7 + $8; print busy, busy + $5 + $6}' /proc/stat; }

# cpu_split REQUESTS BEFORE AFTER: where the CPU went, per request, from two snapshots of
# "app_ticks pg_ticks machine_busy machine_total".
cpu_split() {
  awk -v n="$1" -v hz="$(getconf CLK_TCK)" -v cores="$(nproc)" '
    NR == 1 { a = $1; p = $2; b = $3; t = $4 }
    NR == 2 { ms = 1000 / hz / (n > 0 ? n : 1)
              printf "cpu_app_ms=%.3f cpu_pg_ms=%.3f cpu_rest_ms=%.3f machine_busy_pct=%.0f", ($1 - a) * ms, ($2 - p) * ms, (($3 - b) - ($1 - a) - ($2 - p)) * ms, 100 * ($3 - b) / ($4 - t) }' <<<"$2
$3"
}

# cpu_snapshot [PID]: "app_ticks pg_ticks machine_busy machine_total" now.
cpu_snapshot() {
  # shellcheck disable=SC2046
  echo "$(cpu_ticks ${1:-}) $(cpu_ticks $(postgres_pids)) $(machine_ticks)"
}

# load LABEL NAME SCRIPT SECONDS: one wrk run; the result line goes to results.txt.
load() {
  local label=$1 name=$2 script=$3 seconds=$4
  local out=$WORK/$label/wrk-$name.txt
  # BENCH_JFR=1: one flight recording per measured run, so each endpoint's hot methods stand alone.
  local jfr=""
  if [[ "${BENCH_JFR:-}" == 1 && "$name" != warmup-* ]]; then
    jfr=$WORK/$label/$name.jfr
    timeout 60 "${JAVA%/java}/jcmd" "$APP_PID" JFR.start name="$name" settings=profile >/dev/null
  fi
  local before
  before=$(cpu_snapshot "$APP_PID")
  timeout $((seconds + 60)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s \
    -s "$BENCH_DIR/$script" "http://127.0.0.1:$APP_PORT" >"$out" 2>&1 || { cat "$out" >&2; die "wrk $name"; }
  local result
  result=$(grep '^RESULT ' "$out" | sed 's/^RESULT //')
  [[ -n "$result" ]] || { cat "$out" >&2; die "wrk $name printed no result"; }
  result="$result $(cpu_split "$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$result")" "$before" "$(cpu_snapshot "$APP_PID")")"
  echo "$label $name $result" >>"$WORK/results.txt"
  if [[ -n "$jfr" ]]; then
    timeout 60 "${JAVA%/java}/jcmd" "$APP_PID" JFR.stop name="$name" filename="$jfr" >/dev/null
    timeout 120 "${JAVA%/java}/jfr" view --width 180 hot-methods "$jfr" >"${jfr%.jfr}-hot-methods.txt" 2>&1 || true
  fi
  log "$label $name: $result"
}

