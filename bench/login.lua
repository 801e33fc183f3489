-- wrk: POST /api/v1/auth/login with the right password, each request as the next of the bench users
-- (the rate limit counts failed logins only, so these are never throttled).
local common = dofile(os.getenv("BENCH_DIR") .. "/common.lua")
setup = common.setup
done = common.done
local next_request
function init(args)
  local password = os.getenv("BENCH_PASSWORD")
  next_request = common.init(function(user, token)
    return wrk.format("POST", "/api/v1/auth/login", { ["Content-Type"] = "application/json" },
      '{"username":"' .. user .. '","password":"' .. password .. '"}')
  end)
end
function request()
  return next_request()
end
