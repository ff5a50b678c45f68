import { describe, expect, it } from 'vitest';
import type { EntityType } from '@newsflow/contracts';
import type { TaggedSpan } from './spans.js';
import { titlesFor, trimTitle } from './titles.js';
import { tokenize } from './tokenize.js';

/** The span covering `text` (whole tokens) in a one-sentence `body`. */
function span(body: string, text: string, type: EntityType): TaggedSpan {
  const sentence = tokenize(body)[0]!;
  const start = body.indexOf(text);
  const first = sentence.findIndex((t) => t.start === start);
  const last = sentence.findIndex((t) => t.end === start + text.length);
  return { type, field: 'body', start, end: start + text.length, text, sentence, first, last, sentenceIndex: 0 };
}

describe('titles and roles', () => {
  it('cuts the title off a person span and keeps it as an attribute', () => {
    const s = trimTitle(span('He met President Vladimir Putin there.', 'President Vladimir Putin', 'PER'));
    expect(s.text).toBe('Vladimir Putin');
    expect(titlesFor(s)).toEqual(['President']);
  });

  it('turns a span that starts inside "Secretary of State" into the person after it', () => {
    const s = trimTitle(span('Lavrov will meet U.S. Secretary of State Rex Tillerson at APEC.', 'State Rex Tillerson', 'ORG'));
    expect([s.type, s.text]).toEqual(['PER', 'Rex Tillerson']);
    expect(titlesFor(s)).toEqual(['U.S. Secretary of State']);
  });

  it('leaves organisation names that start with a title word alone', () => {
    expect(trimTitle(span('Shares of General Motors rose.', 'General Motors', 'ORG')).text).toBe('General Motors');
  });

  it('drops a trailing "Summit" from an organisation', () => {
    expect(trimTitle(span('They met at the G20 Summit in Hamburg.', 'G20 Summit', 'ORG')).text).toBe('G20');
  });

  it('reads possessive and appositive roles, but not a headline verb', () => {
    expect(titlesFor(span("Putin's spokesman Dmitry Peskov told reporters.", 'Dmitry Peskov', 'PER'))).toEqual(["Putin's spokesman"]);
    expect(titlesFor(span("Dmitry Peskov, the Kremlin's spokesman, said so.", 'Dmitry Peskov', 'PER'))).toEqual(["Kremlin's spokesman"]);
    expect(titlesFor(span('Foreign Minister Confirms Putin Ready to Meet Trump', 'Putin', 'PER'))).toEqual([]);
  });
});
