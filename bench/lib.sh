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
export BENCH_ADMIN=bench_admin # creates the claim phase's pools and workers
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

# The settings that decide whether a commit waits for the disk, printed with the figures, and every
# setting not at PostgreSQL's built-in default (initdb's and the server's own) in pg-settings.txt.
PG_DURABILITY=$(psql -Atq "$ADMIN_URI" -c "SELECT string_agg(name || '=' || current_setting(name), ' '
  ORDER BY array_position(ARRAY['synchronous_commit', 'fsync', 'full_page_writes', 'wal_sync_method',
  'commit_delay', 'commit_siblings', 'wal_level', 'shared_buffers', 'max_connections'], name::text))
  FROM pg_settings WHERE name IN ('synchronous_commit', 'fsync', 'full_page_writes', 'wal_sync_method',
  'commit_delay', 'commit_siblings', 'wal_level', 'shared_buffers', 'max_connections')")
psql -q "$ADMIN_URI" -c "SELECT name, current_setting(name) AS value, source FROM pg_settings
  WHERE source NOT IN ('default', 'override') ORDER BY name" >"$WORK/pg-settings.txt"
echo "pgsettings $PG_DURABILITY" >>"$WORK/results.txt"
# The postmaster is the parent of the checkpointer; empty when the server is on another machine.
PG_POSTMASTER=$(awk '{print $4}' "/proc/$(psql -Atq "$ADMIN_URI" \
  -c "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'")/stat" 2>/dev/null || true)
[[ -z "$PG_POSTMASTER" || "$(cat "/proc/$PG_POSTMASTER/comm" 2>/dev/null)" == postgres ]] || PG_POSTMASTER=""
log "PostgreSQL: $PG_DURABILITY"

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
  # Every bench user registers from loopback: the per-address registration limit would stop at 20.
  (cd "$dir" && exec env SERVER_PORT="$APP_PORT" GAAS_INITIAL_QUOTA_HOURS=$INITIAL_HOURS \
      GAAS_REGISTRATIONS_PER_HOUR=1000000 GAAS_ADMIN_USERNAME="$BENCH_ADMIN" GAAS_ADMIN_PASSWORD="$BENCH_PASSWORD" \
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
# postgres_pids: the server processes of the benchmark's PostgreSQL (embedded or local), if visible:
# its postmaster (whose child ticks hold those of ended backends) and the postmaster's children.
# Other PostgreSQL servers on the machine (tests) are not counted.
postgres_pids() {
  [[ -n "$PG_POSTMASTER" ]] || return 0
  echo "$PG_POSTMASTER"
  pgrep -P "$PG_POSTMASTER" || true
}
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

# wait_sampler_start FILE: samples pg_stat_activity every 100 ms, one line per client backend of the
# bench database ("time state wait_event_type:wait_event", CPU when an active backend waits for
# nothing), until wait_sampler_stop. The sampler's own session is in another database.
WAIT_SAMPLER_PID=""
wait_sampler_start() {
  psql -Atq "$ADMIN_URI" >"$1" 2>/dev/null <<EOF &
SELECT to_char(clock_timestamp(), 'HH24MISS.MS') || ' ' || replace(coalesce(state, 'starting'), ' ', '_') || ' '
       || CASE WHEN wait_event IS NULL THEN 'CPU' ELSE wait_event_type || ':' || wait_event END
FROM pg_stat_activity
WHERE datname = '$DB_NAME' AND backend_type = 'client backend' AND pid <> pg_backend_pid() \\watch 0.1
EOF
  WAIT_SAMPLER_PID=$!
}
wait_sampler_stop() {
  [[ -n "$WAIT_SAMPLER_PID" ]] || return 0
  kill "$WAIT_SAMPLER_PID" 2>/dev/null || true
  wait "$WAIT_SAMPLER_PID" 2>/dev/null || true
  WAIT_SAMPLER_PID=""
}
# wait_summary FILE: the average number of the database's client backends in each state and wait
# over the samples, most first: "waits_samples=N active:CPU=1.90 active:IO:WalSync=3.20 ...".
wait_summary() {
  awk '{ samples[$1] = 1; n[$2 ":" $3]++ }
       END { s = length(samples); print "waits_samples=" s
             for (k in n) printf "%.2f %s\n", n[k] / (s > 0 ? s : 1), k }' "$1" \
    | { read -r head; printf '%s' "$head"; sort -rn | awk '{ printf " %s=%s", $2, $1 }'; }
}

# hikari_snapshot: the service's HikariCP counters from /actuator/prometheus ("acquire_count
# acquire_sum_s usage_count usage_sum_s timeouts"), zeros if not available.
hikari_snapshot() {
  curl -fs --max-time 5 "http://127.0.0.1:$APP_PORT/actuator/prometheus" 2>/dev/null | awk '
    /^hikaricp_connections_acquire_seconds_count/ { ac += $NF } /^hikaricp_connections_acquire_seconds_sum/ { as += $NF }
    /^hikaricp_connections_usage_seconds_count/ { uc += $NF } /^hikaricp_connections_usage_seconds_sum/ { us += $NF }
    /^hikaricp_connections_timeout_total/ { to += $NF }
    END { printf "%d %.6f %d %.6f %d\n", ac, as, uc, us, to }'
}
# hikari_split REQUESTS BEFORE AFTER: pooled connections taken per request, the mean wait for one
# and the mean time one is held, in ms; nothing when a snapshot failed (the service too busy to
# answer within 5 s).
hikari_split() {
  awk -v n="$1" 'NR == 1 { ac = $1; as = $2; uc = $3; us = $4; to = $5 }
    NR == 2 && (ac == 0 || $1 < ac) { exit }
    NR == 2 { dac = $1 - ac; duc = $3 - uc
              printf "pool_per_req=%.2f pool_wait_ms=%.3f pool_held_ms=%.3f pool_timeouts=%d",
                (n > 0 ? dac / n : 0), (dac > 0 ? 1000 * ($2 - as) / dac : 0), (duc > 0 ? 1000 * ($4 - us) / duc : 0), $5 - to }' <<<"$2
$3"
}

# thread_ticks PID: the CPU ticks (user, system) of each of the process's threads so far, summed by
# thread name without its digits ("C2 CompilerThread", "ForkJoinPool-#-worker-#", ...).
thread_ticks() {
  local task stat name
  for task in /proc/"$1"/task/*; do
    stat=$(cat "$task/stat" 2>/dev/null) || continue
    name=${stat#*(}; name=${name%)*}
    stat=${stat##*) }
    read -r -a fields <<<"$stat"
    printf '%s\t%d\t%d\n' "$name" "${fields[11]}" "${fields[12]}"
  done | awk -F'\t' '{ k = $1; gsub(/[0-9]+/, "#", k); gsub(/ /, "_", k); u[k] += $2; s[k] += $3 }
                      END { for (k in u) printf "%s %d %d\n", k, u[k], s[k] }'
}
# thread_split REQUESTS BEFORE AFTER: the service's CPU per request by thread kind, user and system
# time in ms, the busiest first.
thread_split() {
  awk -v n="$1" -v hz="$(getconf CLK_TCK)" '
    FNR == NR { u[$1] = $2; s[$1] = $3; next }
    { du = $2 - u[$1]; ds = $3 - s[$1]; if (du + ds > 0) printf "%.3f %.3f %.3f %s\n", (du + ds) * 1000 / hz / n, du * 1000 / hz / n, ds * 1000 / hz / n, $1 }' \
    <(echo "$2") <(echo "$3") | sort -rn | awk 'BEGIN { print "ms/req user system thread" } { print }'
}

# jfr_start NAME / jfr_stop LABEL NAME: with BENCH_JFR=1, one flight recording of the service
# ($APP_PID) per measured run, so each run's hot methods stand alone: $WORK/LABEL/NAME.jfr and
# NAME-hot-methods.txt beside it.
jfr_start() {
  [[ "${BENCH_JFR:-}" == 1 ]] || return 0
  timeout 60 "${JAVA%/java}/jcmd" "$APP_PID" JFR.start name="$1" settings=profile >/dev/null
}
jfr_stop() {
  [[ "${BENCH_JFR:-}" == 1 ]] || return 0
  local jfr=$WORK/$1/$2.jfr
  timeout 60 "${JAVA%/java}/jcmd" "$APP_PID" JFR.stop name="$2" filename="$jfr" >/dev/null
  timeout 120 "${JAVA%/java}/jfr" view --width 180 hot-methods "$jfr" >"${jfr%.jfr}-hot-methods.txt" 2>&1 || true
}

# load LABEL NAME SCRIPT SECONDS: one wrk run; the result line goes to results.txt.
load() {
  local label=$1 name=$2 script=$3 seconds=$4
  local out=$WORK/$label/wrk-$name.txt
  [[ "$name" == warmup-* ]] || jfr_start "$name"
  local before pool_before waits=""
  pool_before=$(hikari_snapshot)
  if [[ "$name" != warmup-* && "$label" != h2 ]]; then
    waits=$WORK/$label/waits-$name.txt
    wait_sampler_start "$waits"
  fi
  local threads_before
  threads_before=$(thread_ticks "$APP_PID")
  before=$(cpu_snapshot "$APP_PID")
  timeout $((seconds + 60)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s \
    -s "$BENCH_DIR/$script" "http://127.0.0.1:$APP_PORT" >"$out" 2>&1 || { cat "$out" >&2; die "wrk $name"; }
  local after
  after=$(cpu_snapshot "$APP_PID")
  wait_sampler_stop
  local result requests
  result=$(grep '^RESULT ' "$out" | sed 's/^RESULT //')
  [[ -n "$result" ]] || { cat "$out" >&2; die "wrk $name printed no result"; }
  requests=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$result")
  result="$result $(cpu_split "$requests" "$before" "$after") $(hikari_split "$requests" "$pool_before" "$(hikari_snapshot)")"
  if [[ -n "$waits" ]]; then result="$result $(wait_summary "$waits")"; fi
  thread_split "$requests" "$threads_before" "$(thread_ticks "$APP_PID")" >"$WORK/$label/threads-$name.txt"
  echo "$label $name $result" >>"$WORK/results.txt"
  [[ "$name" == warmup-* ]] || jfr_stop "$label" "$name"
  log "$label $name: $result"
}

