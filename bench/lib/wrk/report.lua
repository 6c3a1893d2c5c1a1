-- Shared by every wrk scenario: counts answers by status in each thread, and prints one JSON line (prefix
-- BENCH_JSON) with throughput, latency percentiles (ms), every kind of error and the status counts, which bench/run
-- reads. wrk itself counts a non-2xx/3xx answer as errors.status.
local threads = {}

function collect(thread)
  table.insert(threads, thread)
end

statuses = {}

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      counts[status] = (counts[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(counts) do
    table.insert(parts, string.format('"%d":%d', status, count))
  end
  table.sort(parts)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50":%.2f,"p95":%.2f,"p99":%.2f,"max":%.2f,' ..
    '"non2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"statuses":{%s}}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.status, e.connect, e.read, e.write, e.timeout, table.concat(parts, ",")))
end
