-- GET of the URL given to wrk (path and query included), reporting through report.lua.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")
