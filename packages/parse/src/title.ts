import { squash } from './boilerplate.js';

const SEPARATORS = /\s+[|–—\-:»·•/]\s+/;

/**
 * The article's headline. Metadata titles often carry the site name ("Headline | Site"); when the
 * page's `<h1>` matches part of the metadata title it wins, else the site-name part is cut.
 */
export function cleanTitle(metaTitle: string | undefined, heading: string | undefined, siteName: string | undefined): string | undefined {
  const t = metaTitle ? squash(metaTitle) : undefined;
  const h = heading ? squash(heading) : undefined;
  if (!t) return h;
  if (h && h.length >= 10 && t.toLowerCase().includes(h.toLowerCase())) return h;
  const parts = t.split(SEPARATORS);
  if (parts.length > 1) {
    const site = siteName?.toLowerCase();
    const kept = parts.filter((p) => !site || (p.toLowerCase() !== site && !site.includes(p.toLowerCase())));
    if (kept.length && kept.length < parts.length) return kept.join(' - ');
    const longest = parts.reduce((a, b) => (b.length > a.length ? b : a));
    if (longest.split(' ').length >= 4) return longest;
  }
  return t;
}
