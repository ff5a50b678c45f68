import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFromText } from './text.js';

const fixture = readFileSync(join(import.meta.dirname, '../test/fixtures/copied-page.txt'), 'utf8');

describe('extractFromText on a page copied as text', () => {
  const x = extractFromText(fixture);
  const body = x.paragraphs.map((p) => p.text).join('\n');

  it('finds the headline under the site banner', () => {
    expect(x.title).toBe('City Council Approves Night Ferry Service Across the Bay');
  });

  it('keeps the whole article body, first to last paragraph', () => {
    expect(body.startsWith('The city council voted on Tuesday to fund a night ferry')).toBe(true);
    expect(body.endsWith('before deciding on a weekend extension.')).toBe(true);
    expect(x.paragraphs).toHaveLength(5);
  });

  it('moves the correction notice to its own field', () => {
    expect(x.corrections).toEqual([
      { kind: 'correction', text: 'An earlier version of this article said the ferry would run every twenty minutes. It will run every forty minutes.' },
    ]);
    expect(body).not.toMatch(/earlier version/);
  });

  it('treats the photo credit line as an image credit, not body', () => {
    expect(x.images).toContainEqual({ credit: 'Port Authority Photo Desk' });
    expect(body).not.toMatch(/Photo Desk/);
  });

  it('drops banner, newsletter box, donation appeal in prose, payment buttons and "Read more"', () => {
    for (const junk of ['Keep The Harbour Gazette Free', 'morning briefing', 'Privacy Policy', 'Dear readers', 'paywall', 'monthly gift', 'Monthly', 'Remind me later', 'Read more', 'A Note from']) {
      expect(body).not.toContain(junk);
    }
  });

  it('reads a byline and a date line under the headline', () => {
    const y = extractFromText('Storm Closes Mountain Pass for Two Days\n\nBy Ana Ruiz and Tom Berg, Staff Writers\n\nMarch 4, 2025\n\nThe mountain pass was closed on Monday after heavy snow buried the road under two metres of drift.\n');
    expect(y.authors).toEqual(['Ana Ruiz', 'Tom Berg']);
    expect(y.publishedAt).toBe('2025-03-04T00:00:00.000Z');
    expect(y.paragraphs.map((p) => p.text)).toEqual(['The mountain pass was closed on Monday after heavy snow buried the road under two metres of drift.']);
  });

  it('stops at a "Related stories" heading after the article', () => {
    const y = extractFromText(
      'Harbour Crane Reaches Record Height\n\nThe new crane at the container terminal lifted its first load on Monday after two years of building work.\n\nIt can reach the top row of the largest ships now calling at the port, the operator said.\n\nThe old cranes will be moved to the river terminal next spring and run there until 2030.\n\nRelated stories\n\nPort strike talks resume after a week of silence from both sides of the dispute.\n',
    );
    expect(y.paragraphs).toHaveLength(3);
    expect(y.paragraphs.map((p) => p.text).join(' ')).not.toMatch(/strike/);
  });
});
