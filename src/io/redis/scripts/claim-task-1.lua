--[[
  Takes over one input partition's snapshot: bumps its owner generation, so that any later write
  of the previous owner (a zombie that has not noticed the rebalance) is refused, and returns the
  snapshot's fields in the same step.

  Input:
    KEYS[1] task meta hash        {t:<topic>:<partition>}:meta

  Output:
    flat array field, value, ... of the meta hash; `gen` is the caller's new generation
]]
redis.call('HINCRBY', KEYS[1], 'gen', 1)
return redis.call('HGETALL', KEYS[1])
