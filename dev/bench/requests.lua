-- Replay prepared requests with wrk, each once, in order: one line of the file named by the
-- BENCH_REQUESTS environment variable per request, fields separated by tabs:
--   [METHOD ]PATH <tab> Header: value <tab> ... <tab> BODY   (the method defaults to POST)
-- When the file runs out, requests start again from the top (the bench makes enough lines
-- that this does not happen in a round; a reused token would show up as wrong answers).
-- With BENCH_EXPECT ("STATUS<tab>TEXT"), every answer whose status differs or whose body lacks
-- TEXT is counted, and the total is printed as "Wrong answers: N".
local requests = {}
local next_index = 1
local expected_status, expected_text = nil, ""
local threads = {}
wrong = 0 -- global: the main thread reads each thread's count with thread:get

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    fields[#fields + 1] = field
  end
  return fields
end

setup = function(thread)
  threads[#threads + 1] = thread
end

init = function(args)
  local expect = os.getenv("BENCH_EXPECT")
  if expect then
    local status, text = expect:match("^(%d+)\t(.*)$")
    expected_status, expected_text = tonumber(status), text
  end
  for line in io.lines(os.getenv("BENCH_REQUESTS")) do
    local fields = split(line)
    -- wrk.headers holds Host; a table of our own would replace it, so copy it in.
    local headers = { ["Content-Type"] = "application/json" }
    for name, value in pairs(wrk.headers) do
      headers[name] = value
    end
    for i = 2, #fields - 1 do
      local name, value = fields[i]:match("^([^:]+):%s*(.*)$")
      headers[name] = value
    end
    local method, path = fields[1]:match("^(%u+) (.*)$")
    requests[#requests + 1] = wrk.format(method or "POST", path or fields[1], headers, fields[#fields])
  end
end

request = function()
  local chosen = requests[next_index]
  next_index = next_index % #requests + 1
  return chosen
end

response = function(status, headers, body)
  if expected_status == nil then
    return
  end
  if status ~= expected_status or not (body or ""):find(expected_text, 1, true) then
    wrong = wrong + 1
  end
end

done = function(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + (thread:get("wrong") or 0)
  end
  io.write(string.format("Wrong answers: %d\n", total))
end
