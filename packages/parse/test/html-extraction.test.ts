import { describe, expect, it } from 'vitest';
import type { ParseJob } from '@newsflow/contracts';
import { parsePage } from '../src/index.js';

const P = (s: string) => `<p>${s}</p>`;
const article = [
  'The regional parliament approved a plan on Thursday to rebuild the old tram line through the eastern districts by 2030.',
  'Supporters said the line would take thousands of cars off the ring road each day and reconnect two hospitals to the centre.',
  'Opponents argued that the cost estimate of 400 million had not been checked by independent engineers and would rise.',
  'The first section, between the station and the university, is due to open in three years if the tender goes to plan.',
];

const PAGE = `<!doctype html><html lang="en"><head>
<title>Parliament Backs Tram Line Revival - Eastern Courier</title>
<meta property="og:title" content="Parliament Backs Tram Line Revival">
<meta property="og:site_name" content="Eastern Courier">
<meta property="article:published_time" content="2025-06-12T14:05:00+02:00">
<meta property="article:section" content="Transport">
<meta name="keywords" content="trams, transport, parliament">
<meta property="og:image" content="/img/tram.jpg">
<link rel="canonical" href="https://courier.example/transport/tram-line-revival">
</head><body>
<header><a href="/">Eastern Courier</a><nav><a href="/news">News</a><a href="/sport">Sport</a></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
<main><article>
<h1>Parliament Backs Tram Line Revival</h1>
<p class="article-dek">A 400 million plan brings trams back to the east after sixty years</p>
<p class="byline">By Jana Novak, Transport Correspondent</p>
<figure><img src="/img/tram.jpg"><figcaption>A tram at the depot in 1962. Photo: City Archive</figcaption></figure>
${P(article[0]!)}${P(article[1]!)}
<div class="newsletter-signup"><h3>Get the Courier daily</h3><p>Sign up for our free newsletter and get the day's news delivered to your inbox.</p><input type="email"></div>
<p>Read more: City budget faces a 20 million gap</p>
${P(article[2]!)}<h2>What happens next</h2>${P(article[3]!)}
<ul><li>Tender opens in September</li><li>Construction starts in 2027</li></ul>
<p><em>Correction: An earlier version of this article gave the wrong opening year for the first section.</em></p>
<div class="share-bar"><a href="#">Share on Facebook</a><a href="#">Tweet</a></div>
</article></main>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Bus fares rise again</a></li></ul></aside>
<footer>© 2025 Eastern Courier. All rights reserved.</footer>
</body></html>`;

const job: ParseJob = {
  pageId: 'c'.repeat(32),
  receivedAt: '2025-06-12T13:00:00.000Z',
  fetchedAt: '2025-06-12T12:59:00.000Z',
  url: 'https://courier.example/transport/tram-line-revival?utm_source=x',
  html: PAGE,
  headers: {},
  metadata: {},
  trace: [],
};

describe('parsePage on an HTML news page', () => {
  const a = parsePage(job);

  it('reads metadata with its precedence', () => {
    expect(a.title).toBe('Parliament Backs Tram Line Revival');
    expect(a.subtitle).toBe('A 400 million plan brings trams back to the east after sixty years');
    expect(a.authors).toEqual(['Jana Novak']);
    expect(a.publishedAt).toBe('2025-06-12T14:05:00+02:00');
    expect(a.siteName).toBe('Eastern Courier');
    expect(a.section).toBe('Transport');
    expect(a.tags).toEqual(['trams', 'transport', 'parliament']);
    expect(a.language).toBe('en');
    expect(a.canonicalUrl).toBe('https://courier.example/transport/tram-line-revival');
    expect(a.image).toEqual({ url: 'https://courier.example/img/tram.jpg' });
  });

  it('keeps the article paragraphs, headings and list items with their kinds, and nothing else', () => {
    expect(a.paragraphs).toEqual([
      { kind: 'p', text: article[0] },
      { kind: 'p', text: article[1] },
      { kind: 'p', text: article[2] },
      { kind: 'h2', text: 'What happens next' },
      { kind: 'p', text: article[3] },
      { kind: 'li', text: 'Tender opens in September' },
      { kind: 'li', text: 'Construction starts in 2027' },
    ]);
    expect(a.wordCount).toBeGreaterThan(80);
  });

  it('puts the correction and the photo caption in their own fields', () => {
    expect(a.corrections).toEqual([{ kind: 'correction', text: 'An earlier version of this article gave the wrong opening year for the first section.' }]);
    expect(a.images.some((i) => (i.caption ?? i.credit ?? '').includes('City Archive'))).toBe(true);
    expect(a.body).not.toMatch(/City Archive|newsletter|cookies|Read more|Share on|Related|All rights reserved|Transport Correspondent/);
  });
});

