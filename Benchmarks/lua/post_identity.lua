-- POST /v1/identities/ with a unique identifier_key per request:
-- "bench-<run>-t<thread>-<counter>", where <run> is the first script argument
-- (wrk ... -- <run>), so repeated runs against one database never conflict (409).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local next_thread = 0
function setup(thread)
   thread:set("thread_id", next_thread)
   next_thread = next_thread + 1
end

local headers = { ["Content-Type"] = "application/json", ["User-Agent"] = user_agent }
local prefix
local counter = 0

function init(args)
   prefix = string.format("bench-%s-t%d-", args[1] or "run", thread_id)
end

function request()
   counter = counter + 1
   local body = '{"identifier_key":"' .. prefix .. counter
      .. '","name":"Bench User ' .. counter .. '","identity_type":"user"}'
   return wrk.format("POST", nil, headers, body)
end
