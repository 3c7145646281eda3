// The fleet rate's Lua scripts, each one atomic round trip with Redis's own clock (so the
// replicas' clocks never matter). The share after 429s follows the rule of rate-share.ts.
import { CUT_SPACING_MS, MIN_SHARE, SHARE_CUT, SHARE_RECOVERY_PER_SECOND } from './rate-share.ts';
import { RedisScript } from './redis-script.ts';

// Common prelude: `now` in ms and `share(key)`, the share of the quota in force (1 when unset).
const PRELUDE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function share(key)
  local s = redis.call('HMGET', key, 's', 'at')
  if not s[1] then return 1 end
  local recovered = (now - tonumber(s[2])) / 1000 * ${SHARE_RECOVERY_PER_SECOND}
  return math.min(1, tonumber(s[1]) + math.max(0, recovered))
end
`;

/**
 * KEYS: tat, pause, share. ARGV: interval at the full quota (ms), longest acceptable wait (ms).
 * Returns {wait ms, 1, share‰} when a slot is reserved; {wait ms, 0, share‰} when the wait
 * would outlast the caller's budget (nothing reserved); {ms, 2, 0} while a 429 pause is on.
 */
export const RESERVE = new RedisScript(`${PRELUDE}
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then return {paused, 2, 0} end
local s = share(KEYS[3])
local interval = tonumber(ARGV[1]) / s
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local wait = math.ceil(tat - now)
if wait > tonumber(ARGV[2]) then return {wait, 0, math.floor(s * 1000)} end
tat = tat + interval
redis.call('SET', KEYS[1], tostring(tat), 'PX', math.ceil(tat - now) + 1000)
return {wait, 1, math.floor(s * 1000)}
`);

/** KEYS: share. Cuts the share (once per spacing); returns the new share‰. */
export const CUT = new RedisScript(`${PRELUDE}
local s = share(KEYS[1])
local cutAt = tonumber(redis.call('HGET', KEYS[1], 'cut') or '0')
if now - cutAt >= ${CUT_SPACING_MS} then
  s = math.max(${MIN_SHARE}, s * ${SHARE_CUT})
  redis.call('HSET', KEYS[1], 's', tostring(s), 'at', now, 'cut', now)
  redis.call('PEXPIRE', KEYS[1], 600000)
end
return math.floor(s * 1000)
`);

/**
 * KEYS: pause. ARGV: ms, channel, origin. Pauses only ever lengthen, as in the local gate; the
 * channel tells every replica at once.
 */
export const PAUSE = new RedisScript(`
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
redis.call('PUBLISH', ARGV[2], ARGV[3] .. ':' .. ARGV[1])
return 1
`);
