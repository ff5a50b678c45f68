/**
 * Lua shared by the duplicate and story scripts: comma lists of entry numbers kept in hash fields
 * (band and posting lists), capped at `listLimit`, which the script declares first. A value shared
 * by very many texts is common wording, not a copy or a story: only its newest entries are kept.
 */
export const LUA_LISTS = `
-- known: the field as read earlier in this call (false = read and absent), nil = not read yet.
local function listAdd(k, f, seq, known)
  local v = known
  if v == nil then v = redis.call('HGET', k, f) end
  if v then
    local _, commas = string.gsub(v, ',', ',')
    if commas + 1 >= listLimit then v = string.sub(v, string.find(v, ',', 1, true) + 1) end
    redis.call('HSET', k, f, v .. ',' .. seq)
  else
    redis.call('HSET', k, f, seq)
  end
end
local function listRemove(k, f, seq)
  local v = redis.call('HGET', k, f)
  if not v then return end
  local keep, s = {}, tostring(seq)
  for x in string.gmatch(v, '[^,]+') do
    if x ~= s then keep[#keep + 1] = x end
  end
  if #keep == 0 then redis.call('HDEL', k, f) else redis.call('HSET', k, f, table.concat(keep, ',')) end
end
`;
