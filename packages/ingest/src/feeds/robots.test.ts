import { describe, expect, it } from 'vitest';
import { parseRobots, robotsAllows } from './robots.js';

const TXT = `# comment
User-agent: *
Disallow: /private/
Allow: /private/public-*.html$
Crawl-delay: 2

User-agent: newsflow
User-agent: otherbot
Disallow: /no-newsflow
Crawl-delay: 5

Sitemap: https://news.example.com/sitemap.xml
`;

describe('robots.txt', () => {
  it('uses our own group over *, with its crawl delay and the sitemaps', () => {
    const r = parseRobots(TXT, 'newsflow');
    expect(r).toEqual({ allow: [], disallow: ['/no-newsflow'], crawlDelay: 5, sitemaps: ['https://news.example.com/sitemap.xml'] });
    expect(robotsAllows(r, '/no-newsflow/x')).toBe(false);
    expect(robotsAllows(r, '/private/x')).toBe(true);
  });

  it('falls back to *, where the longest match wins and $ anchors', () => {
    const r = parseRobots(TXT, 'somebot');
    expect(r.crawlDelay).toBe(2);
    expect(robotsAllows(r, '/private/secret.html')).toBe(false);
    expect(robotsAllows(r, '/private/public-1.html')).toBe(true);
    expect(robotsAllows(r, '/private/public-1.html?x')).toBe(false);
    expect(robotsAllows(r, '/news/1.html')).toBe(true);
  });

  it('allows everything when no group applies or the file is empty', () => {
    expect(robotsAllows(parseRobots('', 'newsflow'), '/x')).toBe(true);
    expect(robotsAllows(parseRobots('User-agent: googlebot\nDisallow: /', 'newsflow'), '/x')).toBe(true);
  });
});
