#!/usr/bin/env bash
# A/B comparison of two builds (or two settings) of the service under the same noise:
#
#   bash bench/compare.sh A.jar B.jar            # two builds, e.g. before and after a change
#   BENCH_B_ENV="GAAS_DB_POOL_SIZE=4" bash bench/compare.sh target/gaas-1.0.0.jar target/gaas-1.0.0.jar
#
# On a shared machine two runs minutes apart differ by more than most changes do, so both services
# run at once, on one PostgreSQL database with the same users, and the wrk runs alternate between
# them (A B B A ...), BENCH_ROUNDS times per endpoint. Prints each run and the medians of req/s,
# p99 and the service's CPU per request, with B / A. Audits the balances at the end.
# Settings: BENCH_A_ENV, BENCH_B_ENV (KEY=VALUE ... for that service), BENCH_A_JAVA_OPTS,
# BENCH_B_JAVA_OPTS, BENCH_ROUNDS (4), BENCH_DURATION (10 s per run), BENCH_WARMUP (10 s),
# BENCH_ENDPOINTS ("submit me"), and those of bench/run.sh for connections, users and ports.
set -euo pipefail

[[ $# == 2 ]] || { echo "usage: bash bench/compare.sh A.jar B.jar" >&2; exit 2; }
JAR_A=$(realpath "$1")
JAR_B=$(realpath "$2")
cd "$(dirname "$0")/.."
ROOT=$PWD
export BENCH_DIR=$ROOT/bench
WORK=$ROOT/target/bench-compare
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-10}
ROUNDS=${BENCH_ROUNDS:-4}
ENDPOINTS=${BENCH_ENDPOINTS:-submit me}
PORT_A=${BENCH_APP_PORT:-18100}
PORT_B=$((PORT_A + 1))
APP_PORT=$PORT_A

# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

# A and B: the same database, secret and users; each with its own jar, port and settings.
DB_ENV=(SPRING_DATASOURCE_URL="$JDBC_URL" SPRING_DATASOURCE_USERNAME="$PG_USER" SPRING_DATASOURCE_PASSWORD="$PG_PASSWORD")
# shellcheck disable=SC2206
JAR=$JAR_A APP_PORT=$PORT_A BENCH_JAVA_OPTS=${BENCH_A_JAVA_OPTS:-} start_app A "${DB_ENV[@]}" ${BENCH_A_ENV:-}
PID_A=$APP_PID
# shellcheck disable=SC2206
JAR=$JAR_B APP_PORT=$PORT_B BENCH_JAVA_OPTS=${BENCH_B_JAVA_OPTS:-} start_app B "${DB_ENV[@]}" ${BENCH_B_ENV:-}
PID_B=$APP_PID

log "registering and logging in $USERS users"
timeout 600 python3 "$BENCH_DIR/client.py" setup "http://127.0.0.1:$PORT_A" "$USERS" "$BENCH_PASSWORD" "$WORK"
export BENCH_USERS_FILE=$WORK/users.txt BENCH_TOKENS_FILE=$WORK/tokens.txt

# run SIDE ENDPOINT NAME SECONDS: one wrk run of bench/ENDPOINT.lua against A or B.
run() {
  local side=$1 endpoint=$2 name=$3 seconds=$4
  if [[ $side == A ]]; then APP_PID=$PID_A APP_PORT=$PORT_A; else APP_PID=$PID_B APP_PORT=$PORT_B; fi
  load "$side" "$name" "$endpoint.lua" "$seconds"
  sleep 1
}

log "warm-up"
for side in A B; do
  for endpoint in $ENDPOINTS; do run "$side" "$endpoint" "warmup-$endpoint" "$WARMUP"; done
done
log "measuring: $ROUNDS rounds of ${DURATION} s per endpoint and side, alternating"
for round in $(seq "$ROUNDS"); do
  if ((round % 2 == 1)); then order="A B"; else order="B A"; fi
  for endpoint in $ENDPOINTS; do
    for side in $order; do run "$side" "$endpoint" "$endpoint-$round" "$DURATION"; done
  done
done

log "auditing every user"
timeout 600 python3 "$BENCH_DIR/client.py" audit "http://127.0.0.1:$PORT_A" "$INITIAL_HOURS" "$WORK" \
  >"$WORK/audit.txt" || { cat "$WORK/audit.txt" >&2; die "audit errors: a balance and its ledger disagree"; }

{
  echo
  echo "A: $JAR_A ${BENCH_A_ENV:-} ${BENCH_A_JAVA_OPTS:-}"
  echo "B: $JAR_B ${BENCH_B_ENV:-} ${BENCH_B_JAVA_OPTS:-}"
  echo "$ROUNDS alternating runs of ${DURATION} s per endpoint and side, $CONNECTIONS connections; medians:"
  printf '%-8s %10s %10s %8s %10s %10s %8s %12s %12s %8s\n' endpoint 'A req/s' 'B req/s' 'B/A' \
    'A p99 ms' 'B p99 ms' 'B/A' 'A cpu ms/req' 'B cpu ms/req' 'B/A'
  for endpoint in $ENDPOINTS; do
    python3 - "$WORK/results.txt" "$endpoint" <<'EOF'
import re, statistics, sys
path, endpoint = sys.argv[1], sys.argv[2]
values = {"A": {}, "B": {}}
for line in open(path):
    side, name, *fields = line.split()
    if side in values and re.fullmatch(re.escape(endpoint) + r"-\d+", name):
        for field in fields:
            key, _, value = field.partition("=")
            values[side].setdefault(key, []).append(float(value))
def median(side, key):
    return statistics.median(values[side][key])
row = [endpoint]
for key, form in (("rps", "%.1f"), ("p99_ms", "%.2f"), ("cpu_app_ms", "%.3f")):
    a, b = median("A", key), median("B", key)
    row += [form % a, form % b, "%.2f" % (b / a if a else float("nan"))]
print("%-8s %10s %10s %8s %10s %10s %8s %12s %12s %8s" % tuple(row))
EOF
  done
  echo "audit: $(grep '^AUDIT users' "$WORK/audit.txt")"
} | tee "$WORK/summary.txt"
