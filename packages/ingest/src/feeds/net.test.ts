import { describe, expect, it } from 'vitest';
import { ipv6Words } from './address.js';
import { isPublicAddress } from './net.js';
import { parseEvery } from './registry.js';

describe('isPublicAddress', () => {
  it('refuses loopback, private, link-local, CGNAT, multicast and documentation ranges, v4 and v6', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '2001:db8::1', 'not-an-ip']) {
      expect([ip, isPublicAddress(ip)]).toEqual([ip, false]);
    }
  });
  it('accepts public addresses', () => {
    for (const ip of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '2a00:1450:4001:81b::200e', '::ffff:8.8.8.8']) expect([ip, isPublicAddress(ip)]).toEqual([ip, true]);
  });

  const judge = (ips: string[]) => ips.map((ip) => [ip, isPublicAddress(ip)]);
  const all = (ips: string[], v: boolean) => ips.map((ip) => [ip, v]);

  it('judges IPv4-mapped and IPv4-translated addresses by their IPv4, dotted or hex', () => {
    const refused = ['::ffff:127.0.0.1', '::ffff:7f00:1', '::FFFF:7F00:0001', '0:0:0:0:0:ffff:a9fe:a9fe', '::ffff:0:7f00:1', '::ffff:0:10.0.0.1'];
    expect(judge(refused)).toEqual(all(refused, false));
    expect(judge(['::ffff:808:808', '::ffff:0:8.8.8.8'])).toEqual(all(['::ffff:808:808', '::ffff:0:8.8.8.8'], true));
  });

  it('judges IPv4-compatible addresses (::a.b.c.d) by their IPv4', () => {
    const refused = ['::7f00:1', '::127.0.0.1', '::a9fe:a9fe', '::10.1.2.3', '::c0a8:101'];
    expect(judge(refused)).toEqual(all(refused, false));
    expect(isPublicAddress('::808:808')).toBe(true);
  });

  it('judges NAT64 64:ff9b::/96 by its IPv4; the local-use 64:ff9b:1::/48 is refused', () => {
    const refused = ['64:ff9b::a9fe:a9fe', '64:ff9b::169.254.169.254', '64:ff9b::7f00:1', '64:ff9b::a00:1', '64:ff9b:1::808:808', '64:ff9b:1:abcd::1'];
    expect(judge(refused)).toEqual(all(refused, false));
    expect(isPublicAddress('64:ff9b::808:808')).toBe(true);
  });

  it('judges 6to4 2002::/16 by the IPv4 in bits 16-48', () => {
    const refused = ['2002:7f00:1::', '2002:7f00:1::1', '2002:a9fe:a9fe::', '2002:a00:1:1::5', '2002:c0a8:101::1'];
    expect(judge(refused)).toEqual(all(refused, false));
    expect(isPublicAddress('2002:808:808::1')).toBe(true);
  });

  it('judges Teredo 2001:0::/32 by its server (bits 32-64) and its client (last 32 bits XOR ffffffff)', () => {
    // Server 65.54.227.120 (public); clients 127.0.0.1 (80ff:fffe) and 10.0.0.1 (f5ff:fffe), then 8.8.8.8 (f7f7:f7f7).
    const refused = ['2001:0:4136:e378:8000:63bf:80ff:fffe', '2001:0:4136:e378:8000:63bf:f5ff:fffe', '2001:0:a00:1:8000:63bf:f7f7:f7f7', '2001::7f00:1:0:0:f7f7:f7f7'];
    expect(judge(refused)).toEqual(all(refused, false));
    expect(isPublicAddress('2001:0:4136:e378:8000:63bf:f7f7:f7f7')).toBe(true);
  });

  it('refuses the non-public IPv6 ranges themselves', () => {
    const refused = ['::', '::1', '0:0:0:0:0:0:0:1', 'fc00::1', 'fdff:ffff::1', 'fe80::1', 'fe80::1%eth0', 'febf::1', 'fec0::1', 'feff::1', 'ff02::1', 'ff0e::1', '2001:db8::1', '2001:db8:ffff::1', '3fff::1', '100::1'];
    expect(judge(refused)).toEqual(all(refused, false));
  });
});

describe('ipv6Words', () => {
  it('expands every spelling to eight words', () => {
    expect(ipv6Words('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(ipv6Words('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
    expect(ipv6Words('2002:7f00:1::')).toEqual([0x2002, 0x7f00, 1, 0, 0, 0, 0, 0]);
    expect(ipv6Words('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ipv6Words('1::8')).toEqual([1, 0, 0, 0, 0, 0, 0, 8]);
    expect(ipv6Words('1::2::3')).toBeNull();
  });
});

describe('parseEvery', () => {
  it('reads 90s, 5m, 2h, 1d and refuses too-frequent or malformed intervals', () => {
    expect([parseEvery('90s'), parseEvery('5m'), parseEvery('2h'), parseEvery('1d')]).toEqual([90_000, 300_000, 7_200_000, 86_400_000]);
    expect(() => parseEvery('5s')).toThrow(/at least 10s/);
    expect(() => parseEvery('often')).toThrow(/like 90s, 5m/);
  });
});
