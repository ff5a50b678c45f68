import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

/** Who may open the dashboard: bearer tokens, a basic-auth user, or nobody checked (local use). */
export type DashboardAuth = { tokens?: string[]; basic?: { user: string; password: string } } | { disabled: true };

const COOKIE = 'newsflow_dashboard';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Accepts `Authorization: Bearer <token>`, HTTP basic auth, or the cookie set after a browser opened
 * `/dashboard?token=<token>` once (so links and bull-board's own API calls keep working).
 * Unauthenticated browsers get a basic-auth challenge when basic auth is configured.
 */
export function authMiddleware(auth: DashboardAuth): MiddlewareHandler {
  if ('disabled' in auth) return async (_c, next) => next();
  const tokens = (auth.tokens ?? []).filter((t) => t.length > 0);
  const basic = auth.basic;
  if (tokens.length === 0 && !basic) {
    throw new Error('dashboard auth: give at least one token or a basic user, or { disabled: true }');
  }
  const tokenOk = (t: string | undefined) => t !== undefined && tokens.some((k) => same(k, t));
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const [scheme, value] = header.split(/\s+/, 2);
    let ok = false;
    if (/^bearer$/i.test(scheme ?? '') && tokenOk(value)) ok = true;
    else if (/^basic$/i.test(scheme ?? '') && basic && value) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      ok = i > 0 && same(decoded.slice(0, i), basic.user) && same(decoded.slice(i + 1), basic.password);
    } else if (tokenOk(getCookie(c, COOKIE))) ok = true;
    const queryToken = c.req.query('token');
    if (!ok && tokenOk(queryToken)) {
      setCookie(c, COOKIE, queryToken!, { httpOnly: true, sameSite: 'Strict', path: '/' });
      // Drop the token from the address bar (and from history and Referer headers).
      const url = new URL(c.req.url);
      url.searchParams.delete('token');
      return c.redirect(`${url.pathname}${url.search}`, 302);
    }
    if (ok) return next();
    if (basic) c.header('WWW-Authenticate', 'Basic realm="newsflow dashboard", charset="UTF-8"');
    return c.json({ error: { code: 'UNAUTHORIZED', message: 'authentication required: bearer token, basic auth, or ?token=' } }, 401);
  };
}
