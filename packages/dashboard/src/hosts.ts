import { networkInterfaces } from 'node:os';
import type { Context, MiddlewareHandler } from 'hono';
import { ConfigError } from '@newsflow/core';

/** Which `Host` names the server answers to (a guard against DNS rebinding). */
export interface HostGuardOptions {
  /**
   * The interface the server listens on; its name is allowed as a Host too. A wildcard address
   * (`0.0.0.0`, `::`) allows this machine's own interface addresses instead, so probes and users
   * reaching it by IP keep working (an IP literal cannot be rebound).
   * @defaultValue none (loopback names only)
   */
  listenHost?: string;
  /**
   * More allowed Host names: `news.example.com`, `*.example.com` (any subdomain), optionally with a
   * port (`news.example.com:8443`, otherwise any port). `'*'` turns the check off, for deployments
   * behind a proxy that rewrites Host. Read `NEWSFLOW_ALLOWED_HOSTS` with {@link allowedHostsFromEnv}.
   * @defaultValue []
   */
  allowedHosts?: string[] | '*';
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);
const WILDCARD = new Set(['0.0.0.0', '::', '']);
const ENTRY = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/;

/** `Host` header value → lowercase name without brackets, port and trailing dot, plus the port. */
export function splitHost(raw: string): { name: string; port: string | null } {
  const h = raw.trim().toLowerCase();
  const v6 = /^\[([^\]]*)\](?::(\d*))?$/.exec(h);
  if (v6) return { name: v6[1]!, port: v6[2] || null };
  const i = h.lastIndexOf(':');
  const [name, port] = i >= 0 && h.indexOf(':') === i ? [h.slice(0, i), h.slice(i + 1) || null] : [h, null];
  return { name: name.replace(/\.$/, ''), port };
}

/** The Host a request names: the header, or the URL's host when there is none (in-process `app.request`). */
export function requestHost(c: Context): string {
  return c.req.header('host') ?? new URL(c.req.url).host;
}

/**
 * Parse `NEWSFLOW_ALLOWED_HOSTS` (comma-separated host names, or `*`).
 * @throws ConfigError naming the variable and the bad entry, as `loadEnv` does.
 */
export function allowedHostsFromEnv(source: Record<string, string | undefined> = process.env): string[] | '*' {
  const raw = (source.NEWSFLOW_ALLOWED_HOSTS ?? '').trim();
  if (raw === '*') return '*';
  const entries = raw.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s.length > 0);
  for (const e of entries) {
    if (!ENTRY.test(e)) {
      throw new ConfigError([`NEWSFLOW_ALLOWED_HOSTS: "${e}" is not a host name (give names like news.example.com, *.example.com or news.example.com:8443, comma-separated, or * for any)`]);
    }
  }
  return entries;
}

function ownAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address.toLowerCase().replace(/%.*$/, '')));
}

/** A predicate for Host values matching one of `entries` (exact names or `*.` suffixes, optional port). */
export function entryMatcher(entries: readonly string[]): (host: string) => boolean {
  const exact: Array<{ name: string; port: string | null }> = [];
  const suffixes: Array<{ suffix: string; port: string | null }> = [];
  for (const entry of entries) {
    const wild = entry.startsWith('*.');
    const { name, port } = splitHost(wild ? entry.slice(2) : entry);
    if (wild) suffixes.push({ suffix: `.${name}`, port });
    else exact.push({ name, port });
  }
  return (raw) => {
    const { name, port } = splitHost(raw);
    const portOk = (p: string | null) => p === null || p === port;
    return exact.some((e) => e.name === name && portOk(e.port)) || suffixes.some((s) => name.endsWith(s.suffix) && portOk(s.port));
  };
}

/** A predicate for the Host values {@link hostGuard} lets through. */
export function hostMatcher(opts: HostGuardOptions = {}): (host: string) => boolean {
  if (opts.allowedHosts === '*') return () => true;
  const names = new Set(LOOPBACK);
  const listen = opts.listenHost !== undefined ? splitHost(opts.listenHost.includes(':') && !opts.listenHost.startsWith('[') ? `[${opts.listenHost}]` : opts.listenHost).name : undefined;
  const wildcard = listen !== undefined && WILDCARD.has(listen);
  if (listen && !wildcard) names.add(listen);
  const listed = entryMatcher(opts.allowedHosts ?? []);
  // Addresses are looked up on a miss, not once: DHCP or a new interface may add one later.
  return (raw) => {
    const { name } = splitHost(raw);
    return names.has(name) || listed(raw) || (wildcard && ownAddresses().includes(name));
  };
}

/**
 * Hono middleware refusing requests whose `Host` is not one of ours (403 `HOST_NOT_ALLOWED`), so a
 * page on `attacker.example` that rebinds its DNS name to 127.0.0.1 cannot read or drive the server.
 */
export function hostGuard(opts: HostGuardOptions = {}): MiddlewareHandler {
  const allowed = hostMatcher(opts);
  return async (c, next) => {
    const host = requestHost(c);
    if (allowed(host)) return next();
    return c.json(
      { error: { code: 'HOST_NOT_ALLOWED', message: `Host "${host}" is not allowed: add it to NEWSFLOW_ALLOWED_HOSTS (or * behind a proxy that rewrites Host)` } },
      403,
    );
  };
}
