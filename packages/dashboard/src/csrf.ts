import type { Context, MiddlewareHandler } from 'hono';
import { entryMatcher, requestHost, splitHost } from './hosts.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function refuse(c: Context, status: 403 | 415, code: string, message: string) {
  return c.json({ error: { code, message } }, status);
}

/** `host:port` of an Origin or Referer value; null for `null`, opaque or unparsable ones. */
function originHost(value: string): string | null {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.host : null;
  } catch {
    return null;
  }
}

function sameHost(a: string, b: string): boolean {
  const x = splitHost(a);
  const y = splitHost(b);
  return x.name === y.name && (x.port ?? '') === (y.port ?? '');
}

export interface SameOriginOptions {
  /**
   * Origins on these hosts count as ours even when `Host` differs (a proxy that rewrites Host):
   * the explicit names of `NEWSFLOW_ALLOWED_HOSTS`, same syntax as `HostGuardOptions.allowedHosts`.
   * @defaultValue []
   */
  trustedHosts?: readonly string[];
}

/**
 * Hono middleware for routes whose POST / PUT / PATCH / DELETE change state and that a browser
 * reaches with ambient credentials (basic auth, the dashboard cookie, or no auth at all).
 *
 * A change is refused (403 `CROSS_ORIGIN`) when `Sec-Fetch-Site` says another site sent it, or its
 * `Origin` (or, without one, `Referer`) names another host than the request's `Host` (or
 * `X-Forwarded-Host`, or a name of `trustedHosts`). A body must be `application/json` (415
 * `UNSUPPORTED_MEDIA_TYPE`): the three types a cross-site form can send are not, and JSON needs a
 * CORS preflight we never answer. A change without a body must show it came from a script or our
 * own page: a matching `Origin`, `Sec-Fetch-Site: same-origin`, `X-Requested-With` or a Bearer
 * token (none of which a cross-site form can produce).
 */
export function sameOriginGuard(opts: SameOriginOptions = {}): MiddlewareHandler {
  const trusted = entryMatcher(opts.trustedHosts ?? []);
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const ours = [requestHost(c), c.req.header('x-forwarded-host')?.split(',')[0]?.trim()].filter((h): h is string => Boolean(h));
    const isOurs = (h: string) => ours.some((o) => sameHost(o, h)) || trusted(h);

    const site = c.req.header('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      return refuse(c, 403, 'CROSS_ORIGIN', `sec-fetch-site: changes must come from this site's own pages, not ${site}`);
    }
    const origin = c.req.header('origin');
    const referer = origin === undefined ? c.req.header('referer') : undefined;
    const from = origin ?? referer;
    let originMatches = false;
    if (from !== undefined) {
      const h = originHost(from);
      if (h === null || !isOurs(h)) {
        return refuse(c, 403, 'CROSS_ORIGIN', `${origin !== undefined ? 'origin' : 'referer'}: "${from}" is another site than ${ours[0]}; changes are accepted from this site's own pages only`);
      }
      originMatches = origin !== undefined;
    }

    const type = c.req.header('content-type');
    const hasBody = Number(c.req.header('content-length') ?? 0) > 0 || c.req.header('transfer-encoding') !== undefined;
    if (type !== undefined) {
      const media = type.split(';')[0]!.trim().toLowerCase();
      if (media !== 'application/json') return refuse(c, 415, 'UNSUPPORTED_MEDIA_TYPE', `content-type: changes take application/json, not ${media || 'an empty type'}`);
    } else if (hasBody) {
      return refuse(c, 415, 'UNSUPPORTED_MEDIA_TYPE', 'content-type: application/json is required for a request with a body');
    } else if (!(originMatches || site === 'same-origin' || c.req.header('x-requested-with') || /^bearer\s/i.test(c.req.header('authorization') ?? ''))) {
      return refuse(c, 403, 'CROSS_ORIGIN', 'a change without a body needs an X-Requested-With header or a Bearer token (or must come from this site\'s own pages)');
    }
    return next();
  };
}
