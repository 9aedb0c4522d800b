-- Replay prepared requests with wrk, each once, in order: one line of the file named by the
-- BENCH_REQUESTS environment variable per request, fields separated by tabs:
--   [METHOD ]PATH <tab> Header: value <tab> ... <tab> BODY   (the method defaults to POST)
-- When the file runs out, requests start again from the top (the bench makes enough lines
-- that this does not happen in a round; a reused token would show up as non-2xx answers).
local requests = {}
local next_index = 1

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    fields[#fields + 1] = field
  end
  return fields
end

init = function(args)
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
