import type { MiddlewareHandler } from 'hono';

/** Our own pages load only their script and stylesheet: nothing inline, nothing remote. */
export const DASHBOARD_CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * bull-board's UI: scripts from our origin only (its one inline `<script>` is a JSON data block, which
 * CSP does not run); styles need 'unsafe-inline' for its loading screen and React style attributes;
 * `<base href>` points at our own path. Its font links are stripped (see {@link stripRemoteAssets}).
 */
export const BOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/**
 * Sets the browser-hardening headers on every response of the routes it guards (401s and errors
 * too), unless a route chose its own.
 */
export function securityHeaders(csp: string): MiddlewareHandler {
  const headers: Record<string, string> = {
    'content-security-policy': csp,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  };
  return async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(headers)) if (!c.res.headers.has(k)) c.res.headers.set(k, v);
  };
}

// A stylesheet, font, icon or script fetched from another host: bull-board's page links Google Fonts.
const REMOTE_ASSET = /<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?\/\/[^>]*>|<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?\/\/[^>]*>\s*<\/script>/gi;

/** Remove tags that load anything from another host; the page falls back to local fonts. */
export function stripRemoteAssets(html: string): string {
  return html.replace(REMOTE_ASSET, '');
}

/**
 * Rewrites HTML responses through {@link stripRemoteAssets}, so a page we serve but do not write
 * (bull-board's) makes no request leave for a CDN, and the CSP need not allow one.
 */
export function localAssetsOnly(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!(c.res.headers.get('content-type') ?? '').startsWith('text/html')) return;
    const html = stripRemoteAssets(await c.res.text());
    c.res = new Response(html, { status: c.res.status, headers: c.res.headers });
    // Hono's setter copies the old headers back, a stale length among them.
    c.res.headers.delete('content-length');
  };
}
