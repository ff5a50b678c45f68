import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Harness } from '@newsflow/testing';

export interface FeedSite {
  url: string;
  /** Requests per path. */
  hits: Map<string, number>;
  /** Request headers seen per path (last request). */
  seen: Map<string, IncomingMessage['headers']>;
  /** Replace or add a route. */
  route(path: string, handler: (req: IncomingMessage, res: ServerResponse) => void): void;
}

export function articleHtml(n: number): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local story ${n}</title></head><body><article><h1>Local story ${n}</h1><p>Paragraph one of story ${n}, long enough to be an article body.</p></article></body></html>`;
}

export function rss(base: string, ids: number[], extra = ''): string {
  const items = ids
    .map((n) => `<item><title>Story ${n}</title><link>${base}/articles/${n}.html</link><guid isPermaLink="false">id-${n}</guid><pubDate>Sat, 28 Nov 2026 09:${String(n % 60).padStart(2, '0')}:00 GMT</pubDate></item>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Local Times</title><link>${base}/</link><language>en</language>${items}${extra}</channel></rss>`;
}

/**
 * A local news site on 127.0.0.1: a robots.txt, an RSS feed of 20 stories (with ETag support), and
 * the story pages. Tests add routes for failure cases.
 */
export async function startFeedSite(t: Harness, opts: { items?: number; etag?: boolean; robots?: string } = {}): Promise<FeedSite> {
  const hits = new Map<string, number>();
  const seen = new Map<string, IncomingMessage['headers']>();
  const routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
  let base = '';
  const ids = Array.from({ length: opts.items ?? 20 }, (_, i) => i + 1);
  routes.set('/robots.txt', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(opts.robots ?? 'User-agent: *\nDisallow: /private/\n');
  });
  routes.set('/feed.xml', (req, res) => {
    const etag = '"feed-v1"';
    if (opts.etag !== false && req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml', ...(opts.etag !== false ? { etag, 'last-modified': 'Sat, 28 Nov 2026 09:00:00 GMT' } : {}) });
    res.end(rss(base, ids));
  });
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    seen.set(path, req.headers);
    const handler = routes.get(path);
    if (handler) return handler(req, res);
    const m = /^\/(?:articles|private)\/(\d+)\.html$/.exec(path);
    if (m) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(articleHtml(Number(m[1])));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  t.defer({ close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: base, hits, seen, route: (p, h) => void routes.set(p, h) };
}
