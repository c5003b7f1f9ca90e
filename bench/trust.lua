-- Usage: COMPANY_LIST=companies.txt API_KEY=ts_buyer_... wrk -t2 -c64 -d30s -s bench/trust.lua http://127.0.0.1:18081
-- Sends GET /v1/companies/<id>/trust over the company ids in COMPANY_LIST (one a line), each
-- wrk thread starting at a different line, and counts responses served from the cache apart
-- from responses computed from the database and from every other status.

local threads = {}
local thread_count = 0

function setup(thread)
   thread:set("id", thread_count)
   thread_count = thread_count + 1
   table.insert(threads, thread)
end

function init(args)
   local list = assert(os.getenv("COMPANY_LIST"), "set COMPANY_LIST to a file of company ids")
   local key = assert(os.getenv("API_KEY"), "set API_KEY to a buyer API key")

   companies = {}
   for company in io.lines(list) do
      table.insert(companies, company)
   end
   assert(#companies > 0, "COMPANY_LIST is empty")

   next_company = (id * 7919) % #companies + 1
   cached, computed, other = 0, 0, 0
   headers = { ["Authorization"] = "Bearer " .. key }
end

function request()
   local path = "/v1/companies/" .. companies[next_company] .. "/trust"
   next_company = next_company % #companies + 1
   return wrk.format("GET", path, headers)
end

function response(status, headers, body)
   if status ~= 200 then
      other = other + 1
      if other <= 3 then
         io.stderr:write("status " .. status .. ": " .. body:sub(1, 300) .. "\n")
      end
   elseif body:find('"source":"cache"', 1, true) then
      cached = cached + 1
   else
      computed = computed + 1
   end
end

function done(summary, latency, requests)
   local totals = { cached = 0, computed = 0, other = 0 }
   for _, thread in ipairs(threads) do
      for name, _ in pairs(totals) do
         totals[name] = totals[name] + thread:get(name)
      end
   end
   local seconds = summary.duration / 1e6
   io.write(string.format(
      "RESULT trust requests=%d seconds=%.1f cached=%d computed=%d other_status=%d " ..
      "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d " ..
      "per_s=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.1f\n",
      summary.requests, seconds, totals.cached, totals.computed, totals.other,
      summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
      summary.requests / seconds,
      latency:percentile(50) / 1e3, latency:percentile(90) / 1e3,
      latency:percentile(99) / 1e3, latency.max / 1e3))
end
