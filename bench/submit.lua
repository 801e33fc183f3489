-- wrk: POST /api/v1/jobs for 0.01 GPU-hours, each request as the next of the bench users.
local common = dofile(os.getenv("BENCH_DIR") .. "/common.lua")
setup = common.setup
done = common.done
local next_request
function init(args)
  next_request = common.init(function(user, token)
    return wrk.format("POST", "/api/v1/jobs", {
      ["Authorization"] = "Bearer " .. token,
      ["Content-Type"] = "application/json",
    }, '{"name":"bench-job","gpuHours":0.01}')
  end)
end
function request()
  return next_request()
end
