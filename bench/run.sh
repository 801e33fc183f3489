#!/usr/bin/env bash
# GaaS performance benchmark (see docs/PERFORMANCE.md). One command, about 9 minutes:
#
#   bash bench/run.sh
#
# Builds the jar, starts PostgreSQL with durable commits (embedded 17 binaries with PostgreSQL's
# default settings, or the server of BENCH_DATABASE_URL), runs the service on it with 64 users,
# drives POST /jobs (alternating with pgbench's runs of the same work on the same database),
# GET /users/me and POST /auth/login with wrk, lets simulated workers claim and finish jobs (with
# pgbench's run of the same statements), samples the database sessions' waits, audits every
# user's balance and ledger, measures the bare PBKDF2 cost, then repeats the service part on the
# default embedded H2 database.
#
# Needs: JDK 21+ (JAVA_HOME or java on PATH), wrk, curl, python3, psql and pgbench (client 13+).
# Settings (environment): BENCH_DATABASE_URL (postgresql://user:password@host:port/db of a server
# where a database may be created; default: embedded), BENCH_DURATION (20 s per measured run),
# BENCH_ROUNDS (3 submission runs, each followed by the two pgbench runs; as many claim runs, each
# followed by pgbench's), BENCH_WARMUP (20 s),
# BENCH_CONNECTIONS (32), BENCH_THREADS (wrk threads, 2), BENCH_USERS (64), BENCH_APP_PORT (18100),
# BENCH_PG_PORT (15500), BENCH_CLAIM_WORKERS (16), BENCH_CLAIM_JOBS (4000 measured claims),
# BENCH_CLAIM_WARMUP (12000 claims before them), BENCH_CLAIM_PGBENCH_JOBS (pgbench's queue, 100000),
# BENCH_SKIP_CLAIMS=1, BENCH_ONLY_CLAIMS=1 (the claim phase alone, about 2 minutes), BENCH_SKIP_BUILD=1,
# BENCH_SKIP_H2=1, BENCH_JFR=1 (a flight recording + hot methods per measured run), BENCH_JAVA_OPTS,
# GAAS_PBKDF2_ITERATIONS, GAAS_DB_POOL_SIZE (passed to the service).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
export BENCH_DIR=$ROOT/bench
WORK=$ROOT/target/bench
DURATION=${BENCH_DURATION:-20}
ROUNDS=${BENCH_ROUNDS:-3}
WARMUP=${BENCH_WARMUP:-20}
APP_PORT=${BENCH_APP_PORT:-18100}
CLAIM_WORKERS=${BENCH_CLAIM_WORKERS:-16}
CLAIM_JOBS=${BENCH_CLAIM_JOBS:-4000}
CLAIM_WARMUP=${BENCH_CLAIM_WARMUP:-12000}
CLAIM_PGBENCH_JOBS=${BENCH_CLAIM_PGBENCH_JOBS:-100000}
START_SECONDS=$SECONDS
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# Shared with bench/compare.sh: build, PostgreSQL, start_app, load and the CPU accounting.
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

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

# ---------------------------------------------------------------------------------------------
# pgbench: the same database work on the same database, same clients and time, no HTTP and no JVM.

