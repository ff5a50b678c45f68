import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { AppError, TransientError } from '@newsflow/core';
import { isPublicAddress } from './address.js';

export { isPublicAddress };

export interface FetchPolicy {
  /** Whole request, connect to last byte. @defaultValue 15000 */
  timeoutMs?: number;
  /** Largest body accepted (after decompression). @defaultValue 5 MiB */
  maxBytes?: number;
  /** @defaultValue 'newsflow/0.1 (+https://github.com/newsflow/newsflow)' */
  userAgent?: string;
  /** Allow loopback, private, link-local and other non-public addresses (tests, intranets). @defaultValue false */
  allowPrivateAddresses?: boolean;
  /** @defaultValue 5 */
  maxRedirects?: number;
}

export const DEFAULT_USER_AGENT = 'newsflow/0.1 (+https://github.com/newsflow/newsflow)';

export interface FetchedResponse {
  status: number;
  /** Final URL after redirects. */
  url: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * A DNS lookup that refuses non-public addresses. It runs at connect time, inside the socket, so
 * the address checked is the address connected to (no gap for DNS rebinding).
 */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const ok = allowPrivate ? addresses : addresses.filter((a) => isPublicAddress(a.address));
      if (ok.length === 0) {
        const e = new AppError('ADDRESS_NOT_ALLOWED', `${hostname} resolves only to non-public addresses (${addresses.map((a) => a.address).join(', ')})`);
        return callback(e as NodeJS.ErrnoException, '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, ok);
      callback(null, ok[0]!.address, ok[0]!.family);
    });
  };
}

function decoded(res: IncomingMessage): Readable {
  const enc = (res.headers['content-encoding'] ?? '').toLowerCase().trim();
  if (enc === 'gzip' || enc === 'x-gzip') return res.pipe(createGunzip());
  if (enc === 'deflate') return res.pipe(createInflate());
  if (enc === 'br') return res.pipe(createBrotliDecompress());
  return res;
}

function flatHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  delete out['content-encoding'];
  delete out['content-length'];
  return out;
}

function once(url: URL, headers: Record<string, string>, policy: Required<FetchPolicy>, signal: AbortSignal): Promise<{ res: IncomingMessage; body: () => Promise<Buffer> }> {
  const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
    method: 'GET',
    headers: { 'user-agent': policy.userAgent, 'accept-encoding': 'gzip, deflate, br', ...headers },
    lookup: guardedLookup(policy.allowPrivateAddresses),
    signal,
  });
  return new Promise((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      const body = () =>
        new Promise<Buffer>((res2, rej2) => {
          const declared = Number(res.headers['content-length'] ?? NaN);
          if (Number.isFinite(declared) && declared > policy.maxBytes && !res.headers['content-encoding']) {
            res.destroy();
            return rej2(new AppError('TOO_LARGE', `${url.href}: body of ${declared} bytes is over the cap of ${policy.maxBytes}`));
          }
          const chunks: Buffer[] = [];
          let size = 0;
          const stream = decoded(res);
          stream.on('data', (c: Buffer) => {
            size += c.length;
            if (size > policy.maxBytes) {
              res.destroy();
              stream.destroy();
              rej2(new AppError('TOO_LARGE', `${url.href}: body is over the cap of ${policy.maxBytes} bytes`));
              return;
            }
            chunks.push(c);
          });
          stream.on('end', () => res2(Buffer.concat(chunks)));
          stream.on('error', rej2);
          res.on('error', rej2);
        });
      resolve({ res, body });
    });
    req.end();
  });
}

/**
 * GET a URL as a polite, careful crawler: http(s) only, public addresses only (unless allowed),
 * bounded time and size, redirects followed (each hop checked again), compressed bodies decoded.
 * Network failures and 5xx/429 are `TransientError`s; everything else is final.
 */
export async function guardedGet(rawUrl: string, extraHeaders: Record<string, string> = {}, p: FetchPolicy = {}): Promise<FetchedResponse> {
  const policy: Required<FetchPolicy> = {
    timeoutMs: p.timeoutMs ?? 15_000,
    maxBytes: p.maxBytes ?? 5 * 1024 * 1024,
    userAgent: p.userAgent ?? DEFAULT_USER_AGENT,
    allowPrivateAddresses: p.allowPrivateAddresses ?? false,
    maxRedirects: p.maxRedirects ?? 5,
  };
  const signal = AbortSignal.timeout(policy.timeoutMs);
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new AppError('BAD_URL', `not a URL: ${rawUrl}`);
  }
  for (let hop = 0; ; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('BAD_URL', `only http(s) URLs are fetched, not ${url.protocol} (${url.href})`);
    if (!policy.allowPrivateAddresses && isIP(url.hostname.replace(/^\[|\]$/g, '')) && !isPublicAddress(url.hostname.replace(/^\[|\]$/g, ''))) {
      throw new AppError('ADDRESS_NOT_ALLOWED', `${url.href}: non-public address`);
    }
    let r;
    try {
      r = await once(url, extraHeaders, policy, signal);
    } catch (err) {
      if (err instanceof AppError) throw err;
      const e = err as NodeJS.ErrnoException;
      if (e.name === 'AbortError' || e.name === 'TimeoutError' || signal.aborted) throw new TransientError('TIMEOUT', `${url.href}: no complete answer within ${policy.timeoutMs} ms`, err);
      throw new TransientError(e.code ?? 'FETCH_FAILED', `${url.href}: ${e.message}`, err);
    }
    const { res } = r;
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && status !== 304 && res.headers.location) {
      res.resume();
      if (hop >= policy.maxRedirects) throw new AppError('TOO_MANY_REDIRECTS', `${rawUrl}: more than ${policy.maxRedirects} redirects`);
      url = new URL(res.headers.location, url);
      continue;
    }
    let body: Buffer;
    try {
      body = status === 304 ? (res.resume(), Buffer.alloc(0)) : await r.body();
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (signal.aborted) throw new TransientError('TIMEOUT', `${url.href}: no complete answer within ${policy.timeoutMs} ms`, err);
      throw new TransientError('FETCH_FAILED', `${url.href}: ${(err as Error).message}`, err);
    }
    if (status === 429 || status >= 500) throw new TransientError(`HTTP_${status}`, `${url.href}: HTTP ${status}`);
    return { status, url: url.href, headers: flatHeaders(res), body };
  }
}