describe('parsePage: a link to another story between paragraphs', () => {
  it('drops a paragraph that is only a linked headline, keeps linked addresses and sentences', () => {
    const html = `<html><head><title>Tram line</title></head><body><article><h1>Tram line</h1>
      ${article.map((s, i) => `<p>${s}</p>${i === 1 ? '<p><a href="/other">Bus Fares Rise Again As City Budget Faces A Gap</a></p><p><a href="mailto:desk@courier.example">desk@courier.example</a></p><p><a href="/x">The council published the full tender documents on its website.</a></p>' : ''}`).join('')}
      </article></body></html>`;
    const a = parsePage({ ...job, html });
    expect(a.body).not.toContain('Bus Fares Rise Again');
    expect(a.body).toContain('desk@courier.example');
    expect(a.body).toContain('The council published the full tender documents on its website.');
    expect(a.body).toContain(article[2]);
  });
});

describe('parsePage: captions marked only by their class', () => {
  it('keeps a caption div out of the body even when the page has no <figure>', () => {
    const caption = "An artist's illustration of the tram depot as it will look in 2030.";
    const html = `<html><head><title>Tram line</title></head><body><article><h1>Tram line</h1>
      <div class="box"><img src="/depot.jpg" alt=""><div class="caption-text">${caption}</div></div>
      ${article.map((s) => `<p>${s}</p>`).join('')}
      <div class="InlineImage-imageEmbedCaption">Workers test the first tram on the eastern line in Hamburg.</div>
      </article></body></html>`;
    const a = parsePage({ ...job, html });
    expect(a.body).not.toContain('artist');
    expect(a.body).not.toContain('Workers test the first tram');
    expect(a.images.map((i) => i.caption ?? i.credit)).toEqual([caption, 'Workers test the first tram on the eastern line in Hamburg.']);
    expect(a.paragraphs.map((p) => p.text)).toEqual(article);
  });
});

describe('parsePage: embedded posts and hover cards', () => {
  it('keeps an embedded tweet the story quotes, even inside a "social" wrapper', () => {
    const tweet = 'Yes this is real and the state spent half a million dollars on the campaign.';
    const html = `<html><head><title>Tram line</title></head><body><article><h1>Tram line</h1>
      ${article.slice(0, 2).map((s) => `<p>${s}</p>`).join('')}
      <div class="social-media-embed"><blockquote class="twitter-tweet"><p lang="en">${tweet} <a href="https://t.co/x">https://t.co/x</a></p>— Jane Roe (@janeroe) <a href="https://twitter.com/janeroe/status/1">November 18, 2019</a></blockquote></div>
      ${article.slice(2).map((s) => `<p>${s}</p>`).join('')}
      </article></body></html>`;
    const a = parsePage({ ...job, html });
    expect(a.body).toContain(tweet);
    expect(a.body).toContain(article[3]);
  });

  it('drops the hover card of a linked name but keeps the name in the sentence', () => {
    const html = `<html><head><title>Tram line</title></head><body><article><h1>Tram line</h1>
      ${article.slice(0, 3).map((s) => `<p>${s}</p>`).join('')}
      <p>Rep. <span class="rollover-people"><a class="rollover-people-link" href="/people/jane-roe">Jane Roe</a><span class="rollover-people-block"><img src="/jr.jpg"><a href="/a">Roe doubles down on tram funding</a> <a href="/b">Budget talks stall again</a> MORE</span></span> (D-N.Y.) said the vote was overdue.</p>
      <p>${article[3]}</p></article></body></html>`;
    const a = parsePage({ ...job, html });
    expect(a.body).toContain('Rep. Jane Roe (D-N.Y.) said the vote was overdue.');
    expect(a.body).not.toContain('doubles down');
  });
});

describe('parsePage: a dateline in the story is the date of last resort', () => {
  const page = (line: string, url = 'https://blog.example/top-ten') =>
    parsePage({ ...job, url, html: `<html><head><title>Tram line</title></head><body><article><h1>Tram line</h1><p>${line}</p>${article.map((s) => `<p>${s}</p>`).join('')}</article></body></html>` });

  it('takes "January 22, 2014" under the headline when the metadata has no date, and keeps it out of the body', () => {
    const a = page('January 22, 2014');
    expect(a.publishedAt).toBe('2014-01-22T00:00:00.000Z');
    expect(a.body).not.toContain('January 22');
  });

  it('prefers the date in the URL, and never takes an update line for the publication date', () => {
    expect(page('January 22, 2014', 'https://blog.example/2013/05/02/top-ten').publishedAt).toBe('2013-05-02T00:00:00.000Z');
    expect(page('Aktualisiert am 17.01.2021').publishedAt).toBeUndefined();
  });
});
