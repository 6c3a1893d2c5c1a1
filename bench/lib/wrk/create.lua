-- POST /api/v1/contacts with a new person each time (unique email: run id, thread and counter), as a client
-- creating contacts would. Usage: wrk ... -s create.lua <url> -- <run-id> [phase], e.g. "warmup" (emails differ).
-- The phone numbers repeat across threads, phases and the seeded contacts, which makes look-alikes: the creates say
-- allowDuplicate=true, so they are created (and paired, as duplicate detection does for every create) instead of
-- answering 409 possible-duplicate.
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua"
require "report"

local counter = 0

function setup(thread)
  collect(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

function init(args)
  run = (args[1] or tostring(os.time())) .. (args[2] or "")
  n = 0
  wrk.method = "POST"
  path = wrk.path .. (wrk.path:find("?", 1, true) and "&" or "?") .. "allowDuplicate=true"
  wrk.headers["Content-Type"] = "application/json"
end

local stages = {"lead", "subscriber", "marketing-qualified", "customer"}

function request()
  n = n + 1
  local body = string.format(
    '{"firstName":"Bench","lastName":"Writer%d","jobTitle":"Buyer","lifecycleStage":"%s","tags":["bench"],' ..
    '"emails":[{"address":"w%s.%d.%d@writes.bench.example","primary":true}],' ..
    '"phones":[{"number":"+1 555 %07d","type":"work"}]}',
    n, stages[(n % #stages) + 1], run, tid, n, n % 10000000)
  return wrk.format(nil, path, nil, body)
end
