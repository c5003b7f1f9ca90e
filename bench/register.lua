-- Usage: PDF_LIST=pdfs.txt API_KEY=ts_platform_... WRK_THREADS=2 wrk -t2 -c64 -d30s --timeout 30s -s bench/register.lua http://127.0.0.1:18080
-- Registers a different PDF on every request (raw application/pdf body, kind=commercial_invoice).
-- PDF_LIST names one file per line. With n = WRK_THREADS (the same number as -t), wrk thread k
-- sends lines k, k+n, k+2n, ..., so no two requests send the same bytes until the list runs out.
-- A thread then starts over and the server answers 200 (already registered) instead of 201,
-- so keep the list longer than the run.

local threads = {}
local thread_count = 0

function setup(thread)
   thread:set("id", thread_count)
   thread_count = thread_count + 1
   table.insert(threads, thread)
end

function init(args)
   local list = assert(os.getenv("PDF_LIST"), "set PDF_LIST to a file that lists one PDF per line")
   local key = assert(os.getenv("API_KEY"), "set API_KEY to a platform API key")
   local stride = tonumber(os.getenv("WRK_THREADS") or "2")

   files = {}
   local line_number = 0
   for path in io.lines(list) do
      if line_number % stride == id then
         table.insert(files, path)
      end
      line_number = line_number + 1
   end
   assert(#files > 0, "PDF_LIST has no line for wrk thread " .. id)

   next_file = 1
   created, existing, other = 0, 0, 0
   headers = {
      ["Authorization"] = "Bearer " .. key,
      ["Content-Type"] = "application/pdf",
   }
end

function request()
   local handle = assert(io.open(files[next_file], "rb"))
   local body = handle:read("*a")
   handle:close()
   next_file = next_file % #files + 1
   return wrk.format("POST", "/v1/documents?kind=commercial_invoice", headers, body)
end

function response(status, headers, body)
   if status == 201 then
      created = created + 1
   elseif status == 200 then
      existing = existing + 1
   else
      other = other + 1
      if other <= 3 then
         io.stderr:write("status " .. status .. ": " .. body:sub(1, 300) .. "\n")
      end
   end
end

function done(summary, latency, requests)
   local totals = { created = 0, existing = 0, other = 0 }
   for _, thread in ipairs(threads) do
      for name, _ in pairs(totals) do
         totals[name] = totals[name] + thread:get(name)
      end
   end
   local seconds = summary.duration / 1e6
   io.write(string.format(
      "RESULT register requests=%d seconds=%.1f created=%d existing=%d other_status=%d " ..
      "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d " ..
      "created_per_s=%.1f p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f\n",
      summary.requests, seconds, totals.created, totals.existing, totals.other,
      summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
      totals.created / seconds,
      latency:percentile(50) / 1e3, latency:percentile(90) / 1e3,
      latency:percentile(99) / 1e3, latency.max / 1e3))
end
