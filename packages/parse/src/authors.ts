import { squash } from './boilerplate.js';
import { isDateLine, parseDate } from './dates.js';

const ROLE =
  /\b(?:staff (?:writer|reporter)|senior (?:writer|reporter|editor|correspondent)|(?:chief |foreign |political |business |science |tech(?:nology)? )?(?:correspondent|reporter|editor|writer|columnist|contributor)|associated press|special to .*|for the .*|contributing \w+|news desk|staff|chefredakteur(?:in)?|redakteur(?:in)?|volontär(?:in)?|rédact(?:eur|rice) en chef)\b.*$/i;

/** "Joe S.", "Perry Bacon Jr.": a final period that belongs to the name. */
const NAME_FINAL_PERIOD = /(?:^|\s)(?:\p{Lu}|Jr|Sr|St|Dr|PhD)\.$/u;

/** Trailing punctuation, but not the period of an initial or "Jr.". */
function trimName(p: string): string {
  const t = p.replace(/[\s,:;-]+$/, '');
  return NAME_FINAL_PERIOD.test(t) ? t : t.replace(/[\s.]+$/, '');
}

/** Strip "By", roles, e-mails and dates from a byline and split it into names. */
export function splitAuthors(raw: string | undefined | null): string[] {
  if (!raw) return [];
  let s = squash(raw)
    .replace(/\S+@\S+/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    // "By Jane Doe", "Posted by Jane Doe", and "Posted byJane Doe" where a screen-reader label ran into the name.
    .replace(/^(?:(?:written|posted|reported|published|words|text|story|photos?) )?by:?\s+/i, '')
    .replace(/^(?:(?:[Ww]ritten|[Pp]osted|[Pp]ublished) )?(?:by|By|BY)(?=\p{Lu}\p{Ll})/u, '')
    .replace(/^(?:veröffentlicht|geschrieben|eingestellt|verfasst|erstellt|gepostet) von:?\s*/i, '')
    .replace(/^[^\p{L}\d]+/u, '')
    .replace(/^(?:author|authors|autor(?:in)?|auteur|autora|autore|artikel|beitrag|text|von|par|por|di|door)\s*(?:von|by|de)?\s*:?\s*(?=\p{L})/iu, '')
    .replace(/^by:?\s+/i, '')
    .replace(/\s*[|•·]\s*.*$/, '')
    .replace(/\b(?:updated|published|posted)\b.*$/i, '');
  s = s
    .replace(/\s*\d{1,2}[./-]\d{1,2}[./-]\d{2,4}.*$/, '')
    // "Redaktion 1. November 2023 10:29", "Johanna Kropfitsch Alle Artikel": a date or an archive link after the name.
    .replace(/\s+\d{1,2}\.?\s+\p{L}{3,}\.?\s+\d{4}\b.*$/u, '')
    .replace(/\s+(?:alle (?:artikel|beiträge)|all (?:posts|articles|stories)|view all(?: posts)?|more (?:by|from) .*)$/i, '');
  const parts = s
    .split(/\s*(?:,|;|&|\band\b|\bund\b|\bwith\b|\/)\s*/i)
    // "Jane Doe, Transport Correspondent": a part that is only a role is not a name.
    .filter((p) => !/^(?:[\p{L}-]+ ){0,3}(?:correspondents?|reporters?|editors?|writers?|columnists?|contributors?|staff|desk|photographers?|producers?|analysts?|critics?|journalists?)$/iu.test(p.trim()))
    .map((p) => trimName(p.replace(ROLE, '').replace(/^by\s+/i, '')).trim())
    .map((p) => p.replace(/\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b.*$/i, '').replace(/[\s»«›‹|]+$/u, '').trim())
    // Date labels and times that sit where the byline is ("Veröffentlicht am", "15:25 Uhr") are not names.
    .filter((p) => !/^(?:publiziert|veröffentlicht|published|posted|updated|aktualisiert|erstellt|publicado|publié)\b/i.test(p) && !/^\d{1,2}[:.]\d{2}\b/.test(p))
    .filter((p) => p.length >= 2 && p.length <= 60 && /\p{L}/u.test(p) && p.split(' ').length <= 5);
  const seen = new Set<string>();
  return parts.filter((p) => {
    const k = p.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** True for a short line that is a byline: "By Jane Doe", "By Jane Doe and John Roe, Reuters". */
export function isBylineLine(line: string): boolean {
  const s = squash(line);
  return s.length <= 120 && /^by\s+\p{Lu}/iu.test(s) && !/[.!?]$/.test(s.replace(/\b\p{Lu}\.$/u, ''));
}

/** A byline/date line above a story: who wrote it and when, when it says so. */
export interface MetaLine {
  authors: string[];
  date?: string;
}

const NAME_PARTICLE = /^(?:van|von|der|den|de|del|della|di|da|du|le|la|bin|al|y|zu|ten|ter)$/i;
const READ_TIME = /^\d+\s*(?:min(?:ute)?s?|minuten?)(?:\s+(?:read|lesezeit|de lecture|de lectura))?$/i;

/** True for a person's name as bylines write it: two to five capitalised words (particles allowed). */
function looksLikeName(part: string): boolean {
  const words = part.split(/\s+/);
  return words.length >= 2 && words.length <= 5 && !/^the$/i.test(words[0]!) && words.every((w) => /^\p{Lu}[\p{L}'’.-]*$/u.test(w) || NAME_PARTICLE.test(w));
}

/**
 * Read a meta line such as "Maren Lindqvist, The Harbor Ledger · Published Nov. 27, 2026" or
 * "By Jane Doe | 27 November 2026 | 4 min read": short segments split on `·`, `•`, `|`, `—`, one
 * of them a date. Returns the names (outlets such as "The Harbor Ledger" left out) and the date;
 * undefined when the line is anything else, e.g. a sentence of the story.
 */
export function parseMetaLine(line: string): MetaLine | undefined {
  const s = squash(line);
  if (s.length > 160) return undefined;
  const segments = s.split(/\s+[·•|—–]\s+|\s*[·•|]\s*/).map((x) => x.trim()).filter(Boolean);
  if (segments.length < 2 || segments.length > 5) return undefined;
  let date: string | undefined;
  const authors: string[] = [];
  for (const seg of segments) {
    if (!date && isDateLine(seg)) {
      date = parseDate(seg);
      continue;
    }
    if (READ_TIME.test(seg)) continue;
    if (seg.split(/\s+/).length > 10 || /[.!?]\s+\p{Lu}/u.test(seg) || /[.!?]$/.test(seg.replace(/\b\p{Lu}\.$/u, ''))) return undefined;
    if (authors.length === 0) authors.push(...splitAuthors(seg).filter(looksLikeName));
  }
  return date ? { authors, date } : undefined;
}
