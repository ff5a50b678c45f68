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

describe('extractFromText on a whole page copied with select-all', () => {
  const story = [
    'The regional parliament approved a plan on Thursday to rebuild the old tram line through the eastern districts by 2030.',
    'Supporters said the line would take thousands of cars off the ring road each day and reconnect two hospitals to the centre.',
    'Opponents argued that the cost estimate of 400 million had not been checked by independent engineers and would rise.',
  ];
  const page = [
    'Skip to main content',
    'We use cookies and other tracking technologies to improve your browsing experience on our site, show personalised content and analyse traffic.',
    'By choosing I Accept, you consent to our use of cookies.',
    'Eastern Courier homepage',
    ...['News', 'Transport', 'Politics', 'Sport', 'Culture', 'Opinion', 'Weather', 'Podcasts', 'Newsletters', 'Log in', 'Sign up', 'Search', 'More sections'],
    'Parliament Backs Tram Line Revival in the East',
    'By Jana Novak',
    'Nov 19, 2019, 5:32am EST',
    'Share this story',
    story[0],
    '@jananovak',
    'Transport Correspondent',
    ...story.slice(1),
    'Most popular',
    ...['Bus fares rise again as budget gap widens', 'City hall to close for repairs', 'Ferry strike called off'],
    'About us · Contact · Terms of use · Privacy',
    '© 2019 Eastern Courier. All rights reserved.',
  ].join('\n');
  const x = extractFromText(page);

  it('finds the article between the menus, not the cookie notice above them', () => {
    expect(x.title).toBe('Parliament Backs Tram Line Revival in the East');
    expect(x.authors).toEqual(['Jana Novak']);
    expect(x.paragraphs.map((p) => p.text)).toEqual(story);
    expect(x.publishedAt).toBe('2019-11-19T05:32:00.000Z');
  });
});
