-- Usage: DIGEST_LIST=digests.txt API_KEY=ts_customs_... wrk -t2 -c64 -d30s -s bench/lookup.lua http://127.0.0.1:18080
-- Sends GET /v1/documents/sha256:<hex> over the digests in DIGEST_LIST (one hex digest a line,
-- all registered), each wrk thread starting at a different line, and counts 200 responses apart
-- from every other status.

local threads = {}
local thread_count = 0

function setup(thread)
   thread:set("id", thread_count)
   thread_count = thread_count + 1
   table.insert(threads, thread)
end

function init(args)
   local list = assert(os.getenv("DIGEST_LIST"), "set DIGEST_LIST to a file of hex digests")
   local key = assert(os.getenv("API_KEY"), "set API_KEY to a customs API key")

   digests = {}
   for digest in io.lines(list) do
      table.insert(digests, digest)
   end
   assert(#digests > 0, "DIGEST_LIST is empty")

   next_digest = (id * 7919) % #digests + 1
   found, other = 0, 0
   headers = { ["Authorization"] = "Bearer " .. key }
end

function request()
   local path = "/v1/documents/sha256:" .. digests[next_digest]
   next_digest = next_digest % #digests + 1
   return wrk.format("GET", path, headers)
end

function response(status, headers, body)
   if status == 200 then
      found = found + 1
   else
      other = other + 1
      if other <= 3 then
         io.stderr:write("status " .. status .. ": " .. body:sub(1, 300) .. "\n")
      end
   end
end

function done(summary, latency, requests)
   local totals = { found = 0, other = 0 }
   for _, thread in ipairs(threads) do
      for name, _ in pairs(totals) do
         totals[name] = totals[name] + thread:get(name)
      end
   end
   local seconds = summary.duration / 1e6
   io.write(string.format(
      "RESULT lookup requests=%d seconds=%.1f found=%d other_status=%d " ..
      "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d " ..
      "found_per_s=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.1f\n",
      summary.requests, seconds, totals.found, totals.other,
      summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
      totals.found / seconds,
      latency:percentile(50) / 1e3, latency:percentile(90) / 1e3,
      latency:percentile(99) / 1e3, latency.max / 1e3))
end
