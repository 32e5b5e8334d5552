-- wrk script: POST one new item per request, each with its own id, as an editor would.
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
end

local body_text = string.rep("<p>French troops moved north of Timbuktu on Thursday, a military source told AFP. </p>", 12)

request = function()
  counter = counter + 1
  local id = string.format("bench-%d-%d-%d", thread_id, counter, math.random(1, 1000000000))
  local body = string.format(
    '{"id":"%s","section":"world","source":"desk","headline":"Operation in northern Mali number %d",' ..
    '"summary":"Eleven militants were killed, military sources said.","byline":"Desk reporter",' ..
    '"published":"2026-03-01T10:%02d:00+01:00","body":"%s"}',
    id, counter, counter % 60, body_text)
  return wrk.format("POST", "/v1/items", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer bench-editor-token",
  }, body)
end
