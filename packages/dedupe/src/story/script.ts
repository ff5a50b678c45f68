import { LUA_LISTS } from '../lua-lists.js';
import { STORY_RECORD } from './record.js';

/**
 * The story index in Redis, beside the dedupe index under the same hash tag (one slot). Scoring
 * happens in the worker (the same `storySimilarity` the eval measures); the script does the two
 * steps around it atomically:
 *
 *   read    the candidates: entries posted under any of the probe hashes, most shared first,
 *           within the window, with the entry counter (the snapshot's head).
 *   commit  the assignment: refused with 'retry' when an entry indexed after the snapshot shares a
 *           probe hash (the article must be scored against it too, so two workers assigning two
 *           reports of one new event cannot both open a story); else the matched candidates'
 *           stories are resolved (merges followed, closed ones skipped), more than one are merged
 *           into the oldest, and the article joins it or opens its own.
 *
 * Keys (KEYS[1] is the dedupe index base):
 *   Y:R:<chunk>  string: fixed-size entries, 64 per string (record.ts)
 *   Y:P:<n>      hash: probe hash -> comma list of entry numbers (newest last, bounded)
 *   Y:G:<story>  hash: f first seen ms, l last seen ms, n articles, t label, c central article,
 *                s its support, m the story it was merged into
 *   Y:O:<story>  set: outlets
 *   Y:DF         string: 2^20 saturating u16 document-frequency counters (BITFIELD)
 *   Y:S          hash: h next entry, t oldest kept, n documents counted
 *   A:<id>       the dedupe article hash; field g holds the article's story, gi = 1 once it is indexed
 *
 * read ARGV: 2 now ms, 3 window ms, 4 max candidates, 5 probe hashes (comma list).
 * commit ARGV: 2 now ms, 3 window ms, 4 article id, 5 snapshot head, 6 force (1 = no conflict check),
 *   7 record, 8 headline, 9 outlet, 10 support (sum of scores to the matched entries), 11 canonical
 *   article id when a duplicate ('' = none), 12 matched entry numbers (comma list), 13 probe
 *   hashes, 14 unused (document frequencies are counted outside: see StoryIndex), 15 max entries, 16 posting buckets, 17 list limit.
 * Returns { story id, merged story ids (comma list), label, '1' when assigned now ('0': it had one) } or { 'retry' }.
 */
