import { describe, expect, it } from 'vitest';
import type { ParseJob } from '@newsflow/contracts';
import { parsePage } from '../src/index.js';

const story = [
  'Volunteers counted 214 nesting pairs on the two islands this spring, almost twice as many as when the count began ten years ago.',
  'The birds returned after rats were cleared from the larger island and a ban on landing boats in the breeding season was enforced.',
  'Rangers will repeat the count next year and plan to fit a few of the adult birds with trackers to learn where they feed in winter.',
];

function job(standfirst: string): ParseJob {
  const html = `<html><head><title>Terns Return to the Islands</title></head><body><article>
<h1>Terns Return to the Islands</h1><p class="standfirst">${standfirst}</p>
${story.map((s) => `<p>${s}</p>`).join('\n')}</article></body></html>`;
  return { pageId: 'a'.repeat(32), receivedAt: '2025-01-01T00:00:00.000Z', fetchedAt: '2025-01-01T00:00:00.000Z', url: 'https://coast.example/terns', html, headers: {}, metadata: {}, trace: [] };
}

describe('standfirst: subtitle or first paragraph', () => {
  it('keeps a one-line dek as the subtitle', () => {
    const a = parsePage(job('A decade of work to clear rats from the islands is paying off'));
    expect(a.subtitle).toBe('A decade of work to clear rats from the islands is paying off');
    expect(a.paragraphs.map((p) => p.text)).toEqual(story);
  });

  it('reads a standfirst of several sentences as the opening paragraph of the story', () => {
    const lead =
      'The little terns are back. Ten years after conservationists began clearing rats from the two islands off the harbour mouth, the colony has grown to its largest size since records began in the 1970s.';
    const a = parsePage(job(lead));
    expect(a.subtitle).toBeUndefined();
    expect(a.paragraphs.map((p) => p.text)).toEqual([lead, ...story]);
  });
});
