/**
 * The Lua scripts of the redis store. Redis runs a script without interleaving
 * any other client's command, so a check and the write that depends on it are
 * one step even when several parrot processes share the server. Every key a
 * script touches is passed in KEYS.
 */

/** Redis compares Lua strings with strcoll (locale order): ids are compared byte by byte, as ZRANGEBYLEX does. */
const BYTE_LESS = `
local function less(a, b)
  for i = 1, math.min(#a, #b) do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end
`;

/** KEYS: users, users by name. ARGV: id, username, json. Returns the taken field, or nil. */
export const INSERT_USER = `
if redis.call('HSETNX', KEYS[2], ARGV[2], ARGV[1]) == 0 then return 'username' end
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[3]) == 0 then
  redis.call('HDEL', KEYS[2], ARGV[2])
  return '_id'
end
return nil
`;

/**
 * KEYS: rooms, rooms by directKey, the room's members, then the rooms set of each member.
 * ARGV: id, json, directKey ('' for none), then the members in the order of their KEYS.
 */
export const INSERT_ROOM = `
if ARGV[3] ~= '' and redis.call('HEXISTS', KEYS[2], ARGV[3]) == 1 then return 'directKey' end
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return '_id' end
if ARGV[3] ~= '' then redis.call('HSET', KEYS[2], ARGV[3], ARGV[1]) end
for i = 4, #ARGV do
  redis.call('RPUSH', KEYS[3], ARGV[i])
  redis.call('ZADD', KEYS[i], 0, ARGV[1])
end
return nil
`;

/** KEYS: rooms, the room's members, the user's rooms. ARGV: room id, user id. A missing room is left alone. */
export const ADD_MEMBER = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
if not redis.call('LPOS', KEYS[2], ARGV[2]) then redis.call('RPUSH', KEYS[2], ARGV[2]) end
redis.call('ZADD', KEYS[3], 0, ARGV[1])
return 1
`;

/**
 * KEYS: messages, messages by dedupeKey, the room's messages, authors, recalled.
 * ARGV: id, json, dedupeKey ('' for none), user id, '1' when stored already recalled.
 */
export const INSERT_MESSAGE = `
if ARGV[3] ~= '' and redis.call('HEXISTS', KEYS[2], ARGV[3]) == 1 then return 'dedupeKey' end
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return '_id' end
if ARGV[3] ~= '' then redis.call('HSET', KEYS[2], ARGV[3], ARGV[1]) end
redis.call('ZADD', KEYS[3], 0, ARGV[1])
redis.call('HSET', KEYS[4], ARGV[1], ARGV[4])
if ARGV[5] == '1' then redis.call('HSET', KEYS[5], ARGV[1], '') end
return nil
`;

/** KEYS: messages, recalled. ARGV: id, time. A missing message is left alone. */
export const MARK_RECALLED = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1
`;

/** KEYS: the room's messages, authors, recalled. ARGV: lex start ('-' or '(' .. afterId), the user to leave out. */
export const COUNT_UNREAD = `
local n = 0
for _, id in ipairs(redis.call('ZRANGEBYLEX', KEYS[1], ARGV[1], '+')) do
  if redis.call('HGET', KEYS[2], id) ~= ARGV[2] and redis.call('HEXISTS', KEYS[3], id) == 0 then n = n + 1 end
end
return n
`;

/** KEYS: the receipt. ARGV: userId, roomId, lastReadId, updatedAt. Returns 1 when it moved forward. */
export const ADVANCE_RECEIPT = `${BYTE_LESS}
local current = redis.call('HGET', KEYS[1], 'lastReadId')
if current and not less(current, ARGV[3]) then return 0 end
redis.call('HSET', KEYS[1], 'userId', ARGV[1], 'roomId', ARGV[2], 'lastReadId', ARGV[3], 'updatedAt', ARGV[4])
return 1
`;
