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
    .replace(/^[^\p{L}\d]+/u, '')
    .replace(/^(?:author|authors|autor(?:in)?|artikel|beitrag|text|von|par|por|di|door)\s*(?:von|by|de)?\s*:?\s*(?=\p{L})/iu, '')
    .replace(/^by:?\s+/i, '')
    .replace(/\s*[|•·]\s*.*$/, '')
    .replace(/\b(?:updated|published|posted)\b.*$/i, '');
  s = s.replace(/\s*\d{1,2}[./-]\d{1,2}[./-]\d{2,4}.*$/, '');
  const parts = s
    .split(/\s*(?:,|;|&|\band\b|\bund\b|\bwith\b|\/)\s*/i)
    // "Jane Doe, Transport Correspondent": a part that is only a role is not a name.
    .filter((p) => !/^(?:[\p{L}-]+ ){0,3}(?:correspondents?|reporters?|editors?|writers?|columnists?|contributors?|staff|desk|photographers?|producers?|analysts?|critics?|journalists?)$/iu.test(p.trim()))
    .map((p) => p.replace(ROLE, '').replace(/^by\s+/i, '').replace(/[\s,.:;-]+$/, '').trim())
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
