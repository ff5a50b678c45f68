import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { QueueEvents } from 'bullmq';
import { eventually, useHarness, type Harness } from '@newsflow/testing';
import {
  addFeed,
  createFeedWorker,
  createFeedsQueue,
  createPoliteFetcher,
  createProducer,
  feedIdFor,
  guardedGet,
  listFeeds,
  pollFeed,
  redisRateLimiter,
  removeFeed,
} from '@newsflow/ingest';
import { rss, startFeedSite } from './feed-server.js';

const h = useHarness();
const LOCAL = { allowPrivateAddresses: true, perHostIntervalMs: 0 } as const;

function pollDeps(t: Harness, fetch: Parameters<typeof createPoliteFetcher>[0] = LOCAL) {
  const connection = t.connection();
  return {
    connection,
    prefix: t.prefix,
    fetcher: createPoliteFetcher(fetch),
    producer: t.defer(createProducer({ connection, prefix: t.prefix })),
    logger: t.logger,
    clock: () => new Date(),
  };
}

describe('feed registration', () => {
  it('refuses a feed on a non-public address at registration, naming the URL and why', async () => {
    const t = h();
    const feeds = t.defer(createFeedsQueue(t.connection(), t.prefix));
    const refused: Array<[string, RegExp]> = [
      ['http://127.0.0.1:8080/feed.xml', /127\.0\.0\.1 is not a public address/],
      ['http://localhost:8080/rss', /localhost resolves to [^;]*127\.0\.0\.1/],
      ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is not a public address/],
      ['http://[::ffff:127.0.0.1]/feed', /::ffff:7f00:1 is not a public address/],
      ['http://[64:ff9b::a9fe:a9fe]/feed', /64:ff9b::a9fe:a9fe is not a public address/],
      ['http://[2002:7f00:1::]/feed', /not a public address/],
      ['http://0/feed', /0\.0\.0\.0 is not a public address/],
    ];
    for (const [url, why] of refused) {
      const err = await addFeed(feeds, { url, everyMs: 60_000 }).then(() => null, (e: Error & { code?: string }) => e);
      expect([url, err?.message]).toEqual([url, expect.stringMatching(why)]);
      expect(err!.message).toContain(`feed ${new URL(url).href} refused`);
      expect(err!.message).toContain('FEEDS_ALLOW_PRIVATE');
      expect(err!.code).toBe('ADDRESS_NOT_ALLOWED');
    }
    // A name whose DNS answer is private (as a rebinding name's would be) and one that does not exist.
    const privateDns = await addFeed(feeds, { url: 'https://intranet.example.com/rss', everyMs: 60_000 }, { lookup: async () => [{ address: '93.184.216.34' }, { address: '10.0.0.5' }] }).catch((e: Error) => e);
    expect((privateDns as Error).message).toMatch(/intranet\.example\.com resolves to 10\.0\.0\.5, not a public address/);
    const missing = await addFeed(feeds, { url: 'https://no-such-host.example/rss', everyMs: 60_000 }, { lookup: async () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' })) }).catch((e: Error) => e);
    expect((missing as Error).message).toMatch(/no-such-host\.example does not resolve/);
    expect(await listFeeds(feeds)).toEqual([]);

    // Public addresses go in; FEEDS_ALLOW_PRIVATE (allowPrivateAddresses) lets private ones in.
    await addFeed(feeds, { url: 'http://93.184.216.34/feed.xml', everyMs: 60_000 });
    await addFeed(feeds, { url: 'https://news.example.com/rss', everyMs: 60_000 }, { lookup: async () => [{ address: '93.184.216.34' }] });
    await addFeed(feeds, { url: 'http://localhost:8080/rss', everyMs: 60_000 }, { allowPrivateAddresses: true });
    expect((await listFeeds(feeds)).map((f) => f.url).sort()).toEqual(['http://93.184.216.34/feed.xml', 'http://localhost:8080/rss', 'https://news.example.com/rss']);
  });
});

describe('feed polling', () => {
  it('a registered feed of 20 items ingests 20 pages once; polling again ingests none', async () => {
    const t = h();
    const site = await startFeedSite(t, { etag: false });
    const feeds = t.defer(createFeedsQueue(t.connection(), t.prefix));
    const events = t.defer(new QueueEvents('feeds', { connection: t.connection(), prefix: t.prefix }));
    await events.waitUntilReady();
    const feedUrl = `${site.url}/feed.xml`;
    const info = await addFeed(feeds, { url: feedUrl, everyMs: 3_600_000, site: 'Local Times Online' }, { allowPrivateAddresses: true });
    expect((await listFeeds(feeds)).map((f) => [f.id, f.url, f.everyMs])).toEqual([[info.id, feedUrl, 3_600_000]]);

    const fw = createFeedWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger }, { fetch: LOCAL });
    t.defer(fw);
    const q = t.queues();
    await eventually(async () => (await q.ingest.count()) === 20, '20 pages ingested');
    const jobs = await q.ingest.getJobs(['waiting']);
    const urls = jobs.map((j) => j.data.page.url).sort();
    expect(urls).toEqual(Array.from({ length: 20 }, (_, i) => `${site.url}/articles/${i + 1}.html`).sort());
    const seventh = jobs.find((j) => j.data.page.url.endsWith('/7.html'))!.data;
    const one = seventh.page;
    expect(seventh.bodyRef.field).toBe('htmlBase64');
    expect(Buffer.from((await t.connection().get(seventh.bodyRef.key))!, 'base64').toString()).toContain('Local story 7');
    expect(one).toMatchObject({ site: 'Local Times Online', language: 'en', source: `feed:${feedUrl}`, headers: { 'content-type': 'text/html; charset=utf-8' } });
    expect(one.metadata.feed).toMatchObject({ url: feedUrl, title: 'Story 7', publishedAt: '2026-11-28T09:07:00.000Z' });

    // A second poll (the scheduler's next run, triggered now): nothing new.
    const again = await feeds.add('poll', { url: feedUrl });
    const r = await again.waitUntilFinished(events, 20_000);
    expect(r).toMatchObject({ entries: 20, ingested: 0, skipped: 20, failed: [] });
    expect(await q.ingest.count()).toBe(20);
    for (let i = 1; i <= 20; i++) expect(site.hits.get(`/articles/${i}.html`)).toBe(1);
    await fw.close();

    expect(await removeFeed(feeds, feedUrl, t.connection(), t.prefix)).toBe(true);
    expect(await listFeeds(feeds)).toEqual([]);
  });

  it('uses conditional GET: an unchanged feed answers 304 and nothing is fetched', async () => {
    const t = h();
    const site = await startFeedSite(t, { items: 3 });
    const deps = pollDeps(t);
    const first = await pollFeed({ url: `${site.url}/feed.xml` }, deps);
    expect(first).toMatchObject({ notModified: false, ingested: 3 });
    const second = await pollFeed({ url: `${site.url}/feed.xml` }, deps);
    expect(second).toMatchObject({ notModified: true, ingested: 0 });
    expect(site.seen.get('/feed.xml')!['if-none-match']).toBe('"feed-v1"');
    expect(site.seen.get('/feed.xml')!['if-modified-since']).toBe('Sat, 28 Nov 2026 09:00:00 GMT');
    expect(site.hits.get('/feed.xml')).toBe(2);
  });

  it('obeys robots.txt: a disallowed page is never fetched, and not asked for again', async () => {
    const t = h();
    const site = await startFeedSite(t);
    site.route('/mixed.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(rss(site.url, [1]).replace('</channel>', `<item><link>${site.url}/private/2.html</link></item></channel>`));
    });
    const deps = pollDeps(t);
    const r = await pollFeed({ url: `${site.url}/mixed.xml` }, deps);
    expect(r.ingested).toBe(1);
    expect(r.failed).toEqual([{ url: `${site.url}/private/2.html`, reason: expect.stringMatching(/^ROBOTS_DISALLOWED: robots.txt of .* disallows \/private\/2.html/) }]);
    expect(site.hits.get('/private/2.html')).toBeUndefined();
    const again = await pollFeed({ url: `${site.url}/mixed.xml` }, deps);
    expect(again).toMatchObject({ ingested: 0, skipped: 2, failed: [] });
  });

  it('does not crawl a site whose robots.txt cannot be read, and says so', async () => {
    const t = h();
    const site = await startFeedSite(t);
    site.route('/robots.txt', (_req, res) => {
      res.writeHead(503);
      res.end();
    });
    await expect(pollFeed({ url: `${site.url}/feed.xml` }, pollDeps(t))).rejects.toMatchObject({ code: 'ROBOTS_UNREACHABLE', retryable: true });
    expect(site.hits.get('/feed.xml')).toBeUndefined();
  });

  it('retries a page that failed transiently on the next poll', async () => {
    const t = h();
    const site = await startFeedSite(t, { items: 2, etag: false });
    let down = true;
    site.route('/articles/2.html', (_req, res) => {
      if (down) {
        res.writeHead(503);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body><p>Story two is back.</p></body></html>');
    });
    const deps = pollDeps(t);
    const first = await pollFeed({ url: `${site.url}/feed.xml` }, deps);
    expect(first.ingested).toBe(1);
    expect(first.failed[0]!.reason).toMatch(/^HTTP_503/);
    down = false;
    const second = await pollFeed({ url: `${site.url}/feed.xml` }, deps);
    expect(second).toMatchObject({ ingested: 1, skipped: 1 });
  });

  it('reads a sitemap index and its Google News sitemap, naming the publication', async () => {
    const t = h();
    const site = await startFeedSite(t);
    site.route('/sitemap-index.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${site.url}/news-sitemap.xml</loc></sitemap></sitemapindex>`);
    });
    site.route('/news-sitemap.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      const urls = [4, 5]
        .map((n) => `<url><loc>${site.url}/articles/${n}.html</loc><news:news><news:publication><news:name>Local Gazette</news:name><news:language>fr</news:language></news:publication><news:publication_date>2026-11-28T08:00:00Z</news:publication_date><news:title>Story ${n}</news:title></news:news></url>`)
        .join('');
      res.end(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">${urls}</urlset>`);
    });
    const r = await pollFeed({ url: `${site.url}/sitemap-index.xml` }, pollDeps(t));
    expect(r).toMatchObject({ entries: 2, ingested: 2, failed: [] });
    const jobs = await t.queues().ingest.getJobs(['waiting']);
    expect(jobs.map((j) => [j.data.page.site, j.data.page.language, j.data.page.metadata.feed.title]).sort()).toEqual([
      ['Local Gazette', 'fr', 'Story 4'],
      ['Local Gazette', 'fr', 'Story 5'],
    ]);
  });

  it('reads a gzipped .xml.gz sitemap, a Latin-1 feed by its declared charset, and a JSON Feed', async () => {
    const t = h();
    const site = await startFeedSite(t);
    site.route('/sitemap-index.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${site.url}/sitemap-1.xml.gz</loc></sitemap></sitemapindex>`);
    });
    site.route('/sitemap-1.xml.gz', (_req, res) => {
      // Served as a file, not with Content-Encoding: the bytes on the wire are gzip.
      res.writeHead(200, { 'content-type': 'application/x-gzip' });
      res.end(gzipSync(Buffer.from(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${[6, 7].map((n) => `<url><loc>${site.url}/articles/${n}.html</loc></url>`).join('')}</urlset>`)));
    });
    site.route('/latin1.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Le Caf\u00e9 du Matin</title><item><title>\u00c9t\u00e9 \u00e0 Gen\u00e8ve</title><link>${site.url}/articles/8.html</link></item></channel></rss>`, 'latin1'));
    });
    site.route('/feed.json', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/feed+json' });
      res.end(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'JSON Local', items: [{ id: '9', url: `${site.url}/articles/9.html`, title: 'Story 9' }] }));
    });
    const deps = pollDeps(t);
    expect(await pollFeed({ url: `${site.url}/sitemap-index.xml` }, deps)).toMatchObject({ entries: 2, ingested: 2, failed: [] });
    expect(await pollFeed({ url: `${site.url}/latin1.xml` }, deps)).toMatchObject({ entries: 1, ingested: 1, failed: [] });
    expect(await pollFeed({ url: `${site.url}/feed.json` }, deps)).toMatchObject({ entries: 1, ingested: 1, failed: [] });
    const jobs = await t.queues().ingest.getJobs(['waiting']);
    const byUrl = new Map(jobs.map((j) => [j.data.page.url as string, j.data.page]));
    expect([...byUrl.keys()].sort()).toEqual([6, 7, 8, 9].map((n) => `${site.url}/articles/${n}.html`));
    expect(byUrl.get(`${site.url}/articles/8.html`)).toMatchObject({ site: 'Le Café du Matin', metadata: { feed: { title: 'Été à Genève' } } });
    expect(byUrl.get(`${site.url}/articles/9.html`)).toMatchObject({ site: 'JSON Local', metadata: { feed: { title: 'Story 9' } } });
  });

  it('honours a robots.txt Crawl-delay when spacing requests to the host', async () => {
    const t = h();
    const site = await startFeedSite(t, { robots: 'User-agent: *\nCrawl-delay: 2\n' });
    const asked: Array<[string, number]> = [];
    const fetcher = createPoliteFetcher({ ...LOCAL, limiter: { acquire: async (host, ms) => void asked.push([host, ms]) } });
    await fetcher.get(`${site.url}/articles/1.html`);
    const host = new URL(site.url).host;
    expect(asked).toEqual([
      [host, 0], // robots.txt itself
      [host, 2000], // the page, spaced as the site asks
    ]);
  });

  it('refuses loopback and private addresses unless configured', async () => {
    const t = h();
    const site = await startFeedSite(t);
    const deps = pollDeps(t, { perHostIntervalMs: 0 });
    await expect(pollFeed({ url: `${site.url}/feed.xml` }, deps)).rejects.toThrow(/non-public address/);
    await expect(guardedGet(`http://localhost:${new URL(site.url).port}/feed.xml`)).rejects.toThrow(/resolves only to non-public addresses/);
    await expect(guardedGet('file:///etc/passwd')).rejects.toThrow(/only http\(s\) URLs/);
    expect(site.hits.size).toBe(0);
    // Allowed, the same name resolves and connects (the guarded lookup hands addresses back).
    const ok = await guardedGet(`http://localhost:${new URL(site.url).port}/articles/1.html`, {}, { allowPrivateAddresses: true });
    expect(ok.status).toBe(200);
  });

  it('a feed that can never be read fails its poll once and records why', async () => {
    const t = h();
    const site = await startFeedSite(t);
    const feeds = t.defer(createFeedsQueue(t.connection(), t.prefix));
    const fw = createFeedWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger }); // default policy: public addresses only
    t.defer(fw);
    const feedUrl = `${site.url}/feed.xml`;
    const job = await feeds.add('poll', { url: feedUrl });
    const failed = await eventually(async () => ((await feeds.getJobState(job.id!)) === 'failed' ? feeds.getJob(job.id!) : null), 'poll failed');
    expect(failed!.attemptsMade).toBe(1);
    const state = await t.connection().hgetall(`${t.prefix}:feeds:state:${feedIdFor(feedUrl)}`);
    expect(state.lastError).toMatch(/^ADDRESS_NOT_ALLOWED: .*non-public address/);
    await fw.close();
  });

  it('caps the body size and bounds the time a page may take', async () => {
    const t = h();
    const site = await startFeedSite(t);
    site.route('/big.html', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('x'.repeat(200_000));
    });
    site.route('/slow.html', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html>'); // and never finishes
    });
    await expect(guardedGet(`${site.url}/big.html`, {}, { allowPrivateAddresses: true, maxBytes: 100_000 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
    await expect(guardedGet(`${site.url}/slow.html`, {}, { allowPrivateAddresses: true, timeoutMs: 300 })).rejects.toMatchObject({ code: 'TIMEOUT', retryable: true });
  });

  it('follows redirects, checking each hop', async () => {
    const t = h();
    const site = await startFeedSite(t);
    site.route('/moved', (_req, res) => {
      res.writeHead(301, { location: '/articles/3.html' });
      res.end();
    });
    const r = await guardedGet(`${site.url}/moved`, {}, { allowPrivateAddresses: true });
    expect([r.status, r.url]).toEqual([200, `${site.url}/articles/3.html`]);
    site.route('/to-file', (_req, res) => {
      res.writeHead(302, { location: 'file:///etc/passwd' });
      res.end();
    });
    await expect(guardedGet(`${site.url}/to-file`, {}, { allowPrivateAddresses: true })).rejects.toMatchObject({ code: 'BAD_URL' });
  });

  it('spaces requests to one host through Redis, across workers', async () => {
    const t = h();
    const conn = t.connection();
    const a = redisRateLimiter(conn, t.prefix);
    const b = redisRateLimiter(t.connection(), t.prefix);
    await a.acquire('news.example.com', 60_000);
    let second = false;
    const pending = b.acquire('news.example.com', 60_000).then(() => (second = true));
    const ttl = await conn.pttl(`${t.prefix}:feeds:host:news.example.com`);
    expect(ttl).toBeGreaterThan(0);
    expect(second).toBe(false);
    await b.acquire('other.example.com', 60_000); // another host is not held up
    await conn.del(`${t.prefix}:feeds:host:news.example.com`);
    await pending;
    expect(second).toBe(true);
  });
});