# run_pgbench NAME SCRIPT [CLIENTS]: one pgbench run of bench/SCRIPT (one copy per bench user where
# it names one) with CLIENTS clients (default: the connections); the result line goes to results.txt,
# with the database sessions' waits sampled as during the service's runs.
run_pgbench() {
  local label=$1 script=$2 clients=${3:-$CONNECTIONS}
  local dir=$WORK/$label
  mkdir -p "$dir"
  local args=() id name f before
  if grep -q '@USER' "$BENCH_DIR/$script"; then
    paste -d' ' "$WORK/postgresql/ids.txt" "$WORK/postgresql/users.txt" | while read -r id name; do
      sed -e "s/@USER_ID@/$id/g" -e "s/@USERNAME@/$name/g" "$BENCH_DIR/$script" >"$dir/$name.sql"
    done
  else
    cp "$BENCH_DIR/$script" "$dir/"
  fi
  for f in "$dir"/*.sql; do args+=(-f "$f"); done
  wait_sampler_start "$dir/waits.txt"
  before=$(cpu_snapshot)
  # -l: one line per transaction (its latency in microseconds is the third field), for the percentiles.
  PGPASSWORD=$PG_PASSWORD timeout $((DURATION + 120)) pgbench -n -M prepared -c "$clients" -j "$THREADS" \
    -T "$DURATION" -l --log-prefix="$dir/tx" "${args[@]}" "$DB_URI" >"$dir/pgbench.txt" 2>&1 \
    || { wait_sampler_stop; cat "$dir/pgbench.txt" >&2; die "$label"; }
  local after
  after=$(cpu_snapshot)
  wait_sampler_stop
  local percentiles tps latency transactions
  percentiles=$(cat "$dir"/tx.* | awk '{print $3}' | sort -n | awk '
    { latency[NR] = $1 }
    END { printf "p50_ms=%.2f p99_ms=%.2f", latency[int(NR * 0.50) + 1] / 1000, latency[int(NR * 0.99) + 1] / 1000 }')
  tps=$(grep -E '^tps = ' "$dir/pgbench.txt" | head -1 | awk '{print $3}')
  latency=$(grep -E '^latency average' "$dir/pgbench.txt" | awk '{print $4}')
  transactions=$(grep -E '^number of transactions actually processed' "$dir/pgbench.txt" | awk '{print $NF}')
  echo "$label tps=$tps latency_avg_ms=$latency $percentiles $(cpu_split "$transactions" "$before" "$after") $(wait_summary "$dir/waits.txt")" \
    >>"$WORK/results.txt"
  log "$label: $tps tps, average latency $latency ms, $percentiles, bench/$script"
}

# settle_database: the same start for the service's measured claims and for pgbench's: the job
# table vacuumed and analyzed after the rows just written, then a checkpoint, so that neither run
# pays for maintenance the writes before it left (autovacuum, a checkpoint under way, the full-page
# images after it). CHECKPOINT needs a superuser or pg_checkpoint; without it the run goes on.
settle_database() {
  PGPASSWORD=$PG_PASSWORD psql -q "$DB_URI" -c "VACUUM ANALYZE gpu_jobs" >/dev/null
  PGPASSWORD=$PG_PASSWORD psql -q "$DB_URI" -c "CHECKPOINT" >/dev/null 2>&1 || log "CHECKPOINT not allowed here; going on"
  sleep 2
}

# run_claims: the claim phase on PostgreSQL. CLAIM_WORKERS workers (each with its worker token and
# one GPU, in a pool of as many GPUs that auto-approves) claim and finish the jobs submitted
# beforehand, all at once: first CLAIM_WARMUP of them (the claim's code is still cold), then the
# CLAIM_JOBS others, measured: claims/s, with the service's CPU per claim. Audited: no job given
# twice, the pool's capacity never passed, every job COMPLETED (the balances are in the audit that
# follows). Then pgbench runs the same statements (bench/pgbench-claim-finish.sql) with as many
# clients on a queue of copies of a job in a pool of its own: its tps is the ceiling.
run_claims() {
  log "postgresql: claim phase, $CLAIM_WORKERS workers, $CLAIM_WARMUP jobs to warm up, $ROUNDS x $CLAIM_JOBS measured"
  local client=("$BENCH_DIR/client.py") base="http://127.0.0.1:$APP_PORT"
  local total=$((CLAIM_WARMUP + ROUNDS * CLAIM_JOBS)) status=0
  timeout 900 python3 "${client[@]}" claims-prepare "$base" "$CLAIM_WORKERS" "$total" "$USER_DIR"
  local template pool
  read -r template pool <"$USER_DIR/claims-pg.txt"
  PGPASSWORD=$PG_PASSWORD psql -q "$DB_URI" -c "INSERT INTO gpu_jobs (id, owner_id, owner_username, name,
    description, gpu_hours, used_hours, status, created_at, updated_at, version, pool_id, pool_name, gpu_count, weight,
    charged_hours, command, time_limit_seconds, approved_at)
    SELECT gen_random_uuid(), owner_id, owner_username, name, description, gpu_hours, NULL, 'APPROVED', created_at,
      updated_at, 0, pool_id, pool_name, gpu_count, weight, charged_hours, command, time_limit_seconds,
      approved_at + g * interval '1 microsecond'
    FROM gpu_jobs, generate_series(1, $CLAIM_PGBENCH_JOBS) g WHERE id = '$template' AND pool_id = '$pool'" >/dev/null
  settle_database
  timeout 600 python3 "${client[@]}" claims-run "$base" "$CLAIM_WARMUP" "$USER_DIR" warmup >"$USER_DIR/claims-warmup.txt" \
    || { cat "$USER_DIR/claims-warmup.txt" >&2; status=1; }
  # The machine's other load changes within seconds, so the service's runs and pgbench's alternate,
  # as the submissions' do, and the ratio is taken from the medians.
  local round
  for round in $(seq "$ROUNDS"); do
    settle_database
    measure_claims "$round" || status=1
    settle_database
    run_pgbench "pgbench-claims-$round" pgbench-claim-finish.sql "$CLAIM_WORKERS"
  done
  timeout 600 python3 "${client[@]}" claims-audit "$base" "$total" "$USER_DIR" >"$USER_DIR/claims-audit.txt" || status=1
  cat "$USER_DIR/claims-audit.txt" >&2
  echo "postgresql claims-audit $(grep '^CLAIMS AUDIT' "$USER_DIR/claims-audit.txt" | sed 's/^CLAIMS AUDIT //' || echo failed)" \
    >>"$WORK/results.txt"
  [[ $status == 0 ]] || AUDIT_FAILED=1
}

# measure_claims ROUND: one measured run of the claim phase: CLAIM_JOBS claims and their finishes,
# with the service's CPU per claim (by thread in threads-claims-ROUND.txt) and the database's waits.
measure_claims() {
  local name=claims-$1 out=$USER_DIR/claims-$1.txt status=0 before after threads_before line claims
  jfr_start "$name"
  wait_sampler_start "$USER_DIR/waits-$name.txt"
  threads_before=$(thread_ticks "$APP_PID")
  before=$(cpu_snapshot "$APP_PID")
  timeout 900 python3 "$BENCH_DIR/client.py" claims-run "http://127.0.0.1:$APP_PORT" "$CLAIM_JOBS" "$USER_DIR" "$1" \
    >"$out" || status=$?
  after=$(cpu_snapshot "$APP_PID")
  wait_sampler_stop
  cat "$out" >&2
  line=$(grep '^CLAIMS workers' "$out" || echo 'CLAIMS failed')
  claims=$(sed -nE 's/.* jobs=([0-9]+).*/\1/p' <<<"$line")
  thread_split "${claims:-1}" "$threads_before" "$(thread_ticks "$APP_PID")" >"$USER_DIR/threads-$name.txt"
  jfr_stop postgresql "$name"
  echo "postgresql $name ${line#CLAIMS } $(cpu_split "${claims:-0}" "$before" "$after") $(wait_summary "$USER_DIR/waits-$name.txt")" \
    >>"$WORK/results.txt"
  log "claims round $1: ${line#CLAIMS }"
  return "$status"
}

