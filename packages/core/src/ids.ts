import { createHash } from 'node:crypto';
import { hostname } from 'node:os';

export function sha256Hex(s: string | Uint8Array): string {
  return createHash('sha256').update(s).digest('hex');
}

/**
 * Job id for a submitted page: same url + same content → same id, so re-submission is one job.
 * The SHA-256 of `url + "\n" + content` in UTF-8; `content` may be given as its UTF-8 bytes (the
 * producer encodes a body once, for this hash and for Redis), with the same result.
 */
export function pageIdFor(url: string, content: string | Uint8Array): string {
  return createHash('sha256').update(`${url}\n`).update(content).digest('hex').slice(0, 32);
}

/**
 * Canonical form of a URL for identity: lower-case host, no fragment, no default port, no tracking
 * parameters, sorted query, no trailing slash except the root.
 */
export function normalizeUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return raw.trim();
  }
  u.hash = '';
  u.hostname = u.hostname.toLowerCase().replace(/^www\./, '');
  if ((u.protocol === 'http:' && u.port === '80') || (u.protocol === 'https:' && u.port === '443')) u.port = '';
  u.protocol = 'https:';
  const keep = [...u.searchParams.entries()].filter(
    ([k]) => !/^(utm_|fbclid$|gclid$|mc_cid$|mc_eid$|ref$|ref_src$|cmpid$|ocid$|_ga$|yclid$|igshid$)/i.test(k),
  );
  keep.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  u.search = keep.length ? `?${new URLSearchParams(keep).toString()}` : '';
  if (u.pathname.length > 1) u.pathname = u.pathname.replace(/\/+$/, '');
  return u.toString();
}

/** Stable article id: versions of one article (same canonical URL) share it. */
export function articleIdFor(canonicalUrl: string): string {
  return sha256Hex(normalizeUrl(canonicalUrl)).slice(0, 24);
}

let workerSeq = 0;
/** `host:pid:n`, unique per worker object in a fleet. */
export function makeWorkerId(stage: string): string {
  workerSeq += 1;
  return `${hostname()}:${process.pid}:${stage}:${workerSeq}`;
}
