import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { HttpError } from './http-error.js';

/** Bearer tokens the API accepts, or auth explicitly disabled (local use on loopback only). */
export type AuthConfig = { tokens: string[] } | { disabled: true };

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopbackAddress(addr: string): boolean {
  const a = addr.toLowerCase().replace(/^::ffff:/, '');
  return a === '::1' || /^127\.\d+\.\d+\.\d+$/.test(a);
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Require `Authorization: Bearer <token>` matching one of the configured tokens. Tokens are compared
 * as digests in constant time, so response timing does not leak a prefix.
 */
export function bearerAuth(cfg: AuthConfig): MiddlewareHandler {
  if ('disabled' in cfg) {
    // Without auth only this machine is served, even if the server was bound wider by mistake.
    return async (c, next) => {
      const remote = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
      if (remote !== undefined && !isLoopbackAddress(remote)) {
        throw new HttpError(401, 'UNAUTHORIZED', 'auth is disabled for local use: only loopback clients are served');
      }
      await next();
    };
  }
  const tokens = cfg.tokens.filter((t) => t.length > 0).map(digest);
  if (tokens.length === 0) throw new Error('auth.tokens is empty: give at least one token, or { disabled: true } for local use');
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) {
      throw new HttpError(401, 'UNAUTHORIZED', header ? 'Authorization must be "Bearer <token>"' : 'missing Authorization: Bearer <token>', {
        headers: { 'WWW-Authenticate': 'Bearer realm="newsflow"' },
      });
    }
    const given = digest(m[1]!);
    let ok = false;
    for (const t of tokens) ok = timingSafeEqual(given, t) || ok;
    if (!ok) throw new HttpError(401, 'UNAUTHORIZED', 'invalid token', { headers: { 'WWW-Authenticate': 'Bearer realm="newsflow", error="invalid_token"' } });
    await next();
  };
}