# run_service LABEL [KEY=VALUE...]: the whole service part on one database.
run_service() {
  local label=$1; shift
  start_app "$label" "$@"
  USER_DIR=$WORK/$label
  export BENCH_USERS_FILE=$USER_DIR/users.txt BENCH_TOKENS_FILE=$USER_DIR/tokens.txt
  log "$label: registering and logging in $USERS users"
  timeout 600 python3 "$BENCH_DIR/client.py" setup "http://127.0.0.1:$APP_PORT" "$USERS" "$BENCH_PASSWORD" "$USER_DIR"
  if [[ "${BENCH_ONLY_CLAIMS:-}" != 1 ]]; then measure_endpoints "$label"; fi
  if [[ $label == postgresql && "${BENCH_SKIP_CLAIMS:-}" != 1 ]]; then run_claims; fi
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

# measure_endpoints LABEL: the wrk runs of submissions, users/me and logins (on PostgreSQL alternating
# with pgbench's runs of the same work), after a warm-up.
measure_endpoints() {
  local label=$1
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
  # The machine's other load changes within seconds, so on PostgreSQL the submissions alternate
  # with pgbench's runs of the same work (ROUNDS times each), and the ratios come from the medians.
  local rounds=1 round
  [[ $label != postgresql ]] || rounds=$ROUNDS
  for round in $(seq "$rounds"); do
    load "$label" "submit-$round" submit.lua "$DURATION"
    sleep 2
    if [[ $label == postgresql ]]; then
      # The issue's ceiling: the user's SELECT, then BEGIN, UPDATE, INSERT, INSERT, COMMIT.
      run_pgbench "pgbench-$round" pgbench-submit.sql
      # The service's own statements: the user's SELECT and the one-statement charge and insert.
      run_pgbench "pgbench-one-statement-$round" pgbench-submit-one-statement.sql
      sleep 2
    fi
  done
  load "$label" me me.lua "$DURATION"
  sleep 2
  load "$label" login login.lua "$DURATION"
  sleep 5
}

AUDIT_FAILED=0
run_service postgresql SPRING_DATASOURCE_URL="$JDBC_URL" SPRING_DATASOURCE_USERNAME="$PG_USER" \
  SPRING_DATASOURCE_PASSWORD="$PG_PASSWORD"

# ---------------------------------------------------------------------------------------------
# Bare PBKDF2: the floor of a login's cost, same iterations, 1 thread and as many as the cores.
CORES=$(nproc)
if [[ "${BENCH_ONLY_CLAIMS:-}" != 1 ]]; then
  log "bare PBKDF2 ($ITERATIONS iterations), 1 and $CORES threads"
  timeout 300 "$JAVA" -cp "$BENCH_CP" io.gaas.bench.Pbkdf2Cost "$ITERATIONS" 10 "$CORES" >"$WORK/pbkdf2.txt"
  sed 's/^/pbkdf2 /' "$WORK/pbkdf2.txt" >>"$WORK/results.txt"
fi

# ---------------------------------------------------------------------------------------------
# The same service part on the default embedded H2 database (a fresh ./data in the run's folder).
if [[ "${BENCH_SKIP_H2:-}" != 1 && "${BENCH_ONLY_CLAIMS:-}" != 1 ]]; then
  run_service h2
fi

# ---------------------------------------------------------------------------------------------
# Summary.
R=$WORK/results.txt
# median PATTERN KEY: the median of KEY over the result lines that start with PATTERN (a regex);
# empty when no run has it.
median() {
  { grep -E "^$1 " "$R" || true; } | tr ' ' '\n' | { grep "^$2=" || true; } | cut -d= -f2 | sort -g \
    | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
field() { # field LABEL NAME KEY: over the rounds of NAME, if it has several
  median "$1 $2(-[0-9]+)?" "$3"
}
pgfield() { # pgfield NAME KEY: over pgbench's rounds of NAME
  median "$1-[0-9]+" "$2"
}
# top_waits LINE-PATTERN: the sampled waits of one run, the four most frequent.
top_waits() {
  grep -E "^$1 " "$R" | tr ' ' '\n' | grep -E '^[a-z_]+:[^=]*=' | head -4 | tr '\n' ' '
}
# per_round PATTERN KEY: KEY of each round's line ("PATTERN-N"), in round order.
per_round() {
  local round
  for round in $(seq "$ROUNDS"); do printf '%s ' "$(median "$1-$round" "$2")"; done | sed 's/ $//'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
SUBMIT=$(field postgresql submit rps)
ME=$(field postgresql me rps)
LOGIN=$(field postgresql login rps)
P99=$(field postgresql submit p99_ms)
PGBENCH_TPS=$(pgfield pgbench tps)
PGBENCH_P99=$(pgfield pgbench p99_ms)
PGBENCH1_TPS=$(pgfield pgbench-one-statement tps)
PGBENCH1_P99=$(pgfield pgbench-one-statement p99_ms)
PB1=$(grep -s 'threads=1 ' "$WORK/pbkdf2.txt" | tr ' ' '\n' | grep '^checks_per_s=' | cut -d= -f2 || true)
PBN=$(grep -s "threads=$CORES " "$WORK/pbkdf2.txt" | tr ' ' '\n' | grep '^checks_per_s=' | cut -d= -f2 | head -1 || true)
AUDIT_PG=$(grep '^postgresql AUDIT' "$R" | cut -d' ' -f2-)

{
  echo
  echo "GaaS benchmark — $(date -u +%Y-%m-%dT%H:%M:%SZ), $CORES cores, $CONNECTIONS connections, $USERS users, ${DURATION} s per run after warm-up"
  echo "machine load: $LOAD_BEFORE (at the start), $(cut -d' ' -f1-3 /proc/loadavg) (at the end)"
  for label in postgresql h2; do
    grep -qE "^$label submit-1 " "$R" || continue
    if [[ $label == postgresql ]]; then
      echo "== $PG_LABEL"
      echo "settings: $PG_DURABILITY"
    else
      echo "== H2 (embedded default, file database)"
    fi
    echo "(CPU per request in ms: the service's JVM, PostgreSQL's processes, the rest of the machine incl. wrk;"
    echo " submissions on PostgreSQL: medians of $ROUNDS runs alternating with pgbench's)"
    printf '%-22s %10s %10s %10s %9s %9s %8s %8s %8s\n' endpoint 'req/s' 'p50 ms' 'p99 ms' 'non-2xx' 'sock.err' \
      'cpu app' 'cpu pg' 'cpu rest'
    for pair in "submit:POST /api/v1/jobs" "me:GET /api/v1/users/me" "login:POST /api/v1/auth/login"; do
      name=${pair%%:*}
      printf '%-22s %10s %10s %10s %9s %9s %8s %8s %8s\n' "${pair#*:}" "$(field $label "$name" rps)" \
        "$(field $label "$name" p50_ms)" "$(field $label "$name" p99_ms)" "$(field $label "$name" non2xx)" \
        "$(field $label "$name" socket_errors)" "$(field $label "$name" cpu_app_ms)" \
        "$(field $label "$name" cpu_pg_ms)" "$(field $label "$name" cpu_rest_ms)"
    done
    if [[ $label == postgresql ]]; then
      echo "(pool: connections taken per request, mean wait for one, mean time one is held, in ms)"
      for name in submit me; do
        echo "$name pool: $(field $label "$name" pool_per_req) per request, wait $(field $label "$name" pool_wait_ms), held $(field $label "$name" pool_held_ms), timeouts $(field $label "$name" pool_timeouts)"
      done
      echo "(the service's CPU per submission by thread, ms, round 1: target/bench/$label/threads-submit-*.txt)"
      head -4 "$WORK/$label/threads-submit-1.txt" | tail -3 | sed 's/^/  /'
    fi
    echo "audit: $(grep "^$label AUDIT" "$R" | cut -d' ' -f2-)"
    echo "start-up: time to ready $(grep "^$label startup_ms" "$R" | tr ' ' '\n' | grep startup_ms | cut -d= -f2) ms ($(grep "^$label startup_ms" "$R" | tr ' ' '\n' | grep spring_reported_s | cut -d= -f2) s reported by Spring)"
    if [[ $label == h2 ]]; then
      echo "ratios: users/me / submission = $(ratio "$(field h2 me rps)" "$(field h2 submit rps)")"
    fi
  done
  if grep -q '^postgresql submit-1 ' "$R"; then
    echo "== submissions and pgbench, alternating ($CONNECTIONS connections or clients, ${DURATION} s each)"
    echo "(pgbench: the issue's transaction; pgbench 1: the service's own statements; tps or req/s, p99 in ms)"
    printf '%-6s %10s %8s %10s %8s %10s %8s %9s %9s %9s\n' round 'service' 'p99' 'pgbench' 'p99' 'pgbench 1' 'p99' \
      '/pgbench' '/pgb. 1' 'p99/pgb.'
    for round in $(seq "$ROUNDS") median; do
      if [[ $round == median ]]; then
        row=("$SUBMIT" "$P99" "$PGBENCH_TPS" "$PGBENCH_P99" "$PGBENCH1_TPS" "$PGBENCH1_P99")
      else
        row=("$(median "postgresql submit-$round" rps)" "$(median "postgresql submit-$round" p99_ms)"
          "$(median "pgbench-$round" tps)" "$(median "pgbench-$round" p99_ms)"
          "$(median "pgbench-one-statement-$round" tps)" "$(median "pgbench-one-statement-$round" p99_ms)")
      fi
      printf '%-6s %10.1f %8.1f %10.1f %8.1f %10.1f %8.1f %9s %9s %9s\n' "$round" "${row[@]}" \
        "$(ratio "${row[0]}" "${row[2]}")" "$(ratio "${row[0]}" "${row[4]}")" "$(ratio "${row[1]}" "${row[3]}")"
    done
    echo "(database sessions by state and wait, mean count over samples every 100 ms, round 1; the service has"
    echo " its pool's connections, pgbench one per client)"
    echo "  service:      $(top_waits "postgresql submit-1")"
    echo "  pgbench:      $(top_waits "pgbench-1")"
    echo "  pgbench 1:    $(top_waits "pgbench-one-statement-1")"
    echo "  users/me:     $(top_waits "postgresql me")"
    echo "== ratios on PostgreSQL, medians (targets in brackets)"
    echo "submission / pgbench ceiling   = $(ratio "$SUBMIT" "$PGBENCH_TPS")   ($SUBMIT req/s vs $PGBENCH_TPS tps) [>= 0.6, goal 0.8]"
    echo "submission / pgbench of the service's own statements = $(ratio "$SUBMIT" "$PGBENCH1_TPS")   ($PGBENCH1_TPS tps) [>= 0.5]"
    echo "submission p99 / pgbench p99   = $(ratio "$P99" "$PGBENCH_P99")   ($P99 ms vs $PGBENCH_P99 ms at $CONNECTIONS clients) [<= 3, goal 2]"
    echo "users/me / submission          = $(ratio "$ME" "$SUBMIT") [>= 4]"
    echo "login / bare PBKDF2 ($CORES threads) = $(ratio "$LOGIN" "$PBN")   ($LOGIN logins/s vs $PBN checks/s; 1 thread: $PB1/s) [>= 0.9]"
  fi
  if grep -q '^postgresql claims-1 ' "$R"; then
    CLAIMS=$(field postgresql claims claims_per_s)
    CLAIMS_PGBENCH=$(pgfield pgbench-claims tps)
    echo "== claims and pgbench of the claim and finish statements, alternating ($CLAIM_WORKERS workers or clients)"
    printf '%-6s %10s %8s %10s %8s %9s %9s %9s %9s\n' round 'claims/s' 'p99' 'pgbench' 'p99' '/pgbench' 'cpu app' 'cpu pg' \
      'cpu rest'
    for round in $(seq "$ROUNDS") median; do
      if [[ $round == median ]]; then
        row=("$CLAIMS" "$(field postgresql claims claim_p99_ms)" "$CLAIMS_PGBENCH" "$(pgfield pgbench-claims p99_ms)"
          "$(field postgresql claims cpu_app_ms)" "$(field postgresql claims cpu_pg_ms)" "$(field postgresql claims cpu_rest_ms)")
      else
        row=("$(median "postgresql claims-$round" claims_per_s)" "$(median "postgresql claims-$round" claim_p99_ms)"
          "$(median "pgbench-claims-$round" tps)" "$(median "pgbench-claims-$round" p99_ms)"
          "$(median "postgresql claims-$round" cpu_app_ms)" "$(median "postgresql claims-$round" cpu_pg_ms)"
          "$(median "postgresql claims-$round" cpu_rest_ms)")
      fi
      printf '%-6s %10.1f %8.1f %10.1f %8.1f %9s %9.3f %9.3f %9.3f\n' "$round" "${row[0]}" "${row[1]}" "${row[2]}" \
        "${row[3]}" "$(ratio "${row[0]}" "${row[2]}")" "${row[4]}" "${row[5]}" "${row[6]}"
    done
    echo "(CPU per claim and its finish in ms; pgbench's per transaction, median: PostgreSQL $(pgfield pgbench-claims cpu_pg_ms), rest $(pgfield pgbench-claims cpu_rest_ms))"
    echo "(database sessions by state and wait, mean count over samples every 100 ms, round 1)"
    echo "  service:      $(top_waits "postgresql claims-1")"
    echo "  pgbench:      $(top_waits "pgbench-claims-1")"
    echo "(the service's CPU per claim by thread, ms, round 1: target/bench/postgresql/threads-claims-*.txt)"
    head -4 "$WORK/postgresql/threads-claims-1.txt" | tail -3 | sed 's/^/  /'
    echo "claims / pgbench of the claim and finish statements = $(ratio "$CLAIMS" "$CLAIMS_PGBENCH")   ($CLAIMS claims/s by $CLAIM_WORKERS workers, each claim then its finish, vs $CLAIMS_PGBENCH tps; medians) [>= 0.5]"
    echo "claim audit: peak gpusInUse per run $(per_round "postgresql claims" peak_gpus_in_use) of $CLAIM_WORKERS GPUs, errors per run $(per_round "postgresql claims" errors); over all runs $(grep '^postgresql claims-audit ' "$R" | cut -d' ' -f3-)"
  fi
  grep '^statements ' "$R" | sed 's/^statements /statements per submission: /' || true
  echo "audit: $AUDIT_PG"
  echo "wall time: $((SECONDS - START_SECONDS)) s; raw results in target/bench/"
} | tee "$WORK/summary.txt"

[[ $AUDIT_FAILED == 0 ]] || die "audit errors: a balance and its ledger disagree (see above)"
