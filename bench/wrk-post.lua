-- Cross-check of the load generator with wrk (bench/README.md, "The load generator"): POSTs the
-- NDJSON files $BODY_DIR/body-000, body-001, ... in order, each once until they run out.
--   API_KEY=... BODY_DIR=/tmp/wrk wrk -t1 -c2 -d3s --timeout 30s -s bench/wrk-post.lua http://127.0.0.1:18090/
local reqs = {}
local n = 0

function init(args)
  local dir = os.getenv("BODY_DIR")
  local key = os.getenv("API_KEY")
  local i = 0
  while true do
    local f = io.open(string.format("%s/body-%03d", dir, i), "rb")
    if not f then break end
    local body = f:read("*a")
    f:close()
    reqs[#reqs + 1] = wrk.format("POST", "/api/v1/events",
      { ["Content-Type"] = "application/x-ndjson", ["Authorization"] = "Bearer " .. key }, body)
    i = i + 1
  end
end

function request()
  n = n + 1
  return reqs[(n - 1) % #reqs + 1]
end
