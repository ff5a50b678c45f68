import { describe, expect, it } from 'vitest';
import { isLoopbackAddress } from './auth.js';

describe('isLoopbackAddress', () => {
  it('knows loopback clients, v4, v6 and v4-mapped', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'].map(isLoopbackAddress)).toEqual([true, true, true, true]);
    expect(['10.0.0.1', '192.168.1.2', '::ffff:10.0.0.1', 'fe80::1', '1.2.3.4'].map(isLoopbackAddress)).toEqual([false, false, false, false, false]);
  });
});
