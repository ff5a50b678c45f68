import { describe, expect, it } from 'vitest';
import { redisRefusal } from './redis-refusal.js';

const reply = (message: string) => Object.assign(new Error(message), { name: 'ReplyError' });

describe('redisRefusal', () => {
  it('names each way Redis refuses writes, as a retryable error', () => {
    const cases: Array<[string, string, RegExp]> = [
      ["OOM command not allowed when used memory > 'maxmemory'.", 'REDIS_OUT_OF_MEMORY', /out of memory/],
      ["READONLY You can't write against a read only replica.", 'REDIS_REFUSED_WRITES', /read-only replica/],
      ['MISCONF Redis is configured to save RDB snapshots, but it is currently not able to persist on disk.', 'REDIS_REFUSED_WRITES', /cannot save to disk/],
      ['LOADING Redis is loading the dataset in memory', 'REDIS_REFUSED_WRITES', /loading its data set/],
      ['connect ECONNREFUSED 127.0.0.1:1', 'REDIS_UNAVAILABLE', /cannot be reached/],
      ["Connection is closed.", 'REDIS_UNAVAILABLE', /cannot be reached/],
    ];
    for (const [msg, code, why] of cases) {
      const e = redisRefusal(reply(msg));
      expect([msg, e?.code, e?.retryable]).toEqual([msg, code, true]);
      expect(e!.message).toMatch(why);
    }
  });
  it('leaves other errors alone (a bug stays a 500)', () => {
    expect(redisRefusal(reply('ERR wrong number of arguments for command'))).toBeNull();
    expect(redisRefusal(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBeNull();
  });
});
