-- wrk: GET /api/v1/users/me, each request as the next of the bench users.
local common = dofile(os.getenv("BENCH_DIR") .. "/common.lua")
setup = common.setup
done = common.done
local next_request
function init(args)
  next_request = common.init(function(user, token)
    return wrk.format("GET", "/api/v1/users/me", { ["Authorization"] = "Bearer " .. token })
  end)
end
function request()
  return next_request()
end
