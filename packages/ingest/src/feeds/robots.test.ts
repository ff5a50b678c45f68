import { describe, expect, it } from 'vitest';
import { normalizeRobotsPath, parseRobots, robotsAllows } from './robots.js';

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

  it('matches the product token exactly, case-insensitively: a group for "news" is not ours', () => {
    const txt = 'User-agent: news\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\n';
    const r = parseRobots(txt, 'newsflow');
    expect(r.disallow).toEqual(['/private/']);
    expect(robotsAllows(r, '/story')).toBe(true);
    // Our token in any case, with or without a version, is ours.
    for (const agent of ['NewsFlow', 'newsflow/1.2', 'NEWSFLOW']) {
      const mine = parseRobots(`User-agent: ${agent}\nDisallow: /mine\n\nUser-agent: *\nDisallow: /\n`, 'newsflow');
      expect(mine.disallow, agent).toEqual(['/mine']);
    }
    // The whole User-Agent header the fetcher sends names the same token.
    expect(parseRobots('User-agent: newsflow\nDisallow: /mine\n', 'newsflow/0.1 (+https://github.com/newsflow/newsflow)').disallow).toEqual(['/mine']);
    // And a longer token that starts like ours is someone else's.
    expect(parseRobots('User-agent: newsflowbot\nDisallow: /\n', 'newsflow').disallow).toEqual([]);
  });

  it('compares paths percent-normalised (RFC 9309 2.2.2): UTF-8 and its escapes are one path, %2F is not /', () => {
    expect(normalizeRobotsPath('/caf\u00e9')).toBe('/caf%C3%A9');
    expect(normalizeRobotsPath('/caf%c3%a9')).toBe('/caf%C3%A9');
    expect(normalizeRobotsPath('/%7Euser/%41')).toBe('/~user/A');
    expect(normalizeRobotsPath('/a%2fb')).toBe('/a%2Fb');
    const r = parseRobots('User-agent: *\nDisallow: /caf\u00e9\nDisallow: /%7Eadmin\nDisallow: /a%2Fb\n', 'newsflow');
    expect(robotsAllows(r, '/caf%C3%A9/menu')).toBe(false); // what new URL() gives for /café/menu
    expect(robotsAllows(r, '/caf%c3%a9')).toBe(false);
    expect(robotsAllows(r, '/~admin/x')).toBe(false);
    expect(robotsAllows(r, '/a/b')).toBe(true);
    expect(robotsAllows(r, '/a%2Fb')).toBe(false);
    expect(robotsAllows(r, '/cafe')).toBe(true);
  });
});
