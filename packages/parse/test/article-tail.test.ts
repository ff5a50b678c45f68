import { describe, expect, it } from 'vitest';
import type { ParseJob } from '@newsflow/contracts';
import { parsePage } from '../src/index.js';

const story = [
  'The county opened its first public charging park for electric lorries on Friday, next to the motorway junction north of town.',
  'Twelve fast chargers can fill a truck battery in under an hour, and hauliers said the site would let them run longer routes.',
  'The county paid for the land and a grid connection, while an energy company built and will run the chargers for ten years.',
  'A second park, on the southern ring road, is planned for next year if the first one is used as much as the council expects.',
];

const html = `<html><head><title>Charging Park for Lorries Opens</title></head><body><article>
<h1>Charging Park for Lorries Opens</h1>
${story.map((s) => `<p>${s}</p>`).join('\n')}
<p>Further reading:</p>
<p><a href="/a">Council approves budget for new cycle lanes on the ring road</a></p>
<p><a href="/b">Energy prices: what the new tariffs mean for households</a></p>
</article></body></html>`;

const job: ParseJob = { pageId: 'f'.repeat(32), receivedAt: '2025-01-01T00:00:00.000Z', fetchedAt: '2025-01-01T00:00:00.000Z', url: 'https://county.example/lorries', html, headers: {}, metadata: {}, trace: [] };

describe('the tail of an article', () => {
  it('drops trailing link lists and the label that introduced them, keeping the story whole', () => {
    const a = parsePage(job);
    expect(a.paragraphs.map((p) => p.text)).toEqual(story);
  });
});
