#!/usr/bin/env python3
"""HTTP helper of bench/run.sh (standard library only).

  client.py setup BASE_URL USERS PASSWORD OUT_DIR   register and log in the bench users; writes
                                                     users.txt, tokens.txt, ids.txt in OUT_DIR
  client.py audit BASE_URL INITIAL_HOURS OUT_DIR     checks every bench user: quotaHours = initial
                                                     - 0.01 x jobs + refunds, sum of ledger deltas = quotaHours,
                                                     balanceAfter the running sum; exit 1 on any error
  client.py claims-prepare BASE_URL WORKERS JOBS OUT_DIR
                                                     the claim phase's stage: as the admin (BENCH_ADMIN,
                                                     BENCH_PASSWORD) creates a pool of WORKERS GPUs that
                                                     auto-approves, WORKERS one-GPU workers (worker-tokens.txt) and
                                                     JOBS jobs with a command submitted by the bench users; also
                                                     pgbench's pool and workers (pgw-N) and claims-pg.txt
  client.py claims-run BASE_URL JOBS OUT_DIR NAME    every worker claims and finishes at once until JOBS jobs
                                                     were claimed (claimed-NAME.txt); the pool's gpusInUse, sampled
                                                     meanwhile, never passes its gpus; exit 1 on any error
  client.py claims-audit BASE_URL JOBS OUT_DIR       over all runs: no job given twice, JOBS jobs COMPLETED and
                                                     none APPROVED or PROCESSING, the pool's GPUs all back
"""
import http.client
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

JOB_HOURS = Decimal("0.01")
TIMEOUT = 30


def call(method, url, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, json.loads(response.read(), parse_float=Decimal, parse_int=Decimal)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def setup(base, users, password, out):
    names = ["bench_user_%02d" % i for i in range(users)]

    def one(name):
        status, body = call("POST", base + "/api/v1/auth/register", {"username": name, "password": password})
        if status != 201:
            raise SystemExit("register %s: %s %s" % (name, status, body))
        user_id = body["id"]
        status, body = call("POST", base + "/api/v1/auth/login", {"username": name, "password": password})
        if status != 200:
            raise SystemExit("login %s: %s %s" % (name, status, body))
        return name, body["accessToken"], user_id

    with ThreadPoolExecutor(4) as pool:
        rows = list(pool.map(one, names))
    for file, column in (("users.txt", 0), ("tokens.txt", 1), ("ids.txt", 2)):
        with open(out + "/" + file, "w") as f:
            f.write("".join(row[column] + "\n" for row in rows))


def audit(base, initial, out):
    names = open(out + "/users.txt").read().split()
    tokens = open(out + "/tokens.txt").read().split()

    def one(pair):
        name, token = pair
        problems = []
        status, me = call("GET", base + "/api/v1/users/me", token=token)
        if status != 200:
            return name, 0, ["GET /users/me: %s" % status]
        status, jobs = call("GET", base + "/api/v1/jobs?page=0&size=1", token=token)
        if status != 200:
            return name, 0, ["GET /jobs: %s" % status]
        job_count = int(jobs["page"]["totalElements"])
        entries = []
        page = 0
        while True:
            status, ledger = call("GET", base + "/api/v1/users/me/ledger?page=%d&size=100" % page, token=token)
            if status != 200:
                return name, job_count, ["GET ledger page %d: %s" % (page, status)]
            entries.extend(ledger["content"])
            page += 1
            if page >= int(ledger["page"]["totalPages"]):
                break
        balance = me["quotaHours"]
        # A worker's job finished within the millisecond of its claim used nothing, and got its hours back.
        refunds = sum((e["deltaHours"] for e in entries if e["kind"] == "JOB_REFUND"), Decimal(0))
        expected = initial - JOB_HOURS * job_count + refunds
        if balance != expected:
            problems.append("quotaHours %s != initial %s - 0.01 x %d jobs + refunds %s = %s"
                            % (balance, initial, job_count, refunds, expected))
        total = sum((e["deltaHours"] for e in entries), Decimal(0))
        if total != balance:
            problems.append("ledger sum %s != quotaHours %s (lost update)" % (total, balance))
        charges = sum(1 for e in entries if e["kind"] == "JOB_CHARGE")
        if charges != job_count:
            problems.append("%d JOB_CHARGE entries != %d jobs" % (charges, job_count))
        running = Decimal(0)
        for e in reversed(entries):  # the ledger is newest first
            running += e["deltaHours"]
            if e["balanceAfter"] != running:
                problems.append("entry %s: balanceAfter %s != running sum %s" % (e["id"], e["balanceAfter"], running))
                break
        return name, job_count, problems

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(one, zip(names, tokens)))
    errors = [(name, p) for name, _, problems in results for p in problems]
    jobs = sum(count for _, count, _ in results)
    for name, problem in errors[:20]:
        print("AUDIT ERROR %s: %s" % (name, problem))
    print("AUDIT users=%d jobs=%d errors=%d" % (len(results), jobs, len(errors)))
    return 1 if errors else 0


