import { describe, expect, it } from 'vitest';
import type { ParseJob } from '@newsflow/contracts';
import { parsePage } from '../src/index.js';
import { stripNonText } from '../src/guard.js';

const story = [
  'The harbour board agreed on Monday to extend the night ferry timetable through the winter months after a trial run.',
  'Ferry operators said demand on the late crossings had doubled since spring, with most riders commuting to hospital shifts.',
  'The extension costs about two million a year and will be reviewed again before the summer timetable is published.',
];

function job(html: string): ParseJob {
  return { pageId: 'd'.repeat(32), receivedAt: '2025-01-01T00:00:00.000Z', fetchedAt: '2025-01-01T00:00:00.000Z', url: 'https://harbour.example/ferries', html, headers: {}, metadata: {}, trace: [] };
}

describe('markup that trips naive clean-up', () => {
  it('keeps JSON-LD whose text quotes a <script> tag, and the page after it', () => {
    const ld = JSON.stringify({ '@type': 'NewsArticle', headline: 'Night Ferries Extended', articleBody: 'x <script>track()</script>' }).replace(/<\//g, '<\\/');
    const html = `<html><head><script type="application/ld+json">${ld}</script></head><body><article>${story.map((s) => `<p>${s}</p>`).join('')}</article></body></html>`;
    const a = parsePage(job(html));
    expect(a.title).toBe('Night Ferries Extended');
    expect(a.paragraphs.map((p) => p.text)).toEqual(story);
  });

  it('ends a script at "</script" followed by junk before ">", as browsers do', () => {
    const out = stripNonText('<script src="a.js"></script\n  <!-- plugin --><div><p>kept</p></div><script>x()</script>');
    expect(out).toContain('<p>kept</p>');
    expect(out).not.toContain('x()');
  });

  it('reads an article a page wraps in <aside> when the aside holds the headline', () => {
    const html = `<html><body><main><aside class="page-content"><section class="story"><article><h1>Night Ferries Extended</h1><div class="text">${story.map((s) => `<p>${s}</p>`).join('')}</div></article></section></aside>
      <aside><ul><li><a href="/a">Other story</a></li></ul></aside></main>
      <div class="about"><p>The Harbour Gazette has covered the port, its ferries and its people since 1921, from an office on the quay.</p></div></body></html>`;
    const a = parsePage(job(html));
    expect(a.paragraphs.map((p) => p.text)).toEqual(story);
  });

  it('reads a blog post whose text is only in a script template and its <noscript> copy', () => {
    const post = [...story, 'Passengers can buy tickets for the late crossings on board, and season passes will be valid on every sailing.'];
    const paras = post.map((s) => `<p>${s}</p>`).join('\n');
    const html = `<html><body><div class="post"><h2>Night Ferries Extended</h2><div class="post-body" itemprop="articleBody">
      <script type="text/template">${paras}</script><noscript>${paras}</noscript></div></div>
      <noscript><img src="/pixel.gif"></noscript><noscript><p>Please turn on JavaScript.</p></noscript></body></html>`;
    const a = parsePage(job(html));
    expect(a.paragraphs.map((p) => p.text)).toEqual(post);
  });

  it('keeps sections of the marked-up article body whose class names the ads slot they carry', () => {
    const long = story.map((s) => `${s} Details are on the harbour board's website.`);
    const html = `<html><body><header><a href="/">Harbour Gazette</a></header><article itemprop="articleBody"><h1>Night Ferries Extended</h1>
      ${long.map((s) => `<section class="report__section report__section--ads"><p>${s}</p><div class="ad">Advertisement</div></section>`).join('')}
      </article><div class="about"><p>The Harbour Gazette has covered the port, its ferries and its people since 1921, from an office on the quay.</p></div></body></html>`;
    const a = parsePage(job(html));
    expect(a.paragraphs.map((p) => p.text).slice(0, 3)).toEqual(long);
  });
});

