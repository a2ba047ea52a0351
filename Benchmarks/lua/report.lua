-- Shared by every benchmark script: done() prints one machine-readable line that
-- Benchmarks/run.sh parses. Latencies are in microseconds, as wrk records them.
-- wrk counts a response with status >= 400 as a status error; socket errors are
-- connect/read/write failures and timeouts.
-- WRK_USER_AGENT, when set, is the User-Agent of requests built from wrk.headers (the GETs).
if os.getenv("WRK_USER_AGENT") then wrk.headers["User-Agent"] = os.getenv("WRK_USER_AGENT") end
function done(summary, latency, requests)
   local errors = summary.errors
   local seconds = summary.duration / 1e6
   io.write(string.format(
      "WRK_RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d status_errors=%d socket_errors=%d\n",
      summary.requests, summary.duration, seconds > 0 and summary.requests / seconds or 0,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
