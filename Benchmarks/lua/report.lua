-- Shared by every benchmark script: done() prints one machine-readable line that
-- Benchmarks/run.sh parses. Latencies are in microseconds, as wrk records them.
-- wrk counts a response with status >= 400 as a status error; socket errors are
-- connect/read/write failures and timeouts.
--
-- Every request carries curl's User-Agent, as a user trying the API with curl sends it
-- (wrk sends none by default), or WRK_USER_AGENT when set; scripts that pass their own
-- headers add `user_agent`.
user_agent = os.getenv("WRK_USER_AGENT") or "curl/8.5.0"
wrk.headers["User-Agent"] = user_agent

function done(summary, latency, requests)
   local errors = summary.errors
   local seconds = summary.duration / 1e6
   io.write(string.format(
      "WRK_RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d status_errors=%d socket_errors=%d\n",
      summary.requests, summary.duration, seconds > 0 and summary.requests / seconds or 0,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
