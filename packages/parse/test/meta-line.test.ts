import { describe, expect, it } from 'vitest';
import type { ParseJob } from '@newsflow/contracts';
import { parsePage } from '../src/index.js';
import { parseMetaLine } from '../src/authors.js';

const story = [
  'ROTTERDAM — The port authority said on Wednesday that container volumes rose for a third straight quarter, led by traffic from Asia.',
  'Terminal operators have added night shifts to clear the backlog, and the authority expects the growth to hold through the winter.',
  'Unions welcomed the extra work but warned that crews were already stretched after months of overtime on the southern quays.',
];

function page(meta: string, head = ''): ParseJob {
  const html = `<!doctype html><html lang="en"><head><title>Port Volumes Rise Again</title>${head}</head><body>
<header><a href="/">Lakeside Daily</a></header>
<div class="content"><h1 class="headline">Port Volumes Rise Again</h1>
<div class="meta">${meta}</div>
<div class="story-body">${story.map((s) => `<p>${s}</p>`).join('\n')}</div>
<p class="syndication">Distributed by a partner news service.</p></div></body></html>`;
  return { pageId: 'e'.repeat(32), receivedAt: '2026-11-28T00:00:00.000Z', fetchedAt: '2026-11-28T00:00:00.000Z', url: 'https://lakeside.example/wire/port', html, headers: {}, metadata: {}, trace: [] };
}

describe('a syndicated page whose body opens with a byline/date meta line', () => {
  it('keeps the meta line out of the body and reads its author and date', () => {
    const a = parsePage(page('Tomas Eriksen, The Northern Mercury · Published Nov. 26, 2026'));
    expect(a.paragraphs[0]!.text).toBe(story[0]);
    expect(a.body).not.toContain('Tomas Eriksen');
    expect(a.authors).toEqual(['Tomas Eriksen']);
    expect(a.publishedAt?.slice(0, 10)).toBe('2026-11-26');
  });

  it('lets the page metadata win over the meta line for the date', () => {
    const a = parsePage(page('Tomas Eriksen, The Northern Mercury · Published Nov. 26, 2026', '<meta property="article:published_time" content="2026-11-25T09:30:00Z">'));
    expect(a.paragraphs[0]!.text).toBe(story[0]);
    expect(a.publishedAt).toBe('2026-11-25T09:30:00.000Z');
    expect(a.authors).toEqual(['Tomas Eriksen']);
  });

  it('leaves story sentences and date-less lines alone', () => {
    expect(parseMetaLine('The port said volumes rose. Unions welcomed it · Nov. 26, 2026')).toBeUndefined();
    expect(parseMetaLine('Tomas Eriksen, The Northern Mercury')).toBeUndefined();
    expect(parseMetaLine('Reuters · Nov. 26, 2026')).toEqual({ authors: [], date: '2026-11-26T00:00:00.000Z' });
  });
});
