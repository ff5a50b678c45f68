import { squash } from './boilerplate.js';

const ROLE =
  /\b(?:staff (?:writer|reporter)|senior (?:writer|reporter|editor|correspondent)|(?:chief |foreign |political |business |science |tech(?:nology)? )?(?:correspondent|reporter|editor|writer|columnist|contributor)|associated press|special to .*|for the .*|contributing \w+|news desk|staff)\b.*$/i;

/** Strip "By", roles, e-mails and dates from a byline and split it into names. */
export function splitAuthors(raw: string | undefined | null): string[] {
  if (!raw) return [];
  let s = squash(raw)
    .replace(/\S+@\S+/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/^(?:(?:written|posted|reported|words|text|story|photos?) )?by:?\s+/i, '')
    .replace(/^(?:author|authors|autor|von)\s*:?\s+/i, '')
    .replace(/\s*[|•·]\s*.*$/, '')
    .replace(/\b(?:updated|published|posted)\b.*$/i, '');
  s = s.replace(/\s*\d{1,2}[./-]\d{1,2}[./-]\d{2,4}.*$/, '');
  const parts = s
    .split(/\s*(?:,|;|&|\band\b|\bund\b|\bwith\b|\/)\s*/i)
    // "Jane Doe, Transport Correspondent": a part that is only a role is not a name.
    .filter((p) => !/^(?:[\p{L}-]+ ){0,3}(?:correspondents?|reporters?|editors?|writers?|columnists?|contributors?|staff|desk|photographers?|producers?|analysts?|critics?|journalists?)$/iu.test(p.trim()))
    .map((p) => p.replace(ROLE, '').replace(/^by\s+/i, '').replace(/[\s,.:;-]+$/, '').trim())
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
