import { sha256Hex } from '@newsflow/core';

// Typographic variants that copy desks and CMSs swap freely; folding them makes a re-typeset copy exact.
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u2035\u0060\u00B4]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u2036\u00AB\u00BB\u301D\u301E]/g;
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;

/**
 * The canonical form of article text for hashing: Unicode NFKC, lower case, quotes and dashes
 * folded to ASCII, invisible characters dropped, runs of whitespace collapsed to one space.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .toLowerCase()
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(DASHES, '-')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** sha256 (hex) of the normalized body: equal for copies that differ only in typography or spacing. */
export function contentHashOf(body: string): string {
  return sha256Hex(normalizeText(body));
}

/**
 * sha256 (hex) of what identifies one *version* of an article: normalized title, body and
 * corrections. A correction notice added to an unchanged body is a new version, though the body
 * hash (the exact-duplicate key) stays the same.
 */
export function versionHashOf(doc: { title: string; body: string; corrections?: Array<{ text: string }> }): string {
  const parts = [doc.title, doc.body, ...(doc.corrections ?? []).map((c) => c.text)].map(normalizeText);
  return sha256Hex(parts.join('\u0000'));
}

const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu;

/** Words of a text for shingling: normalized, punctuation dropped. */
export function words(text: string): string[] {
  return normalizeText(text).match(WORD) ?? [];
}

/** A short, stable fingerprint of one paragraph, used to tell what changed between versions. */
export function paragraphKey(text: string): string {
  return sha256Hex(normalizeText(text)).slice(0, 12);
}

/** Paragraphs of a body when the parser gave none: blank-line separated blocks, else lines. */
export function splitParagraphs(body: string): string[] {
  const blocks = body.split(/\n\s*\n/).map((b) => b.trim()).filter(Boolean);
  if (blocks.length > 1) return blocks;
  return body.split(/\n/).map((b) => b.trim()).filter(Boolean);
}
