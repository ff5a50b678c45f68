const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  januar: 1, februar: 2, märz: 3, maerz: 3, mai: 5, juni: 6, juli: 7, okt: 10, dez: 12,
  janvier: 1, février: 2, fevrier: 2, mars: 3, avril: 4, juin: 6, juillet: 7, août: 8, aout: 8, septembre: 9, octobre: 10, novembre: 11, décembre: 12,
  enero: 1, febrero: 2, marzo: 3, abril: 4, mayo: 5, junio: 6, julio: 7, agosto: 8, septiembre: 9, setiembre: 9, octubre: 10, noviembre: 11, diciembre: 12,
  gennaio: 1, febbraio: 2, aprile: 4, maggio: 5, giugno: 6, luglio: 7, settembre: 9, ottobre: 10, dicembre: 12,
  janeiro: 1, fevereiro: 2, março: 3, maio: 5, junho: 6, julho: 7, setembro: 9, outubro: 10, dezembro: 12,
};

function monthNumber(name: string): number | undefined {
  const n = name.toLowerCase().replace(/\.$/, '');
  return MONTHS[n] ?? (n.length >= 3 ? (MONTHS[n.slice(0, 3)] ?? MONTHS[n.slice(0, 4)]) : undefined);
}

function iso(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, tz = 'Z'): string | undefined {
  if (y < 1990 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const p = (n: number) => String(n).padStart(2, '0');
  const out = `${y}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(s)}${tz === 'Z' ? '.000Z' : tz}`;
  return Number.isNaN(Date.parse(out)) ? undefined : out;
}

function tzSuffix(raw: string | undefined): string {
  if (!raw || /^z$/i.test(raw)) return 'Z';
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(raw);
  return m ? `${m[1]}${m[2]}:${m[3] ?? '00'}` : 'Z';
}

/**
 * A date in any common form found on news pages (ISO 8601, "Nov. 8, 2017 3:04 pm",
 * "8 November 2017", "08.11.2017", "2017/11/08"), as ISO 8601 with an offset, or undefined.
 * Dates without a zone are taken as UTC: a page rarely says which zone it means.
 */
export function parseDate(raw: string | undefined | null): string | undefined {
  if (!raw) return undefined;
  const s = raw.trim().slice(0, 200);
  let m = /(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?/i.exec(s);
  if (m) return iso(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), tzSuffix(m[7]));
  m = /(\d{4})\/(\d{1,2})\/(\d{1,2})/.exec(s);
  if (m) return iso(+m[1]!, +m[2]!, +m[3]!);
  m = /\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b/.exec(s);
  if (m) return iso(+m[3]!, +m[2]!, +m[1]!);
  const time = (rest: string): [number, number] => {
    const t = /\b(\d{1,2})[:.](\d{2})\s*([ap])\.?m\.?/i.exec(rest) ?? /\b(\d{1,2}):(\d{2})\b/.exec(rest);
    if (!t) return [0, 0];
    let h = +t[1]!;
    if (t[3]) h = (h % 12) + (/p/i.test(t[3]) ? 12 : 0);
    return [h, +t[2]!];
  };
  m = /(?<![\p{L}])(\p{L}{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(.*)$/u.exec(s);
  if (m && monthNumber(m[1]!)) {
    const [h, mi] = time(m[4]!);
    return iso(+m[3]!, monthNumber(m[1]!)!, +m[2]!, h, mi);
  }
  m = /\b(\d{1,2})(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?(\p{L}{3,10})\.?,?\s+(?:de\s+)?(\d{4})(.*)$/u.exec(s);
  if (m && monthNumber(m[2]!)) {
    const [h, mi] = time(m[4]!);
    return iso(+m[3]!, monthNumber(m[2]!)!, +m[1]!, h, mi);
  }
  if (/^\d{10}$/.test(s)) return new Date(+s * 1000).toISOString();
  return undefined;
}

/** True when a short line is nothing but a date (with optional "Published"/"Updated" label). */
export function isDateLine(line: string): boolean {
  const s = line.trim();
  if (s.length > 80) return false;
  // "Updated Nov 19, 6:55 AM;Posted Nov 19, 6:51 AM": several dated labels on one line.
  const parts = s.split(/\s*;\s*|\s+\|\s+/).filter(Boolean);
  if (parts.length > 1) return parts.every((p) => isDateLine(p));
  // "Updated at 1:23 p.m." / "Posted Nov 19, 6:51 AM": a label and a time of day, with no year.
  if (/^(?:published|posted|updated|last updated|aktualisiert|actualizado|mis à jour)\s*(?:at|um|a las|à)?\s*:?\s*(?:[a-z]{3,9}\.? \d{1,2},?\s+)?\d{1,2}[:.h]\d{2}\s*(?:[ap]\.?\s?m\.?)?\s*(?:uhr|[a-z]{2,4})?\.?$/i.test(s)) return true;
  const stripped = s
    .replace(/^\|?\s*(?:published|posted|updated|last updated|modified|date|release date|erstellt|veröffentlicht|aktualisiert|geändert|stand|publicado|actualizado|publié|mis à jour|pubblicato|opublikowano)\s*(?:on|at|am|el|le|il|:)?:?\s*/i, '')
    .replace(/^(?:mon|tue|wed|thu|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lunes|martes|miércoles|jueves|viernes|sábado|domingo|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira)[a-z]*\.?,?\s+/i, '')
    .replace(/\s+(?:às|um|à|a las)\s+(?=\d)/i, ' ');
  return parseDate(stripped) !== undefined && stripped.replace(/[\d\s,.:/-]|\bde\b|am|pm|[A-Za-z]{3,9}\.?|utc|gmt|[+-]\d{2}:?\d{2}/gi, '').length <= 3 && stripped.split(/\s+/).length <= 9;
}

/** A date in a URL path such as `/2019/11/19/` or `/2019-11-19/`: many sites put the publication day there. */
export function dateFromUrl(url: string): string | undefined {
  const m = /\/(20\d{2}|19\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:\/|[-_]|$)/.exec(url);
  return m ? iso(+m[1]!, +m[2]!, +m[3]!) : undefined;
}
