--[[
  Writes one input partition's incremental snapshot in one step: the keys whose state changed,
  the keys that no longer hold anything, and the meta fields (next offset, source state, rule
  versions, exactly-once outbox). Nothing is written unless the caller still owns the partition.

  Input:
    KEYS[1] task meta hash        {t:<topic>:<partition>}:meta
    KEYS[2] task state hash       {t:<topic>:<partition>}:state

    ARGV[1] the caller's owner generation (from claim-task)
    ARGV[2] M, then M field/value pairs for the meta hash
    then    S, then S field/value pairs for the state hash
    then    D, then D fields to delete from the state hash

  Output:
    1, or the error "FENCED <gen>" when another instance has taken the partition over
]]
local gen = redis.call('HGET', KEYS[1], 'gen')
if gen ~= ARGV[1] then
  return redis.error_reply('FENCED ' .. tostring(gen))
end

-- HSET/HDEL in slices: unpack() of a very long list would overflow Lua's C stack
local CHUNK = 800

local function hsetPairs(key, first, pairs)
  local i = 0
  while i < pairs do
    local n = math.min(CHUNK, pairs - i)
    local args = {}
    for j = 0, 2 * n - 1 do
      args[j + 1] = ARGV[first + 2 * i + j]
    end
    redis.call('HSET', key, unpack(args))
    i = i + n
  end
  return first + 2 * pairs
end

local function hdelFields(key, first, count)
  local i = 0
  while i < count do
    local n = math.min(CHUNK, count - i)
    local args = {}
    for j = 0, n - 1 do
      args[j + 1] = ARGV[first + i + j]
    end
    redis.call('HDEL', key, unpack(args))
    i = i + n
  end
  return first + count
end

local at = 2
local metaPairs = tonumber(ARGV[at])
at = hsetPairs(KEYS[1], at + 1, metaPairs)
local setPairs = tonumber(ARGV[at])
at = hsetPairs(KEYS[2], at + 1, setPairs)
local deletes = tonumber(ARGV[at])
hdelFields(KEYS[2], at + 1, deletes)
return 1