class Connection:
    """One kept-alive HTTP connection, as a worker holds one (urllib opens a new one per request)."""

    def __init__(self, base):
        host, port = base.split("//")[1].split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=TIMEOUT)

    def call(self, method, path, body=None, token=None):
        headers = {"Authorization": "Bearer " + token} if token else {}
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body)
        self.connection.request(method, path, body=data, headers=headers)
        response = self.connection.getresponse()
        raw = response.read()
        return response.status, (json.loads(raw) if raw and response.status < 300 else raw)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def created(status, body, what):
    if status != 201:
        raise SystemExit("%s: %s %s" % (what, status, body))
    return body


def claims_prepare(base, workers, jobs, out):
    tokens = open(out + "/tokens.txt").read().split()
    admin = admin_token(base)
    pools = {}
    for pool in ("bench-claims", "pgbench-claims"):
        pools[pool] = created(*call("POST", base + "/api/v1/admin/pools", {
            "name": pool, "description": None, "gpus": workers, "weight": 1, "autoApproveHours": 1}, admin),
            "create pool " + pool)
    worker_tokens = [created(*call("POST", base + "/api/v1/admin/workers",
                                   {"name": "bw-%d" % i, "pool": "bench-claims", "gpus": 1}, admin),
                             "create worker")["token"] for i in range(workers)]
    with open(out + "/worker-tokens.txt", "w") as f:
        f.write("".join(token + "\n" for token in worker_tokens))
    for i in range(workers):
        created(*call("POST", base + "/api/v1/admin/workers", {"name": "pgw-%d" % i, "pool": "pgbench-claims",
                                                               "gpus": 1}, admin), "create worker")
    job = {"name": "bench-claim", "gpuHours": 0.01, "pool": "bench-claims", "command": ["true"]}

    def submit_share(index):
        connection = Connection(base)
        for n in range(index, jobs, 8):
            status, body = connection.call("POST", "/api/v1/jobs", job, tokens[n % len(tokens)])
            if status != 201 or body["status"] != "APPROVED":
                raise SystemExit("submit: %s %s" % (status, body))

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(submit_share, range(8)))
    # pgbench's queue: copies of one job of a user the audit does not look at, in pgbench's own pool.
    call("POST", base + "/api/v1/auth/register", {"username": "bench_pgbench", "password": os.environ["BENCH_PASSWORD"]})
    status, body = call("POST", base + "/api/v1/auth/login",
                        {"username": "bench_pgbench", "password": os.environ["BENCH_PASSWORD"]})
    template = created(*call("POST", base + "/api/v1/jobs", dict(job, pool="pgbench-claims"), body["accessToken"]),
                       "submit pgbench's template job")
    with open(out + "/claims-pg.txt", "w") as f:
        f.write("%s %s\n" % (template["id"], pools["pgbench-claims"]["id"]))


def admin_token(base):
    status, body = call("POST", base + "/api/v1/auth/login",
                        {"username": os.environ["BENCH_ADMIN"], "password": os.environ["BENCH_PASSWORD"]})
    if status != 200:
        raise SystemExit("admin login: %s %s" % (status, body))
    return body["accessToken"]


