import { describe, expect, it } from 'vitest';
import { parseFeed } from './parse-feed.js';

const BASE = 'https://news.example.com/feeds/main.xml';

describe('parseFeed', () => {
  it('reads RSS 2.0 items: link (or permalink guid), title, RFC 822 date, channel language; CDATA and entities decoded', () => {
    const xml = `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Example &amp; Co</title><language>pt-BR</language>
      <item><title><![CDATA[First <b>story</b>]]></title><link>https://news.example.com/a?x=1&amp;y=2</link><pubDate>Tue, 10 Nov 2026 08:30:00 +0100</pubDate></item>
      <item><title>Guid only</title><guid>https://news.example.com/b</guid><dc:date>2026-11-10T09:00:00Z</dc:date></item>
      <item><title>Relative</title><link>/c</link></item>
      <item><title>Not a page</title><link>mailto:x@example.com</link></item>
      <item><title>Repeat</title><link>https://news.example.com/a?x=1&amp;y=2</link></item>
    </channel></rss>`;
    const f = parseFeed(xml, BASE);
    expect(f).toMatchObject({ kind: 'rss', site: 'Example & Co', language: 'pt-BR' });
    expect(f.entries).toEqual([
      { url: 'https://news.example.com/a?x=1&y=2', title: 'First <b>story</b>', publishedAt: '2026-11-10T07:30:00.000Z', language: 'pt-BR' },
      { url: 'https://news.example.com/b', title: 'Guid only', publishedAt: '2026-11-10T09:00:00.000Z', language: 'pt-BR' },
      { url: 'https://news.example.com/c', title: 'Relative', language: 'pt-BR' },
    ]);
  });

  it('reads Atom entries, preferring the alternate link', () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de"><title>Atom News</title>
      <entry><title>One</title><link rel="self" href="https://news.example.com/api/1"/><link rel="alternate" type="text/html" href="https://news.example.com/1"/><updated>2026-11-01T10:00:00Z</updated></entry>
      <entry><title>Two</title><link href="2"/><published>2026-11-02T10:00:00+02:00</published></entry>
    </feed>`;
    const f = parseFeed(xml, BASE);
    expect(f.kind).toBe('atom');
    expect(f.site).toBe('Atom News');
    expect(f.entries).toEqual([
      { url: 'https://news.example.com/1', title: 'One', publishedAt: '2026-11-01T10:00:00.000Z', language: 'de' },
      { url: 'https://news.example.com/feeds/2', title: 'Two', publishedAt: '2026-11-02T08:00:00.000Z', language: 'de' },
    ]);
  });

  it('reads a Google News sitemap with publication name, language, title and date', () => {
    const xml = `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
      <url><loc>https://news.example.com/business/article55.html</loc><news:news><news:publication><news:name>The Example Times</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2026-11-12T08:00:00+00:00</news:publication_date><news:title>Companies A, B in Merger Talks</news:title></news:news></url>
      <url><loc>https://news.example.com/plain.html</loc><lastmod>2026-11-11</lastmod></url>
    </urlset>`;
    const f = parseFeed(xml, BASE);
    expect(f).toMatchObject({ kind: 'sitemap', site: 'The Example Times' });
    expect(f.entries).toEqual([
      { url: 'https://news.example.com/business/article55.html', title: 'Companies A, B in Merger Talks', publishedAt: '2026-11-12T08:00:00.000Z', language: 'en' },
      { url: 'https://news.example.com/plain.html', publishedAt: '2026-11-11T00:00:00.000Z' },
    ]);
  });

  it('lists the child sitemaps of a sitemap index', () => {
    const xml = `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://news.example.com/s1.xml</loc></sitemap><sitemap><loc>/s2.xml</loc></sitemap></sitemapindex>`;
    expect(parseFeed(xml, BASE)).toEqual({ kind: 'sitemapindex', entries: [], sitemaps: ['https://news.example.com/s1.xml', 'https://news.example.com/s2.xml'] });
  });

  it('reads RSS 1.0 (RDF)', () => {
    const xml = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>RDF</title></channel><item><title>R</title><link>https://news.example.com/r</link></item></rdf:RDF>`;
    expect(parseFeed(xml, BASE).entries).toEqual([{ url: 'https://news.example.com/r', title: 'R' }]);
  });

  it('names the problem for HTML or broken XML', () => {
    expect(() => parseFeed('<html><body>hi</body></html>', BASE)).toThrow(/not an RSS, Atom, JSON Feed or sitemap document \(root element: html\)/);
    expect(() => parseFeed('<rss><channel><item></channel>', BASE)).toThrow(/not well-formed XML/);
  });

  it('reads a JSON Feed 1.1: item url (or external_url), title, dates, language; refuses JSON that is not one', () => {
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'JSON Times',
      language: 'en-GB',
      items: [
        { id: '1', url: 'https://news.example.com/j/1', title: 'First', date_published: '2026-11-10T08:30:00+01:00' },
        { id: '2', external_url: '/j/2', date_modified: '2026-11-11T09:00:00Z', language: 'fr' },
        { id: '3', url: 'ftp://news.example.com/3' },
        { id: '4', url: 'https://news.example.com/j/1' },
        null,
      ],
    });
    const f = parseFeed(json, BASE);
    expect(f).toMatchObject({ kind: 'json', site: 'JSON Times', language: 'en-GB' });
    expect(f.entries).toEqual([
      { url: 'https://news.example.com/j/1', title: 'First', publishedAt: '2026-11-10T07:30:00.000Z', language: 'en-GB' },
      { url: 'https://news.example.com/j/2', publishedAt: '2026-11-11T09:00:00.000Z', language: 'fr' },
    ]);
    expect(() => parseFeed('{"items": []}', BASE)).toThrow(/JSON Feed "version"/);
    expect(() => parseFeed('{"version": ', BASE)).toThrow(/not valid JSON/);
  });
});
