-- POST /v1/identities/ with an identifier_key unique per request: "bench-<run>-t<thread>-<n>", where
-- <run> is the first script argument (wrk ... -- <run>), so runs never collide (no 409).
local next_thread = 0
function setup(thread)
   thread:set("thread_id", next_thread)
   next_thread = next_thread + 1
end

local headers = { ["Content-Type"] = "application/json", ["User-Agent"] = "curl/8.5.0" }
local prefix
local counter = 0

function init(args)
   prefix = string.format("bench-%s-t%d-", args[1] or "run", thread_id)
end

function request()
   counter = counter + 1
   local body = '{"identifier_key":"' .. prefix .. counter .. '","name":"Bench User","identity_type":"user"}'
   return wrk.format("POST", "/v1/identities/", headers, body)
end
