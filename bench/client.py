#!/usr/bin/env python3
"""HTTP helper of bench/run.sh (standard library only).

  client.py setup BASE_URL USERS PASSWORD OUT_DIR   register and log in the bench users; writes
                                                     users.txt, tokens.txt, ids.txt in OUT_DIR
  client.py audit BASE_URL INITIAL_HOURS OUT_DIR     checks every bench user: quotaHours = initial
                                                     - 0.01 x jobs, sum of ledger deltas = quotaHours,
                                                     balanceAfter the running sum; exit 1 on any error
"""
import json
import sys
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
        expected = initial - JOB_HOURS * job_count
        if balance != expected:
            problems.append("quotaHours %s != initial %s - 0.01 x %d jobs = %s" % (balance, initial, job_count, expected))
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


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "setup" and len(sys.argv) == 6:
        setup(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
    elif command == "audit" and len(sys.argv) == 5:
        sys.exit(audit(sys.argv[2], Decimal(sys.argv[3]), sys.argv[4]))
    else:
        sys.exit(__doc__)
