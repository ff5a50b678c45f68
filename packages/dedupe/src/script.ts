import { LUA_LISTS } from './lua-lists.js';
import { RECORD } from './record.js';

/**
 * The whole decision for one text, run atomically in Redis: replay of a job already answered,
 * eviction of the oldest entries past the window or the count bound, versions of a known article,
 * exact claim of the content hash, LSH candidate lookup with verification (MinHash similarity,
 * then the names and figures of both texts, then their leads), then insertion. Because
 * every dedupe worker runs it against the same keys, the index is a single serial history:
 * whichever of two near-duplicates runs first is canonical and the second always sees it.
 *
 * Every key starts with KEYS[1], a Redis Cluster hash tag, so they share one slot. Layout:
 *   A:<id>    hash: the article (version, cluster, verdict, version keys and summaries, recent job answers)
 *   R:<chunk> string: fixed-size binary records of 64 consecutive entries (see record.ts)
 *   L:<n>     hash: band value -> comma list of entry numbers; the exact-body claim is one more band
 *   S         hash: h = next entry number, t = oldest entry kept, o = article counter
 *   V         list: "<o>:<id>" in first-seen order, to bound the number of article hashes
 *
 * ARGV: 1 mode (claim|classify), 2 job key ('' = none), 3 article id, 4 exact key (8 bytes of the body
 * hash, '' = empty body), 5 now ms, 6 window ms, 7 version TTL ms, 8 record bytes,
 * 9 Jaccard threshold, 10 containment threshold, 11 min containment ratio, 12 max candidates,
 * 13 version summary JSON, 14 band list limit, 15 version key, 16 bands, 17 rows, 18 bucket count
 * (a power of two), 19 max entries, 20 identity: min differing share, 21 identity: min differing
 * items, 22 lead overlap below which the newer text opens with a new lead.
 * Returns { decision JSON, previous version summary JSON or '', '1' when replayed }.
 */
