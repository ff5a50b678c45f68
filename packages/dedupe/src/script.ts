/**
 * The whole decision for one text, run atomically in Redis: replay of a job already answered,
 * versions of a known article, exact claim of the content hash, LSH candidate lookup with MinHash
 * verification, then insertion. Because every dedupe worker runs it against the same keys, the
 * index is a single serial history: whichever of two near-duplicates runs first is canonical and
 * the second always sees it, on however many machines they run.
 *
 * Every key it touches starts with KEYS[1], a Redis Cluster hash tag, so they share one slot.
 *
 * ARGV: 1 mode (claim|classify), 2 job key ('' = none), 3 article id, 4 content key (a prefix of the content hash),
 * 5 exact eligible (1/0), 6 now ms, 7 window ms, 8 version TTL ms, 9 signature (16 bits a value),
 * 10 shingle count (0 = too short for near matching), 11 Jaccard threshold,
 * 12 containment threshold, 13 min containment ratio, 14 max candidates, 15 version summary JSON,
 * 16 band list limit, 17 band count, 18 version key (hash of title, body and corrections: what a
 * version is), then (bucket, field) per band.
 * Returns { decision JSON, previous version summary JSON or '', '1' when replayed }.
 */
export const DEDUPE_LUA = `
local base = KEYS[1]
local claim = ARGV[1] == 'claim'
local jobKey = ARGV[2]
local id = ARGV[3]
local hash = ARGV[4]
local exactOk = ARGV[5] == '1'
local now = tonumber(ARGV[6])
local window = tonumber(ARGV[7])
local vttl = tonumber(ARGV[8])
local sig = ARGV[9]
local n = tonumber(ARGV[10])
local jt = tonumber(ARGV[11])
local ct = tonumber(ARGV[12])
local minRatio = tonumber(ARGV[13])
local maxCand = tonumber(ARGV[14])
local summary = ARGV[15]
local listLimit = tonumber(ARGV[16])
local nb = tonumber(ARGV[17])
local vkey = ARGV[18]

local artKey = base .. ':a:' .. id
local jobRec = base .. ':j:' .. jobKey
local epoch = math.floor(now / window)

local function prevSummary(p)
  if p and p > 0 then return redis.call('HGET', artKey, 's:' .. p) or '' end
  return ''
end

if jobKey ~= '' then
  local rec = redis.call('GET', jobRec)
  if rec then return { rec, prevSummary(cjson.decode(rec).p), '1' } end
end

local function finish(r)
  local enc = cjson.encode(r)
  if claim and jobKey ~= '' then redis.call('SET', jobRec, enc, 'PX', window) end
  return { enc, prevSummary(r.p), '0' }
end

local function bucketKey(e, b) return base .. ':l:' .. e .. ':' .. b end
-- Current-epoch band lists read by the lookup, reused by the insert (saves one HGET per band).
local seen = {}

-- Add this text to the near-duplicate index: a signature record and one entry per band.
local function index()
  if n <= 0 then return end
  local seq = redis.call('INCR', base .. ':seq')
  local dk = base .. ':d:' .. seq
  redis.call('HSET', dk, 'a', id, 's', sig, 'n', n, 't', now)
  redis.call('PEXPIRE', dk, window)
  for i = 0, nb - 1 do
    local bk = bucketKey(epoch, ARGV[19 + 2 * i])
    local f = ARGV[20 + 2 * i]
    local v = seen[i]
    if v == nil then v = redis.call('HGET', bk, f) end
    if v then
      -- A band value shared by very many texts is common wording, not a copy: keep only the newest.
      local _, commas = string.gsub(v, ',', ',')
      if commas + 1 >= listLimit then v = string.sub(v, string.find(v, ',', 1, true) + 1) end
      redis.call('HSET', bk, f, v .. ',' .. seq)
    else
      redis.call('HSET', bk, f, seq)
    end
    redis.call('PEXPIRE', bk, 2 * window)
  end
end

-- A known article: the same version (title, body, corrections) again is a no-op; anything else is the next version.
local cur = redis.call('HMGET', artKey, 'v', 'c', 'd', 'k', 's')
if cur[1] then
  local r = { c = cur[2], d = cur[3], k = cur[4], s = tonumber(cur[5]), p = 0, u = 0 }
  local known = redis.call('HGET', artKey, 'h:' .. vkey)
  if known then
    r.v = tonumber(known)
    r.u = 1
    return finish(r)
  end
  r.p = tonumber(cur[1])
  r.v = r.p + 1
  if claim then
    redis.call('HSET', artKey, 'v', r.v, 'h:' .. vkey, r.v, 's:' .. r.v, summary)
    redis.call('PEXPIRE', artKey, vttl)
    if exactOk and redis.call('SET', base .. ':h:' .. hash, id, 'PX', window, 'NX') then index() end
  end
  return finish(r)
end

local r = { v = 1, u = 0, p = 0, c = id, d = '', k = '', s = -1 }
local exact = false
if exactOk then
  local owner = redis.call('GET', base .. ':h:' .. hash)
  if owner and owner ~= id then
    local oc = redis.call('HGET', base .. ':a:' .. owner, 'c')
    if oc then
      r.c = oc
      r.d = oc
      r.k = 'exact'
      r.s = 1
      exact = true
    end
  end
end

if not exact and n > 0 then
  local hits, order = {}, {}
  for i = 0, nb - 1 do
    local b, f = ARGV[19 + 2 * i], ARGV[20 + 2 * i]
    for e = epoch - 1, epoch do
      local v = redis.call('HGET', bucketKey(e, b), f)
      if e == epoch then seen[i] = v end
      if v then
        for s in string.gmatch(v, '[^,]+') do
          if not hits[s] then
            hits[s] = 0
            order[#order + 1] = s
          end
          hits[s] = hits[s] + 1
        end
      end
    end
  end
  -- Most shared bands first (they are the most similar); equal counts in index order.
  table.sort(order, function(x, y)
    if hits[x] ~= hits[y] then return hits[x] > hits[y] end
    return tonumber(x) < tonumber(y)
  end)
  local np = #sig / 2
  -- Unpack signatures into numbers once (one C call) instead of slicing 2-byte strings.
  local fmt = '>' .. string.rep('H', np)
  local mine = { struct.unpack(fmt, sig) }
  local best, bestScore, checked = nil, -1, 0
  for _, s in ipairs(order) do
    if checked >= maxCand then break end
    local d = redis.call('HMGET', base .. ':d:' .. s, 'a', 's', 'n', 't')
    if d[1] and d[1] ~= id and now - tonumber(d[4]) <= window and #d[2] == #sig then
      checked = checked + 1
      local other = { struct.unpack(fmt, d[2]) }
      local same = 0
      for i = 1, np do
        if mine[i] == other[i] then same = same + 1 end
      end
      local j = same / np
      local nB = tonumber(d[3])
      local small, large = math.min(n, nB), math.max(n, nB)
      local cont = math.min(1, (j * (n + nB) / (1 + j)) / small)
      local score = -1
      if j >= jt then score = j end
      if small / large >= minRatio and cont >= ct and cont > score then score = cont end
      if score > bestScore then
        local oc = redis.call('HGET', base .. ':a:' .. d[1], 'c')
        if oc then
          best = oc
          bestScore = score
        end
      end
    end
  end
  if best then
    r.c = best
    r.d = best
    r.k = 'near'
    r.s = bestScore
  end
end

if claim then
  redis.call('HSET', artKey, 'v', 1, 'c', r.c, 'd', r.d, 'k', r.k, 's', r.s, 'h:' .. vkey, 1, 's:1', summary)
  redis.call('PEXPIRE', artKey, vttl)
  if not exact then
    if exactOk then redis.call('SET', base .. ':h:' .. hash, id, 'PX', window, 'NX') end
    index()
  end
end
return finish(r)
`;
