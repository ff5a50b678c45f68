import { describe, expect, it } from 'vitest';
import { parseDocument } from '../src/html.js';
import { readMetadata } from '../src/metadata.js';

const BODY = '<p>The regional parliament approved a plan on Thursday to rebuild the old tram line through the eastern districts by 2030.</p>';

/** Authors the page's metadata and printed byline give (the fallback when JSON-LD and <meta> name nobody). */
const pageAuthors = (head: string, beforeBody: string, afterBody = ''): string[] =>
  readMetadata(
    parseDocument(`<!doctype html><html lang="en"><head><title>Tram line</title>${head}</head><body>
    <div class="infobox vcard"><span class="fn org">Eastern Transit Authority</span></div>
    <article><h1>Tram line</h1>${beforeBody}${BODY}</article>${afterBody}</body></html>`),
  ).authors;

describe('bylines printed in the page', () => {
  it('reads a WordPress hCard byline, past an empty <link rel="author"> and a screen-reader label', () => {
    const byline =
      '<div class="entry-meta"><span class="byline"><span class="screen-reader-text">Veröffentlicht von</span><span class="author vcard"><a class="url fn n" href="/author/cj">Chris Jung</a></span></span></div>';
    expect(pageAuthors('<link rel="author" href="/humans.txt">', byline)).toEqual(['Chris Jung']);
  });

  it('takes the post author, not a commenter or an infobox organisation that are hCards too', () => {
    const comments = '<ol class="comment-list"><li class="comment"><cite class="fn">Alan Goodale</cite><p>Great post, thanks for the update on the trams.</p></li></ol>';
    expect(pageAuthors('', '<p class="post-author vcard">By <span class="fn">Jana Novak</span></p>', comments)).toEqual(['Jana Novak']);
    expect(pageAuthors('', '', comments)).toEqual([]);
  });

  it('prefers the JSON-LD author to anything printed', () => {
    const ld = '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","author":{"@type":"Person","name":"Maren Lindqvist"}}</script>';
    expect(pageAuthors(ld, '<p class="byline">By Jana Novak</p>')).toEqual(['Maren Lindqvist']);
  });
});

describe('the outlet beside the authors', () => {
  it('is not an author when people are named too, and stays when it is the only one', async () => {
    const { parsePage } = await import('../src/index.js');
    const page = (authors: string) =>
      parsePage({
        pageId: 'f'.repeat(32),
        receivedAt: '2025-06-12T13:00:00.000Z',
        fetchedAt: '2025-06-12T12:59:00.000Z',
        url: 'https://courier.example/transport/tram',
        html: `<html><head><title>Tram line</title><meta property="og:site_name" content="CNN">
          <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","author":${authors}}</script></head>
          <body><article><h1>Tram line</h1>${BODY}${BODY.replace('Thursday', 'Friday')}</article></body></html>`,
        headers: {},
        metadata: {},
        trace: [],
      }).authors;
    expect(page('[{"@type":"Person","name":"Rob Picheta"},{"@type":"Organization","name":"CNN"}]')).toEqual(['Rob Picheta']);
    expect(page('{"@type":"Organization","name":"CNN"}')).toEqual(['CNN']);
  });
});
