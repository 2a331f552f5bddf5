-- A library for LuaScriptTest: a local function the script placed after it calls.
local function twice(n)
  return 2 * tonumber(n)
end
