import { BlockList, isIP } from 'node:net';

/** Addresses a crawler must not reach unless configured to: everything that is not the public internet. */
const NON_PUBLIC = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) NON_PUBLIC.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128], ['::1', 128], // unspecified, loopback
  ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8], // unique-local, link-local, site-local, multicast
  ['2001:db8::', 32], ['3fff::', 20], ['100::', 64], // documentation (two), discard
  ['64:ff9b:1::', 48], // NAT64 for local use (RFC 8215): translates to whatever the local network says
] as const) NON_PUBLIC.addSubnet(net, bits, 'ipv6');

/** The eight 16-bit words of an IPv6 address (a dotted IPv4 tail and a zone id allowed), or null. */
export function ipv6Words(ip: string): number[] | null {
  let s = ip.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    s = `${s.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const part = (h: string | undefined) => (h ? h.split(':').map((w) => parseInt(w, 16)) : []);
  const head = part(halves[0]);
  const tail = part(halves[1]);
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const words = [...head, ...new Array<number>(Math.max(fill, 0)).fill(0), ...tail];
  return words.length === 8 && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) ? words : null;
}

const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
const zero = (ws: number[]) => ws.every((w) => w === 0);

/**
 * IPv4 addresses an IPv6 address carries, which is where a packet to it ends up: a NAT64 or 6to4
 * gateway forwards `64:ff9b::a9fe:a9fe` to 169.254.169.254 (a cloud's metadata service).
 */
export function embeddedIpv4(w: number[]): string[] {
  if (zero(w.slice(0, 5)) && w[5] === 0xffff) return [v4(w[6]!, w[7]!)]; // mapped ::ffff:a.b.c.d
  if (zero(w.slice(0, 4)) && w[4] === 0xffff && w[5] === 0) return [v4(w[6]!, w[7]!)]; // translated ::ffff:0:a.b.c.d
  if (zero(w.slice(0, 6))) return [v4(w[6]!, w[7]!)]; // compatible ::a.b.c.d (and :: and ::1)
  if (w[0] === 0x64 && w[1] === 0xff9b && zero(w.slice(2, 6))) return [v4(w[6]!, w[7]!)]; // NAT64 64:ff9b::/96
  if (w[0] === 0x64 && w[1] === 0xff9b && w[2] === 1) return [v4(w[6]!, w[7]!)]; // local NAT64 /48 (refused anyway)
  if (w[0] === 0x2002) return [v4(w[1]!, w[2]!)]; // 6to4: bits 16-48
  // Teredo: the server in bits 32-64, the client (obfuscated by XOR) in the last 32.
  if (w[0] === 0x2001 && w[1] === 0) return [v4(w[2]!, w[3]!), v4(w[6]! ^ 0xffff, w[7]! ^ 0xffff)];
  return [];
}

/**
 * True for an address on the public internet. IPv6 forms that carry an IPv4 address (mapped,
 * compatible, translated, NAT64, 6to4, Teredo) are public only if every IPv4 they carry is.
 */
export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return !NON_PUBLIC.check(ip, 'ipv4');
  if (family !== 6) return false;
  const words = ipv6Words(ip);
  if (!words) return false;
  const canonical = words.map((x) => x.toString(16)).join(':');
  return !NON_PUBLIC.check(canonical, 'ipv6') && embeddedIpv4(words).every((a) => !NON_PUBLIC.check(a, 'ipv4'));
}
