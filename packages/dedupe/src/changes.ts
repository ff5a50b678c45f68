import type { DedupeInfo } from '@newsflow/contracts';
import { normalizeText, paragraphKey, splitParagraphs } from './normalize.js';

/** What the index keeps of each version to tell what the next one changed. */
export interface VersionSummary {
  /** Title fingerprint. */
  t: string;
  /** Paragraph fingerprints, in order. */
  p: string[];
  /** Corrections and updates as the parser found them. */
  c: string[];
}

export interface VersionInput {
  title: string;
  body: string;
  paragraphs: Array<{ text: string }>;
  corrections: Array<{ text: string }>;
}

function paragraphTexts(a: VersionInput): string[] {
  const ps = a.paragraphs.map((p) => p.text).filter((t) => t.trim());
  return ps.length ? ps : splitParagraphs(a.body);
}

export function summarize(a: VersionInput): VersionSummary {
  return {
    t: paragraphKey(a.title),
    p: paragraphTexts(a).map(paragraphKey),
    c: a.corrections.map((c) => normalizeText(c.text)),
  };
}

// A paragraph a newsroom appends to record a fix, when the parser did not lift it into `corrections`.
const CORRECTION_LEAD = /^\s*(?:\*\s*)?(?:correction|clarification|update|updated|editor['\u2019]?s note)s?\b/i;

/**
 * What changed from `prev` to the current version: paragraphs added and removed (as multisets of
 * fingerprints), corrections added (from the parser, or added paragraphs that read as one), and
 * whether the title changed.
 */
export function diffVersions(prev: VersionSummary, cur: VersionInput): NonNullable<DedupeInfo['changes']> {
  const texts = paragraphTexts(cur);
  const keys = texts.map(paragraphKey);
  const before = new Map<string, number>();
  for (const k of prev.p) before.set(k, (before.get(k) ?? 0) + 1);
  const added: string[] = [];
  keys.forEach((k, i) => {
    const n = before.get(k) ?? 0;
    if (n > 0) before.set(k, n - 1);
    else added.push(texts[i]!);
  });
  const removed = [...before.values()].reduce((s, n) => s + n, 0);
  const known = new Set(prev.c);
  const corrections: string[] = [];
  for (const c of cur.corrections) if (!known.has(normalizeText(c.text))) corrections.push(c.text);
  for (const t of added) {
    if (CORRECTION_LEAD.test(t) && !corrections.some((c) => normalizeText(c) === normalizeText(t) || normalizeText(t).includes(normalizeText(c)))) {
      corrections.push(t.trim());
    }
  }
  return {
    paragraphsAdded: added.length,
    paragraphsRemoved: removed,
    correctionsAdded: corrections,
    titleChanged: paragraphKey(cur.title) !== prev.t,
  };
}
