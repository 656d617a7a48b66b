--[[
  Retention: deletes up to a bounded number of the oldest alerts detected before a cutoff, with
  all their index members. Called repeatedly until it returns less than the bound.

  Input:
    KEYS[1] alert bodies hash     {alerts}:body
    KEYS[2] alert index zset      {alerts}:index
    KEYS[3] alert refs hash       {alerts}:refs

    ARGV[1] lowest time member, inclusive   ("t\0")
    ARGV[2] cutoff time member, exclusive   ("t\0<15-digit ms>")
    ARGV[3] at most this many alerts

  Output:
    the number of alerts deleted
]]
local members = redis.call('ZRANGEBYLEX', KEYS[2], '[' .. ARGV[1], '(' .. ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
for _, m in ipairs(members) do
  local id = string.match(m, '%z([^%z]*)$')
  local refs = redis.call('HGET', KEYS[3], id)
  if refs then
    for _, ref in ipairs(cjson.decode(refs)) do
      redis.call('ZREM', KEYS[2], ref)
    end
  end
  redis.call('ZREM', KEYS[2], m)
  redis.call('HDEL', KEYS[1], id)
  redis.call('HDEL', KEYS[3], id)
end
return #members
