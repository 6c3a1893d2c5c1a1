-- GET scenarios: each request takes the next path from a file (one path per line, e.g. /api/v1/contacts/<id>),
-- every thread starting at a different place. Usage: wrk ... -s paths.lua <url> -- <paths-file>
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua"
require "report"

local threads = {}
local counter = 0

function setup(thread)
  collect(thread)
  thread:set("offset", counter * 7919)
  counter = counter + 1
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  if #paths == 0 then error("no paths in " .. args[1]) end
  n = offset or 0
end

function request()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
