-- wrk script: each request is the heartbeat of the next simulated device, as the RustDesk service sends it.
-- DEVICES (how many were registered) and MODIFIED_AT (the strategy timestamp a synced client echoes) come from
-- the environment; run.sh sets both.
local devices = tonumber(os.getenv("DEVICES") or "1000")
local modified_at = os.getenv("MODIFIED_AT") or "0"
local counter = 0

function setup(thread)
  thread:set("offset", counter * 7919)
  counter = counter + 1
end

function init(args)
  n = offset
end

function request()
  n = n + 1
  local i = n % devices
  local body = string.format('{"id":"%d","uuid":"%s","ver":1004090,"modified_at":%s}',
    100000000 + i, uuid(i), modified_at)
  return wrk.format("POST", "/api/heartbeat", {["Content-Type"] = "application/json"}, body)
end

-- the same uuid run.sh registered: base64 of "bench-machine-<i>"
local b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
function uuid(i)
  local s = "bench-machine-" .. i
  return ((s:gsub('.', function(x)
    local r, b = '', x:byte()
    for k = 8, 1, -1 do r = r .. (b % 2 ^ k - b % 2 ^ (k - 1) > 0 and '1' or '0') end
    return r
  end) .. '0000'):gsub('%d%d%d?%d?%d?%d?', function(x)
    if #x < 6 then return '' end
    local c = 0
    for k = 1, 6 do c = c + (x:sub(k, k) == '1' and 2 ^ (6 - k) or 0) end
    return b64:sub(c + 1, c + 1)
  end) .. ({ '', '==', '=' })[#s % 3 + 1])
end

function done(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("requests=%d duration_s=%.1f req_per_s=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f non_2xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, non2xx))
end