def claims_run(base, jobs, out, name):
    """Every worker claims (freeGpus 1, no wait) and finishes (exit 0) at once until JOBS jobs were
    claimed or none is left; a reader samples the pool's gpusInUse every 100 ms meanwhile (enough to
    see a breach; each read also counts the pool's queue, work that pgbench's runs do not have)."""
    worker_tokens = open(out + "/worker-tokens.txt").read().split()
    admin = admin_token(base)
    claimed, latencies, errors = [], [], []
    lock = threading.Lock()
    done = threading.Event()
    peak = [0]
    reads = [0]

    def work(token):
        connection = Connection(base)
        while not done.is_set():
            with lock:
                if len(claimed) >= jobs:
                    done.set()
                    return
            t0 = time.perf_counter()
            status, body = connection.call("POST", "/api/v1/worker/claim", {"freeGpus": 1, "waitSeconds": 0}, token)
            took = time.perf_counter() - t0
            if status == 204:
                done.set()  # the queue is empty: nothing is approved meanwhile
                return
            if status != 200:
                errors.append("claim: %s %s" % (status, body))
                done.set()
                return
            job_id = body["job"]["id"]
            status, body = connection.call("POST", "/api/v1/worker/jobs/%s/finish" % job_id,
                                           {"exitCode": 0, "runSeconds": 1, "output": None}, token)
            if status != 200 or body["status"] != "COMPLETED":
                errors.append("finish %s: %s %s" % (job_id, status, body))
            with lock:
                claimed.append(job_id)
                latencies.append(took)

    def watch_capacity():
        connection = Connection(base)
        while not done.wait(0.1):
            status, body = connection.call("GET", "/api/v1/pools/bench-claims", None, admin)
            reads[0] += 1
            if status == 200:
                peak[0] = max(peak[0], body["gpusInUse"])
                if body["gpusInUse"] > body["gpus"]:
                    errors.append("gpusInUse %s > gpus %s" % (body["gpusInUse"], body["gpus"]))

    watcher = threading.Thread(target=watch_capacity)
    threads = [threading.Thread(target=work, args=(token,)) for token in worker_tokens]
    started = time.perf_counter()
    watcher.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    done.set()
    watcher.join()
    with open(out + "/claimed-%s.txt" % name, "w") as f:
        f.write("".join(job_id + "\n" for job_id in claimed))
    for message in errors[:20]:
        print("CLAIMS ERROR %s" % message)
    print("CLAIMS workers=%d jobs=%d seconds=%.2f claims_per_s=%.1f claim_p50_ms=%.2f claim_p99_ms=%.2f "
          "peak_gpus_in_use=%d gpus=%d pool_reads=%d errors=%d" % (
              len(worker_tokens), len(claimed), elapsed, len(claimed) / elapsed, percentile(latencies, 0.5) * 1000,
              percentile(latencies, 0.99) * 1000, peak[0], len(worker_tokens), reads[0], len(errors)))
    return 1 if errors else 0


def claims_audit(base, jobs, out):
    """No job given twice over the runs, all JOBS jobs COMPLETED, none left, the pool's GPUs all back."""
    admin = admin_token(base)
    claimed = []
    for name in sorted(os.listdir(out)):
        if name.startswith("claimed-"):
            claimed += open(out + "/" + name).read().split()
    errors = []
    if len(set(claimed)) != len(claimed):
        errors.append("%d jobs were given twice" % (len(claimed) - len(set(claimed))))
    if len(claimed) != jobs:
        errors.append("%d jobs claimed, expected %d" % (len(claimed), jobs))
    for state, expected in (("COMPLETED", jobs), ("APPROVED", 0), ("PROCESSING", 0)):
        status, body = call("GET", base + "/api/v1/jobs?pool=bench-claims&status=%s&size=1" % state, token=admin)
        if int(body["page"]["totalElements"]) != expected:
            errors.append("%s jobs: %s, expected %d" % (state, body["page"]["totalElements"], expected))
    status, body = call("GET", base + "/api/v1/pools/bench-claims", token=admin)
    if body["gpusInUse"] != 0:
        errors.append("gpusInUse %s after the phase" % body["gpusInUse"])
    for message in errors[:20]:
        print("CLAIMS AUDIT ERROR %s" % message)
    print("CLAIMS AUDIT jobs=%d given_twice=%d errors=%d" % (len(claimed), len(claimed) - len(set(claimed)), len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "setup" and len(sys.argv) == 6:
        setup(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
    elif command == "audit" and len(sys.argv) == 5:
        sys.exit(audit(sys.argv[2], Decimal(sys.argv[3]), sys.argv[4]))
    elif command == "claims-prepare" and len(sys.argv) == 6:
        claims_prepare(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    elif command == "claims-run" and len(sys.argv) == 6:
        sys.exit(claims_run(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]))
    elif command == "claims-audit" and len(sys.argv) == 5:
        sys.exit(claims_audit(sys.argv[2], int(sys.argv[3]), sys.argv[4]))
    else:
        sys.exit(__doc__)
