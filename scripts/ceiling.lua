-- wrk's side of scripts/ceiling.sh: request the `ceiling` workload's URLs in turn (each wrk
-- thread walks them from its own starting point), and write what wrk measured as JSON for
-- `fanout report --wrk`.
local targets = tonumber(os.getenv("CEILING_TARGETS"))
local size = os.getenv("CEILING_SIZE")
local next_id = 0
local threads = {}

function setup(thread)
  thread:set("first_id", #threads * 5000)
  table.insert(threads, thread)
end

function init(args)
  next_id = first_id or 0
end

function request()
  local path = "/item/" .. next_id .. "?delay_ms=0&size=" .. size
  next_id = (next_id + 1) % targets
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  local seconds = summary.duration / 1e6
  local out = assert(io.open(os.getenv("CEILING_OUT"), "w"))
  out:write(string.format(
    '{"tool": "%s", "workload": "ceiling", "server_instances": 1, "threads": %d, ' ..
    '"connections": %d, "duration_s": %.3f, "requests": %d, "errors": %d, ' ..
    '"requests_per_s": %.1f, "latency_p50_ms": %.3f, "latency_p99_ms": %.3f}\n',
    os.getenv("CEILING_TOOL"), #threads, tonumber(os.getenv("CEILING_CONNECTIONS")), seconds,
    summary.requests, errors, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  out:close()
end
