#!/usr/bin/env bash
# GaaS performance benchmark (see "Performance" in README.md). One command, about 6 minutes:
#
#   bash bench/run.sh
#
# Builds the jar, starts PostgreSQL (embedded 17 binaries, or the server of BENCH_DATABASE_URL),
# runs the service on it with 64 users, drives POST /jobs, GET /users/me and POST /auth/login with
# wrk, audits every user's balance and ledger, measures the pgbench ceiling of the same transaction
# and the bare PBKDF2 cost, then repeats the service part on the default embedded H2 database.
#
# Needs: JDK 21+ (JAVA_HOME or java on PATH), wrk, curl, python3, psql and pgbench (client 13+).
# Settings (environment): BENCH_DATABASE_URL (postgresql://user:password@host:port/db of a server
# where a database may be created; default: embedded), BENCH_DURATION (20 s per measured run),
# BENCH_WARMUP (10 s), BENCH_CONNECTIONS (32), BENCH_THREADS (wrk threads, 2), BENCH_USERS (64),
# BENCH_APP_PORT (18100), BENCH_PG_PORT (15500), BENCH_SKIP_BUILD=1, BENCH_SKIP_H2=1,
# BENCH_JFR=1 (a flight recording + hot methods per measured run), BENCH_JAVA_OPTS,
# GAAS_PBKDF2_ITERATIONS, GAAS_DB_POOL_SIZE (passed to the service).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
export BENCH_DIR=$ROOT/bench
WORK=$ROOT/target/bench
DURATION=${BENCH_DURATION:-20}
WARMUP=${BENCH_WARMUP:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
USERS=${BENCH_USERS:-64}
APP_PORT=${BENCH_APP_PORT:-18100}
PG_PORT=${BENCH_PG_PORT:-15500}
ITERATIONS=${GAAS_PBKDF2_ITERATIONS:-310000}
INITIAL_HOURS=100000
export BENCH_PASSWORD='bench password 0123'
JWT_SECRET='YmVuY2gtb25seSBzZWNyZXQsIG5ldmVyIGluIHByb2R1Y3Rpb24h' # "bench-only secret, never in production!"
if [[ -n "${JAVA_HOME:-}" ]]; then JAVA=$JAVA_HOME/bin/java; else JAVA=java; fi
START_SECONDS=$SECONDS

APP_PID=""
PG_PID=""
EXTERNAL_DB=""
ADMIN_URI=""

log() { printf '%s [bench] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

stop_app() {
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    for _ in $(seq 150); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$APP_PID" 2>/dev/null || true
  fi
  APP_PID=""
}

cleanup() {
  local status=$?
  stop_app
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

# start_app LABEL [KEY=VALUE...]: starts the jar with the bench settings plus the given environment,
# in its own folder (the H2 default writes ./data there), and waits for readiness.
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

# count_statements: statements PostgreSQL receives for one submission (embedded server only).
count_statements() {
  local n=20 from
  psql -q "$ADMIN_URI" -c "ALTER SYSTEM SET log_statement = 'all'" -c "SELECT pg_reload_conf()" >/dev/null
  sleep 1
  from=$(($(wc -c <"$PG_LOG") + 1))
  local token
  token=$(head -1 "$USER_DIR/tokens.txt")
  for _ in $(seq $n); do
    curl -fs -o /dev/null --max-time 10 -X POST "http://127.0.0.1:$APP_PORT/api/v1/jobs" \
      -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"name":"count","gpuHours":0.01}'
  done
  sleep 1
  psql -q "$ADMIN_URI" -c "ALTER SYSTEM RESET log_statement" -c "SELECT pg_reload_conf()" >/dev/null
  # Only the service talks to the database meanwhile; the psql commands around are left out by text.
  tail -c +"$from" "$PG_LOG" | grep -E 'LOG:  (statement|execute [^:]*):' | grep -vE 'ALTER SYSTEM|pg_reload_conf' \
    | sed -E 's/.*LOG:  (statement|execute [^:]*): //' | cut -c1-60 | sort | uniq -c | sort -rn >"$WORK/statements.txt" \
    || true
  local total
  total=$(awk '{s += $1} END {print s + 0}' "$WORK/statements.txt")
  echo "statements total=$total submissions=$n per_submission=$(awk -v t="$total" -v n=$n 'BEGIN {printf "%.1f", t / n}')" \
    >>"$WORK/results.txt"
  log "statements for $n submissions (PostgreSQL log):"
  sed 's/^/    /' "$WORK/statements.txt" >&2
}

# run_service LABEL [KEY=VALUE...]: the whole service part on one database.
run_service() {
  local label=$1; shift
  start_app "$label" "$@"
  USER_DIR=$WORK/$label
  export BENCH_USERS_FILE=$USER_DIR/users.txt BENCH_TOKENS_FILE=$USER_DIR/tokens.txt
  log "$label: registering and logging in $USERS users"
  timeout 600 python3 "$BENCH_DIR/client.py" setup "http://127.0.0.1:$APP_PORT" "$USERS" "$BENCH_PASSWORD" "$USER_DIR"
  if [[ "$label" == postgresql && -n "$PG_LOG" ]]; then count_statements; fi
  # Logins go last: when wrk stops, the service still finishes the logins it has accepted, and
  # those must not be counted against the next run. A pause lets each run drain.
  log "$label: warm-up"
  load "$label" warmup-login login.lua 3 >/dev/null
  sleep 5
  load "$label" warmup-submit submit.lua "$WARMUP" >/dev/null
  load "$label" warmup-me me.lua $(((WARMUP + 1) / 2)) >/dev/null
  log "$label: measuring, ${DURATION} s each, $CONNECTIONS connections"
  sleep 2
  load "$label" submit submit.lua "$DURATION"
  sleep 2
  load "$label" me me.lua "$DURATION"
  sleep 2
  load "$label" login login.lua "$DURATION"
  sleep 5
  log "$label: auditing every user"
  local audit_status=0
  timeout 600 python3 "$BENCH_DIR/client.py" audit "http://127.0.0.1:$APP_PORT" "$INITIAL_HOURS" "$USER_DIR" \
    >"$USER_DIR/audit.txt" || audit_status=$?
  cat "$USER_DIR/audit.txt" >&2
  echo "$label $(grep '^AUDIT users' "$USER_DIR/audit.txt" || echo 'AUDIT failed')" >>"$WORK/results.txt"
  stop_app
  if [[ "${BENCH_JFR:-}" == 1 ]]; then
    log "flight recordings and hot methods of each $label run: $USER_DIR/*.jfr, $USER_DIR/*-hot-methods.txt"
  fi
  [[ $audit_status == 0 ]] || AUDIT_FAILED=1
}

AUDIT_FAILED=0
run_service postgresql SPRING_DATASOURCE_URL="$JDBC_URL" SPRING_DATASOURCE_USERNAME="$PG_USER" \
  SPRING_DATASOURCE_PASSWORD="$PG_PASSWORD"

# ---------------------------------------------------------------------------------------------
# pgbench: the same transaction on the same database, same clients and time, no HTTP and no JVM.
log "pgbench: $CONNECTIONS clients, ${DURATION} s"
mkdir -p "$WORK/pgbench"
pgbench_args=()
paste -d' ' "$WORK/postgresql/ids.txt" "$WORK/postgresql/users.txt" | while read -r id name; do
  sed -e "s/@USER_ID@/$id/g" -e "s/@USERNAME@/$name/g" "$BENCH_DIR/pgbench-submit.sql" >"$WORK/pgbench/$name.sql"
done
for f in "$WORK"/pgbench/*.sql; do pgbench_args+=(-f "$f"); done
PGBENCH_BEFORE=$(cpu_snapshot)
PGPASSWORD=$PG_PASSWORD timeout $((DURATION + 120)) pgbench -n -M prepared -c "$CONNECTIONS" -j "$THREADS" \
  -T "$DURATION" "${pgbench_args[@]}" "$DB_URI" >"$WORK/pgbench.txt" 2>&1 || { cat "$WORK/pgbench.txt" >&2; die pgbench; }
PGBENCH_TPS=$(grep -E '^tps = ' "$WORK/pgbench.txt" | head -1 | awk '{print $3}')
PGBENCH_LAT=$(grep -E '^latency average' "$WORK/pgbench.txt" | awk '{print $4}')
PGBENCH_TX=$(grep -E '^number of transactions actually processed' "$WORK/pgbench.txt" | awk '{print $NF}')
PGBENCH_CPU=$(cpu_split "$PGBENCH_TX" "$PGBENCH_BEFORE" "$(cpu_snapshot)")
echo "pgbench tps=$PGBENCH_TPS latency_avg_ms=$PGBENCH_LAT $PGBENCH_CPU" >>"$WORK/results.txt"
log "pgbench: $PGBENCH_TPS tps, average latency $PGBENCH_LAT ms"

# ---------------------------------------------------------------------------------------------
# Bare PBKDF2: the floor of a login's cost, same iterations, 1 thread and as many as the cores.
CORES=$(nproc)
log "bare PBKDF2 ($ITERATIONS iterations), 1 and $CORES threads"
timeout 300 "$JAVA" -cp "$BENCH_CP" io.gaas.bench.Pbkdf2Cost "$ITERATIONS" 10 "$CORES" >"$WORK/pbkdf2.txt"
sed 's/^/pbkdf2 /' "$WORK/pbkdf2.txt" >>"$WORK/results.txt"

# ---------------------------------------------------------------------------------------------
# The same service part on the default embedded H2 database (a fresh ./data in the run's folder).
if [[ "${BENCH_SKIP_H2:-}" != 1 ]]; then
  run_service h2
fi

# ---------------------------------------------------------------------------------------------
# Summary.
R=$WORK/results.txt
field() { # field LABEL NAME KEY
  grep -E "^$1 $2 " "$R" | tr ' ' '\n' | grep "^$3=" | cut -d= -f2
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
SUBMIT=$(field postgresql submit rps)
ME=$(field postgresql me rps)
LOGIN=$(field postgresql login rps)
P99=$(field postgresql submit p99_ms)
PB1=$(grep 'threads=1 ' "$WORK/pbkdf2.txt" | tr ' ' '\n' | grep '^checks_per_s=' | cut -d= -f2)
PBN=$(grep "threads=$CORES " "$WORK/pbkdf2.txt" | tr ' ' '\n' | grep '^checks_per_s=' | cut -d= -f2 | head -1)
AUDIT_PG=$(grep '^postgresql AUDIT' "$R" | cut -d' ' -f2-)

{
  echo
  echo "GaaS benchmark — $(date -u +%Y-%m-%dT%H:%M:%SZ), $CORES cores, $CONNECTIONS connections, $USERS users, ${DURATION} s per run after warm-up"
  for label in postgresql h2; do
    grep -q "^$label submit " "$R" || continue
    if [[ $label == postgresql ]]; then echo "== $PG_LABEL"; else echo "== H2 (embedded default, file database)"; fi
    echo "(CPU per request in ms: the service's JVM, PostgreSQL's processes, the rest of the machine incl. wrk)"
    printf '%-22s %10s %10s %10s %9s %9s %8s %8s %8s\n' endpoint 'req/s' 'p50 ms' 'p99 ms' 'non-2xx' 'sock.err' \
      'cpu app' 'cpu pg' 'cpu rest'
    for pair in "submit:POST /api/v1/jobs" "me:GET /api/v1/users/me" "login:POST /api/v1/auth/login"; do
      name=${pair%%:*}
      printf '%-22s %10s %10s %10s %9s %9s %8s %8s %8s\n' "${pair#*:}" "$(field $label "$name" rps)" \
        "$(field $label "$name" p50_ms)" "$(field $label "$name" p99_ms)" "$(field $label "$name" non2xx)" \
        "$(field $label "$name" socket_errors)" "$(field $label "$name" cpu_app_ms)" \
        "$(field $label "$name" cpu_pg_ms)" "$(field $label "$name" cpu_rest_ms)"
    done
    echo "audit: $(grep "^$label AUDIT" "$R" | cut -d' ' -f2-)"
    echo "start-up: time to ready $(grep "^$label startup_ms" "$R" | tr ' ' '\n' | grep startup_ms | cut -d= -f2) ms ($(grep "^$label startup_ms" "$R" | tr ' ' '\n' | grep spring_reported_s | cut -d= -f2) s reported by Spring)"
    if [[ $label == h2 ]]; then
      echo "ratios: users/me / submission = $(ratio "$(field h2 me rps)" "$(field h2 submit rps)")"
    fi
  done
  echo "== ratios on PostgreSQL (targets in brackets)"
  echo "submission / pgbench ceiling   = $(ratio "$SUBMIT" "$PGBENCH_TPS")   ($SUBMIT req/s vs $PGBENCH_TPS tps) [>= 0.6]"
  echo "submission p99                 = $P99 ms [<= 25 ms]"
  echo "pgbench CPU per transaction    = $(grep '^pgbench ' "$R" | tr ' ' '\n' | grep -E '^cpu_(pg|rest)_ms=' | tr '\n' ' ')"
  echo "users/me / submission          = $(ratio "$ME" "$SUBMIT") [>= 4]"
  echo "login / bare PBKDF2 ($CORES threads) = $(ratio "$LOGIN" "$PBN")   ($LOGIN logins/s vs $PBN checks/s; 1 thread: $PB1/s) [>= 0.9]"
  grep '^statements ' "$R" | sed 's/^statements /statements per submission: /' || true
  echo "audit: $AUDIT_PG"
  echo "wall time: $((SECONDS - START_SECONDS)) s; raw results in target/bench/"
} | tee "$WORK/summary.txt"

[[ $AUDIT_FAILED == 0 ]] || die "audit errors: a balance and its ledger disagree (see above)"
