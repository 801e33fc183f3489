-- Shared by the wrk scripts of bench/run.sh: reads the bench users, spreads them over wrk's threads
-- and requests (each request takes the next user), and prints one machine-readable result line.
local common = {}

function common.lines(path)
  local out = {}
  for line in io.lines(path) do
    if line ~= "" then out[#out + 1] = line end
  end
  return out
end

-- Numbers the threads, so each one starts at another user.
local thread_count = 0
function common.setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
end

-- Builds the requests for every user once; request() then only walks the list.
function common.init(build)
  local users = common.lines(os.getenv("BENCH_USERS_FILE"))
  local tokens = common.lines(os.getenv("BENCH_TOKENS_FILE"))
  local prepared = {}
  for i = 1, #users do
    prepared[i] = build(users[i], tokens[i])
  end
  local index = (thread_index or 0) * 17
  return function()
    index = index % #prepared + 1
    return prepared[index]
  end
end

function common.done(summary, latency, requests)
  local errors = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end

return common
