--[[
  Stores alerts for the REST API and publishes them for SSE listeners. A new id is stored with its
  index members; a known id is replaced only by a higher revision (a late window re-firing), so a
  duplicate (at-least-once delivery, a replay after a crash) changes nothing and is not published.

  Input:
    KEYS[1] alert bodies hash     {alerts}:body    id → alert JSON
    KEYS[2] alert index zset      {alerts}:index   lexicographic members, all scores 0
    KEYS[3] alert refs hash       {alerts}:refs    id → its index members (JSON array)

    ARGV[1] pub/sub channel
    ARGV[2] N, then N groups of 6: id, revision, alert JSON, time member, rule member, key member

  Output:
    the number of alerts stored or revised
]]
local changed = 0
local n = tonumber(ARGV[2])
for i = 0, n - 1 do
  local b = 3 + 6 * i
  local id, revision, body = ARGV[b], tonumber(ARGV[b + 1]), ARGV[b + 2]
  local old = redis.call('HGET', KEYS[1], id)
  local store = false
  if not old then
    store = true
    redis.call('ZADD', KEYS[2], 0, ARGV[b + 3], 0, ARGV[b + 4], 0, ARGV[b + 5])
    redis.call('HSET', KEYS[3], id, cjson.encode({ ARGV[b + 3], ARGV[b + 4], ARGV[b + 5] }))
  elseif revision > 0 then
    local ok, prev = pcall(cjson.decode, old)
    local prevRevision = 0
    if ok and type(prev) == 'table' and type(prev.revision) == 'number' then prevRevision = prev.revision end
    store = revision > prevRevision
  end
  if store then
    redis.call('HSET', KEYS[1], id, body)
    redis.call('PUBLISH', ARGV[1], body)
    changed = changed + 1
  end
end
return changed
