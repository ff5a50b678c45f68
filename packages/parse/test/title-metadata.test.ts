import { describe, expect, it } from 'vitest';
import type { ParseJob } from '@newsflow/contracts';
import { parsePage } from '../src/index.js';

const BODY = [
  'The regional parliament approved a plan on Thursday to rebuild the old tram line through the eastern districts by 2030.',
  'Supporters said the line would take thousands of cars off the ring road each day and reconnect two hospitals to the centre.',
  'Opponents argued that the cost estimate of 400 million had not been checked by independent engineers and would rise.',
  'The first section, between the station and the university, is due to open in three years if the tender goes to plan.',
]
  .map((s) => `<p>${s}</p>`)
  .join('\n');

const page = (head: string, body = `<article><h1>Parliament Backs Tram Line Revival</h1>${BODY}</article>`): string =>
  `<!doctype html><html lang="en"><head>${head}</head><body>${body}</body></html>`;

const parse = (html: string) => {
  const job: ParseJob = {
    pageId: 'd'.repeat(32),
    receivedAt: '2025-06-12T13:00:00.000Z',
    fetchedAt: '2025-06-12T12:59:00.000Z',
    url: 'https://courier.example/transport/tram',
    html,
    headers: {},
    metadata: {},
    trace: [],
  };
  return parsePage(job);
};

describe('title and headline', () => {
  it('keeps the title as published and gives the headline without the site name', () => {
    const a = parse(page(`<title>Parliament Backs Tram Line Revival (with photos) | Eastern Courier</title>
      <meta property="og:title" content="Parliament Backs Tram Line Revival | Eastern Courier"><meta property="og:site_name" content="Eastern Courier">`));
    expect(a.title).toBe('Parliament Backs Tram Line Revival | Eastern Courier');
    expect(a.headline).toBe('Parliament Backs Tram Line Revival');
  });

  it('prefers Dublin Core to OpenGraph, and a property attribute to a name attribute, whatever their order', () => {
    const a = parse(page(`<title>Title element</title><meta name="dc.title" content="Name title"><meta property="og:title" content="OpenGraph title">
      <meta property="dc:title" content="Property title">`));
    expect(a.title).toBe('Property title');
  });

  it('reads JSON-LD wrapped in CDATA, decodes its HTML entities, and picks name or headline by the <title>', () => {
    const ld = { '@context': 'https://schema.org', '@type': 'Article', name: 'Tram line revival', headline: 'Wikimedia list article' };
    const a = parse(page(`<title>Tram line revival - Encyclopedia</title><script type="application/ld+json"><![CDATA[${JSON.stringify(ld)}]]></script>`));
    expect(a.title).toBe('Tram line revival');
    const escaped = { '@context': 'https://schema.org', '@type': 'NewsArticle', headline: 'Trams &#8211; back in the east &amp; the west' };
    const b = parse(page(`<title>x</title><script type="application/ld+json">${JSON.stringify(escaped)}</script>`));
    expect(b.title).toBe('Trams – back in the east & the west');
  });

  it('finds JSON-LD placed after the first megabyte of a very long page', () => {
    const filler = `<div class="comments">${'<p>A reader comment that goes on for a while about trams and buses.</p>'.repeat(16_000)}</div>`;
    const ld = { '@context': 'https://schema.org', '@type': 'NewsArticle', headline: 'Parliament Backs Tram Line Revival', author: { name: 'Jana Novak' } };
    const html = page('<title>Courier</title>', `<article><h1>Parliament Backs Tram Line Revival</h1>${BODY}</article>${filler}<script type="application/ld+json">${JSON.stringify(ld)}</script>`);
    expect(html.length).toBeGreaterThan(1_000_000);
    const a = parse(html);
    expect(a.title).toBe('Parliament Backs Tram Line Revival');
    expect(a.authors).toEqual(['Jana Novak']);
  });

  it('has an empty title, not a made-up one, when the page has no title, metadata or heading', () => {
    const a = parse(page('<meta charset="utf-8">', `<div>${BODY}</div>`));
    expect(a.title).toBe('');
    expect(a.headline).toBeUndefined();
    expect(a.body).toContain('The regional parliament approved a plan');
  });
});
