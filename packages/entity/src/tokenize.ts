/** A token with its character offsets in the source text. */
export interface Token {
  text: string;
  start: number;
  end: number;
}

/** A sentence: consecutive tokens, in source order. */
export type Sentence = Token[];

// Abbreviations that keep their period, so "Mr." or "Corp." is one token (as in CoNLL-2003)
// and does not end a sentence.
const ABBREV =
  'Mr|Mrs|Ms|Dr|Hon|St|Jr|Sr|Corp|Inc|Ltd|Co|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Prof|Mt|Ft|No|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Rev|Adm|Maj|Brig|Cmdr|Supt|Bros|Plc|Pty|Ave|Blvd|Dept|Univ|approx|etc';

// Order matters: dotted initialisms ("U.S."), abbreviations, words with inner hyphens or
// apostrophes (but not a trailing possessive "'s", which CoNLL splits off), numbers, possessives,
// then any other single non-space character.
const TOKEN_RE = new RegExp(
  [
    String.raw`\p{L}\.(?:\p{L}\.)+`,
    String.raw`(?:${ABBREV})\.(?=\s|$)`,
    String.raw`[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:(?:-|&)[\p{L}\p{M}\p{N}]+|['’](?![sS](?![\p{L}]))[\p{L}\p{M}]+)*`,
    String.raw`\p{N}+(?:[.,:/]\p{N}+)*(?:[\p{L}]+)?`,
    String.raw`['’][sS](?![\p{L}])`,
    String.raw`\S`,
  ].join('|'),
  'gu',
);

/** Longer runs are cut into sentences of this many tokens, so text without punctuation stays cheap. */
const MAX_SENTENCE_TOKENS = 250;

const SENTENCE_END = new Set(['.', '!', '?', '…']);
/** Company suffixes often end a sentence: "… merge with Erskine Resources Ltd. Terms were …". */
const MAY_END = new Set(['Inc.', 'Ltd.', 'Corp.', 'Co.', 'Plc.', 'Bros.']);
const CLOSERS = new Set(['"', '”', '’', "'", ')', ']', '»']);

/**
 * Split text into sentences of tokens. Paragraph breaks (a blank line, or any newline) always end a
 * sentence; `.`, `!`, `?` end one when the next token starts with an upper-case letter, a digit or
 * a quote. Offsets are UTF-16 indices into `text`, as JavaScript strings use.
 */
export function tokenize(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let current: Token[] = [];
  let lastEnd = 0;
  let pendingEnd = false;
  const flush = (): void => {
    if (current.length) sentences.push(current);
    current = [];
    pendingEnd = false;
  };
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) {
    const start = m.index;
    const tok: Token = { text: m[0], start, end: start + m[0].length };
    if (current.length && (current.length >= MAX_SENTENCE_TOKENS || text.slice(lastEnd, start).includes('\n'))) flush();
    if (pendingEnd) {
      if (CLOSERS.has(tok.text)) {
        current.push(tok);
        lastEnd = tok.end;
        continue;
      }
      if (/^[\p{Lu}\p{N}"“'‘(]/u.test(tok.text)) flush();
      else pendingEnd = false;
    }
    current.push(tok);
    lastEnd = tok.end;
    if (SENTENCE_END.has(tok.text) || MAY_END.has(tok.text)) pendingEnd = true;
  }
  flush();
  return sentences;
}
