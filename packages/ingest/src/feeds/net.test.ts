import { describe, expect, it } from 'vitest';
import { isPublicAddress } from './net.js';
import { parseEvery } from './registry.js';

describe('isPublicAddress', () => {
  it('refuses loopback, private, link-local, CGNAT, multicast and documentation ranges, v4 and v6', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '2001:db8::1', 'not-an-ip']) {
      expect([ip, isPublicAddress(ip)]).toEqual([ip, false]);
    }
  });
  it('accepts public addresses', () => {
    for (const ip of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect([ip, isPublicAddress(ip)]).toEqual([ip, true]);
  });
});

describe('parseEvery', () => {
  it('reads 90s, 5m, 2h, 1d and refuses too-frequent or malformed intervals', () => {
    expect([parseEvery('90s'), parseEvery('5m'), parseEvery('2h'), parseEvery('1d')]).toEqual([90_000, 300_000, 7_200_000, 86_400_000]);
    expect(() => parseEvery('5s')).toThrow(/at least 10s/);
    expect(() => parseEvery('often')).toThrow(/like 90s, 5m/);
  });
});