export const DEDUPE_LUA = `
local base = KEYS[1]
local claim = ARGV[1] == 'claim'
local jobKey = ARGV[2]
local id = ARGV[3]
local ekey = ARGV[4]
local now = tonumber(ARGV[5])
local window = tonumber(ARGV[6])
local vttl = tonumber(ARGV[7])
local rec = ARGV[8]
local jt = tonumber(ARGV[9])
local ct = tonumber(ARGV[10])
local minRatio = tonumber(ARGV[11])
local maxCand = tonumber(ARGV[12])
local summary = ARGV[13]
local listLimit = tonumber(ARGV[14])
local vkey = ARGV[15]
local nbands = tonumber(ARGV[16])
local rows = tonumber(ARGV[17])
local nbuckets = tonumber(ARGV[18])
local maxEntries = tonumber(ARGV[19])
local idRel = tonumber(ARGV[20])
local idAbs = tonumber(ARGV[21])
local leadMax = tonumber(ARGV[22])

local artKey = base .. ':A:' .. id
local stateKey = base .. ':S'
local CHUNK = ${RECORD.chunk}
local ID, TIME, NSH, FLAGS, IDCOUNT, IDK, LEADK, EKEY, SIG = ${RECORD.id}, ${RECORD.time}, ${RECORD.shingles}, ${RECORD.flags}, ${RECORD.identityCount}, ${RECORD.identityK}, ${RECORD.leadK}, ${RECORD.exactKey}, ${RECORD.signature}
local np = nbands * rows
local IDS = SIG + 2 * np
local LEAD = IDS + 2 * ${RECORD.identityMax}
local RECSIZE = LEAD + 2 * ${RECORD.leadMax}
local F_ENTITIES, F_NEAR, F_EXACT = 1, 2, 4
local fieldScale = 4294967296 / nbuckets

-- Field offsets above are 0-based; Lua strings are 1-based.
local function u8(s, off) return string.byte(s, off + 1) end
local function u16(s, off) return struct.unpack('>I2', s, off + 1) end
local function u32(s, off) return struct.unpack('>I4', s, off + 1) end
local function u16s(s, off, count)
  if count == 0 then return {} end
  local t = { struct.unpack('>' .. string.rep('I2', count), s, off + 1) }
  t[#t] = nil -- struct.unpack also returns the next position
  return t
end

-- The job answer kept in the article hash: "<job> <version> <unchanged> <previous>;" for the last few jobs.
local function findJob(list)
  if not list or jobKey == '' then return nil end
  for j, v, u, p in string.gmatch(list, '([^ ;]+) (%d+) (%d) (%d+);') do
    if j == jobKey then return tonumber(v), tonumber(u), tonumber(p) end
  end
  return nil
end

local function prevSummary(p)
  if p and p > 0 then return redis.call('HGET', artKey, 'p' .. p) or '' end
  return ''
end

local function verdict(r)
  return cjson.encode(r)
end

-- Replay: a re-delivered job gets exactly the answer it got the first time.
if jobKey ~= '' then
  local a = redis.call('HMGET', artKey, 'j', 'c', 'd', 'k', 's', 'r', 'x')
  local v, u, p = findJob(a[1])
  if v then
    local r = { v = v, u = u, p = p, c = a[2], d = a[3] or '', k = a[4] or '', s = tonumber(a[5] or '-1'), r = a[6] or '', x = tonumber(a[7] or '-1') }
    return { verdict(r), prevSummary(p), '1' }
  end
end

local function finish(r)
  if claim and jobKey ~= '' then
    local list = redis.call('HGET', artKey, 'j') or ''
    local _, count = string.gsub(list, ';', ';')
    if count >= 4 then list = string.sub(list, string.find(list, ';', 1, true) + 1) end
    redis.call('HSET', artKey, 'j', list .. jobKey .. ' ' .. r.v .. ' ' .. r.u .. ' ' .. r.p .. ';')
  end
  return { verdict(r), prevSummary(r.p), '0' }
end

-- Band b of a signature (1-based values) -> bucket key and field. Pure arithmetic on the 16-bit
-- values, so eviction can recompute an old entry's bands from its stored signature.
local function bandOf(b, sig)
  local V = 0
  for i = 1, rows do V = (V * 65599 + sig[b * rows + i]) % 4294967296 end
  return base .. ':L:' .. ((V + b * 2654435761) % nbuckets), b * fieldScale + math.floor(V / nbuckets)
end
-- The exact-body claim is stored as one more band, keyed by 32 bits of the body hash.
local function exactBand(key)
  local V = struct.unpack('>I4', key)
  return base .. ':L:' .. ((V + nbands * 2654435761) % nbuckets), nbands * fieldScale + math.floor(V / nbuckets)
end

local function chunkKey(seq) return base .. ':R:' .. math.floor(seq / CHUNK) end
local function readRecord(seq)
  local off = (seq % CHUNK) * RECSIZE
  local r = redis.call('GETRANGE', chunkKey(seq), off, off + RECSIZE - 1)
  if #r ~= RECSIZE or u8(r, ID) == 0 then return nil end
  return r
end
local function recordId(r) return string.sub(r, ID + 2, ID + 1 + u8(r, ID)) end

${LUA_LISTS}
-- Oldest first: entries past the window, or beyond the count bound, leave the index with their bands.
local function evict(head)
  local tail = tonumber(redis.call('HGET', stateKey, 't') or '0')
  local done = 0
  while tail < head and done < 8 do
    local r = readRecord(tail)
    -- Room for one more within the bound, and the oldest still inside the window: done.
    if r and head - tail < maxEntries and now - u32(r, TIME) * 1000 <= window then break end
    if r then
      local fl = u8(r, FLAGS)
      if bit.band(fl, F_NEAR) ~= 0 then
        local sig = u16s(r, SIG, np)
        for b = 0, nbands - 1 do
          local bk, f = bandOf(b, sig)
          listRemove(bk, f, tail)
        end
      end
      if bit.band(fl, F_EXACT) ~= 0 then
        local bk, f = exactBand(string.sub(r, EKEY + 1, EKEY + 8))
        listRemove(bk, f, tail)
      end
    end
    if tail % CHUNK == CHUNK - 1 then redis.call('DEL', chunkKey(tail)) end
    tail = tail + 1
    done = done + 1
  end
  redis.call('HSET', stateKey, 't', tail)
end

-- Article hashes beyond the count bound go oldest first (their TTL removes them by age).
local function boundArticles()
  for _ = 1, 4 do
    if redis.call('LLEN', base .. ':V') <= maxEntries then
      local head = redis.call('LINDEX', base .. ':V', 0)
      if not head then return end
      local o, a = string.match(head, '^(%d+):(.*)$')
      if redis.call('HGET', base .. ':A:' .. a, 'o') == o then return end
    end
    local e = redis.call('LPOP', base .. ':V')
    local o, a = string.match(e, '^(%d+):(.*)$')
    if redis.call('HGET', base .. ':A:' .. a, 'o') == o then redis.call('DEL', base .. ':A:' .. a) end
  end
end

-- Eviction first, so the band lists read below are the ones the insert writes back.
if claim then evict(tonumber(redis.call('HGET', stateKey, 'h') or '0')) end

local mine = u16s(rec, SIG, np)
local n = u16(rec, NSH)
-- Current band lists read by the lookup, reused by the insert (saves one HGET per band).
local seen = {}

-- Who owns this exact body, if anyone: the article of the live entry holding the same body key.
local function exactOwner()
  if ekey == '' then return nil end
  local bk, f = exactBand(ekey)
  local v = redis.call('HGET', bk, f)
  seen.exact = v or false
  if not v then return nil end
  for s in string.gmatch(v, '[^,]+') do
    local r = readRecord(tonumber(s))
    if r and string.sub(r, EKEY + 1, EKEY + 8) == ekey and now - u32(r, TIME) * 1000 <= window then return recordId(r) end
  end
  return nil
end

-- Add this text to the index as entry number seq: its record, its bands, its exact claim.
local function index(withExact)
  local near = n > 0
  if not near and not withExact then return end
  local seq = redis.call('HINCRBY', stateKey, 'h', 1) - 1
  local fl = bit.band(u8(rec, FLAGS), F_ENTITIES)
  if near then fl = fl + F_NEAR end
  if withExact then fl = fl + F_EXACT end
  local ck = chunkKey(seq)
  -- The chunk is written whole once (exact allocation), then in place.
  if seq % CHUNK == 0 or redis.call('EXISTS', ck) == 0 then redis.call('SET', ck, string.rep('\\0', CHUNK * RECSIZE)) end
  redis.call('SETRANGE', ck, (seq % CHUNK) * RECSIZE, string.sub(rec, 1, FLAGS) .. string.char(fl) .. string.sub(rec, FLAGS + 2))
  if near then
    for b = 0, nbands - 1 do
      local bk, f = bandOf(b, mine)
      listAdd(bk, f, seq, seen[b])
    end
  end
  if withExact then
    local bk, f = exactBand(ekey)
    listAdd(bk, f, seq, seen.exact)
  end
end

-- How the names and figures of two texts differ: the share of each side's items missing from the
-- other, over the range of hashes both bottom-k sketches cover. Two briefs from one frame each
-- have their own; a copy, a truncation or a copy with a footer has at most one side's own.
-- Sketch values are (15-bit hash << 1) + 1 when the item also occurs after the lead paragraph;
-- afterLead compares only those: the bodies of a follow-up and of the story it carries on agree.
-- Returns whether they differ, and whether each side had enough items to tell.
local function identity(r, afterLead)
  if bit.band(u8(r, FLAGS), F_ENTITIES) ~= bit.band(u8(rec, FLAGS), F_ENTITIES) then return false, false end
  local ka, kb = u8(rec, IDK), u8(r, IDK)
  if ka == 0 or kb == 0 then return false, false end
  local A, B = u16s(rec, IDS, ka), u16s(r, IDS, kb)
  local ca, cb = u16(rec, IDCOUNT), u16(r, IDCOUNT)
  local top = 32768
  if ca > ka then top = math.min(top, math.floor(A[ka] / 2)) end
  if cb > kb then top = math.min(top, math.floor(B[kb] / 2)) end
  local function keep(h) return math.floor(h / 2) <= top and (not afterLead or h % 2 == 1) end
  local inA, inB = {}, {}
  for _, h in ipairs(A) do if keep(h) then inA[math.floor(h / 2)] = true end end
  for _, h in ipairs(B) do if keep(h) then inB[math.floor(h / 2)] = true end end
  local function missing(X, inY, count)
    local total, miss = 0, 0
    for _, h in ipairs(X) do
      if keep(h) then
        total = total + 1
        if not inY[math.floor(h / 2)] then miss = miss + 1 end
      end
    end
    if total == 0 then return 0, 0, 0 end
    return miss / total, miss / total * count, total
  end
  local ra, aa, ta = missing(A, inB, ca)
  local rb, ab, tb = missing(B, inA, cb)
  return math.min(ra, rb) >= idRel and math.min(aa, ab) >= idAbs, math.min(ta, tb) >= 2
end

-- Share of this text's first lead shingles found in the start of the earlier text: near 0 when this
-- one opens with text the other does not have there (a new lead), high for a copy, even one that
-- dropped or moved a sentence of the lead.
local function leadOverlap(r)
  local la, lb = math.min(u8(rec, LEADK), ${RECORD.leadProbe}), u8(r, LEADK)
  if la == 0 or lb == 0 then return 1 end
  local inB = {}
  for _, h in ipairs(u16s(r, LEAD, lb)) do inB[h] = true end
  local same = 0
  for _, h in ipairs(u16s(rec, LEAD, la)) do
    if inB[h] then same = same + 1 end
  end
  return same / la
end

-- A known article: the same version (title, body, corrections) again is a no-op; anything else is the next version.
local cur = redis.call('HMGET', artKey, 'v', 'c', 'd', 'k', 's', 'r', 'x')
if cur[1] then
  local r = { c = cur[2], d = cur[3] or '', k = cur[4] or '', s = tonumber(cur[5] or '-1'), r = cur[6] or '', x = tonumber(cur[7] or '-1'), p = 0, u = 0 }
  local known = redis.call('HGET', artKey, 'h' .. vkey)
  if known then
    r.v = tonumber(known)
    r.u = 1
    return finish(r)
  end
  r.p = tonumber(cur[1])
  r.v = r.p + 1
  if claim then
    redis.call('HSET', artKey, 'v', r.v, 'h' .. vkey, r.v, 'p' .. r.v, summary)
    redis.call('PEXPIRE', artKey, vttl)
    if ekey ~= '' and not exactOwner() then index(true) end
  end
  return finish(r)
end

local r = { v = 1, u = 0, p = 0, c = id, d = '', k = '', s = -1, r = '', x = -1 }
local exact = false
local owner = exactOwner()
if owner and owner ~= id then
  local oc = redis.call('HGET', base .. ':A:' .. owner, 'c')
  if oc then
    r.c = oc
    r.d = oc
    r.k = 'exact'
    r.s = 1
    exact = true
  end
end

if not exact and n > 0 then
  local hits, order = {}, {}
  for b = 0, nbands - 1 do
    local bk, f = bandOf(b, mine)
    local v = redis.call('HGET', bk, f)
    seen[b] = v or false
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
  -- Most shared bands first (they are the most similar); equal counts in index order.
  table.sort(order, function(x, y)
    if hits[x] ~= hits[y] then return hits[x] > hits[y] end
    return tonumber(x) < tonumber(y)
  end)
  local best, bestScore, follows, followScore, checked = nil, -1, nil, -1, 0
  for _, s in ipairs(order) do
    if checked >= maxCand then break end
    local cr = readRecord(tonumber(s))
    local cid = cr and recordId(cr)
    if cr and cid ~= id and bit.band(u8(cr, FLAGS), F_NEAR) ~= 0 and now - u32(cr, TIME) * 1000 <= window then
      checked = checked + 1
      local other = u16s(cr, SIG, np)
      local same = 0
      for i = 1, np do
        if mine[i] == other[i] then same = same + 1 end
      end
      local j = same / np
      local nB = u16(cr, NSH)
      local small, large = math.min(n, nB), math.max(n, nB)
      local inter = j * (n + nB) / (1 + j)
      local cont = math.min(1, inter / small)
      local score = -1
      if j >= jt then score = j end
      if small / large >= minRatio and cont >= ct and cont > score then score = cont end
      local newLead = score >= 0 and leadOverlap(cr) < leadMax
      local bodiesDiffer, comparable = false, false
      if newLead then bodiesDiffer, comparable = identity(cr, true) end
      -- A new lead over a body about the same names and figures (or one too short to tell): a
      -- follow-up, related but not a copy. Otherwise two texts whose names and figures differ are
      -- different articles, however much wording they share.
      if score >= 0 and ((newLead and comparable and not bodiesDiffer) or not identity(cr, false)) then
        if newLead then
          local share = math.min(1, inter / nB)
          if share > followScore then
            follows = cid
            followScore = share
          end
        elseif score > bestScore then
          local oc = redis.call('HGET', base .. ':A:' .. cid, 'c')
          if oc then
            best = oc
            bestScore = score
          end
        end
      end
    end
  end
  if best then
    r.c = best
    r.d = best
    r.k = 'near'
    r.s = bestScore
  elseif follows then
    r.r = follows
    r.x = followScore
  end
end

if claim then
  local o = redis.call('HINCRBY', stateKey, 'o', 1)
  redis.call('HSET', artKey, 'v', 1, 'c', r.c, 'h' .. vkey, 1, 'p1', summary, 'o', o)
  if r.d ~= '' then redis.call('HSET', artKey, 'd', r.d, 'k', r.k, 's', r.s) end
  if r.r ~= '' then redis.call('HSET', artKey, 'r', r.r, 'x', r.x) end
  redis.call('PEXPIRE', artKey, vttl)
  redis.call('RPUSH', base .. ':V', o .. ':' .. id)
  boundArticles()
  if not exact then index(ekey ~= '' and not owner) end
end
return finish(r)
`;
