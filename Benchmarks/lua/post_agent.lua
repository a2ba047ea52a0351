-- POST /v1/agents/ with the seed guide's payload: memory_blocks [], model and embedding
-- handles, context_window_limit, one identity id and the identity's key as tag ("tag agents
-- with a user id"). Identities come from the pool file written by bench-seed (first script
-- argument; lines "identity_id identifier_key"); each thread walks the pool from its own
-- offset, so links spread over all identities instead of piling onto one. The third argument,
-- if given, replaces the model handle.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local next_thread = 0
function setup(thread)
   thread:set("thread_id", next_thread)
   next_thread = next_thread + 1
end

local headers = { ["Content-Type"] = "application/json" }
local pool = {}
local position = 0
local model = "anthropic/claude-3-5-sonnet-20241022"

function init(args)
   local path = assert(args[1], "post_agent.lua needs the pool file: wrk ... -- POOL THREADS")
   for line in io.lines(path) do
      local id, key = line:match("^(%S+) (%S+)$")
      if id then pool[#pool + 1] = { id = id, key = key } end
   end
   assert(#pool > 0, "empty identity pool " .. path)
   local threads = tonumber(args[2]) or 1
   position = math.floor(#pool * thread_id / threads)
   model = args[3] or model
end

function request()
   position = position % #pool + 1
   local identity = pool[position]
   local body = '{"memory_blocks":[],"model":"' .. model .. '",'
      .. '"context_window_limit":200000,"embedding":"openai/text-embedding-3-small",'
      .. '"identity_ids":["' .. identity.id .. '"],"tags":["' .. identity.key .. '"]}'
   return wrk.format("POST", nil, headers, body)
end