export const STORY_LUA = `
local base = KEYS[1]
local mode = ARGV[1]
local now = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local CHUNK, RS = ${STORY_RECORD.chunk}, ${STORY_RECORD.size}
local SEEN, NT, NE, TERMS, ENTS, POSTED = ${STORY_RECORD.seen}, ${STORY_RECORD.nTerms}, ${STORY_RECORD.nEntities}, ${STORY_RECORD.terms}, ${STORY_RECORD.entities}, ${STORY_RECORD.posted}
local stateKey = base .. ':Y:S'
local nb = tonumber(ARGV[16] or '65536')

local function u8(s, off) return string.byte(s, off + 1) end
local function u32(s, off) return struct.unpack('>I4', s, off + 1) end
local function chunkKey(seq) return base .. ':Y:R:' .. math.floor(seq / CHUNK) end
local function readRecord(seq)
  local off = (seq % CHUNK) * RS
  local r = redis.call('GETRANGE', chunkKey(seq), off, off + RS - 1)
  if #r ~= RS or u8(r, 0) == 0 then return nil end
  return r
end
local function idAt(r, off) return string.sub(r, off + 2, off + 1 + u8(r, off)) end
local function postKey(h) return base .. ':Y:P:' .. (h % nb), tostring(math.floor(h / nb)) end
local function split(s)
  local t = {}
  for x in string.gmatch(s or '', '[^,]+') do t[#t + 1] = x end
  return t
end

if mode == 'read' then
  local maxCand = tonumber(ARGV[4])
  local hits, most = {}, 0
  for _, h in ipairs(split(ARGV[5])) do
    local k, f = postKey(tonumber(h))
    local v = redis.call('HGET', k, f)
    if v then
      for s in string.gmatch(v, '%d+') do
        local x = tonumber(s)
        local c = (hits[x] or 0) + 1
        hits[x] = c
        if c > most then most = c end
      end
    end
  end
  -- Most shared probe hashes first, newest first among equals: grouped by count (a handful of
  -- groups), each sorted by the default numeric order (a comparator closure cost ~300 µs for 160).
  local groups = {}
  for x, c in pairs(hits) do
    local g = groups[c]
    if not g then
      g = {}
      groups[c] = g
    end
    g[#g + 1] = x
  end
  local out = { redis.call('HGET', stateKey, 'h') or '0' }
  local taken = 0
  for c = most, 1, -1 do
    local g = groups[c]
    if g then
      table.sort(g)
      for i = #g, 1, -1 do
        if taken >= maxCand then return out end
        local r = readRecord(g[i])
        if r and now - u32(r, SEEN) * 1000 <= window then
          out[#out + 1] = tostring(g[i])
          out[#out + 1] = r
          taken = taken + 1
        end
      end
    end
  end
  return out
end

-- commit
local id = ARGV[4]
local snapshot = tonumber(ARGV[5])
local force = ARGV[6] == '1'
local rec = ARGV[7]
local headline = ARGV[8]
local outlet = ARGV[9]
local support = tonumber(ARGV[10])
local dupOf = ARGV[11]
local matched = split(ARGV[12])
local probes = split(ARGV[13])
local maxEntries = tonumber(ARGV[15])
local listLimit = tonumber(ARGV[17])
local artKey = base .. ':A:' .. id

local function storyKey(s) return base .. ':Y:G:' .. s end
-- The live story a story id stands for now: merges followed; nil when closed (expired or idle past the window).
local function resolve(s)
  for _ = 1, 16 do
    if not s or s == '' then return nil end
    local g = redis.call('HMGET', storyKey(s), 'm', 'l')
    if not g[2] then return nil end
    if not g[1] then
      if now - tonumber(g[2]) > window then return nil end
      return s
    end
    s = g[1]
  end
  return nil
end

-- Already assigned (a redelivered job, a new version of the article): the story it is in now.
-- A story a copy of this article opened before it was indexed (the copy's worker was quicker)
-- is one to join, not an answer: the article still has to be indexed and matched.
local g = redis.call('HMGET', artKey, 'g', 'gi')
local preset = resolve(g[1])
if preset and (g[2] or dupOf ~= '') then
  return { preset, '', redis.call('HGET', storyKey(preset), 't') or '', '0' }
end

${LUA_LISTS}local function postedOf(r)
  local hs = {}
  for i = 0, math.min(POSTED, u8(r, NT)) - 1 do hs[#hs + 1] = u32(r, TERMS + 5 * i) end
  for i = 0, u8(r, NE) - 1 do hs[#hs + 1] = u32(r, ENTS + 5 * i) end
  return hs
end

-- Oldest entries past the window or the count bound leave with their postings.
local function evict(head)
  local tail = tonumber(redis.call('HGET', stateKey, 't') or '0')
  local done = 0
  while tail < head and done < 8 do
    local r = readRecord(tail)
    if r and head - tail < maxEntries and now - u32(r, SEEN) * 1000 <= window then break end
    if r then
      for _, h in ipairs(postedOf(r)) do
        local k, f = postKey(h)
        listRemove(k, f, tail)
      end
      -- A story of this one article goes with it, so the story count stays within the bound too.
      local s = idAt(r, 32)
      local g = redis.call('HMGET', storyKey(s), 'n', 'm')
      if g[1] == '1' and not g[2] and s == idAt(r, 0) then redis.call('DEL', storyKey(s), base .. ':Y:O:' .. s) end
    end
    if tail % CHUNK == CHUNK - 1 then redis.call('DEL', chunkKey(tail)) end
    tail = tail + 1
    done = done + 1
  end
  redis.call('HSET', stateKey, 't', tail)
end

-- Eviction first, so the posting lists read below are the ones the insert writes back.
local head = tonumber(redis.call('HGET', stateKey, 'h') or '0')
evict(head)

-- Posted entries number from the snapshot head on are ones the scoring did not see.
local lists = {}
for i, h in ipairs(probes) do
  local k, f = postKey(tonumber(h))
  local v = redis.call('HGET', k, f)
  lists[i] = v or false
  if not force and v then
    for _, s in ipairs(split(v)) do
      if tonumber(s) >= snapshot then return { 'retry' } end
    end
  end
end

-- Which stories the article reports: its canonical article's when it is a copy, else the live
-- stories of the matched entries; the oldest of several absorbs the others.
local stories, merged = {}, {}
local openFor = id
if dupOf ~= '' then
  local s = resolve(redis.call('HGET', base .. ':A:' .. dupOf, 'g'))
  if s then
    stories[1] = s
  else
    -- The canonical article is not assigned yet (another worker is on it): open its story, under
    -- its id, so that it joins this one when it comes.
    openFor = dupOf
    if redis.call('EXISTS', base .. ':A:' .. dupOf) == 1 then redis.call('HSET', base .. ':A:' .. dupOf, 'g', dupOf) end
  end
else
  local seenStory = {}
  if preset then
    seenStory[preset] = true
    stories[1] = preset
  end
  for _, s in ipairs(matched) do
    local r = readRecord(tonumber(s))
    local st = r and resolve(idAt(r, 32))
    if st and not seenStory[st] then
      seenStory[st] = true
      stories[#stories + 1] = st
    end
  end
end
local target = nil
if #stories > 0 then
  local best, bestF = nil, nil
  for _, s in ipairs(stories) do
    local f = tonumber(redis.call('HGET', storyKey(s), 'f'))
    if not best or f < bestF or (f == bestF and s < best) then best, bestF = s, f end
  end
  target = best
  for _, s in ipairs(stories) do
    if s ~= target then
      local g = redis.call('HMGET', storyKey(s), 'f', 'n', 't', 'c', 's')
      redis.call('HINCRBY', storyKey(target), 'n', tonumber(g[2] or '0'))
      local ts = tonumber(redis.call('HGET', storyKey(target), 's') or '0')
      if tonumber(g[5] or '0') > ts then redis.call('HSET', storyKey(target), 't', g[3], 'c', g[4], 's', g[5]) end
      redis.call('SUNIONSTORE', base .. ':Y:O:' .. target, base .. ':Y:O:' .. target, base .. ':Y:O:' .. s)
      redis.call('DEL', base .. ':Y:O:' .. s)
      redis.call('HSET', storyKey(s), 'm', target)
      merged[#merged + 1] = s
    end
  end
end

local sk
if target then
  sk = storyKey(target)
  redis.call('HINCRBY', sk, 'n', 1)
  redis.call('HSET', sk, 'l', now)
  if support > tonumber(redis.call('HGET', sk, 's') or '0') then redis.call('HSET', sk, 't', headline, 'c', id, 's', support) end
else
  target = openFor
  sk = storyKey(target)
  redis.call('HSET', sk, 'f', now, 'l', now, 'n', 1, 't', headline, 'c', id, 's', 0)
end
if outlet ~= '' then redis.call('SADD', base .. ':Y:O:' .. target, outlet) end
-- A story lives a window past its last article; stories merged into it point there as long.
redis.call('PEXPIRE', sk, window)
redis.call('PEXPIRE', base .. ':Y:O:' .. target, window)
for _, s in ipairs(merged) do redis.call('PEXPIRE', storyKey(s), window) end
if redis.call('EXISTS', artKey) == 1 then redis.call('HSET', artKey, 'g', target) end

-- Copies are not indexed: their canonical article stands for them.
if dupOf == '' then
  local seq = redis.call('HINCRBY', stateKey, 'h', 1) - 1
  local ck = chunkKey(seq)
  if seq % CHUNK == 0 or redis.call('EXISTS', ck) == 0 then redis.call('SET', ck, string.rep('\\0', CHUNK * RS)) end
  local sid = string.char(#target) .. target .. string.rep('\\0', 31 - #target)
  redis.call('SETRANGE', ck, (seq % CHUNK) * RS, string.sub(rec, 1, 32) .. sid .. string.sub(rec, 65))
  if redis.call('EXISTS', artKey) == 1 then redis.call('HSET', artKey, 'gi', 1) end
  for i, h in ipairs(probes) do
    local k, f = postKey(tonumber(h))
    listAdd(k, f, seq, lists[i])
  end
end
return { target, table.concat(merged, ','), redis.call('HGET', sk, 't') or '', '1' }
`;
