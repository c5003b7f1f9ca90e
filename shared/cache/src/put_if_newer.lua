-- Stores a view only when its version is newer than the stored one.
-- KEYS[1]: the view key, a hash with fields v (version) and d (view bytes).
-- ARGV[1]: the new version as exactly 20 decimal digits, zero-padded.
-- ARGV[2]: the view bytes.
-- ARGV[3]: the TTL in milliseconds.
-- Returns 1 when stored, 0 when the stored version is equal or newer.
--
-- Lua numbers are doubles and lose precision above 2^53, so each version is
-- compared as two 10-digit halves, each of which a double represents exactly.
local stored = redis.call('HGET', KEYS[1], 'v')
if stored and string.len(stored) == 20 then
  local stored_high = tonumber(string.sub(stored, 1, 10))
  local stored_low = tonumber(string.sub(stored, 11, 20))
  local new_high = tonumber(string.sub(ARGV[1], 1, 10))
  local new_low = tonumber(string.sub(ARGV[1], 11, 20))
  if stored_high > new_high or (stored_high == new_high and stored_low >= new_low) then
    return 0
  end
end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'd', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
