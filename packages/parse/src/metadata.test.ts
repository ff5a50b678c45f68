import { describe, expect, it } from 'vitest';
import { findAll } from './dom.js';
import { parseDocument } from './html.js';
import { PAGE_BYLINES, readMetadata } from './metadata.js';

/** The selectors PAGE_BYLINES stands for, in its order. */
const SELECTORS = [
  '[itemprop~="author"] [itemprop~="name"]',
  '[itemprop~="author"]',
  'a[rel~="author"]',
  '.author.vcard .fn, .post-author .fn, .byline .fn, .entry-author .fn, .entry-meta-author .fn',
  '.byline__name, .byline-name, .author-name, .article-author',
  '.byline, .author, [class*="byline"]',
];

// Near misses for every rule: case, word boundaries, the box on the element itself rather than above it.
const PAGE = `<!doctype html><html><head><link rel="author" href="/me"></head><body>
<div itemprop="author"><span itemprop="name">Ann Lee</span></div><span itemprop="name author">Bo Ma</span><span itemprop="Name">x</span>
<div itemprop="authors"><span itemprop="name">not</span></div>
<a rel="AUTHOR" href="/a">Cy Do</a><a rel="noopener author">Di Ek</a><span rel="author">not a link</span>
<div class="author vcard"><span class="fn">Ed Fu</span></div><div class="vcard"><span class="fn">Org Inc</span></div><span class="fn author vcard">self</span>
<div class="entry-meta-author"><b><i class="fn">Fa Go</i></b></div><div class="Byline"><span class="fn">case</span></div>
<p class="byline__name">Gi Ho</p><p class="byline-names">no</p><p class="article-author">Hu Io</p>
<p class="author-byline-x">In Ju</p><p class="authors">no</p><p class="byline">Jo Ka</p>
<div class="comment-list"><p class="byline">Ko Lu</p></div><div id="Comments-3"><p class="author">Lu Mo</p></div>
</body></html>`;

describe('page bylines', () => {
  const doc = parseDocument(PAGE);

  it('are found as their selectors find them', () => {
    expect(PAGE_BYLINES).toHaveLength(SELECTORS.length);
    PAGE_BYLINES.forEach((test, i) => {
      const want = [...doc.querySelectorAll(SELECTORS[i]!)];
      expect(want.length, SELECTORS[i]).toBeGreaterThan(0);
      expect(findAll(doc, test), SELECTORS[i]).toEqual(want);
    });
  });

  it('skip a commenter and take the most specific byline', () => {
    expect(readMetadata(doc).authors).toEqual(['Ann Lee']);
    const comments = parseDocument('<html><body><div class="Comment-box"><p class="byline">By Ko Lu</p></div><p class="author">Lu Mo</p></body></html>');
    expect(readMetadata(comments).authors).toEqual(['Lu Mo']);
  });
});
